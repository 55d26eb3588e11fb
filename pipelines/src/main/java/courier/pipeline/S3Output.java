package courier.pipeline;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;

/**
 * {@code --output=s3://bucket/prefix}: Beam's S3 filesystem with the AWS SDK's default credentials
 * chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE, web identity, instance or
 * container role), region and endpoint from {@code --awsRegion} / {@code --endpoint}. Before any
 * Shopify request the driver writes and deletes one small object where the run will write, so a bad
 * credential, a missing bucket or a wrong endpoint fails the run at once (exit 2) instead of after
 * the fetch. The feeds need both: S3 has no rename, Beam moves a file by copy, then delete.
 */
final class S3Output {
  static final String SCHEME = "s3://";

  /** Option names (lower case, no dashes) that would carry an AWS secret on the command line. */
  private static final Set<String> SECRET_OPTIONS =
      Set.of(
          "awsaccesskeyid",
          "awssecretaccesskey",
          "awssessiontoken",
          "accesskeyid",
          "secretaccesskey",
          "sessiontoken",
          "awssecretkey",
          "awsaccesskey");

  /** Credential providers Beam can build from an option's JSON that embed the keys themselves. */
  private static final List<String> PROVIDERS_WITH_KEYS =
      List.of("staticcredentialsprovider", "secretaccesskey", "sessiontoken");

  private S3Output() {}

  /**
   * Refuses AWS keys on the command line (or in a runner-configs file): they would end up in shell
   * history, process lists and the job's serialized options. The value is never repeated.
   */
  static void refuseCredentialOptions(String[] args) {
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        continue;
      }
      int eq = arg.indexOf('=');
      String name = (eq < 0 ? arg.substring(2) : arg.substring(2, eq)).toLowerCase(Locale.ROOT);
      String value = eq < 0 ? "" : arg.substring(eq + 1).toLowerCase(Locale.ROOT);
      boolean keysInProvider =
          name.equals("awscredentialsprovider")
              && PROVIDERS_WITH_KEYS.stream().anyMatch(value::contains);
      if (SECRET_OPTIONS.contains(name) || keysInProvider) {
        throw new ConfigException(
            "--"
                + (eq < 0 ? arg.substring(2) : arg.substring(2, eq))
                + ": AWS credentials never go on the command line; the AWS SDK's default chain "
                + "reads them from the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), "
                + "a profile (AWS_PROFILE, ~/.aws/credentials) or the instance's role");
      }
    }
  }

  /**
   * For an output not on S3: pins the region Beam's S3 filesystem would otherwise look up. Beam
   * sets up every filesystem it has, S3's included, whenever it is handed new options (each run's
   * client, each worker); with no region given, the AWS SDK's lookup ends by asking EC2's instance
   * metadata endpoint, which off EC2 costs 0.8 s and more per set-up, in retries (README,
   * "Performance", fifteenth round). A run that writes nothing to S3 never uses the region. The
   * options carry it to Flink's TaskManagers, which would otherwise ask too.
   */
  static void pinUnusedRegion(S3OutputOptions options) {
    // Unconditionally: reading the option first would run the very lookup this avoids (its
    // default is the SDK's region chain), and a region given for an output elsewhere is unused.
    options.setAwsRegion(Region.US_EAST_1);
  }

  /** Whether the output is on S3, whatever the scheme's case (URI schemes are case-insensitive). */
  static boolean isS3(String output) {
    return output.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
  }

  /** {@code S3://bucket/prefix} as {@code s3://bucket/prefix}, the form Beam's S3 paths take. */
  static String withLowerCaseScheme(String output) {
    return SCHEME + output.substring(SCHEME.length());
  }

  /** The bucket of {@code s3://bucket/prefix}. */
  static String bucket(String output) {
    String rest = output.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  /**
   * Applies {@code --s3PathStyle} to Beam's S3 client factory option (so workers build the same
   * client), then checks the driver can write and delete under {@code output}.
   */
  static void prepare(S3OutputOptions options, String output) {
    if (bucket(output).isEmpty()) {
      throw new ConfigException("--output=" + output + " names no bucket: s3://bucket/prefix");
    }
    if (options.getAwsRegion() == null) {
      throw new ConfigException(
          "--output="
              + output
              + " needs the bucket's region: give --awsRegion=<region> (e.g. us-east-1; "
              + "S3-compatible stores take any), or set AWS_REGION or a profile's region");
    }
    if (Boolean.TRUE.equals(options.getS3PathStyle())) {
      if (options.getS3ClientFactoryClass() != DefaultS3ClientBuilderFactory.class
          && options.getS3ClientFactoryClass() != PathStyleS3ClientBuilderFactory.class) {
        throw new ConfigException(
            "--s3PathStyle=true and --s3ClientFactoryClass="
                + options.getS3ClientFactoryClass().getName()
                + " both choose the S3 client: give one (your factory can set forcePathStyle)");
      }
      options.setS3ClientFactoryClass(PathStyleS3ClientBuilderFactory.class);
    }
    FileSystems.setDefaultPipelineOptions(options);
    checkWritable(options, output);
  }

  private static void checkWritable(S3OutputOptions options, String output) {
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    ResourceId probe =
        FileSystems.matchNewResource(output, true)
            .resolve("runs", StandardResolveOptions.RESOLVE_DIRECTORY)
            .resolve(
                ".courier-write-check-" + HexFormat.of().formatHex(random),
                StandardResolveOptions.RESOLVE_FILE);
    String step = "write to";
    try {
      try (WritableByteChannel channel = FileSystems.create(probe, "text/plain")) {
        channel.write(ByteBuffer.wrap("courier write check\n".getBytes(StandardCharsets.US_ASCII)));
      }
      step = "delete from";
      FileSystems.delete(List.of(probe));
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(
          "--output="
              + output
              + ": cannot "
              + step
              + " S3 bucket '"
              + bucket(output)
              + "' ("
              + reason(e)
              + "). "
              + where(options));
    }
  }

  /** What S3 or the SDK said: status and error code, or the SDK's own sentence (never a key). */
  private static String reason(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
        String code = aws.awsErrorDetails().errorCode();
        return "HTTP " + aws.statusCode() + (code == null ? "" : " " + code);
      }
      if (t instanceof SdkException sdk) {
        return firstSentence(sdk.getMessage());
      }
    }
    return failure.getClass().getSimpleName();
  }

  private static String firstSentence(String message) {
    if (message == null) {
      return "no message";
    }
    int end = message.indexOf(". ");
    return end < 0 ? message : message.substring(0, end);
  }

  private static String where(S3OutputOptions options) {
    URI endpoint = options.getEndpoint();
    return "Check that the bucket exists"
        + (endpoint == null ? "" : " at --endpoint=" + endpoint)
        + (options.getAwsRegion() == null ? "" : " in --awsRegion=" + options.getAwsRegion())
        + ", that the credentials the AWS SDK's default chain finds (AWS_ACCESS_KEY_ID and "
        + "AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or the instance's role) may write and delete there"
        + (Boolean.TRUE.equals(options.getS3PathStyle())
            ? ""
            : ", and whether the store needs --s3PathStyle=true");
  }
}

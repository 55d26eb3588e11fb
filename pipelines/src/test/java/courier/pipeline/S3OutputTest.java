package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import courier.simulator.ShopifySimulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code --output=s3://...} against a real S3 server on loopback (s3proxy): a full run lands every
 * table's feed and the manifest in the bucket, and leaves nothing else behind (S3 has no rename:
 * staged files are copied, then deleted); a bad credential or a missing bucket fails before any
 * Shopify request with exit 2 and a message naming the bucket, never the secret.
 */
class S3OutputTest {
  private static final String BUCKET = "courier-lake";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path serverDir;
  private static S3ProxyServer s3;
  private static S3Client client;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3ProxyServer.start(serverDir);
    client = s3.client();
    client.createBucket(b -> b.bucket(BUCKET));
  }

  @AfterAll
  static void stopS3() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    if (client != null) {
      client.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void aRunLandsEveryTableAndTheManifestInTheBucket(@TempDir Path dir) throws Exception {
    // The AWS SDK's default chain reads these system properties first; no option carries them.
    System.setProperty("aws.accessKeyId", s3.accessKeyId);
    System.setProperty("aws.secretAccessKey", s3.secretAccessKey);
    String prefix = "nightly";
    try (TestShop shop = TestShop.start(dir, smallShop())) {
      String db = "jdbc:h2:file:" + dir.resolve("db") + ";DATABASE_TO_LOWER=TRUE";
      List<String> args =
          new ArrayList<>(
              shop.args(dir, "--load=all", "--jdbcUrl=" + db, "--jdbcUser=sa", "--runId=s3-run"));
      args.set(args.indexOf("--output=" + dir), "--output=s3://" + BUCKET + "/" + prefix);
      args.addAll(s3.courierArgs());
      args.addAll(List.of("--runner=DirectRunner", "--targetParallelism=2"));

      RunReport report = CourierRun.run(Courier.parseOptions(args.toArray(String[]::new)));

      Map<String, Long> tables = Landed.tableCounts(db, "sa");
      tables.forEach((table, rows) -> assertTrue(rows > 0, "rows for " + table + ": " + tables));
      String runKey = prefix + "/runs/s3-run/manifest.json";
      JsonNode manifest =
          JSON.readTree(client.getObjectAsBytes(b -> b.bucket(BUCKET).key(runKey)).asUtf8String());
      assertEquals(tables, Landed.manifestCounts(manifest), "manifest rows");
      assertEquals("succeeded", manifest.path("status").asText());
      assertTrue(manifest.has("fetch"), "the driver extended the manifest on S3: " + manifest);
      assertEquals(tables, feedCounts(prefix, "s3-run", dir), "Parquet rows read back from S3");
      assertEquals(tables, Landed.manifestCounts(report.manifest()), "the run's report");

      // Nothing but the feeds' files and the manifest: no staging copies, write checks or
      // half-written manifests left over.
      Set<String> expected = new TreeSet<>();
      expected.add(runKey);
      manifestFiles(manifest).forEach(f -> expected.add(prefix + "/" + f));
      assertEquals(expected, keys(prefix + "/"), "objects in the bucket");
      for (String key : expected) {
        String body =
            new String(
                client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray(),
                StandardCharsets.ISO_8859_1);
        assertFalse(body.contains(s3.secretAccessKey), key + " holds the secret");
      }
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  @Test
  void aMissingBucketFailsBeforeAnyShopifyRequest(@TempDir Path dir) throws Exception {
    System.setProperty("aws.accessKeyId", s3.accessKeyId);
    System.setProperty("aws.secretAccessKey", s3.secretAccessKey);
    try (TestShop shop = TestShop.start(dir, smallShop())) {
      List<String> args = new ArrayList<>(List.of("run"));
      args.addAll(shop.args(dir, "--load=all", "--jdbcUrl=jdbc:h2:mem:s3", "--jdbcUser=sa"));
      args.set(args.indexOf("--output=" + dir), "--output=s3://no-such-bucket/courier");
      args.addAll(s3.courierArgs());
      ByteArrayOutputStream err = new ByteArrayOutputStream();

      int exit =
          Courier.execute(
              args.toArray(String[]::new),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));

      String message = err.toString(StandardCharsets.UTF_8);
      assertEquals(ExitCode.BAD_CONFIGURATION.code(), exit, message);
      assertTrue(message.contains("bucket 'no-such-bucket' (HTTP 404 NoSuchBucket)"), message);
      assertFalse(message.contains(s3.secretAccessKey), message);
      assertEquals(0, shop.sim.counters().getTotalRequests(), "requests to Shopify");
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  /** A wrong secret, given the way operators give it: to the SDK, in a process of its own. */
  @Test
  void aBadCredentialFailsBeforeAnyShopifyRequest(@TempDir Path dir) throws Exception {
    String wrongSecret = "wrong-" + s3.secretAccessKey.substring(6);
    try (TestShop shop = TestShop.start(dir, smallShop())) {
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Daws.accessKeyId=" + s3.accessKeyId,
                  "-Daws.secretAccessKey=" + wrongSecret,
                  "-cp",
                  System.getProperty("java.class.path"),
                  Courier.class.getName(),
                  "run"));
      command.addAll(shop.args(dir, "--load=all", "--jdbcUrl=jdbc:h2:mem:s3", "--jdbcUser=sa"));
      command.set(command.indexOf("--output=" + dir), "--output=s3://" + BUCKET + "/courier");
      command.addAll(s3.courierArgs());
      Path stderr = dir.resolve("stderr");
      Process p =
          new ProcessBuilder(command)
              .redirectOutput(dir.resolve("stdout").toFile())
              .redirectError(stderr.toFile())
              .start();
      assertTrue(p.waitFor(3, TimeUnit.MINUTES), "the courier did not stop in 3 minutes");

      String message = Files.readString(stderr, StandardCharsets.UTF_8);
      assertEquals(ExitCode.BAD_CONFIGURATION.code(), p.exitValue(), message);
      assertTrue(message.contains("bucket '" + BUCKET + "'"), message);
      assertTrue(message.contains("(HTTP 403 SignatureDoesNotMatch)"), message);
      assertFalse(message.contains(wrongSecret), message);
      assertEquals(0, shop.sim.counters().getTotalRequests(), "requests to Shopify");
    }
  }

  @Test
  void anS3OutputWithoutARegionAsksForOne(@TempDir Path dir) throws Exception {
    assumeTrue(
        PipelineOptionsFactory.create().as(S3OutputOptions.class).getAwsRegion() == null,
        "this machine's AWS settings (AWS_REGION, a profile) name a region");
    Path token = Files.writeString(dir.resolve("token"), "shpat_test");
    // A URI's scheme is case-insensitive: S3:// is the same output, not another filesystem.
    for (String output : List.of("s3://b/p", "S3://b/p")) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int exit =
          Courier.execute(
              new String[] {
                "run",
                "--shop=acme",
                "--load=all",
                "--accessTokenFile=" + token,
                "--jdbcUrl=jdbc:h2:mem:s3-region",
                "--output=" + output
              },
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      String message = err.toString(StandardCharsets.UTF_8);
      assertEquals(ExitCode.BAD_CONFIGURATION.code(), exit, message);
      assertTrue(message.contains("--output=s3://b/p needs the bucket's region"), message);
    }
  }

  @Test
  void aRunWritingElsewhereLeavesBeamsS3FilesystemNoRegionToLookFor(@TempDir Path dir)
      throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "shpat_test");
    CourierOptions options =
        Courier.parseOptions(
            new String[] {
              "--shop=acme",
              "--load=all",
              "--accessTokenFile=" + token,
              "--output=" + dir.resolve("out")
            });
    RunSettings.from(options, Instant.parse("2026-12-01T00:00:00Z"));
    // Beam sets its S3 filesystem up from these options on the client and on every worker: without
    // a region the AWS SDK would look for one, off EC2 in retries against its metadata endpoint.
    assertEquals(Region.US_EAST_1, options.getAwsRegion());
  }

  @Test
  void keysOnTheCommandLineAreRefusedWithoutRepeatingThem() {
    String secret = "do-not-print-" + System.nanoTime();
    for (String arg :
        List.of(
            "--awsCredentialsProvider={\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\"AKIA\",\"secretAccessKey\":\""
                + secret
                + "\"}",
            "--awsSecretAccessKey=" + secret)) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int exit =
          Courier.execute(
              new String[] {"run", "--shop=acme", "--output=s3://b/p", arg},
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      String message = err.toString(StandardCharsets.UTF_8);
      assertEquals(ExitCode.BAD_CONFIGURATION.code(), exit, message);
      assertTrue(message.contains("AWS_ACCESS_KEY_ID"), message);
      assertFalse(message.contains(secret), message);
    }
  }

  private static ShopifySimulator.Builder smallShop() {
    return ShopifySimulator.builder().seed(11).customers(60).orders(120).products(15).locations(2);
  }

  /** Rows per table in the run's feeds, each object downloaded and read with parquet-avro. */
  private static Map<String, Long> feedCounts(String prefix, String runId, Path dir)
      throws Exception {
    Map<String, Long> counts = new TreeMap<>();
    for (String table : Landed.TABLES) {
      long rows = 0;
      for (String key : keys(prefix + "/feeds/" + table + "/run_id=" + runId + "/")) {
        Path local = Files.createTempFile(dir, table, ".parquet");
        Files.write(local, client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray());
        rows += Landed.records(local).size();
      }
      counts.put(table, rows);
    }
    return counts;
  }

  /** Object keys under a prefix; s3proxy's filesystem backend also lists its folders ("a/"). */
  private static Set<String> keys(String prefix) {
    Set<String> keys = new TreeSet<>();
    client.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
        .map(S3Object::key)
        .filter(key -> !key.endsWith("/"))
        .forEach(keys::add);
    return keys;
  }

  private static List<String> manifestFiles(JsonNode manifest) {
    List<String> files = new ArrayList<>();
    manifest.path("tables").forEach(t -> t.path("files").forEach(f -> files.add(f.asText())));
    manifest.path("rejects").path("files").forEach(f -> files.add(f.asText()));
    manifest.path("deletions").path("files").forEach(f -> files.add(f.asText()));
    return files;
  }
}

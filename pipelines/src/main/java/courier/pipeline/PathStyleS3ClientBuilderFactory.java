package courier.pipeline;

import org.apache.beam.sdk.io.aws2.options.S3ClientBuilderFactory;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Beam's S3 client (region, endpoint, credentials chain, HTTP settings from the options) with
 * path-style requests forced: what {@code --s3PathStyle=true} installs as {@code
 * --s3ClientFactoryClass}. Workers instantiate it by name from the options, so it has to stay a
 * public class with a public no-argument constructor.
 */
public final class PathStyleS3ClientBuilderFactory implements S3ClientBuilderFactory {
  @Override
  public S3ClientBuilder createBuilder(S3Options options) {
    return new DefaultS3ClientBuilderFactory().createBuilder(options).forcePathStyle(true);
  }
}

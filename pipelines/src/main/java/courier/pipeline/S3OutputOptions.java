package courier.pipeline;

import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * S3 output: Beam's own AWS and S3 options ({@code --awsRegion}, {@code --endpoint}...) plus the
 * one Beam 2.62 lacks, path-style requests, which MinIO, Ceph and s3proxy-like stores often need.
 * Credentials are never options: the AWS SDK's default chain finds them (see {@link S3Output}).
 */
public interface S3OutputOptions extends S3Options {
  @Description(
      "s3:// output: send path-style requests (https://endpoint/bucket/key) instead of "
          + "virtual-hosted ones (https://bucket.endpoint/key), as many S3-compatible stores need.")
  @Default.Boolean(false)
  Boolean getS3PathStyle();

  void setS3PathStyle(Boolean value);
}

package courier.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server on loopback for the tests: s3proxy's standalone jar (copied into target/ by
 * pipelines/pom.xml) in a child JVM, over a filesystem backend in {@code dir}, checking AWS v2/v4
 * signatures against one random key pair. A child JVM keeps s3proxy's Jetty and jclouds off the
 * test's classpath.
 */
final class S3ProxyServer implements AutoCloseable {
  static final Region REGION = Region.US_EAST_1;

  final URI endpoint;
  final String accessKeyId;
  final String secretAccessKey;
  private final Process process;
  private final Path log;

  private S3ProxyServer(URI endpoint, String id, String secret, Process process, Path log) {
    this.endpoint = endpoint;
    this.accessKeyId = id;
    this.secretAccessKey = secret;
    this.process = process;
    this.log = log;
  }

  static S3ProxyServer start(Path dir) throws IOException, InterruptedException {
    String jar = System.getProperty("courier.s3proxy.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "no s3proxy jar at courier.s3proxy.jar=" + jar + ": run the tests through Maven");
    }
    Path data = Files.createDirectories(dir.resolve("s3-data"));
    int port = freePort();
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    String id = "courier-test-" + hex(4);
    String secret = hex(20);
    Path properties = dir.resolve("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=" + endpoint,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + id,
            "s3proxy.credential=" + secret,
            // Beam always sends x-amz-server-side-encryption-bucket-key-enabled, which AWS accepts
            // and s3proxy refuses (501) unless told to ignore headers it does not know.
            "s3proxy.ignore-unknown-headers=true",
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + data,
            ""),
        StandardCharsets.UTF_8);
    Path log = dir.resolve("s3proxy.log");
    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-jar",
                    jar,
                    "--properties",
                    properties.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    S3ProxyServer server = new S3ProxyServer(endpoint, id, secret, process, log);
    server.awaitListening(port);
    return server;
  }

  /** A client with the server's own key pair, for setting up buckets and reading back. */
  S3Client client() {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(REGION)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
        .build();
  }

  /** The courier's S3 options for this server; credentials travel apart from them. */
  List<String> courierArgs() {
    return List.of("--endpoint=" + endpoint, "--awsRegion=" + REGION.id(), "--s3PathStyle=true");
  }

  private void awaitListening(int port) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("s3proxy exited at start: " + tail());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    close();
    throw new IllegalStateException("s3proxy did not listen within 90 s: " + tail());
  }

  private String tail() {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return text.substring(Math.max(0, text.length() - 2000));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.simulator.ShopifySimulator;
import courier.sink.PostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secrets as an operator hands them over, end to end: {@code java -jar courier.jar run} against
 * the client-credentials simulator and a PostgreSQL role that needs its password, once with
 * --jdbcPasswordFile, --clientId and --clientSecretFile, once with COURIER_JDBC_PASSWORD,
 * SHOPIFY_CLIENT_ID and SHOPIFY_CLIENT_SECRET (a child JVM, since this one's environment cannot be
 * set). Every logger is at DEBUG (slf4j) or ALL (java.util.logging): neither secret, nor any
 * Shopify token, may appear on stdout, stderr, in any file of the output or in courier_runs.
 */
class CourierSecretsIT {
  private static final String CLIENT_ID = "courier-secrets-it";
  private static final String ROLE = "courier_writer";
  private static final Pattern SHOPIFY_TOKEN = Pattern.compile("shpat_[0-9a-f]{32}");

  @TempDir static Path dir;
  private static PostgresServer postgres;
  private static ShopifySimulator sim;
  private static String clientSecret;
  private static String password;
  private static Path julConfig;

  @BeforeAll
  static void start() throws Exception {
    clientSecret = "cs-" + randomHex();
    password = "pw-" + randomHex();
    postgres = PostgresServer.start();
    sim =
        ShopifySimulator.builder()
            .shop(TestShop.SHOP)
            .seed(29)
            .customers(30)
            .orders(60)
            .products(6)
            .locations(2)
            .clientCredentials(CLIENT_ID, clientSecret)
            .build()
            .start();
    julConfig = dir.resolve("logging.properties");
    Files.writeString(
        julConfig,
        "handlers=java.util.logging.ConsoleHandler\n"
            + ".level=ALL\n"
            + "java.util.logging.ConsoleHandler.level=ALL\n",
        StandardCharsets.UTF_8);
  }

  @AfterAll
  static void stop() {
    if (sim != null) {
      sim.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void secretsFromFilesAppearNowhere() throws Exception {
    Path passwordFile = dir.resolve("db-password");
    Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
    Path secretFile = dir.resolve("client-secret");
    Files.writeString(secretFile, clientSecret + "\n", StandardCharsets.UTF_8);
    landsWithoutLeaking(
        "from_files",
        Map.of(),
        "--jdbcPasswordFile=" + passwordFile,
        "--clientId=" + CLIENT_ID,
        "--clientSecretFile=" + secretFile);
  }

  @Test
  void secretsFromTheEnvironmentAppearNowhere() throws Exception {
    landsWithoutLeaking(
        "from_env",
        Map.of(
            "COURIER_JDBC_PASSWORD", password,
            "SHOPIFY_CLIENT_ID", CLIENT_ID,
            "SHOPIFY_CLIENT_SECRET", clientSecret));
  }

  private static void landsWithoutLeaking(String name, Map<String, String> env, String... secrets)
      throws Exception {
    String db = postgres.createDatabase(name);
    postgres.createRole(ROLE + "_" + name, password, name);
    Path output = dir.resolve(name);
    long grants = sim.counters().getRequests("oauth/access_token");

    Outcome courier = courier(output, db, ROLE + "_" + name, env, secrets);

    assertEquals(0, courier.exit, courier.stderr);
    assertTrue(
        sim.counters().getRequests("oauth/access_token") > grants,
        "the run used the client-credentials grant");
    assertTrue(courier.stderr.contains("[DEBUG]"), "DEBUG logging is on");
    List<String> runs =
        Landed.rows(db, PostgresServer.SUPERUSER, "SELECT * FROM courier_runs", Set.of());
    assertEquals(1, runs.size(), "the run committed as the password-protected role");
    assertNowhere("stdout", courier.stdout);
    assertNowhere("stderr", courier.stderr);
    assertNowhere("courier_runs", String.join("\n", runs));
    for (Path file : Landed.allFiles(output)) {
      assertNowhere(
          file.toString(), new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      if (file.toString().endsWith(".parquet")) {
        // Their pages are compressed: the records, read back, must not hold a secret either.
        assertNowhere(file + " (records)", Landed.records(file).toString());
      }
    }
  }

  private static void assertNowhere(String where, String text) {
    assertFalse(text.contains(password), "the database password is in " + where);
    assertFalse(text.contains(clientSecret), "the client secret is in " + where);
    assertFalse(SHOPIFY_TOKEN.matcher(text).find(), "a Shopify access token is in " + where);
  }

  /**
   * `java -jar courier.jar run ...`, every logger turned up, with only {@code env}'s secrets in its
   * environment.
   */
  private static Outcome courier(
      Path output, String db, String user, Map<String, String> env, String... more)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Duser.language=" + System.getProperty("user.language"),
                "-Duser.country=" + System.getProperty("user.country"),
                "-Duser.timezone=" + System.getProperty("user.timezone"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
                "-Dorg.slf4j.simpleLogger.log.courier=debug",
                "-Djava.util.logging.config.file=" + julConfig,
                "-jar",
                System.getProperty("courier.jar"),
                "run",
                "--shop=" + TestShop.SHOP,
                "--shopifyBaseUrl=" + sim.baseUrl(),
                "--output=" + output,
                "--jdbcUrl=" + db,
                "--jdbcUser=" + user,
                "--load=all",
                // A table of each resource: every endpoint is read with the token, at less cost.
                "--tables=customer,order,product,locations",
                "--pageSize=50",
                "--runner=DirectRunner",
                "--targetParallelism=2"));
    command.addAll(List.of(more));
    Path stdout = dir.resolve(output.getFileName() + ".out");
    Path stderr = dir.resolve(output.getFileName() + ".err");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    pb.environment()
        .keySet()
        .removeIf(
            k ->
                k.startsWith("SHOPIFY_")
                    || k.equals("COURIER_JDBC_PASSWORD")
                    || k.startsWith("JAVA_TOOL_OPTIONS"));
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("courier did not finish in 10 minutes: see " + stderr);
    }
    return new Outcome(
        p.exitValue(),
        new String(Files.readAllBytes(stdout), StandardCharsets.UTF_8),
        new String(Files.readAllBytes(stderr), StandardCharsets.UTF_8));
  }

  private record Outcome(int exit, String stdout, String stderr) {}

  private static String randomHex() {
    byte[] b = new byte[12];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}

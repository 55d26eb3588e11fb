package courier.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, as bin/courier runs it: {@code java -jar courier-demo.jar demo} in a
 * fresh JVM, on the packaged jars alone. DemoTest runs the same code on the test class path; this
 * catches what only the jars' manifests decide (a dependency of the simulator missing from the
 * demo's Class-Path fails here, not there).
 */
class DemoJarIT {
  @TempDir Path dir;

  @Test
  void theDemoJarLandsTheShopOverGraphqlWithEveryVariant() throws Exception {
    Path jar = Path.of(System.getProperty("courier.demo.jar", "target/courier-demo.jar"));
    assertTrue(Files.exists(jar), jar + " is built by `package`");
    Path output = dir.resolve("out");
    Path log = dir.resolve("demo.log");
    Process demo =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx2g",
                    "-jar",
                    jar.toAbsolutePath().toString(),
                    "demo",
                    "--output=" + output))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertTrue(demo.waitFor(10, TimeUnit.MINUTES), "the demo finished");
    String out = read(log);
    assertEquals(0, demo.exitValue(), out);
    assertTrue(out.contains("transport graphql"), out);
    // The demo's shop has products with more than 100 variants: GraphQL lands all of them.
    Matcher variants = Pattern.compile("product_variant\\s+([0-9,]+)").matcher(out);
    assertTrue(variants.find(), out);
    assertTrue(Long.parseLong(variants.group(1).replace(",", "")) > 0, out);
    assertTrue(Files.exists(output.resolve("courier-db.mv.db")), "the H2 database");
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}

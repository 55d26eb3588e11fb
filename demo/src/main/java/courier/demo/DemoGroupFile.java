package courier.demo;

import courier.simulator.ShopifySimulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The courier group file {@code courier demo --shops=N} runs: one entry per simulated shop, each
 * token in its own file readable only by this user (as a real token would be), referenced by
 * accessTokenFile, since a group file never holds a secret. Everything lives in a private temporary
 * folder that {@link #close} removes.
 */
final class DemoGroupFile implements AutoCloseable {
  static final String GROUP_NAME = "courier-demo";

  private final Path dir;
  private final Path file;

  private DemoGroupFile(Path dir, Path file) {
    this.dir = dir;
    this.file = file;
  }

  static DemoGroupFile write(List<ShopifySimulator> shops) throws IOException {
    Path dir =
        Files.createTempDirectory(
            "courier-demo-group",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    List<String> lines = new ArrayList<>(List.of("name: " + GROUP_NAME, "tables: all", "shops:"));
    for (ShopifySimulator sim : shops) {
      Path token =
          Files.createFile(
              dir.resolve(sim.shop() + "-token"),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(token, sim.accessToken(), StandardCharsets.UTF_8);
      lines.add("  - shop: " + sim.shop());
      lines.add("    accessTokenFile: " + token);
      lines.add("    baseUrl: " + sim.baseUrl());
    }
    lines.add("");
    Path file = Files.writeString(dir.resolve("demo-group.yaml"), String.join("\n", lines));
    return new DemoGroupFile(dir, file);
  }

  Path file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}

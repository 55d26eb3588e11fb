package courier.flinkcluster;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The cluster JVMs' classpath: the Flink jars the build copies into {@code flink-dist/lib}. */
final class ClusterJars {

  /** Without these the cluster cannot start; checked before anything is launched. */
  private static final List<String> REQUIRED =
      List.of(
          "flink-runtime-",
          "flink-clients-",
          "flink-rpc-akka-loader-",
          "flink-runtime-web-",
          "log4j-core-",
          "log4j-slf4j-impl-");

  private static final String BUILD_HINT =
      " (build it with: ./mvnw -B -pl flink-cluster -am -DskipTests package)";

  private ClusterJars() {}

  /** The jars of {@code lib}, sorted, after checking it is a complete Flink cluster classpath. */
  static List<Path> in(Path lib) throws IOException {
    if (!Files.isDirectory(lib)) {
      throw new IllegalStateException("no Flink cluster jars at " + lib + BUILD_HINT);
    }
    List<Path> jars;
    try (Stream<Path> files = Files.list(lib)) {
      jars =
          files
              .filter(f -> f.getFileName().toString().endsWith(".jar"))
              .map(f -> f.toAbsolutePath().normalize())
              .sorted(Comparator.comparing(Path::toString))
              .collect(Collectors.toList());
    }
    for (String required : REQUIRED) {
      if (jars.stream().noneMatch(j -> j.getFileName().toString().startsWith(required))) {
        throw new IllegalStateException(
            "the Flink cluster jars at " + lib + " lack " + required + "*.jar" + BUILD_HINT);
      }
    }
    for (Path jar : jars) {
      String name = jar.getFileName().toString();
      // Jobs stage their own jar, as on a real cluster: the cluster must not hide a missing one.
      if (name.startsWith("courier") || name.startsWith("beam-")) {
        throw new IllegalStateException(jar + " must not be on the cluster's classpath");
      }
    }
    return jars;
  }

  /**
   * System property {@value LocalFlinkCluster#FLINK_LIB_PROPERTY}, else environment variable
   * {@value LocalFlinkCluster#FLINK_LIB_ENV}, else {@code flink-dist/lib} beside the jar or classes
   * folder this class was loaded from ({@code flink-cluster/target/flink-dist/lib}).
   */
  static Path defaultLib() {
    String configured = System.getProperty(LocalFlinkCluster.FLINK_LIB_PROPERTY);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(LocalFlinkCluster.FLINK_LIB_ENV);
    }
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    try {
      Path codeSource =
          Path.of(ClusterJars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return codeSource.toAbsolutePath().getParent().resolve("flink-dist").resolve("lib");
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of("flink-cluster", "target", "flink-dist", "lib").toAbsolutePath();
    }
  }
}

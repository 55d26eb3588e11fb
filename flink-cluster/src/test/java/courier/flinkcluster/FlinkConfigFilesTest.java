package courier.flinkcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkConfigFilesTest {

  @TempDir Path conf;

  @Test
  void configYamlHoldsTheSettingsWithTheirTypes() throws IOException {
    Map<String, Object> settings =
        FlinkConfigFiles.clusterSettings(
            new Ports(6123, 8081, 6124), 3, 4, "1g", "2g", conf.resolve("tmp dir"));
    settings.put("env.java.opts.taskmanager", "-Dx=\"a: b\" # not a comment");
    FlinkConfigFiles.write(conf, settings);

    Map<?, ?> read =
        new ObjectMapper(new YAMLFactory())
            .readValue(conf.resolve(FlinkConfigFiles.CONFIG_FILE).toFile(), Map.class);
    assertEquals(settings, read);
    assertEquals(3, read.get("taskmanager.numberOfTaskSlots"));
    assertEquals(8081, read.get("rest.port"));
    assertEquals(0.25, read.get("taskmanager.memory.managed.fraction"));
    assertEquals(false, read.get("classloader.check-leaked-classloader"));
    assertEquals(conf.resolve("tmp dir").toString(), read.get("io.tmp.dirs"));
  }

  @Test
  void log4jWritesToTheFileEachJvmNames() throws IOException {
    FlinkConfigFiles.write(conf, Map.of());
    String log4j = Files.readString(conf.resolve(FlinkConfigFiles.LOG4J_FILE));
    assertTrue(log4j.contains("appender.main.fileName = ${sys:log.file}"), log4j);
  }
}

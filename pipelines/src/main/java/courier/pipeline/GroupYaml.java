package courier.pipeline;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read into scalars, lists and mappings that remember their line, so every problem
 * of a courier group file is reported as {@code file:line}. A key given twice in one mapping is
 * refused (a plain YAML reader keeps the last and hides the mistake).
 *
 * @param value a String (null for an empty value), a List of GroupYaml, or a Map of key to
 *     GroupYaml in the file's order
 */
record GroupYaml(Object value, int line) {

  /** Reads {@code file}; a missing file or invalid YAML is a {@link ConfigException}. */
  static GroupYaml read(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        JsonParser parser = new YAMLFactory().createParser(reader)) {
      if (parser.nextToken() == null) {
        throw new ConfigException(file + " is empty: a courier group needs name and shops");
      }
      return node(file, parser);
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          "--group=" + file + ": no such file; give the path of the group's YAML file");
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          file
              + ":"
              + e.getLocation().getLineNr()
              + ": not valid YAML ("
              + e.getOriginalMessage()
              + ")");
    } catch (IOException e) {
      throw new ConfigException("--group=" + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static GroupYaml node(Path file, JsonParser parser) throws IOException {
    int line = parser.getTokenLocation().getLineNr();
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT) {
      Map<String, GroupYaml> map = new LinkedHashMap<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        int keyLine = parser.getTokenLocation().getLineNr();
        parser.nextToken();
        if (map.put(key, node(file, parser)) != null) {
          throw new ConfigException(
              file + ":" + keyLine + ": '" + key + "' is given twice in one mapping: keep one");
        }
      }
      return new GroupYaml(map, line);
    }
    if (token == JsonToken.START_ARRAY) {
      List<GroupYaml> list = new ArrayList<>();
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        list.add(node(file, parser));
      }
      return new GroupYaml(list, line);
    }
    return new GroupYaml(token == JsonToken.VALUE_NULL ? null : parser.getText(), line);
  }

  @SuppressWarnings("unchecked")
  Map<String, GroupYaml> map() {
    return value instanceof Map<?, ?> m ? (Map<String, GroupYaml>) m : null;
  }

  @SuppressWarnings("unchecked")
  List<GroupYaml> list() {
    return value instanceof List<?> l ? (List<GroupYaml>) l : null;
  }

  /** The scalar's text, or null when the value is empty or not a scalar. */
  String text() {
    return value instanceof String s ? s : null;
  }
}

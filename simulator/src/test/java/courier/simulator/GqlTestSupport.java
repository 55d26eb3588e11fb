package courier.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The courier's GraphQL query files (read from the transforms module next to this one, with the
 * shared fragments appended as GraphqlQuery does) and a POST helper.
 */
final class GqlTestSupport {
  static final String GRAPHQL = TestHttp.V + "graphql.json";
  private static final Path QUERIES =
      Path.of(System.getProperty("user.dir"))
          .resolve("../transforms/src/main/resources/courier/shopify/graphql")
          .normalize();
  private static final Pattern FRAGMENT = Pattern.compile("^fragment\\s+(\\w+)", Pattern.MULTILINE);
  private static final Pattern SPREAD = Pattern.compile("\\.\\.\\.\\s*(\\w+)");

  private GqlTestSupport() {}

  static List<String> queryFiles() {
    try (var files = Files.list(QUERIES)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".graphql") && !n.startsWith("_"))
          // Bulk queries and their mutations run as bulk operations: BulkFetchTest (transforms).
          .filter(n -> !n.endsWith("_bulk.graphql") && !n.startsWith("bulk_"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A query file with the shared fragments it spreads appended (as GraphqlQuery does). */
  static String query(String file) {
    try {
      String shared = Files.readString(QUERIES.resolve("_fragments.graphql"));
      Map<String, String> available = new LinkedHashMap<>();
      for (String definition : shared.split("(?m)(?=^fragment\\s)")) {
        Matcher m = FRAGMENT.matcher(definition);
        if (m.find()) {
          available.put(m.group(1), definition.strip());
        }
      }
      StringBuilder doc = new StringBuilder(Files.readString(QUERIES.resolve(file)).strip());
      boolean added = true;
      while (added) {
        added = false;
        List<String> defined = names(FRAGMENT, doc.toString());
        for (String spread : names(SPREAD, doc.toString())) {
          if (!defined.contains(spread) && available.containsKey(spread)) {
            doc.append("\n\n").append(available.get(spread));
            defined.add(spread);
            added = true;
          }
        }
      }
      return doc.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> names(Pattern p, String text) {
    List<String> out = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  static HttpResponse<String> post(ShopifySimulator sim, String query, Map<String, ?> variables) {
    ObjectNode body = TestHttp.MAPPER.createObjectNode();
    body.put("query", query);
    body.set("variables", TestHttp.MAPPER.valueToTree(variables));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(sim.baseUrl() + GRAPHQL))
            .timeout(TestHttp.REQUEST_TIMEOUT)
            .header("X-Shopify-Access-Token", sim.accessToken())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    return TestHttp.send(request);
  }

  static JsonNode run(ShopifySimulator sim, String query, Map<String, ?> variables) {
    return TestHttp.json(post(sim, query, variables));
  }
}

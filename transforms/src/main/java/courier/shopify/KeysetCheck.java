package courier.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import courier.shopify.graphql.RestValues;
import java.io.IOException;

/**
 * The keyset contract of a GraphQL page, checked on the raw nodes before anything is shaped: a
 * readable pageInfo, and ids (legacyResourceId, else the GID's number: the same value) ascending
 * and above afterId. A violation is an IOException, which the HTTP layer retries as it does a
 * malformed REST page.
 */
final class KeysetCheck {
  private KeysetCheck() {}

  static void verify(GraphqlResponse response, String root, long afterId) throws IOException {
    JsonNode pageInfo = response.root(root) == null ? null : response.root(root).get("pageInfo");
    if (pageInfo == null
        || !pageInfo.path("hasNextPage").isBoolean()
        || (pageInfo.get("hasNextPage").booleanValue()
            && !pageInfo.path("endCursor").isTextual())) {
      throw new IOException("the page has no readable " + root + ".pageInfo");
    }
    long previous = afterId;
    for (JsonNode node : response.nodes()) {
      long id = id(node);
      if (id <= previous) {
        throw new IOException(
            root
                + " "
                + id
                + " is not after "
                + previous
                + " (ids must ascend above "
                + afterId
                + ")");
      }
      previous = id;
    }
  }

  private static long id(JsonNode node) throws IOException {
    JsonNode legacy = RestValues.unsigned64(node.path("id"));
    if (legacy.isIntegralNumber()) {
      return legacy.longValue();
    }
    JsonNode gid = RestValues.gidNumber(node.path("admin_graphql_api_id"));
    if (gid.isIntegralNumber()) {
      return gid.longValue();
    }
    throw new IOException("a node has neither a numeric legacyResourceId nor a GID");
  }
}

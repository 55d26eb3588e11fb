package courier.shopify.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A {@code segments_page} node as the courier's segment entity (REST has no segments; the keys are
 * the table's columns), and a {@code segment_members_page} member as {@code {customer_id}}: a
 * CustomerSegmentMember's GID carries the customer's id.
 */
public final class SegmentShape {
  private SegmentShape() {}

  public static ObjectNode rest(JsonNode segment) {
    return new RestFields(segment, RestFields.newObject())
        .put("id", "admin_graphql_api_id", RestValues::gidNumber)
        .copy("admin_graphql_api_id", "name", "query", "creation_date", "last_edit_date")
        .target();
  }

  public static ObjectNode member(JsonNode member) {
    return new RestFields(member, RestFields.newObject())
        .put("customer_id", "id", RestValues::gidNumber)
        .target();
  }
}

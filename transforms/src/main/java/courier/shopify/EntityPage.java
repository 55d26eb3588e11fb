package courier.shopify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One keyset page of REST-shaped entities in ascending id order, and how to continue.
 *
 * @param entities the page, each complete as far as its transport makes it on listing (GraphQL:
 *     every nested connection drained; REST: as listed, see {@link ShopifyReader#complete})
 * @param hasMore whether the same query has entities after the last one
 * @param nextCursor an opaque cursor that continues the same query after the last entity (GraphQL);
 *     null when the transport pages by id alone (REST) or there is nothing more
 */
public record EntityPage(List<ObjectNode> entities, boolean hasMore, @Nullable String nextCursor) {
  public EntityPage {
    entities = List.copyOf(entities);
  }
}

package courier.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.simulator.graphql.Connections;
import courier.simulator.graphql.Cursor;
import graphql.schema.DataFetchingEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The root {@code productVariants} connection and variant lookups. Variant ids ascend with their
 * product's position ({@link IdLayout#VARIANT_BASE} + position × {@link IdLayout#MAX_VARIANTS} +
 * k), so a page starts at the product holding the cursor's variant and reads only as many products
 * as it needs. Variants share their product's created_at and updated_at.
 */
final class GqlVariants {
  private final ShopData data;

  GqlVariants(ShopData data) {
    this.data = data;
  }

  Map<String, Object> byId(long variantId) {
    int pos = position(variantId);
    ResourceIndex index = data.index(Resource.PRODUCTS);
    if (pos < 0 || pos >= index.size() || index.isDeleted(pos)) {
      return null;
    }
    ObjectNode product = data.full(Resource.PRODUCTS, pos);
    for (ObjectNode v : ProductGen.allVariants(product)) {
      if (v.path("id").asLong() == variantId) {
        return GqlProductView.variant(
            v, product, GqlValues.reference("Product", product.get("id")));
      }
    }
    return null;
  }

  Object page(DataFetchingEnvironment env) {
    GqlSearch search = GqlSearch.parse(env.getArgument("query"), data.time);
    int first = Connections.first(env, -1);
    if (first < 0 || first > 250) {
      throw new IllegalArgumentException("first must be between 0 and 250 on productVariants");
    }
    long after = Math.max(Connections.after(env, ListFilter.NONE_MIN), search.idAfter());
    ListFilter products =
        new ListFilter(
            ListFilter.NONE_MIN,
            null,
            search.createdMin(),
            search.createdMax(),
            search.updatedMin(),
            search.updatedMax(),
            "any");
    ResourceIndex index = data.index(Resource.PRODUCTS);
    int start = Math.max(0, after == ListFilter.NONE_MIN ? 0 : position(after));
    List<Map<String, Object>> nodes = new ArrayList<>();
    List<String> cursors = new ArrayList<>();
    boolean hasNext = false;
    for (int pos = start; pos < index.size() && !hasNext; pos++) {
      boolean candidate;
      index.readLock().lock();
      try {
        candidate =
            products.matches(Resource.PRODUCTS, index, pos, ListFilter.NONE_MIN)
                && (search.productId() == 0 || index.idAt(pos) == search.productId());
      } finally {
        index.readLock().unlock();
      }
      if (!candidate) {
        continue;
      }
      ObjectNode product = data.full(Resource.PRODUCTS, pos);
      Map<String, Object> reference = GqlValues.reference("Product", product.get("id"));
      for (ObjectNode v : ProductGen.allVariants(product)) {
        long id = v.path("id").asLong();
        if (id <= after || id >= search.idBefore()) {
          continue;
        }
        if (nodes.size() == first) {
          hasNext = true;
          break;
        }
        nodes.add(GqlProductView.variant(v, product, reference));
        cursors.add(Cursor.encode(id));
      }
    }
    return Connections.page(nodes, cursors, hasNext, after != ListFilter.NONE_MIN);
  }

  private int position(long id) {
    long variantId = data.ids.unshifted(id);
    long pos = (variantId - IdLayout.VARIANT_BASE) / IdLayout.MAX_VARIANTS;
    return variantId < IdLayout.VARIANT_BASE || pos > Integer.MAX_VALUE ? -1 : (int) pos;
  }
}

package courier.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.IntToLongFunction;
import java.util.stream.IntStream;

/**
 * The Admin API's read endpoints: {@code {resource}/count.json} and the paged {@code
 * {resource}.json} lists, answered from the index; {@code locations.json}, which Shopify does not
 * page; and {@code customers/{id}/addresses.json} and {@code products/{id}/variants.json}, which
 * page through every child of one entity.
 */
final class ReadEndpoints {
  private final ShopData data;
  private final ListParams params;

  ReadEndpoints(ShopData data, ListParams params) {
    this.data = data;
    this.params = params;
  }

  void count(ListRequest request, ApiResponse response) throws IOException, BadRequest {
    Resource resource = request.route().resource();
    ListFilter filter = params.countFilter(resource, request.params());
    ResourceIndex index = data.index(resource);
    long count = 0;
    index.readLock().lock();
    try {
      for (int pos = 0; pos < index.size(); pos++) {
        if (filter.matches(resource, index, pos, request.visibleFrom())) {
          count++;
        }
      }
    } finally {
      index.readLock().unlock();
    }
    ObjectNode body = Json.object();
    body.put("count", count);
    response.sendOk(out -> out.write(Json.bytes(body)));
  }

  void locations(ListRequest request, ApiResponse response) throws IOException {
    Set<String> fields = ListParams.fields(request.params());
    ResourceIndex index = data.index(Resource.LOCATIONS);
    int[] live;
    index.readLock().lock();
    try {
      live = IntStream.range(0, index.size()).filter(pos -> !index.isDeleted(pos)).toArray();
    } finally {
      index.readLock().unlock();
    }
    response.sendList("locations", live, pos -> data.full(Resource.LOCATIONS, pos), fields);
  }

  void list(ListRequest request, ApiResponse response) throws IOException, BadRequest {
    Resource resource = request.route().resource();
    ListQuery query = params.listQuery(request);
    ListFilter filter = query.filter();
    ResourceIndex index = data.index(resource);
    int[] positions;
    Pager.Page page;
    index.readLock().lock();
    try {
      // With ids=, only the positions of those ids are candidates; otherwise every position is.
      int[] candidates =
          filter.ids == null
              ? null
              : Arrays.stream(filter.ids)
                  .mapToInt(index::find)
                  .filter(pos -> pos >= 0)
                  .distinct()
                  .sorted()
                  .toArray();
      Pager.Space space =
          Pager.space(
              candidates != null ? candidates.length : index.size(),
              i -> index.idAt(candidates != null ? candidates[i] : i),
              i ->
                  filter.matches(
                      resource,
                      index,
                      candidates != null ? candidates[i] : i,
                      request.visibleFrom()));
      page = query.fetch(space);
      positions =
          Arrays.stream(page.items()).map(i -> candidates != null ? candidates[i] : i).toArray();
    } finally {
      index.readLock().unlock();
    }
    long firstId = positions.length > 0 ? index.idAt(positions[0]) : 0;
    long lastId = positions.length > 0 ? index.idAt(positions[positions.length - 1]) : 0;
    query.link(response, request, page, firstId, lastId);
    response.sendList(
        request.route().rootKey(),
        positions,
        pos -> index.isDeleted(pos) ? null : ShopData.served(resource, data.full(resource, pos)),
        query.fields());
  }

  /** Every child of one entity, paged by id. */
  void children(ListRequest request, ApiResponse response) throws IOException, BadRequest {
    ApiRoute route = request.route();
    ObjectNode parent = data.fullById(route.resource(), route.parentId());
    if (parent == null) {
      response.sendErrors(404, "Not Found");
      return;
    }
    ListQuery query = params.childQuery(request);
    List<ObjectNode> children = Json.sortedById(parent.get(route.rootKey()));
    IntToLongFunction idAt = i -> children.get(i).path("id").asLong();
    long sinceId = query.filter().sinceId;
    Pager.Page page =
        query.fetch(Pager.space(children.size(), idAt, i -> idAt.applyAsLong(i) > sinceId));
    int[] items = page.items();
    long firstId = items.length > 0 ? idAt.applyAsLong(items[0]) : 0;
    long lastId = items.length > 0 ? idAt.applyAsLong(items[items.length - 1]) : 0;
    query.link(response, request, page, firstId, lastId);
    response.sendList(route.rootKey(), items, children::get, query.fields());
  }
}

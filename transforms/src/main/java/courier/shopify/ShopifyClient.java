package courier.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The Shopify Admin REST calls the courier makes, over google-http-client with Jackson streaming.
 * Thread-safe; every client of a shop in this JVM shares that shop's {@link ShopifyRateGovernor}
 * and access token. Failures are {@link ShopifyException}s (see {@link ShopifyHttp} for which are
 * retried).
 *
 * <p>Time windows are half-open {@code [from, to)} on whole seconds. Shopify's updated_at filters
 * are inclusive, so {@code [from, to)} is sent as {@code updated_at_min=from&updated_at_max=to} and
 * the caller drops what is updated at {@code to} or later: a timestamp with a fraction of a second
 * just before {@code to} is never lost at a window's edge.
 */
public final class ShopifyClient implements ShopifyReader {
  /** Shopify's largest page. */
  public static final int MAX_PAGE_SIZE = 250;

  private final ShopifyClientConfig config;
  private final HttpTransport transport;
  private final ShopifyHttp http;

  private ShopifyClient(ShopifyClientConfig config, HttpTransport transport, ShopifyHttp http) {
    this.config = config;
    this.transport = transport;
    this.http = http;
  }

  /**
   * A client for {@code config}. Reads the credentials now (IllegalStateException naming the
   * missing variable or file); obtains a client-credentials token lazily, on the first request.
   */
  public static ShopifyClient create(ShopifyClientConfig config, RequestObserver observer) {
    config.checkComplete();
    HttpTransport transport = new NetHttpTransport(); // JDK TLS with certificate verification on
    ShopifyHttp http =
        new ShopifyHttp(
            config,
            transport,
            AccessTokenSources.shared(config),
            ShopifyRateGovernor.forShop(config.baseUrl(), config.maxConcurrentRequests()),
            observer,
            Ticker.SYSTEM);
    return new ShopifyClient(config, transport, http);
  }

  @Override
  public ShopDomain shop() {
    return config.shop();
  }

  @Override
  public Transport transport() {
    return Transport.REST;
  }

  /** REST has no cursor inside a keyset query: the next page starts after the last id. */
  @Override
  public EntityPage listUpdated(
      ShopifyResource resource,
      Instant from,
      Instant to,
      long afterId,
      int limit,
      @Nullable String cursor) {
    List<ObjectNode> page = listUpdated(resource, from, to, afterId, limit);
    return new EntityPage(page, page.size() >= limit, null);
  }

  @Override
  public EntityPage listByIds(
      ShopifyResource resource, List<Long> ids, long afterId, int limit, @Nullable String cursor) {
    requireWindowed(resource);
    Map<String, String> params = new LinkedHashMap<>(resource.listParameters());
    params.put("ids", idList(ids));
    params.put("since_id", Long.toString(afterId));
    params.put("limit", Integer.toString(pageSize(limit)));
    String path = api(resource.path() + ".json") + query(params);
    List<ObjectNode> page =
        http.get(resource, path, (body, headers) -> keysetPage(body, resource, afterId));
    return new EntityPage(page, page.size() >= limit, null);
  }

  /** "1,2,3" of at most {@link ShopifyReader#MAX_IDS} ids. */
  static String idList(List<Long> ids) {
    if (ids.isEmpty() || ids.size() > MAX_IDS) {
      throw new IllegalArgumentException(
          "an id list holds 1 to " + MAX_IDS + " ids, got " + ids.size());
    }
    return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  private static int pageSize(int limit) {
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException(
          "page size must be 1.." + MAX_PAGE_SIZE + ", got " + limit);
    }
    return limit;
  }

  @Override
  public ObjectNode complete(
      ShopifyResource resource, ObjectNode entity, ShopifyResource.CompletenessObserver observer) {
    return resource.completeRestEntity(entity, this, observer);
  }

  /** Not versioned: {@code /admin/oauth/access_scopes.json}. */
  public static final String ACCESS_SCOPES_PATH = "/admin/oauth/access_scopes.json";

  @Override
  public AccessScopes accessScopes() {
    return http.get(
        null,
        ACCESS_SCOPES_PATH,
        (body, headers) ->
            AccessScopes.fromHandles(ShopifyJson.mapper().readTree(body).get("access_scopes")));
  }

  @Override
  public String accessScopesEndpoint() {
    return ACCESS_SCOPES_PATH;
  }

  /** How many entities of {@code resource} were last updated in {@code [from, to)}. */
  @Override
  public long count(ShopifyResource resource, Instant from, Instant to) {
    requireWindowed(resource);
    return count(
        resource, api(resource.path() + "/count.json") + query(windowFilters(resource, from, to)));
  }

  /** How many entities of {@code resource} exist, unfiltered but for its list parameters. */
  @Override
  public long countAll(ShopifyResource resource) {
    return count(resource, api(resource.path() + "/count.json") + query(resource.listParameters()));
  }

  private long count(ShopifyResource resource, String path) {
    return http.get(
        resource,
        path,
        (body, headers) -> {
          JsonNode count = ShopifyJson.mapper().readTree(body).get("count");
          if (count == null || !count.canConvertToLong()) {
            throw new IOException("the body has no integer \"count\"");
          }
          return count.longValue();
        });
  }

  /**
   * One keyset page: up to {@code limit} entities updated in {@code [from, to)} with id greater
   * than {@code sinceId}, in ascending id order. Fewer than {@code limit} means there are no more.
   */
  public List<ObjectNode> listUpdated(
      ShopifyResource resource, Instant from, Instant to, long sinceId, int limit) {
    requireWindowed(resource);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("since_id", Long.toString(sinceId));
    params.put("limit", Integer.toString(pageSize(limit)));
    params.putAll(windowFilters(resource, from, to));
    String path = api(resource.path() + ".json") + query(params);
    return http.get(resource, path, (body, headers) -> keysetPage(body, resource, sinceId));
  }

  /**
   * Parses a page and checks the keyset contract: integer ids, all above since_id (sorted here).
   */
  private static List<ObjectNode> keysetPage(
      InputStream body, ShopifyResource resource, long sinceId) throws IOException {
    List<ObjectNode> page = EntityListReader.read(body, resource.path());
    for (ObjectNode entity : page) {
      long id;
      try {
        id = ShopifyJson.id(entity);
      } catch (IllegalArgumentException e) {
        throw new IOException(e.getMessage());
      }
      if (id <= sinceId) {
        throw new IOException("entity " + id + " is not after since_id " + sinceId);
      }
    }
    page.sort(Comparator.comparingLong(ShopifyJson::id));
    return page;
  }

  /**
   * Every address of a customer, following the Link cursor (the customer object embeds only the ten
   * most recently updated). Empty when the customer no longer exists.
   */
  public Optional<List<ObjectNode>> customerAddresses(long customerId) {
    List<ObjectNode> all = new ArrayList<>();
    String pageInfo = null;
    do {
      Map<String, String> params = new LinkedHashMap<>();
      params.put("limit", Integer.toString(MAX_PAGE_SIZE));
      if (pageInfo != null) {
        params.put("page_info", pageInfo);
      }
      String path = api("customers/" + customerId + "/addresses.json") + query(params);
      AddressPage page =
          http.getUnlessGone(
              ShopifyResource.CUSTOMERS,
              path,
              (body, headers) ->
                  new AddressPage(
                      EntityListReader.read(body, "addresses"),
                      LinkHeader.nextPageInfo(headers.getFirstHeaderStringValue("Link"))));
      if (page == null) {
        return Optional.empty();
      }
      all.addAll(page.addresses);
      pageInfo = page.nextPageInfo;
    } while (pageInfo != null);
    return Optional.of(all);
  }

  /** Every location of the shop: one request, no filters, no paging. */
  @Override
  public List<ObjectNode> locations() {
    return http.get(
        ShopifyResource.LOCATIONS,
        api("locations.json"),
        (body, headers) -> EntityListReader.read(body, ShopifyResource.LOCATIONS.path()));
  }

  /** REST has no segments: the run leaves their tables out over REST (RunSettings). */
  @Override
  public void segments(Consumer<ObjectNode> each) {
    throw new UnsupportedOperationException(
        "Shopify's REST Admin API has no customer segments: read them with --transport=graphql");
  }

  private String api(String resourcePath) {
    return "/admin/api/" + config.apiVersion() + "/" + resourcePath;
  }

  private static Map<String, String> windowFilters(
      ShopifyResource resource, Instant from, Instant to) {
    if (from.getNano() != 0 || to.getNano() != 0 || !from.isBefore(to)) {
      throw new IllegalArgumentException(
          "window ["
              + from
              + ", "
              + to
              + ") must be non-empty and on whole seconds "
              + "(Shopify's updated_at has no fraction)");
    }
    Map<String, String> params = new LinkedHashMap<>(resource.listParameters());
    params.put("updated_at_min", DateTimeFormatter.ISO_INSTANT.format(from));
    params.put("updated_at_max", DateTimeFormatter.ISO_INSTANT.format(to));
    return params;
  }

  private static String query(Map<String, String> params) {
    return params.isEmpty()
        ? ""
        : params.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&", "?", ""));
  }

  private static void requireWindowed(ShopifyResource resource) {
    if (!resource.windowed()) {
      throw new IllegalArgumentException(
          resource.path() + " cannot be listed by updated_at; use locations()");
    }
  }

  @Override
  public void close() {
    try {
      transport.shutdown();
    } catch (IOException ignored) {
      // nothing held that outlives the JVM
    }
  }

  private static final class AddressPage {
    final List<ObjectNode> addresses;
    final String nextPageInfo;

    AddressPage(List<ObjectNode> addresses, String nextPageInfo) {
      this.addresses = addresses;
      this.nextPageInfo = nextPageInfo;
    }
  }
}

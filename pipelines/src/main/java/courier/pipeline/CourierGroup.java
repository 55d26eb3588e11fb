package courier.pipeline;

import courier.shopify.SecretSource;
import courier.shopify.ShopDomain;
import courier.shopify.ShopifyClientConfig;
import courier.shopify.ShopifyCredentials;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A courier group file ({@code --group=nightly.yaml}): several shops read and committed as one
 * unit, each with its own secrets and, optionally, time zone, offset and loopback base URL.
 * Everything is checked when the file is read, before any work: unknown keys, duplicate shops,
 * secrets that are not set, bad time zones and offsets, each reported with its line and the fix.
 * Secrets are never in the file, only where they live.
 *
 * @param timeZone the group's time zone for --runDate windows, or null for --timeZone
 * @param offset the group's --offset, or null for the option's
 * @param tables the group's --tables (comma-separated), or null for the option's
 */
record CourierGroup(
    String name,
    @Nullable String timeZone,
    @Nullable String offset,
    @Nullable String tables,
    boolean reconcile,
    List<Shop> shops) {

  private static final Set<String> GROUP_KEYS =
      Set.of("name", "timeZone", "offset", "tables", "reconcile", "shops");
  private static final Set<String> SHOP_KEYS =
      Set.of(
          "shop",
          "accessTokenEnv",
          "accessTokenFile",
          "clientId",
          "clientSecretEnv",
          "clientSecretFile",
          "timeZone",
          "offset",
          "baseUrl");
  private static final Map<String, String> SECRET_KEYS =
      Map.of(
          "accessToken", "accessTokenEnv (a variable's name) or accessTokenFile (a file's path)",
          "clientSecret", "clientSecretEnv (a variable's name) or clientSecretFile (a file's path)",
          "token", "accessTokenEnv (a variable's name) or accessTokenFile (a file's path)");

  /**
   * One shop of the group; null fields take the group's value.
   *
   * @param line where the shop is in the file, for messages
   */
  record Shop(
      ShopDomain shop,
      int line,
      ShopifyCredentials credentials,
      @Nullable String baseUrl,
      @Nullable String timeZone,
      @Nullable String offset) {}

  /** Reads and checks the group file; every problem is a {@link ConfigException} with its line. */
  static CourierGroup read(String file) {
    return read(file, true);
  }

  /**
   * As {@link #read(String)}; {@code checkSecrets} false leaves the secrets unread, for commands
   * that run no job (schedule), perhaps on a machine without them.
   */
  static CourierGroup read(String file, boolean checkSecrets) {
    Path path = Path.of(file);
    GroupYaml root = GroupYaml.read(path);
    Where where = new Where(path, checkSecrets);
    Map<String, GroupYaml> group = where.mapping(root, "the file", GROUP_KEYS);
    String name = where.required(group, "name", root, "the group");
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
      throw where.fail(
          group.get("name"), "name: " + name + " must be 1-64 letters, digits, '.', '_' or '-'");
    }
    String timeZone = where.text(group, "timeZone", WindowPlanner::zone);
    String offset = where.text(group, "offset", o -> WindowPlanner.offset("offset", o));
    String tables = tables(where, group.get("tables"));
    boolean reconcile = reconcile(where, group.get("reconcile"));
    GroupYaml shopsNode = group.get("shops");
    if (shopsNode == null || shopsNode.list() == null || shopsNode.list().isEmpty()) {
      throw where.fail(
          shopsNode == null ? root : shopsNode,
          "shops: a list of at least one shop is required, e.g. '- shop: acme-eu' with"
              + " accessTokenEnv: SHOPIFY_ACCESS_TOKEN_EU");
    }
    List<Shop> shops = new ArrayList<>();
    Map<ShopDomain, Integer> seen = new HashMap<>();
    for (GroupYaml node : shopsNode.list()) {
      Shop shop = shop(where, node);
      Integer first = seen.putIfAbsent(shop.shop(), shop.line());
      if (first != null) {
        throw where.fail(
            node,
            shop.shop().domain()
                + " is already in the group at line "
                + first
                + ": a shop is read once per run");
      }
      shops.add(shop);
    }
    return new CourierGroup(name, timeZone, offset, tables, reconcile, List.copyOf(shops));
  }

  private static Shop shop(Where where, GroupYaml node) {
    Map<String, GroupYaml> shop = where.mapping(node, "a shop", SHOP_KEYS);
    String handle = where.required(shop, "shop", node, "every shop");
    ShopDomain domain = where.check(shop.get("shop"), () -> ShopDomain.of(handle));
    String baseUrl =
        where.text(shop, "baseUrl", url -> ShopifyClientConfig.create().withBaseUrl(url));
    return new Shop(
        domain,
        node.line(),
        credentials(where, shop, node, domain),
        baseUrl,
        where.text(shop, "timeZone", WindowPlanner::zone),
        where.text(shop, "offset", o -> WindowPlanner.offset("offset", o)));
  }

  /** Exactly one way to authenticate, its secret set now (read and dropped, never kept). */
  private static ShopifyCredentials credentials(
      Where where, Map<String, GroupYaml> shop, GroupYaml node, ShopDomain domain) {
    List<String> given =
        List.of("accessTokenEnv", "accessTokenFile", "clientSecretEnv", "clientSecretFile").stream()
            .filter(shop::containsKey)
            .toList();
    if (given.size() != 1) {
      throw where.fail(
          node,
          domain.domain()
              + (given.isEmpty() ? " has no secret" : " has " + String.join(" and ", given))
              + ": give exactly one of accessTokenEnv, accessTokenFile, or clientId with"
              + " clientSecretEnv or clientSecretFile");
    }
    String key = given.get(0);
    GroupYaml value = shop.get(key);
    String text = where.required(shop, key, node, domain.domain());
    boolean grant = key.startsWith("clientSecret");
    String clientId = shop.get("clientId") == null ? null : shop.get("clientId").text();
    if (grant != (clientId != null)) {
      throw where.fail(
          node,
          domain.domain()
              + (grant
                  ? ": " + key + " needs clientId (the app's client id, not a secret)"
                  : ": clientId goes with clientSecretEnv or clientSecretFile, not " + key));
    }
    ShopifyCredentials credentials =
        where.check(
            value,
            () -> {
              SecretSource source =
                  key.endsWith("Env") ? SecretSource.env(text) : SecretSource.file(text);
              return grant
                  ? ShopifyCredentials.clientCredentials(clientId, source)
                  : ShopifyCredentials.accessToken(source);
            });
    if (where.checkSecrets()) {
      where.check(
          value,
          () -> {
            credentials.checkReadable();
            return null;
          });
    }
    return credentials;
  }

  /** "all", a comma-separated text or a list of table names, as --tables spells them. */
  private static @Nullable String tables(Where where, @Nullable GroupYaml node) {
    if (node == null) {
      return null;
    }
    if (node.list() != null) {
      List<String> names = new ArrayList<>();
      for (GroupYaml item : node.list()) {
        if (item.text() == null) {
          throw where.fail(item, "tables: each item is a table name, e.g. - customer");
        }
        names.add(item.text());
      }
      return String.join(",", names);
    }
    if (node.text() == null) {
      throw where.fail(node, "tables: give 'all' or a list of table names");
    }
    return node.text();
  }

  /** {@code reconcile:} (a boolean): {@code true} reconciles every shop as {@code --reconcile}. */
  private static boolean reconcile(Where where, @Nullable GroupYaml node) {
    if (node == null) {
      return false;
    }
    String text = node.text();
    if (!"true".equals(text) && !"false".equals(text)) {
      throw where.fail(node, "reconcile: " + text + " is not a boolean: use true or false");
    }
    return text.equals("true");
  }

  /** Builds messages that start with the file and line. */
  private record Where(Path file, boolean checkSecrets) {
    ConfigException fail(GroupYaml node, String problem) {
      return new ConfigException(file + ":" + node.line() + ": " + problem);
    }

    Map<String, GroupYaml> mapping(GroupYaml node, String what, Set<String> keys) {
      Map<String, GroupYaml> map = node.map();
      if (map == null) {
        throw fail(node, what + " must be a mapping of keys (" + String.join(", ", keys) + ")");
      }
      for (Map.Entry<String, GroupYaml> entry : map.entrySet()) {
        String key = entry.getKey();
        if (SECRET_KEYS.containsKey(key)) {
          throw fail(
              entry.getValue(),
              key
                  + ": secrets never go in the group file; use "
                  + SECRET_KEYS.get(key)
                  + " and keep the secret there");
        }
        if (!keys.contains(key)) {
          throw fail(
              entry.getValue(),
              "unknown key '"
                  + key
                  + "' in "
                  + what
                  + ": the keys are "
                  + String.join(", ", keys.stream().sorted().toList()));
        }
      }
      return map;
    }

    String required(Map<String, GroupYaml> map, String key, GroupYaml owner, String what) {
      GroupYaml node = map.get(key);
      if (node == null || node.text() == null || node.text().isBlank()) {
        throw fail(node == null ? owner : node, what + " needs " + key + ": <value>");
      }
      return node.text().strip();
    }

    /** The key's text checked by {@code check} (whose message says what is wrong), or null. */
    @Nullable String text(Map<String, GroupYaml> map, String key, Function<String, ?> check) {
      GroupYaml node = map.get(key);
      if (node == null) {
        return null;
      }
      String text = required(map, key, node, key);
      check(node, () -> check.apply(text));
      return text;
    }

    <T> T check(GroupYaml node, java.util.function.Supplier<T> check) {
      try {
        return check.get();
      } catch (IllegalArgumentException | IllegalStateException | ConfigException e) {
        throw fail(node, e.getMessage());
      }
    }
  }
}

package courier.pipeline;

import courier.sink.CourierRuns;
import courier.sink.RunInfo;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run reads: one shop ({@code --shop}), or the shops of a courier group ({@code
 * --group=FILE.yaml}), each settled as its own {@link RunSettings} (own credentials, client,
 * governor and window, incremental windows per shop and table) under one run id and one output,
 * database and commit.
 *
 * @param run the run as the manifest and the commit see it (a group's, with a member per shop)
 * @param shops the settings of each shop, in the group file's order
 * @param reconcile whether to reconcile every shop's ids (--reconcile, or the group file's {@code
 *     reconcile: true})
 */
record GroupRunPlan(RunInfo run, List<RunSettings> shops, boolean reconcile) {
  private static final Logger LOG = LoggerFactory.getLogger(GroupRunPlan.class);

  static GroupRunPlan from(CourierOptions o, Instant startedAt) {
    if (o.getGroup() == null) {
      RunSettings settings = RunSettings.from(o, startedAt);
      return new GroupRunPlan(
          settings.runInfo(), List.of(settings), Boolean.TRUE.equals(o.getReconcile()));
    }
    refusePerShopOptions(o);
    CourierGroup group = CourierGroup.read(o.getGroup());
    String runId = RunSettings.runId(o.getRunId(), startedAt);
    List<RunSettings> shops = new ArrayList<>();
    List<RunInfo> members = new ArrayList<>();
    for (CourierGroup.Shop shop : group.shops()) {
      RunSettings settings;
      try {
        settings =
            RunSettings.forShop(shopOptions(o, group, shop, runId), startedAt, shop.credentials());
      } catch (ConfigException e) {
        throw new ConfigException(
            "group "
                + group.name()
                + ", shop "
                + shop.shop().domain()
                + " ("
                + o.getGroup()
                + ":"
                + shop.line()
                + "): "
                + e.getMessage(),
            e);
      }
      shops.add(settings);
      members.add(settings.runInfo(group.name()));
    }
    RunInfo run = RunInfo.ofGroup(group.name(), members);
    RunSettings first = shops.get(0);
    first.refuseRunIdOfAnotherRun(run);
    widenRunKey(first);
    return new GroupRunPlan(
        run, List.copyOf(shops), Boolean.TRUE.equals(o.getReconcile()) || group.reconcile());
  }

  /** The settings every shop shares: output, database, tables, run id, start. */
  RunSettings shared() {
    return shops.get(0);
  }

  /** Options a group file sets per shop are refused next to --group, naming the file's key. */
  private static void refusePerShopOptions(CourierOptions o) {
    Map<String, String> given = new LinkedHashMap<>();
    given.put("--shop", o.getShop());
    given.put("--shopifyBaseUrl", o.getShopifyBaseUrl());
    given.put("--accessTokenFile", o.getAccessTokenFile());
    given.put("--clientId", o.getClientId());
    given.put("--clientSecretFile", o.getClientSecretFile());
    given.forEach(
        (option, value) -> {
          if (value != null) {
            String key = option.equals("--shopifyBaseUrl") ? "baseUrl" : option.substring(2);
            throw new ConfigException(
                option
                    + " and --group exclude each other: the group file gives each shop its "
                    + key
                    + "; drop "
                    + option
                    + " or run without --group");
          }
        });
  }

  /**
   * The group's options seen from one shop: the shop, its base URL, time zone and offset (the
   * shop's, else the group's, else the command line's), the group's tables and the one run id.
   */
  private static CourierOptions shopOptions(
      CourierOptions o, CourierGroup group, CourierGroup.Shop shop, String runId) {
    Map<String, Object> values = new HashMap<>();
    values.put("getShop", shop.shop().domain());
    values.put("getShopifyBaseUrl", shop.baseUrl());
    values.put("getRunId", runId);
    values.put("getTimeZone", first(shop.timeZone(), group.timeZone(), o.getTimeZone()));
    values.put("getOffset", first(shop.offset(), group.offset(), o.getOffset()));
    values.put("getTables", first(group.tables(), o.getTables()));
    return (CourierOptions)
        Proxy.newProxyInstance(
            CourierOptions.class.getClassLoader(),
            new Class<?>[] {CourierOptions.class},
            (proxy, method, args) -> {
              if (values.containsKey(method.getName()) && method.getParameterCount() == 0) {
                return values.get(method.getName());
              }
              return invoke(o, method, args);
            });
  }

  private static Object invoke(CourierOptions o, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(o, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static String first(String... values) {
    for (String value : values) {
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** courier_runs of an older database keys rows by run id alone: a group records one per shop. */
  private static void widenRunKey(RunSettings settings) {
    try {
      if (CourierRuns.widenKeyForGroups(settings.jdbc())) {
        LOG.info(
            "{}: key widened to (table_prefix, run_id, shop) for courier groups",
            CourierRuns.TABLE);
      }
    } catch (SQLException e) {
      throw new RunException(
          "cannot widen the key of "
              + CourierRuns.TABLE
              + " in "
              + settings.jdbc().redactedUrl()
              + " for a group's run (SQLState "
              + e.getSQLState()
              + ")",
          e);
    }
  }
}

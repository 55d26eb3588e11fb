package courier.bench;

import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bin/courier-bench --simulator-scale}: the simulator at the benchmark's largest size
 * (200,000 orders), in this JVM: how long its index takes to build, how much heap it keeps after a
 * collection, and how long a page of 250 orders takes to serve, cold and warm. Figures of one
 * machine in one state; the simulator's ScaleTest checks only that this size builds and serves
 * correct pages.
 */
final class SimulatorScale {
  static final int CUSTOMERS = 50_000;
  static final int ORDERS = 200_000;
  static final int PRODUCTS = 2_000;
  private static final int WARM_PAGES = 3;

  private SimulatorScale() {}

  static Map<String, Object> measure() throws IOException, InterruptedException {
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long heapBefore = rt.totalMemory() - rt.freeMemory();
    long t0 = System.nanoTime();
    ShopifySimulator sim =
        ShopifySimulator.builder()
            .seed(Long.parseLong(Scenario.SEED))
            .customers(CUSTOMERS)
            .orders(ORDERS)
            .products(PRODUCTS)
            .now(Instant.parse("2026-11-01T00:00:00Z"))
            .build();
    double buildSeconds = (System.nanoTime() - t0) / 1e9;
    System.gc();
    long retainedMb = (rt.totalMemory() - rt.freeMemory() - heapBefore) / (1024 * 1024);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("customers", CUSTOMERS);
    figures.put("orders", ORDERS);
    figures.put("products", PRODUCTS);
    figures.put("build_s", Stats.round(buildSeconds, 2));
    figures.put("retained_heap_mb", retainedMb);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (ShopifySimulator s = sim.start()) {
      List<Long> ids = s.ids(Resource.ORDERS);
      long t1 = System.nanoTime();
      HttpResponse<String> first = page(http, s, ids.get(150_000));
      figures.put("first_page_s", Stats.round((System.nanoTime() - t1) / 1e9, 3));
      long t2 = System.nanoTime();
      for (int i = 0; i < WARM_PAGES; i++) {
        page(http, s, ids.get(i * 1000));
      }
      figures.put("warm_page_s", Stats.round((System.nanoTime() - t2) / 1e9 / WARM_PAGES, 3));
      figures.put("page_kb", first.body().length() / 1024);
    }
    return figures;
  }

  private static HttpResponse<String> page(HttpClient http, ShopifySimulator sim, long sinceId)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    sim.baseUrl()
                        + "/admin/api/2026-10/orders.json?status=any&limit=250&since_id="
                        + sinceId))
            .header("X-Shopify-Access-Token", sim.accessToken())
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("HTTP " + response.statusCode() + " for a page of orders");
    }
    return response;
  }

  static void run(PrintStream out) throws IOException, InterruptedException {
    Map<String, Object> f = measure();
    out.printf(
        Locale.ROOT,
        "simulator with %,d customers, %,d orders, %,d products: build %s s, retained heap ~%s MB,"
            + " first page of 250 orders %s s, warm page %s s, page %s KB%n",
        CUSTOMERS,
        ORDERS,
        PRODUCTS,
        f.get("build_s"),
        f.get("retained_heap_mb"),
        f.get("first_page_s"),
        f.get("warm_page_s"),
        f.get("page_kb"));
  }
}

package courier.simulator;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Command line entry point ({@code bin/shopify-sim}): starts a simulator on 127.0.0.1, prints its base
 * URL and access token, and serves until stopped (Ctrl-C).
 */
public final class SimulatorMain {
    private static final Map<String, String> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("port", "port on 127.0.0.1 (default 8080; 0 = any free port)");
        OPTIONS.put("seed", "data seed (default 42)");
        OPTIONS.put("customers", "number of customers (default 2000)");
        OPTIONS.put("orders", "number of orders (default 5000)");
        OPTIONS.put("products", "number of products (default 300)");
        OPTIONS.put("locations", "number of locations (default 4)");
        OPTIONS.put("checkouts", "number of abandoned checkouts (default orders/5)");
        OPTIONS.put("shop", "shop name (default courier-sim)");
        OPTIONS.put("plan", "rate-limit plan: standard, advanced, plus, unlimited (default unlimited)");
        OPTIONS.put("latencyMs", "delay added to every API response (default 0)");
        OPTIONS.put("faultRate", "share of API requests that fail: 5xx, resets, truncated bodies, slow (default 0)");
        OPTIONS.put("slowMs", "delay of a slow-response fault (default 2000)");
        OPTIONS.put("now", "the simulator's now, ISO-8601 (default: current time)");
        OPTIONS.put("token", "static access token (default: random, printed at start)");
        OPTIONS.put("clientId", "enable the client-credentials grant with this client id");
        OPTIONS.put("clientSecret", "... and this client secret (never printed)");
        OPTIONS.put("tokenTtlSeconds", "lifetime of issued tokens (default 86399)");
        OPTIONS.put("followWallTime", "true: the clock runs from --now with wall time (default false)");
    }

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> opts;
        try {
            opts = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("shopify-sim: " + e.getMessage());
            System.err.println("Run with --help for the options.");
            System.exit(2);
            return;
        }
        if (opts.containsKey("help")) {
            System.out.println(usage());
            return;
        }
        ShopifySimulator sim;
        try {
            sim = configure(opts).build();
        } catch (IllegalArgumentException | DateTimeParseException e) {
            System.err.println("shopify-sim: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            sim.start();
        } catch (java.io.UncheckedIOException e) {
            System.err.println("shopify-sim: " + e.getMessage() + ": " + e.getCause().getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }, "shopify-sim-shutdown"));
        System.out.println("Shopify simulator listening on " + sim.baseUrl());
        System.out.println("Admin API:    " + sim.baseUrl() + "/admin/api/2026-07/orders.json");
        System.out.println("Access token: " + sim.accessToken());
        System.out.println("Control:      " + sim.baseUrl() + "/_sim/config");
        System.out.println("Press Ctrl-C to stop.");
        System.out.flush();
        stopped.await();
    }

    static String usage() {
        StringBuilder sb = new StringBuilder("Usage: bin/shopify-sim [--option=value ...]\n\n"
                + "Starts a Shopify Admin REST API simulator on 127.0.0.1.\n\nOptions:\n");
        OPTIONS.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  --%-22s %s%n", k + "=" + metavar(k), v)));
        sb.append(String.format(Locale.ROOT, "  --%-22s %s%n", "help", "show this help"));
        return sb.toString();
    }

    private static String metavar(String option) {
        switch (option) {
            case "faultRate": return "RATE";
            case "now": return "INSTANT";
            case "plan": return "PLAN";
            case "shop": case "token": case "clientId": case "clientSecret": return "TEXT";
            case "followWallTime": return "BOOL";
            default: return "N";
        }
    }

    /** {@code --name=value} pairs; rejects unknown names and malformed arguments. */
    static Map<String, String> parse(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                out.put("help", "true");
                continue;
            }
            if (!a.startsWith("--") || !a.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got '" + a + "'");
            }
            String name = a.substring(2, a.indexOf('='));
            if (!OPTIONS.containsKey(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            out.put(name, a.substring(a.indexOf('=') + 1));
        }
        return out;
    }

    static ShopifySimulator.Builder configure(Map<String, String> o) {
        ShopifySimulator.Builder b = ShopifySimulator.builder()
                .port(integer(o, "port", 8080))
                .seed(longValue(o, "seed", 42))
                .customers(integer(o, "customers", 2000))
                .orders(integer(o, "orders", 5000))
                .products(integer(o, "products", 300))
                .locations(integer(o, "locations", 4))
                .plan(Plan.parse(o.getOrDefault("plan", "unlimited")))
                .latencyMs(integer(o, "latencyMs", 0))
                .clockFollowsWallTime(Boolean.parseBoolean(o.getOrDefault("followWallTime", "false")));
        if (o.containsKey("checkouts")) {
            b.checkouts(integer(o, "checkouts", 0));
        }
        if (o.containsKey("shop")) {
            b.shop(o.get("shop"));
        }
        if (o.containsKey("faultRate") || o.containsKey("slowMs")) {
            double rate = number(o, "faultRate", 0);
            b.faults(FaultConfig.builder().faultRate(rate).slowMs(integer(o, "slowMs", FaultConfig.DEFAULT_SLOW_MS))
                    .build());
        }
        if (o.containsKey("now")) {
            b.now(Instant.parse(o.get("now")));
        }
        if (o.containsKey("token")) {
            b.token(o.get("token"));
        }
        if (o.containsKey("clientId") != o.containsKey("clientSecret")) {
            throw new IllegalArgumentException("--clientId and --clientSecret go together");
        }
        if (o.containsKey("clientId")) {
            b.clientCredentials(o.get("clientId"), o.get("clientSecret"));
        }
        if (o.containsKey("tokenTtlSeconds")) {
            b.issuedTokenTtl(java.time.Duration.ofSeconds(longValue(o, "tokenTtlSeconds", 86_399)));
        }
        return b;
    }

    private static int integer(Map<String, String> o, String name, int dflt) {
        long v = longValue(o, name, dflt);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--" + name + " is out of range: " + v);
        }
        return (int) v;
    }

    private static long longValue(Map<String, String> o, String name, long dflt) {
        String v = o.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer, got '" + v + "'");
        }
    }

    private static double number(Map<String, String> o, String name, double dflt) {
        String v = o.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, got '" + v + "'");
        }
    }
}

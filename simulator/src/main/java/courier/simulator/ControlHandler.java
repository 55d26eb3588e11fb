package courier.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The test-control surface over HTTP, JSON in and out, no authentication (loopback only). Mirrors
 * the Java API of {@link ShopifySimulator}:
 *
 * <pre>
 * GET    /_sim/config                         plan, latency, faults, shop state, ... (no secrets)
 * POST   /_sim/config                         {"plan":"standard","latencyMs":0,"faultRate":0.1 | "faults":{...},
 *                                              "shopState":"frozen","protectedCustomerDataApproved":false,
 *                                              "deprecatedReason":"...","scopes":["read_orders",...]}
 * GET    /_sim/counters                       counters snapshot
 * POST   /_sim/counters/reset
 * GET    /_sim/clock                          {"now":"..."}
 * POST   /_sim/clock                          {"now":"2026-11-01T00:00:00Z"} or {"advanceSeconds":3600}
 * GET    /_sim/{resource}?updated_from=&amp;updated_to=   {"ids":[...],"count":N}  (from inclusive, to exclusive)
 * GET    /_sim/{resource}/count               {"count":N}
 * POST   /_sim/{resource}                     create; optional body = merge patch for the new entity
 * GET    /_sim/{resource}/{id}                the entity as served
 * PATCH  /_sim/{resource}/{id}                merge patch (POST works too); bumps updated_at
 * DELETE /_sim/{resource}/{id}
 * PUT    /_sim/{resource}/{id}/tags           {"tags":"a, b"}
 * DELETE /_sim/{resource}/{id}/tags/{tag}
 * POST   /_sim/orders/{id}/refunds            adds a refund, returns it
 * DELETE /_sim/orders/{id}/line_items/{lineItemId}
 * GET    /_sim/customers/{id}/addresses       all addresses
 * DELETE /_sim/customers/{id}/addresses/{addressId}
 * GET    /_sim/products/{id}/variants         all variants
 * </pre>
 */
final class ControlHandler {
    private final ShopifySimulator sim;

    ControlHandler(ShopifySimulator sim) {
        this.sim = sim;
    }

    void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String[] seg = ex.getRequestURI().getRawPath().substring(1).split("/");
        try {
            route(ex, method, seg);
        } catch (NoSuchElementException e) {
            HttpIo.send(ex, 404, Json.errors(e.getMessage() == null ? "Not Found" : e.getMessage()));
        } catch (IllegalArgumentException | IllegalStateException | java.time.DateTimeException e) {
            HttpIo.send(ex, 400, Json.errors(e.getMessage()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            HttpIo.send(ex, 400, Json.errors("request body is not valid JSON"));
        }
    }

    private void route(HttpExchange ex, String method, String[] seg) throws IOException {
        // seg[0] == "_sim"
        if (seg.length < 2) {
            throw new NoSuchElementException("Not Found");
        }
        switch (seg[1]) {
            case "config":
                if (method.equals("POST")) {
                    applyConfig(body(ex));
                }
                ok(ex, config());
                return;
            case "counters":
                if (seg.length == 3 && seg[2].equals("reset") && method.equals("POST")) {
                    sim.resetCounters();
                }
                ok(ex, Json.MAPPER.valueToTree(countersJson(sim.counters())));
                return;
            case "clock":
                if (method.equals("POST")) {
                    JsonNode b = body(ex);
                    if (b.has("now")) {
                        sim.clock().set(Instant.parse(b.get("now").asText()));
                    }
                    if (b.has("advanceSeconds")) {
                        sim.clock().advance(Duration.ofSeconds(b.get("advanceSeconds").asLong()));
                    }
                }
                ObjectNode c = Json.object();
                c.put("now", sim.clock().now().toString());
                ok(ex, c);
                return;
            default:
                resource(ex, method, seg);
        }
    }

    private void resource(HttpExchange ex, String method, String[] seg) throws IOException {
        Resource r = Resource.fromPath(seg[1]);
        if (r == null) {
            throw new NoSuchElementException("Not Found");
        }
        if (seg.length == 2) {
            if (method.equals("POST")) {
                JsonNode patch = body(ex);
                ObjectNode created = sim.create(r, n -> Json.mergePatch(n, patch));
                HttpIo.send(ex, 201, Json.bytes(created));
                return;
            }
            Map<String, String> p = HttpIo.params(ex.getRequestURI().getRawQuery());
            Instant from = p.containsKey("updated_from") ? Instant.parse(p.get("updated_from")) : null;
            Instant to = p.containsKey("updated_to") ? Instant.parse(p.get("updated_to")) : null;
            List<Long> ids = sim.ids(r, from, to);
            ObjectNode out = Json.object();
            ArrayNode a = out.putArray("ids");
            ids.forEach(a::add);
            out.put("count", ids.size());
            ok(ex, out);
            return;
        }
        if (seg[2].equals("count")) {
            ObjectNode out = Json.object();
            out.put("count", sim.count(r));
            ok(ex, out);
            return;
        }
        long id = parseId(seg[2]);
        if (seg.length == 3) {
            switch (method) {
                case "GET": {
                    ObjectNode e = sim.entity(r, id);
                    if (e == null) {
                        throw new NoSuchElementException("no " + r.path() + " entity with id " + id);
                    }
                    ok(ex, e);
                    return;
                }
                case "PATCH":
                case "POST": {
                    JsonNode patch = body(ex);
                    ok(ex, sim.update(r, id, n -> Json.mergePatch(n, patch)));
                    return;
                }
                case "DELETE":
                    if (!sim.delete(r, id)) {
                        throw new NoSuchElementException("no " + r.path() + " entity with id " + id);
                    }
                    ObjectNode out = Json.object();
                    out.put("deleted", id);
                    ok(ex, out);
                    return;
                default:
                    throw new IllegalArgumentException("method " + method + " not supported here");
            }
        }
        String sub = seg[3];
        if (sub.equals("tags")) {
            if (seg.length == 5 && method.equals("DELETE")) {
                ok(ex, sim.removeTag(r, id, HttpIo.decode(seg[4])));
            } else {
                ok(ex, sim.retag(r, id, body(ex).path("tags").asText("")));
            }
        } else if (r == Resource.ORDERS && sub.equals("refunds") && method.equals("POST")) {
            ok(ex, sim.addRefund(id));
        } else if (r == Resource.ORDERS && sub.equals("line_items") && seg.length == 5 && method.equals("DELETE")) {
            ok(ex, sim.removeLineItem(id, parseId(seg[4])));
        } else if (r == Resource.CUSTOMERS && sub.equals("addresses")) {
            if (seg.length == 5 && method.equals("DELETE")) {
                ok(ex, sim.removeAddress(id, parseId(seg[4])));
            } else {
                ok(ex, list("addresses", sim.allAddresses(id)));
            }
        } else if (r == Resource.PRODUCTS && sub.equals("variants")) {
            ok(ex, list("variants", sim.allVariants(id)));
        } else {
            throw new NoSuchElementException("Not Found");
        }
    }

    private void applyConfig(JsonNode b) {
        if (b.has("plan")) {
            sim.setPlan(Plan.parse(b.get("plan").asText()));
        }
        if (b.has("latencyMs")) {
            sim.setLatencyMs(b.get("latencyMs").asInt());
        }
        if (b.has("faultRate")) {
            sim.setFaults(FaultConfig.faultRate(b.get("faultRate").asDouble()));
        }
        if (b.has("faults")) {
            JsonNode f = b.get("faults");
            sim.setFaults(FaultConfig.builder()
                    .serverErrorRate(f.path("serverErrorRate").asDouble(0))
                    .resetRate(f.path("resetRate").asDouble(0))
                    .truncateRate(f.path("truncateRate").asDouble(0))
                    .slowRate(f.path("slowRate").asDouble(0))
                    .slowMs(f.path("slowMs").asInt(FaultConfig.DEFAULT_SLOW_MS))
                    .build());
        }
        if (b.has("shopState")) {
            sim.setShopState(ShopState.parse(b.get("shopState").asText()));
        }
        if (b.has("protectedCustomerDataApproved")) {
            sim.setProtectedCustomerDataApproved(b.get("protectedCustomerDataApproved").asBoolean());
        }
        if (b.has("deprecatedReason")) {
            JsonNode d = b.get("deprecatedReason");
            sim.setDeprecatedReason(d.isNull() ? null : d.asText());
        }
        if (b.has("scopes")) {
            Set<String> scopes = new HashSet<>();
            b.get("scopes").forEach(s -> scopes.add(s.asText()));
            sim.setScopes(scopes);
        }
    }

    private ObjectNode config() {
        ObjectNode c = Json.object();
        c.put("shop", sim.shop());
        c.put("seed", sim.seed());
        c.put("baseUrl", sim.baseUrl());
        c.put("plan", sim.plan().name().toLowerCase(java.util.Locale.ROOT));
        c.put("latencyMs", sim.latencyMs());
        FaultConfig f = sim.faults();
        ObjectNode fj = c.putObject("faults");
        fj.put("serverErrorRate", f.serverErrorRate());
        fj.put("resetRate", f.resetRate());
        fj.put("truncateRate", f.truncateRate());
        fj.put("slowRate", f.slowRate());
        fj.put("slowMs", f.slowMs());
        c.put("shopState", sim.shopState().name().toLowerCase(java.util.Locale.ROOT));
        c.put("protectedCustomerDataApproved", sim.protectedCustomerDataApproved());
        if (sim.deprecatedReason() == null) {
            c.putNull("deprecatedReason");
        } else {
            c.put("deprecatedReason", sim.deprecatedReason());
        }
        ArrayNode scopes = c.putArray("scopes");
        new java.util.TreeSet<>(sim.scopes()).forEach(scopes::add);
        c.put("now", sim.clock().now().toString());
        ObjectNode counts = c.putObject("counts");
        for (Resource r : Resource.values()) {
            counts.put(r.path(), sim.count(r));
        }
        return c;
    }

    private static Map<String, Object> countersJson(SimCounters s) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("totalRequests", s.getTotalRequests());
        m.put("requestsByEndpoint", s.getRequestsByEndpoint());
        m.put("responsesByStatus", s.getResponsesByStatus());
        m.put("throttled", s.getThrottled());
        m.put("faults", s.getFaults());
        m.put("maxInFlight", s.getMaxInFlight());
        return m;
    }

    private static ObjectNode list(String key, List<ObjectNode> items) {
        ObjectNode out = Json.object();
        ArrayNode a = out.putArray(key);
        items.forEach(a::add);
        return out;
    }

    private static JsonNode body(HttpExchange ex) throws IOException {
        JsonNode n = Json.parse(HttpIo.readBody(ex));
        if (!n.isObject()) {
            throw new IllegalArgumentException("request body must be a JSON object");
        }
        return n;
    }

    private static long parseId(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an id: " + s);
        }
    }

    private static void ok(HttpExchange ex, JsonNode body) throws IOException {
        HttpIo.send(ex, 200, Json.bytes(body));
    }
}

package courier.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Serves {@code /admin/api/{version}/...}. The checks run in the order a client would notice them
 * on Shopify: shop gone (404), version, token (401), frozen/locked shop (402/423), rate limit (429),
 * injected faults, unknown path (404), scope (403), protected customer data (403), bad parameters
 * (400), then the data.
 */
final class ApiHandler {
    private static final Pattern VERSION = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");
    private static final long SIXTY_DAYS = 60 * 86_400L;
    private static final long FAULT_SALT = 0xFA017;
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 250;
    private static final Set<String> PAGE_INFO_COMPANIONS = Set.of("page_info", "limit", "fields");

    private final ShopifySimulator sim;

    ApiHandler(ShopifySimulator sim) {
        this.sim = sim;
    }

    /** Thrown while reading parameters; becomes a 400 with a Shopify-style body. */
    private static final class BadRequest extends Exception {
        final byte[] body;

        BadRequest(byte[] body) {
            super(null, null, false, false);
            this.body = body;
        }

        static BadRequest field(String name, String message) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put(name, message);
            return new BadRequest(Json.fieldErrors(m));
        }
    }

    void handle(HttpExchange ex, long seq) throws IOException {
        Headers h = ex.getResponseHeaders();
        h.set("X-Request-Id", requestId(seq));
        SimSettings settings = sim.settings();
        if (settings.shopState == ShopState.NOT_FOUND) {
            h.set("X-Shopify-Shop-Api-Call-Limit", sim.limiter().peek(null).header());
            respond(ex, 404, Json.errors("Not Found"));
            return;
        }
        String after = ex.getRequestURI().getRawPath().substring("/admin/api/".length());
        int slash = after.indexOf('/');
        String version = slash < 0 ? after : after.substring(0, slash);
        String rest = slash < 0 ? "" : after.substring(slash + 1);
        if (!VERSION.matcher(version).matches()) {
            h.set("X-Shopify-Shop-Api-Call-Limit", sim.limiter().peek(null).header());
            respond(ex, 404, Json.errors("Not Found"));
            return;
        }
        h.set("X-Shopify-API-Version", version);
        sleep(settings.latencyMs);

        TokenRegistry.Credential cred = sim.tokens().authenticate(ex.getRequestHeaders().getFirst("X-Shopify-Access-Token"));
        if (cred == null) {
            h.set("X-Shopify-Shop-Api-Call-Limit", sim.limiter().peek(null).header());
            respond(ex, 401, Json.errors("[API] Invalid API key or access token (unrecognized login or wrong password)"));
            return;
        }
        if (settings.shopState == ShopState.FROZEN || settings.shopState == ShopState.LOCKED) {
            h.set("X-Shopify-Shop-Api-Call-Limit", sim.limiter().peek(cred.app()).header());
            if (settings.shopState == ShopState.FROZEN) {
                respond(ex, 402, Json.errors("Unavailable Shop"));
            } else {
                respond(ex, 423, Json.errors("This shop is locked. Contact the shop owner or Shopify support."));
            }
            return;
        }
        RateLimiter.Result limit = sim.limiter().take(cred.app());
        h.set("X-Shopify-Shop-Api-Call-Limit", limit.header());
        if (limit.throttled()) {
            h.set("Retry-After", "1.0");
            respond(ex, 429, Json.errors("Exceeded " + sim.limiter().plan().leakPerSecond()
                    + " calls per second for api client. Reduce request rates to resume uninterrupted service."));
            return;
        }

        boolean truncate = false;
        FaultConfig faults = settings.faults;
        FaultKind fault = faults.totalRate() > 0 ? faults.pick(Rng.unit(sim.seed(), FAULT_SALT, seq)) : null;
        if (fault != null) {
            sim.countersInternal().fault(fault);
            switch (fault) {
                case RESET:
                    throw new HttpIo.AbortConnection();
                case SLOW:
                    sleep(faults.slowMs());
                    break;
                case TRUNCATE:
                    truncate = true;
                    break;
                default:
                    serverError(ex, fault.status());
                    return;
            }
        }

        if (!ex.getRequestMethod().equals("GET")) {
            respond(ex, 405, Json.errors("Method Not Allowed"));
            return;
        }
        ApiRoute route = ApiRoute.parse(rest);
        if (route == null) {
            respond(ex, 404, Json.errors("Not Found"));
            return;
        }
        String scope = route.resource().readScope();
        if (!cred.has(scope)) {
            respond(ex, 403, Json.errors("[API] This action requires merchant approval for " + scope + " scope."));
            return;
        }
        if (route.resource() == Resource.CUSTOMERS && !settings.protectedCustomerDataApproved) {
            respond(ex, 403, Json.errors("[API] This app is not approved to access REST endpoints with protected "
                    + "customer data. See https://partners.shopify.com/ for more details."));
            return;
        }
        if (route.resource() == Resource.PRODUCTS && settings.deprecatedReason != null) {
            h.set("X-Shopify-API-Deprecated-Reason", settings.deprecatedReason);
        }
        // Orders created more than 60 days ago are invisible without read_all_orders.
        long visibleFrom = route.resource() == Resource.ORDERS && !cred.has("read_all_orders")
                ? sim.clock().nowEpochSecond() - SIXTY_DAYS : ListFilter.NONE_MIN;

        Map<String, String> params = HttpIo.params(ex.getRequestURI().getRawQuery());
        try {
            switch (route.kind()) {
                case COUNT:
                    count(ex, route, params, visibleFrom, truncate);
                    break;
                case LIST:
                    if (route.resource() == Resource.LOCATIONS) {
                        locations(ex, params, truncate);
                    } else {
                        list(ex, route, version, params, visibleFrom, truncate);
                    }
                    break;
                default:
                    nested(ex, route, version, params, truncate);
            }
        } catch (BadRequest e) {
            respond(ex, 400, e.body);
        }
    }

    // ------------------------------------------------------------------ endpoints

    private void count(HttpExchange ex, ApiRoute route, Map<String, String> params, long visibleFrom, boolean truncate)
            throws IOException, BadRequest {
        ListFilter f = parseFilter(route.resource(), params, true);
        ResourceIndex ix = sim.data().index(route.resource());
        long n = 0;
        ix.readLock().lock();
        try {
            for (int pos = 0; pos < ix.size(); pos++) {
                if (f.matches(route.resource(), ix, pos, visibleFrom)) {
                    n++;
                }
            }
        } finally {
            ix.readLock().unlock();
        }
        ObjectNode body = Json.object();
        body.put("count", n);
        ok(ex, out -> out.write(Json.bytes(body)), truncate);
    }

    private void locations(HttpExchange ex, Map<String, String> params, boolean truncate) throws IOException {
        Set<String> fields = fields(params);
        ResourceIndex ix = sim.data().index(Resource.LOCATIONS);
        List<Integer> live = new ArrayList<>();
        ix.readLock().lock();
        try {
            for (int pos = 0; pos < ix.size(); pos++) {
                if (!ix.isDeleted(pos)) {
                    live.add(pos);
                }
            }
        } finally {
            ix.readLock().unlock();
        }
        ok(ex, out -> writeList(out, "locations", live.stream().mapToInt(Integer::intValue).toArray(),
                pos -> sim.data().full(Resource.LOCATIONS, pos), fields), truncate);
    }

    private void list(HttpExchange ex, ApiRoute route, String version, Map<String, String> params, long visibleFrom,
                      boolean truncate) throws IOException, BadRequest {
        Resource r = route.resource();
        PageCursor cursor = cursor(params, route.path());
        ListFilter f = cursor != null ? cursor.filter() : parseFilter(r, params, false);
        int limit = limit(params);
        Set<String> fields = fields(params);
        ResourceIndex ix = sim.data().index(r);

        int[] positions;
        Pager.Page page;
        ix.readLock().lock();
        try {
            int[] candidates = null;
            if (f.ids != null) {
                candidates = Arrays.stream(f.ids).mapToInt(ix::find).filter(p -> p >= 0).distinct().sorted().toArray();
            }
            final int[] cand = candidates;
            final int size = cand != null ? cand.length : ix.size();
            Pager.Space space = new Pager.Space() {
                @Override
                public int size() {
                    return size;
                }

                @Override
                public long idAt(int i) {
                    return ix.idAt(cand != null ? cand[i] : i);
                }

                @Override
                public boolean matches(int i) {
                    return f.matches(r, ix, cand != null ? cand[i] : i, visibleFrom);
                }
            };
            page = fetch(space, cursor, f.sinceId, limit);
            positions = Arrays.stream(page.items()).map(i -> cand != null ? cand[i] : i).toArray();
        } finally {
            ix.readLock().unlock();
        }
        long firstId = positions.length > 0 ? ix.idAt(positions[0]) : 0;
        long lastId = positions.length > 0 ? ix.idAt(positions[positions.length - 1]) : 0;
        link(ex, version, route.path(), f, page, firstId, lastId, limit, params.get("fields"));
        ok(ex, out -> writeList(out, route.rootKey(), positions, pos -> {
            if (ix.isDeleted(pos)) {
                return null;
            }
            return ShopData.served(r, sim.data().full(r, pos));
        }, fields), truncate);
    }

    /** customers/{id}/addresses.json and products/{id}/variants.json: every child, paged by id. */
    private void nested(HttpExchange ex, ApiRoute route, String version, Map<String, String> params, boolean truncate)
            throws IOException, BadRequest {
        ObjectNode parent = sim.data().fullById(route.resource(), route.parentId());
        if (parent == null) {
            respond(ex, 404, Json.errors("Not Found"));
            return;
        }
        PageCursor cursor = cursor(params, route.path());
        ListFilter f;
        if (cursor != null) {
            f = cursor.filter();
        } else {
            long sinceId = ListFilter.NONE_MIN;
            if (route.kind() == ApiRoute.Kind.VARIANTS && params.containsKey("since_id")) {
                sinceId = parseLong("since_id", params.get("since_id"));
            }
            f = new ListFilter(sinceId, null, ListFilter.NONE_MIN, ListFilter.NONE_MAX, ListFilter.NONE_MIN,
                    ListFilter.NONE_MAX, null);
        }
        int limit = limit(params);
        Set<String> fields = fields(params);
        List<ObjectNode> children = Json.sortedById(parent.get(route.kind() == ApiRoute.Kind.ADDRESSES
                ? "addresses" : "variants"));
        final long lower = f.sinceId;
        Pager.Space space = new Pager.Space() {
            @Override
            public int size() {
                return children.size();
            }

            @Override
            public long idAt(int i) {
                return children.get(i).path("id").asLong();
            }

            @Override
            public boolean matches(int i) {
                return idAt(i) > lower;
            }
        };
        Pager.Page page = fetch(space, cursor, lower, limit);
        int[] items = page.items();
        long firstId = items.length > 0 ? space.idAt(items[0]) : 0;
        long lastId = items.length > 0 ? space.idAt(items[items.length - 1]) : 0;
        link(ex, version, route.path(), f, page, firstId, lastId, limit, params.get("fields"));
        ok(ex, out -> writeList(out, route.rootKey(), items, children::get, fields), truncate);
    }

    private static Pager.Page fetch(Pager.Space space, PageCursor cursor, long sinceId, int limit) {
        if (cursor == null) {
            return Pager.forward(space, ListFilter.NONE_MIN, sinceId, limit, false);
        }
        return cursor.next()
                ? Pager.forward(space, cursor.anchor(), sinceId, limit, true)
                : Pager.backward(space, cursor.anchor(), sinceId, limit);
    }

    // ------------------------------------------------------------------ output

    private interface Render {
        ObjectNode at(int item);
    }

    /** Streams {@code {"root":[entity, ...]}}, generating one entity at a time. */
    private static void writeList(OutputStream out, String root, int[] items, Render render, Set<String> fields)
            throws IOException {
        // A Writer-based generator emits non-ASCII text (emoji included) as raw UTF-8, as Shopify does;
        // Jackson's byte generator would write characters outside the BMP as escaped surrogate pairs.
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        JsonGenerator g = Json.MAPPER.getFactory().createGenerator(w);
        g.writeStartObject();
        g.writeArrayFieldStart(root);
        for (int item : items) {
            ObjectNode n = render.at(item);
            if (n == null) {
                continue;
            }
            Json.MAPPER.writeTree(g, fields == null ? n : Json.project(n, fields));
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
    }

    /** Link header in Shopify's format; absent when there is neither a previous nor a next page. */
    private void link(HttpExchange ex, String version, String path, ListFilter f, Pager.Page page, long firstId,
                      long lastId, int limit, String fieldsRaw) {
        List<String> parts = new ArrayList<>(2);
        String base = sim.baseUrl() + "/admin/api/" + version + "/" + path + "?limit=" + limit
                + (fieldsRaw != null && !fieldsRaw.isBlank() ? "&fields=" + HttpIo.encode(fieldsRaw) : "")
                + "&page_info=";
        if (page.hasPrevious()) {
            parts.add("<" + base + new PageCursor(path, f, false, firstId).encode() + ">; rel=\"previous\"");
        }
        if (page.hasNext()) {
            parts.add("<" + base + new PageCursor(path, f, true, lastId).encode() + ">; rel=\"next\"");
        }
        if (!parts.isEmpty()) {
            ex.getResponseHeaders().set("Link", String.join(", ", parts));
        }
    }

    private void ok(HttpExchange ex, HttpIo.Body body, boolean truncate) throws IOException {
        sim.countersInternal().responded(200);
        if (truncate) {
            HttpIo.sendTruncated(ex, 200, body);
        } else {
            HttpIo.stream(ex, 200, body);
        }
    }

    private void respond(HttpExchange ex, int status, byte[] body) throws IOException {
        sim.countersInternal().responded(status);
        HttpIo.send(ex, status, body);
    }

    /**
     * 500 and 503 come from Shopify's application and carry JSON; 502 and 504 come from the edge in
     * front of it and, as in production, are HTML: a client must not assume every body is JSON.
     */
    private void serverError(HttpExchange ex, int status) throws IOException {
        sim.countersInternal().responded(status);
        if (status == 502 || status == 504) {
            String title = status == 502 ? "502 Bad Gateway" : "504 Gateway Time-out";
            byte[] html = ("<html><head><title>" + title + "</title></head><body><h1>" + title
                    + "</h1></body></html>").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(status, html.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(html);
            }
            return;
        }
        if (status == 503) {
            ex.getResponseHeaders().set("Retry-After", "1");
        }
        HttpIo.send(ex, status, Json.errors(status == 503 ? "Service Unavailable" : "Internal Server Error"));
    }

    // ------------------------------------------------------------------ parameters

    private static PageCursor cursor(Map<String, String> params, String path) throws BadRequest {
        if (!params.containsKey("page_info")) {
            return null;
        }
        Map<String, String> offenders = new LinkedHashMap<>();
        for (String name : params.keySet()) {
            if (!PAGE_INFO_COMPANIONS.contains(name)) {
                offenders.put(name, name + " cannot be passed when page_info is present.");
            }
        }
        if (!offenders.isEmpty()) {
            throw new BadRequest(Json.fieldErrors(offenders));
        }
        try {
            return PageCursor.decode(params.get("page_info"), path);
        } catch (IllegalArgumentException e) {
            throw BadRequest.field("page_info", "Invalid value.");
        }
    }

    private static int limit(Map<String, String> params) throws BadRequest {
        String raw = params.get("limit");
        if (raw == null || raw.isBlank()) {
            return DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw BadRequest.field("limit", "limit must be an integer between 1 and " + MAX_LIMIT + ".");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw BadRequest.field("limit", "limit must be between 1 and " + MAX_LIMIT + ", was " + limit + ".");
        }
        return limit;
    }

    /** {@code fields=id, email,tags} → {id, email, tags}; null when absent (every key). */
    private static Set<String> fields(Map<String, String> params) {
        String raw = params.get("fields");
        if (raw == null) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String f : raw.split(",")) {
            if (!f.isBlank()) {
                out.add(f.trim());
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** The filters of a first list request (or of a count request, which ignores ids and since_id). */
    private ListFilter parseFilter(Resource r, Map<String, String> p, boolean forCount) throws BadRequest {
        Map<String, String> errors = new LinkedHashMap<>();
        long sinceId = ListFilter.NONE_MIN;
        long[] ids = null;
        if (!forCount && p.containsKey("since_id")) {
            try {
                sinceId = parseLong("since_id", p.get("since_id"));
            } catch (BadRequest e) {
                errors.put("since_id", "since_id must be an integer.");
            }
        }
        if (!forCount && p.containsKey("ids") && !p.get("ids").isBlank()) {
            try {
                ids = Arrays.stream(p.get("ids").split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .mapToLong(Long::parseLong).sorted().distinct().toArray();
            } catch (NumberFormatException e) {
                errors.put("ids", "ids must be a comma-separated list of integers.");
            }
        }
        long createdMin = bound(p, "created_at_min", true, errors);
        long createdMax = bound(p, "created_at_max", false, errors);
        long updatedMin = bound(p, "updated_at_min", true, errors);
        long updatedMax = bound(p, "updated_at_max", false, errors);
        String status = ListFilter.defaultStatus(r);
        String raw = p.get("status");
        if (raw != null && !raw.isBlank() && status != null) {
            String s = raw.trim().toLowerCase(Locale.ROOT);
            if (r == Resource.PRODUCTS) {
                for (String part : s.split(",")) {
                    if (!Set.of("active", "draft", "archived", "any").contains(part.trim())) {
                        errors.put("status", "status must be a comma-separated list of active, draft, archived.");
                    }
                }
                status = s.contains("any") ? "any" : s.replace(" ", "");
            } else {
                Set<String> allowed = r == Resource.ORDERS ? Set.of("open", "closed", "cancelled", "any")
                        : Set.of("open", "closed", "any");
                if (!allowed.contains(s)) {
                    errors.put("status", "status must be one of " + String.join(", ", new TreeSet<>(allowed)) + ".");
                }
                status = s;
            }
        }
        if (!errors.isEmpty()) {
            throw new BadRequest(Json.fieldErrors(errors));
        }
        return new ListFilter(sinceId, ids, createdMin, createdMax, updatedMin, updatedMax, status);
    }

    /** An inclusive bound in epoch seconds: a min is rounded up, a max down, to whole seconds. */
    private long bound(Map<String, String> p, String name, boolean min, Map<String, String> errors) {
        String raw = p.get(name);
        if (raw == null || raw.isBlank()) {
            return min ? ListFilter.NONE_MIN : ListFilter.NONE_MAX;
        }
        try {
            Instant i = sim.data().time.parseFilter(raw);
            return min && i.getNano() > 0 ? i.getEpochSecond() + 1 : i.getEpochSecond();
        } catch (IllegalArgumentException e) {
            errors.put(name, name + " " + e.getMessage());
            return 0;
        }
    }

    private static long parseLong(String name, String raw) throws BadRequest {
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw BadRequest.field(name, name + " must be an integer.");
        }
    }

    // ------------------------------------------------------------------ misc

    /** Deterministic per request sequence number, like Shopify's request ids in shape only. */
    private String requestId(long seq) {
        return new UUID(Rng.hash(sim.seed(), 0x4E0, seq), Rng.hash(sim.seed(), 0x4E1, seq)).toString();
    }

    static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

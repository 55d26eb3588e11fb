package courier.simulator;

import java.util.Map;

/**
 * An admitted Admin API read: the API version (echoed in Link URLs), the route, the query
 * parameters and the earliest created_at the caller may see (the 60-day rule for orders).
 */
record ListRequest(String version, ApiRoute route, Map<String, String> params, long visibleFrom) {}

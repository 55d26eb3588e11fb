package courier.simulator;

/** An Admin API request path split after {@code /admin/api/}: the version and what follows it. */
record ApiPath(String version, String rest) {
  static final String PREFIX = "/admin/api/";

  /** Splits a raw path that starts with {@link #PREFIX}; the rest is empty when nothing follows. */
  static ApiPath of(String rawPath) {
    String afterPrefix = rawPath.substring(PREFIX.length());
    int slash = afterPrefix.indexOf('/');
    if (slash < 0) {
      return new ApiPath(afterPrefix, "");
    }
    return new ApiPath(afterPrefix.substring(0, slash), afterPrefix.substring(slash + 1));
  }
}

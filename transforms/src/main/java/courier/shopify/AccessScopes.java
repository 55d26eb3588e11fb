package courier.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Serializable;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The access scopes a shop granted the app, as Shopify lists their handles (REST {@code
 * /admin/oauth/access_scopes.json}, GraphQL {@code currentAppInstallation.accessScopes}). Shopify
 * lists what was granted, and a write scope may be listed without its read scope although it grants
 * it: {@link #has} knows that.
 */
public final class AccessScopes implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Set<String> handles;

  private AccessScopes(Set<String> handles) {
    this.handles = handles;
  }

  public static AccessScopes of(Set<String> handles) {
    return new AccessScopes(new TreeSet<>(handles));
  }

  /**
   * The handles of an array of {@code {"handle": ...}} objects; IOException (retried like any
   * malformed body) when it is not one.
   */
  static AccessScopes fromHandles(JsonNode array) throws IOException {
    if (array == null || !array.isArray()) {
      throw new IOException("the body has no array of access scopes");
    }
    Set<String> handles = new TreeSet<>();
    for (JsonNode scope : array) {
      JsonNode handle = scope.get("handle");
      if (handle == null || !handle.isTextual()) {
        throw new IOException("an access scope has no textual \"handle\"");
      }
      handles.add(handle.textValue());
    }
    return new AccessScopes(handles);
  }

  /**
   * Whether {@code scope} is granted, directly or by its write scope (write_orders: read_orders).
   */
  public boolean has(String scope) {
    return handles.contains(scope)
        || (scope.startsWith("read_") && handles.contains("write_" + scope.substring(5)));
  }

  /** The granted handles, sorted. */
  public Set<String> handles() {
    return Collections.unmodifiableSet(handles);
  }

  @Override
  public String toString() {
    return String.join(", ", handles);
  }
}

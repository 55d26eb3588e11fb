package courier.simulator;

import java.util.Map;

/** A request parameter Shopify would refuse; becomes a 400 with a Shopify-style body. */
final class BadRequest extends Exception {
  private final transient byte[] body;

  private BadRequest(byte[] body) {
    super(null, null, false, false);
    this.body = body;
  }

  /** {@code {"errors": {name: message, ...}}} for every offending parameter. */
  static BadRequest fields(Map<String, String> messages) {
    return new BadRequest(Json.fieldErrors(messages));
  }

  static BadRequest field(String name, String message) {
    return fields(Map.of(name, message));
  }

  byte[] body() {
    return body;
  }
}

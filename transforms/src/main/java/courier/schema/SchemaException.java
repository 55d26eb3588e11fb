package courier.schema;

/** A schema file that cannot be used; the message names the file, the column and the problem. */
public final class SchemaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SchemaException(String message) {
    super(message);
  }

  public SchemaException(String message, Throwable cause) {
    super(message, cause);
  }
}

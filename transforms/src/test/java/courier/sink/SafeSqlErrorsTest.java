package courier.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import org.junit.jupiter.api.Test;

/**
 * What the courier throws for a database error: never the database's message, which quotes rows.
 */
class SafeSqlErrorsTest {
  @Test
  void theErrorNamesWhatFailedAndTheCodesNeverTheDatabasesMessage() {
    SQLException database =
        new SQLIntegrityConstraintViolationException(
            "Failing row contains (42, steve@example.com)", "23505", 1062);
    SQLException safe =
        SafeSqlErrors.withoutValues("staging into shopify_customer__staging failed", database);
    assertEquals(
        "staging into shopify_customer__staging failed: SQLIntegrityConstraintViolationException,"
            + " SQLState 23505, error code 1062 (the database's message is left out: it may hold"
            + " the row's values)",
        safe.getMessage());
    assertEquals("23505", safe.getSQLState());
    assertEquals(1062, safe.getErrorCode());
    assertNull(safe.getCause(), "the original, message and all, is not chained");
    assertArrayEquals(database.getStackTrace(), safe.getStackTrace(), "where it failed is kept");
  }
}

package courier.sink;

import java.util.List;

/**
 * A delete of the rows of {@code table} that have the same {@code columns} as a row of {@code
 * source} (alias {@code r}) meeting {@code condition}, whose {@code parameters} are bound in order.
 * Identifiers are quoted. A row of the table matches at most one such source row: the source's key
 * holds the columns and the condition fixes the rest of it (H2's MERGE, {@link
 * H2Dialect#deleteByLookup}, would fail on a row matched twice). {@link SqlDialect#deleteMatching}
 * runs it.
 */
record MatchingDelete(
    String table, String source, String condition, List<String> columns, List<Object> parameters) {

  /** {@code DELETE ... WHERE EXISTS}: PostgreSQL runs it as a semi-join from the smaller side. */
  String whereExists() {
    StringBuilder sql =
        new StringBuilder("DELETE FROM ")
            .append(table)
            .append(" WHERE EXISTS (SELECT 1 FROM ")
            .append(source)
            .append(" r WHERE ")
            .append(condition);
    for (String c : columns) {
      sql.append(" AND r.").append(c).append(" = ").append(table).append('.').append(c);
    }
    return sql.append(')').toString();
  }
}

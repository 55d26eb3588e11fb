package courier.sink;

/** The sink contract on an H2 file database, the embedded default. */
class H2DomainSinksTest extends DomainSinksContract {
  @Override
  JdbcTarget newDatabase(String name) {
    // DATABASE_TO_LOWER: what the README tells users, so unquoted lower-case names work in queries.
    return JdbcTarget.of(
        "jdbc:h2:file:" + output.resolve("db").resolve(name) + ";DATABASE_TO_LOWER=TRUE");
  }
}

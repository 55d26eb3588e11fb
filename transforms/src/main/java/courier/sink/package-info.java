/**
 * Where normalized rows land: Parquet feeds, JDBC domain tables, and the run manifest.
 *
 * <pre>
 * NormalizedTables ─┬─ ParquetFeeds ─────&gt; feeds/&lt;table&gt;/run_id=&lt;run&gt;/part-*.parquet ─┐
 *                   └─ JdbcDomainTables ─&gt; DDL → staging → one commit → courier_runs ─┴─ RunManifest
 *                                                                   runs/&lt;run&gt;/manifest.json, last
 * </pre>
 *
 * <p>A run is all or nothing in each sink: the database changes in one transaction (a failed run
 * changes nothing), and a feed counts only once its manifest exists (a failed run writes none).
 * Everything runs on the DirectRunner and the FlinkRunner; ordering rests on {@code Wait.on} and
 * side inputs only.
 */
package courier.sink;

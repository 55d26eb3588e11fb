/**
 * Where normalized rows land: Parquet feeds, JDBC domain tables, and the run manifest.
 *
 * <pre>
 * NormalizedTables ─┬─ ParquetFeeds ─&gt; runs/&lt;run&gt;/feeds/&lt;table&gt;/part-*.parquet ─&gt; RunManifest.stage ─┐
 *                   └─ JdbcDomainTables ─&gt; DDL → staging → one commit (after stage) → courier_runs ─┴─┐
 *   RunManifest.publish: files → feeds/&lt;table&gt;/run_id=&lt;run&gt;/, then runs/&lt;run&gt;/manifest.json ─┘
 * </pre>
 *
 * <p>The staging takes every version as it is fetched, ahead of the dedup's barrier; the commit
 * first puts the kept version of each entity read more than once in place of the others (see {@link
 * courier.sink.ContestedVersions}).
 *
 * <p>A run is all or nothing in each sink: the database changes in one transaction (a failed run
 * changes nothing), and feeds/ receives a run's files only after its commit (a failed run leaves
 * nothing there; {@link courier.sink.RunAttempts#finishCommitted} finishes a committed run that
 * stopped before). Everything runs on the DirectRunner and the FlinkRunner; ordering rests on
 * {@code Wait.on} and side inputs only.
 */
package courier.sink;

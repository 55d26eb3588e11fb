package courier.sink;

import courier.normalize.NormalizedTables;
import courier.normalize.RootKeys;
import courier.normalize.TableRows;
import courier.schema.Lineage;
import courier.schema.TableSchema;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lands a run in the JDBC domain tables, all at once or not at all:
 *
 * <ol>
 *   <li>CreateOrAlterTables: domain tables from the schema files, the ledgers ({@code
 *       courier_runs}...), and the run's own staging tables (see {@link StagingTables});
 *   <li>Stage: the rows and root key of every version the run read ({@link
 *       NormalizedTables#versionRecords()}, before the dedup, so staging runs while the fetch waits
 *       on Shopify rather than after the dedup's barrier) into staging tables ({@link
 *       StagingWrite}: batched, COPY on PostgreSQL, idempotent, so replayed bundles are harmless),
 *       once the tables exist;
 *   <li>Commit: once everything is staged, one transaction puts the kept version of each entity
 *       read more than once in place of all of them ({@link ContestedVersions}), replaces the rows
 *       of every entity the run saw and records the run (see {@link RunCommit}).
 * </ol>
 *
 * The steps are sequenced by side inputs (see {@link Barrier}): one view of the tables' existence,
 * shared by every table's staging, and one of the end of all staging, for the commit.
 *
 * <p>Emits the run id once committed (or found committed before), for {@link RunManifest} to wait
 * on. The run id must be the one {@code Normalize} wrote into the rows.
 *
 * <pre>{@code
 * PCollection<String> committed = normalized.apply("JdbcDomainTables",
 *     JdbcDomainTables.to(JdbcTarget.of(url)).withRunInfo(run));
 * }</pre>
 */
public final class JdbcDomainTables extends PTransform<NormalizedTables, PCollection<String>> {
  private static final long serialVersionUID = 1L;
  private static final long DEFAULT_BATCH_SIZE = 1000;
  private static final Duration DEFAULT_STAGING_RETENTION = Duration.ofDays(2);

  private final JdbcTarget target;
  private final RunInfo run;
  private final long batchSize;
  private final Duration stagingRetention;

  /** What else must be complete before the commit (e.g. the run's Parquet files); may be empty. */
  private final List<PCollection<?>> commitSignals;

  private JdbcDomainTables(
      JdbcTarget target,
      RunInfo run,
      long batchSize,
      Duration stagingRetention,
      List<PCollection<?>> commitSignals) {
    this.target = target;
    this.run = run;
    this.batchSize = batchSize;
    this.stagingRetention = stagingRetention;
    this.commitSignals = List.copyOf(commitSignals);
  }

  public static JdbcDomainTables to(JdbcTarget target) {
    require(target != null, "JdbcDomainTables.to() needs a target");
    return new JdbcDomainTables(
        target, null, DEFAULT_BATCH_SIZE, DEFAULT_STAGING_RETENTION, List.of());
  }

  /**
   * The run being landed: its id scopes the staging rows, and it is recorded in courier_runs.
   * Required.
   */
  public JdbcDomainTables withRunInfo(RunInfo run) {
    require(run != null, "withRunInfo() needs the run");
    return new JdbcDomainTables(target, run, batchSize, stagingRetention, commitSignals);
  }

  /**
   * Holds the commit back until {@code signal} is complete, so that when what it signals fails (the
   * run's Parquet files), nothing is committed and courier_runs does not record the run: the next
   * incremental run then reads the window again instead of leaving a hole in the feeds.
   */
  public JdbcDomainTables committingAfter(PCollection<?> signal) {
    require(signal != null, "committingAfter() needs a collection");
    List<PCollection<?>> signals = new ArrayList<>(commitSignals);
    signals.add(signal);
    return new JdbcDomainTables(target, run, batchSize, stagingRetention, signals);
  }

  /** Rows per staging batch: one COPY or JDBC batch, one transaction (default 1000). */
  public JdbcDomainTables withBatchSize(long batchSize) {
    require(batchSize > 0, "withBatchSize() needs a positive size");
    return new JdbcDomainTables(target, run, batchSize, stagingRetention, commitSignals);
  }

  /**
   * Staging tables of other runs that started longer ago than this are leftovers of failed runs and
   * are dropped after the commit. Default two days; must exceed the longest run.
   */
  public JdbcDomainTables withStagingRetention(Duration retention) {
    require(
        retention != null && !retention.isNegative(),
        "withStagingRetention() needs a non-negative duration");
    return new JdbcDomainTables(target, run, batchSize, retention, commitSignals);
  }

  @Override
  public PCollection<String> expand(NormalizedTables normalized) {
    require(run != null, "JdbcDomainTables needs withRunInfo()");
    List<TableSchema> tables = normalized.tables();

    PCollectionView<Iterable<Void>> tablesReady =
        normalized
            .getPipeline()
            .apply("Once", Create.of(run.runId()))
            .apply("CreateOrAlterTables", ParDo.of(new CreateOrAlterTablesFn(target, tables, run)))
            .apply("TablesReady", Barrier.completionOf());

    // One staging step for every table and the root keys, over the run's one collection of
    // records (see NormalizedTables), once the tables exist.
    Map<String, StagingWrite.Destination> destinations = new LinkedHashMap<>();
    for (TableSchema table : tables) {
      destinations.put(
          table.name(),
          new StagingWrite.Destination(
              SqlTable.staging(target, table, run.runId()), new RowColumns()));
    }
    destinations.put(
        NormalizedTables.ROOTS,
        new StagingWrite.Destination(
            SqlTable.rootKeysStaging(target, run.runId()), new RootKeyColumns(run)));
    PCollection<Void> staged =
        normalized
            .versionRecords()
            .apply("WaitForTables", Barrier.after(tablesReady))
            .apply(
                "Stage", new StagingWrite(target, destinations, batchSize, normalized.tableRows()));
    PCollectionView<Iterable<Void>> allStaged = staged.apply("StagingDone", Barrier.completionOf());

    PCollectionView<Long> rejects =
        normalized
            .rejects()
            .apply("CountRejects", Combine.globally(Count.<Row>combineFn()).asSingletonView());
    // The ledger needs each reject's entity, not its JSON (which may be megabytes).
    PCollectionView<Iterable<Row>> rejectKeys =
        normalized
            .rejects()
            .apply("RejectKeys", ParDo.of(new RejectKeyFn()))
            .setRowSchema(RejectLedger.KEY_SCHEMA)
            .apply("RejectKeysView", View.asIterable());
    // A window's deletions are few (the events of one run): a side input, like the reject keys.
    PCollectionView<Iterable<Row>> deletions =
        normalized.deletions().apply("DeletionsView", View.asIterable());
    // Entities read in several versions are few (updated while the run read them): a side input.
    PCollectionView<Iterable<KV<String, byte[]>>> contested =
        normalized.contested().apply("ContestedView", View.asIterable());
    List<PCollectionView<?>> commitAfter =
        new ArrayList<>(List.of(rejects, rejectKeys, deletions, contested, allStaged, tablesReady));
    for (int i = 0; i < commitSignals.size(); i++) {
      commitAfter.add(commitSignals.get(i).apply("CommitSignal " + i, Barrier.completionOf()));
    }
    // allStaged and tablesReady hold nothing: as side inputs, they hold the commit back until all
    // is staged and, should every table be empty (then the staging writes need not wait for the
    // DDL, having nothing to write), until the tables exist.
    return normalized
        .getPipeline()
        .apply("CommitOnce", Create.of(run.runId()))
        .apply(
            "Commit",
            ParDo.of(
                    new CommitFn(
                        target,
                        tables,
                        run,
                        stagingRetention,
                        new CommitInputs(
                            rejects, rejectKeys, deletions, contested, normalized.tableRows())))
                .withSideInputs(commitAfter));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("jdbcUrl", target.redactedUrl()).withLabel("Database"))
        .addIfNotNull(DisplayData.item("user", target.user()).withLabel("User"))
        .add(DisplayData.item("password", target.passwordSource()).withLabel("Password from"))
        .add(DisplayData.item("tablePrefix", target.tablePrefix()).withLabel("Table prefix"))
        .addIfNotNull(
            DisplayData.item("runId", run == null ? null : run.runId()).withLabel("Run id"))
        .add(DisplayData.item("batchSize", batchSize).withLabel("Staging batch size"));
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** A domain row's values: its schema's columns are the staging table's, in the same order. */
  static final class RowColumns implements StagingWrite.RowValues {
    private static final long serialVersionUID = 1L;

    @Override
    public Object[] of(Row row) {
      Object[] values = new Object[row.getFieldCount()];
      for (int i = 0; i < values.length; i++) {
        values[i] = row.getValue(i);
      }
      return values;
    }
  }

  /** A root key, stamped with the run's start so stale leftovers can be recognised. */
  static final class RootKeyColumns implements StagingWrite.RowValues {
    private static final long serialVersionUID = 1L;
    private final RunInfo run;

    RootKeyColumns(RunInfo run) {
      this.run = run;
    }

    @Override
    public Object[] of(Row key) {
      return new Object[] {
        key.getString(Lineage.RUN_ID),
        key.getString(Lineage.SHOP),
        key.getString(RootKeys.RESOURCE),
        key.getInt64(Lineage.ROOT_ID),
        new org.joda.time.Instant(run.startedAt().toEpochMilli())
      };
    }
  }

  private static final class CreateOrAlterTablesFn extends DoFn<String, String> {
    private static final long serialVersionUID = 1L;
    private final JdbcTarget target;
    private final List<TableSchema> tables;
    private final RunInfo run;

    CreateOrAlterTablesFn(JdbcTarget target, List<TableSchema> tables, RunInfo run) {
      this.target = target;
      this.tables = tables;
      this.run = run;
    }

    @ProcessElement
    public void process(@Element String runId, OutputReceiver<String> out) throws SQLException {
      List<SqlTable> definitions = new ArrayList<>();
      for (TableSchema table : tables) {
        definitions.add(SqlTable.domain(target, table));
      }
      definitions.add(CourierRuns.table());
      definitions.add(RejectLedger.table());
      definitions.add(DeletionLedger.table());
      definitions.add(StagingTables.table());
      try (Connection connection = target.connect()) {
        connection.setAutoCommit(true);
        new SchemaSync(target.dialect()).apply(connection, definitions);
        StagingTables.create(connection, target, tables, run);
      }
      out.output(runId);
    }
  }

  private static final class RejectKeyFn extends DoFn<Row, Row> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process(@Element Row reject, OutputReceiver<Row> out) {
      out.output(RejectLedger.key(reject));
    }
  }

  /** What the commit reads besides the staging: side inputs, and how to decode the contested. */
  private record CommitInputs(
      PCollectionView<Long> rejects,
      PCollectionView<Iterable<Row>> rejectKeys,
      PCollectionView<Iterable<Row>> deletions,
      PCollectionView<Iterable<KV<String, byte[]>>> contested,
      TableRows tableRows)
      implements Serializable {}

  private static final class CommitFn extends DoFn<String, String> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(JdbcDomainTables.class);
    private final JdbcTarget target;
    private final List<TableSchema> tables;
    private final RunInfo run;
    private final Duration stagingRetention;
    private final CommitInputs inputs;

    CommitFn(
        JdbcTarget target,
        List<TableSchema> tables,
        RunInfo run,
        Duration stagingRetention,
        CommitInputs inputs) {
      this.target = target;
      this.tables = tables;
      this.run = run;
      this.stagingRetention = stagingRetention;
      this.inputs = inputs;
    }

    @ProcessElement
    public void process(ProcessContext context) throws SQLException {
      try (Connection connection = target.connect()) {
        RunCommit commit = new RunCommit(target, tables, run, stagingRetention);
        Map<String, Long> inserted =
            commit.commit(
                connection,
                context.sideInput(inputs.rejects()),
                context.sideInput(inputs.rejectKeys()),
                context.sideInput(inputs.deletions()),
                ContestedVersions.of(inputs.tableRows(), context.sideInput(inputs.contested())));
        if (inserted.isEmpty()) {
          LOG.info(
              "Run {} was already committed to {}; nothing to do",
              run.runId(),
              target.redactedUrl());
        } else {
          LOG.info(
              "Committed run {} to {}: {}; skipped as older than the stored version: {}; marked"
                  + " deleted: {}",
              run.runId(),
              target.redactedUrl(),
              inserted,
              commit.staleSkipped(),
              commit.markedDeleted());
        }
        target.dialect().afterCommit(connection, target.jdbcUrl());
      }
      context.output(run.runId());
    }
  }
}

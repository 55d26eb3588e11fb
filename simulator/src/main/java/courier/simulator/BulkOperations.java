package courier.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The shop's bulk query operations: at most {@value #CONCURRENCY_LIMIT} unfinished per app (the
 * limit since API 2026-01), each written by a background writer into a file under a private
 * temporary folder, and served on loopback at {@code /_bulk/{id}/{token}.jsonl} without an access
 * token (Shopify's result URLs are signed). An expired operation's URL answers 403; a download
 * {@code bulkTruncateNext} names is cut in the middle, one {@code bulkStallNext} names stalls
 * there.
 */
final class BulkOperations implements AutoCloseable {
  static final int CONCURRENCY_LIMIT = 5;
  static final String DOWNLOAD_PREFIX = "/_bulk/";

  /** How long a stalled download ({@code bulkStallNext}) stays silent at most. */
  static final Duration STALL = Duration.ofSeconds(20);

  /** Ids far from the shop's entities', so a bulk operation id is never mistaken for one. */
  private static final long FIRST_ID = 9_000_000_001L;

  private static final SecureRandom TOKENS = new SecureRandom();

  private final SimClock clock;
  private final LongSupplier nanoClock;
  private final BulkSettings settings;
  private final Counters counters;
  private final Supplier<String> baseUrl;
  private final AtomicLong nextId = new AtomicLong(FIRST_ID);
  private final Map<Long, BulkJob> jobs = new ConcurrentHashMap<>();
  private final ExecutorService writers =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "sim-bulk-writer");
            t.setDaemon(true);
            return t;
          });
  private Path folder;

  BulkOperations(
      SimClock clock,
      LongSupplier nanoClock,
      BulkSettings settings,
      Counters counters,
      Supplier<String> baseUrl) {
    this.clock = clock;
    this.nanoClock = nanoClock;
    this.settings = settings;
    this.counters = counters;
    this.baseUrl = baseUrl;
  }

  /** What a writer does: writes the operation's JSONL, returns the error code when it fails. */
  interface Writer {
    String write(BulkJob job, OutputStream out) throws IOException;
  }

  /**
   * Starts an operation for {@code app}, or returns null when the app already has {@value
   * #CONCURRENCY_LIMIT} unfinished ones.
   */
  synchronized BulkJob submit(String app, String query, Writer writer) {
    long running =
        jobs.values().stream()
            .filter(j -> j.app.equals(app))
            .map(this::status)
            .filter(
                s ->
                    s == BulkJob.Status.CREATED
                        || s == BulkJob.Status.RUNNING
                        || s == BulkJob.Status.CANCELING)
            .count();
    if (running >= CONCURRENCY_LIMIT) {
      return null;
    }
    byte[] token = new byte[16];
    TOKENS.nextBytes(token);
    BulkJob job =
        new BulkJob(
            nextId.getAndIncrement(),
            app,
            query,
            clock.now(),
            HexFormat.of().formatHex(token),
            settings.takeFailure(),
            nanoClock.getAsLong(),
            settings::runSeconds);
    jobs.put(job.id, job);
    counters.bulkOperationStarted();
    writers.execute(() -> run(job, writer));
    return job;
  }

  private void run(BulkJob job, Writer writer) {
    job.started();
    Path file = null;
    try {
      file = Files.createTempFile(folder(), "op-" + job.id + "-", ".jsonl");
      String error;
      try (OutputStream out = Files.newOutputStream(file)) {
        error = writer.write(job, out);
      }
      if (job.cancelRequested()) {
        Files.deleteIfExists(file);
        job.stoppedForCancel();
      } else if (error == null && job.failureInjected) {
        job.finished(keepFirstHalf(file), Files.size(file), "INTERNAL_SERVER_ERROR");
      } else if (error != null) {
        Files.deleteIfExists(file);
        job.finished(null, 0, error);
      } else {
        job.finished(file, Files.size(file), null);
      }
    } catch (IOException | RuntimeException e) {
      job.finished(null, 0, "INTERNAL_SERVER_ERROR");
    }
  }

  /** An injected failure's partial file: the whole lines in the first half of the bytes. */
  private static Path keepFirstHalf(Path file) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long end = channel.size() / 2;
      ByteBuffer one = ByteBuffer.allocate(1);
      while (end > 0) {
        one.clear();
        channel.read(one, end - 1);
        if (one.get(0) == '\n') {
          break;
        }
        end--;
      }
      channel.truncate(end);
    }
    return file;
  }

  BulkJob.Status status(BulkJob job) {
    return job.status(nanoClock.getAsLong(), clock.now());
  }

  /** The app's operation with this id, null when there is none. */
  BulkJob find(String app, long id) {
    BulkJob job = jobs.get(id);
    return job != null && job.app.equals(app) ? job : null;
  }

  /** The app's most recent operation, null when it has none. */
  BulkJob current(String app) {
    return jobs.values().stream()
        .filter(j -> j.app.equals(app))
        .max(Comparator.comparingLong(j -> j.id))
        .orElse(null);
  }

  boolean cancel(BulkJob job) {
    return job.cancel(nanoClock.getAsLong(), clock.now());
  }

  Map<String, Object> view(BulkJob job) {
    return job.view(nanoClock.getAsLong(), clock.now(), baseUrl.get());
  }

  /** Serves {@code /_bulk/{id}/{token}.jsonl}: the file, 403 once expired, 404 when unknown. */
  void download(HttpExchange exchange, String path) throws IOException {
    String[] parts = path.substring(DOWNLOAD_PREFIX.length()).split("/");
    BulkJob job = null;
    if (parts.length == 2 && parts[0].matches("\\d{1,18}")) {
      BulkJob candidate = jobs.get(Long.parseLong(parts[0]));
      if (candidate != null && parts[1].equals(candidate.token + ".jsonl")) {
        job = candidate;
      }
    }
    Path file = job == null ? null : job.file();
    if (file == null) {
      answer(exchange, 404, "NoSuchKey");
      return;
    }
    if (status(job) == BulkJob.Status.EXPIRED) {
      answer(exchange, 403, "ExpiredToken");
      return;
    }
    long size = Files.size(file);
    exchange.getResponseHeaders().set("Content-Type", "application/jsonl");
    exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
    counters.responded(200);
    if (size == 0) {
      return;
    }
    boolean truncate = settings.takeTruncation();
    boolean stall = !truncate && settings.takeStall();
    OutputStream out = exchange.getResponseBody();
    try (InputStream in = Files.newInputStream(file)) {
      if (truncate || stall) {
        out.write(in.readNBytes((int) Math.min(Integer.MAX_VALUE, size / 2)));
        out.flush();
        if (stall) {
          holdSilent();
        }
        throw new HttpIo.AbortConnection();
      }
      in.transferTo(out);
    }
    out.close();
  }

  /**
   * A stalled download: half the file sent, then nothing, the connection open, until the client
   * gives up (its read timeout) or the simulator stops; bounded so a client without a read timeout
   * fails its test instead of hanging the build.
   */
  private static void holdSilent() {
    try {
      Thread.sleep(STALL.toMillis());
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    }
  }

  private void answer(HttpExchange exchange, int status, String code) throws IOException {
    counters.responded(status);
    byte[] body =
        ("<?xml version='1.0' encoding='UTF-8'?><Error><Code>" + code + "</Code></Error>")
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/xml");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private synchronized Path folder() throws IOException {
    if (folder == null) {
      folder = Files.createTempDirectory("courier-sim-bulk-");
    }
    return folder;
  }

  /** Stops the writers and deletes every result file. */
  @Override
  public synchronized void close() {
    writers.shutdownNow();
    if (folder != null) {
      try (Stream<Path> files = Files.walk(folder)) {
        files.sorted(Comparator.reverseOrder()).forEach(BulkOperations::deleteQuietly);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete " + folder, e);
      }
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // a writer still holding it after shutdownNow; the OS temp folder keeps it
    }
  }
}

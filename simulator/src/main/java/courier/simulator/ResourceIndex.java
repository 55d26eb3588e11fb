package courier.simulator;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The compact, always-in-memory part of one resource: for every entity its id (ascending), its
 * created_at and updated_at (epoch seconds) and a few status bits. Filters, counts and paging run
 * on these arrays alone; entity JSON is generated only for the records a page returns. 200,000
 * orders take about 3.4 MB here.
 *
 * <p>Positions never move: new entities are appended (their ids are higher than all others) and
 * deleted ones only get the {@link #DELETED} bit. Readers hold {@link #readLock()} while scanning.
 */
final class ResourceIndex {
  static final int DELETED = 1;

  /** Orders and checkouts: closed_at is set. */
  static final int CLOSED = 2;

  /** Orders: cancelled_at is set. */
  static final int CANCELLED = 4;

  /** Orders: test order. */
  static final int TEST = 8;

  /** Products: status draft. */
  static final int DRAFT = 16;

  /** Products: status archived. */
  static final int ARCHIVED = 32;

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private long[] ids;
  private long[] created;
  private long[] updated;
  private byte[] flags;
  private int size;
  private int live;

  ResourceIndex(int capacity) {
    int c = Math.max(16, capacity);
    ids = new long[c];
    created = new long[c];
    updated = new long[c];
    flags = new byte[c];
  }

  ReentrantReadWriteLock.ReadLock readLock() {
    return lock.readLock();
  }

  ReentrantReadWriteLock.WriteLock writeLock() {
    return lock.writeLock();
  }

  int size() {
    return size;
  }

  /** Entities not deleted. */
  int liveCount() {
    return live;
  }

  long idAt(int pos) {
    return ids[pos];
  }

  long createdAt(int pos) {
    return created[pos];
  }

  long updatedAt(int pos) {
    return updated[pos];
  }

  int flags(int pos) {
    return flags[pos];
  }

  boolean isDeleted(int pos) {
    return (flags[pos] & DELETED) != 0;
  }

  long maxId() {
    return size == 0 ? 0 : ids[size - 1];
  }

  /** Position of {@code id}, or -1. */
  int find(long id) {
    int p = Arrays.binarySearch(ids, 0, size, id);
    return p >= 0 ? p : -1;
  }

  /** First position whose id is greater than {@code id} (size when none). */
  int firstAfter(long id) {
    int p = Arrays.binarySearch(ids, 0, size, id);
    return p >= 0 ? p + 1 : -p - 1;
  }

  /** Appends a new entity; caller holds the write lock. */
  void append(long id, long createdAt, long updatedAt, int flagBits) {
    if (size > 0 && id <= ids[size - 1]) {
      throw new IllegalStateException("ids must be appended in ascending order");
    }
    if (size == ids.length) {
      int c = ids.length * 2;
      ids = Arrays.copyOf(ids, c);
      created = Arrays.copyOf(created, c);
      updated = Arrays.copyOf(updated, c);
      flags = Arrays.copyOf(flags, c);
    }
    ids[size] = id;
    created[size] = createdAt;
    updated[size] = updatedAt;
    flags[size] = (byte) flagBits;
    size++;
    if ((flagBits & DELETED) == 0) {
      live++;
    }
  }

  /** Replaces an entity's indexed values; caller holds the write lock. */
  void set(int pos, long createdAt, long updatedAt, int flagBits) {
    boolean wasLive = (flags[pos] & DELETED) == 0;
    boolean isLive = (flagBits & DELETED) == 0;
    created[pos] = createdAt;
    updated[pos] = updatedAt;
    flags[pos] = (byte) flagBits;
    live += (isLive ? 1 : 0) - (wasLive ? 1 : 0);
  }

  /** Build-time only: sets updated_at of a generated entity before anyone reads the index. */
  void setUpdated(int pos, long updatedAt) {
    updated[pos] = updatedAt;
  }
}

package courier.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Everything the shop holds. Generated entities exist only as their {@link ResourceIndex} entry and
 * are rebuilt on demand from (seed, resource, position); entities changed through the control
 * surface live in a per-resource overlay (id → full JSON) that takes precedence, and deletions are
 * a flag in the index. Mutations are serialized by one lock; reads are concurrent.
 */
final class ShopData {
  static final long DAY = 86_400;

  final long seed;

  /** This shop's id space: every generated id comes from it. */
  final IdLayout ids;

  final ShopTime time;
  final long buildNow;
  final String shopDomain;
  final long shopNumericId;

  final CustomerGen customers = new CustomerGen(this);
  final ProductGen products = new ProductGen(this);
  final OrderGen orders = new OrderGen(this);
  final LocationGen locations = new LocationGen(this);
  final CheckoutGen checkouts = new CheckoutGen(this);
  final Segments segments;
  final DeletionEvents events = new DeletionEvents();

  private final EnumMap<Resource, Integer> generated = new EnumMap<>(Resource.class);
  private final EnumMap<Resource, ResourceIndex> index = new EnumMap<>(Resource.class);
  private final EnumMap<Resource, ConcurrentHashMap<Long, ObjectNode>> overlay =
      new EnumMap<>(Resource.class);
  private final Object mutationLock = new Object();
  private long nextExtraId;
  private final CustomerTotals customerTotals;

  ShopData(
      long seed,
      int idSpace,
      ZoneOffset offset,
      Instant now,
      String shop,
      Map<Resource, Integer> sizes) {
    this.seed = seed;
    this.ids = new IdLayout(idSpace);
    this.nextExtraId = ids.at(IdLayout.EXTRA_BASE);
    this.time = new ShopTime(offset);
    this.buildNow = now.getEpochSecond();
    this.segments = new Segments(buildNow, ids);
    this.shopDomain = shop + ".myshopify.com";
    this.shopNumericId =
        500_000_000L + Long.remainderUnsigned(Rng.hash(seed, 0x5409, 0), 400_000_000L);
    for (Resource r : Resource.values()) {
      int n = sizes.getOrDefault(r, 0);
      generated.put(r, n);
      index.put(r, new ResourceIndex(n + 16));
      overlay.put(r, new ConcurrentHashMap<>());
    }
    this.customerTotals = IndexLayout.layOut(this);
  }

  int generated(Resource r) {
    return generated.get(r);
  }

  ResourceIndex index(Resource r) {
    return index.get(r);
  }

  /** An updated_at after {@code created}: often equal, often within days, sometimes much later. */
  long updatedAfter(Rng r, long created, long cap) {
    if (cap <= created) {
      return created;
    }
    double u = r.nextDouble();
    if (u < 0.45) {
      return created;
    }
    if (u < 0.8) {
      return created + r.nextLong(Math.min(3 * DAY, cap - created) + 1);
    }
    return created + r.nextLong(cap - created + 1);
  }

  // ---------------------------------------------------------------- lookups for generators

  CustomerTotals customerTotals() {
    return customerTotals;
  }

  long productId(int pos) {
    return ids.id(seed, Resource.PRODUCTS, pos, generated(Resource.PRODUCTS));
  }

  long locationId(int pos) {
    return ids.id(seed, Resource.LOCATIONS, pos, generated(Resource.LOCATIONS));
  }

  /** The current full customer at a generated position, or null when it has been deleted. */
  ObjectNode customerNode(int pos) {
    ResourceIndex ix = index(Resource.CUSTOMERS);
    if (ix.isDeleted(pos)) {
      return null;
    }
    return full(Resource.CUSTOMERS, pos);
  }

  // ---------------------------------------------------------------- entities

  /** The full internal entity at an index position (overlay first, else generated). */
  ObjectNode full(Resource r, int pos) {
    ResourceIndex ix = index(r);
    long id = ix.idAt(pos);
    ObjectNode o = overlay.get(r).get(id);
    if (o != null) {
      return o;
    }
    long created = ix.createdAt(pos);
    switch (r) {
      case CUSTOMERS:
        return customers.generate(pos, id, created, ix.updatedAt(pos));
      case ORDERS:
        return orders.generate(pos, id, created, buildNow);
      case PRODUCTS:
        return products.generate(pos, id, created, ix.updatedAt(pos));
      case LOCATIONS:
        return locations.generate(pos, id, created, ix.updatedAt(pos));
      case CHECKOUTS:
        return checkouts.generate(pos, id, created, buildNow);
      default:
        throw new IllegalArgumentException(r.name());
    }
  }

  /** The full entity with this id, or null when absent or deleted. */
  ObjectNode fullById(Resource r, long id) {
    ResourceIndex ix = index(r);
    int pos;
    ix.readLock().lock();
    try {
      pos = ix.find(id);
      if (pos < 0 || ix.isDeleted(pos)) {
        return null;
      }
    } finally {
      ix.readLock().unlock();
    }
    return full(r, pos);
  }

  /** The entities changed through the control surface (a snapshot; GraphQL refund lookups). */
  List<ObjectNode> overlay(Resource r) {
    return new ArrayList<>(overlay.get(r).values());
  }

  /** The entity as list endpoints serve it (customers: 10 addresses; products: 100 variants). */
  static ObjectNode served(Resource r, ObjectNode full) {
    switch (r) {
      case CUSTOMERS:
        return CustomerGen.served(full);
      case PRODUCTS:
        return ProductGen.served(full);
      default:
        return full;
    }
  }

  /** Live ids with updated_at in [fromSec, toSec), ascending. */
  List<Long> ids(Resource r, long fromSec, long toSecExclusive) {
    ResourceIndex ix = index(r);
    List<Long> out = new ArrayList<>();
    ix.readLock().lock();
    try {
      for (int pos = 0; pos < ix.size(); pos++) {
        long u = ix.updatedAt(pos);
        if (!ix.isDeleted(pos) && u >= fromSec && u < toSecExclusive) {
          out.add(ix.idAt(pos));
        }
      }
    } finally {
      ix.readLock().unlock();
    }
    return out;
  }

  int count(Resource r) {
    ResourceIndex ix = index(r);
    ix.readLock().lock();
    try {
      return ix.liveCount();
    } finally {
      ix.readLock().unlock();
    }
  }

  // ---------------------------------------------------------------- mutations

  /** Creates an entity generated like the others, with an id above all existing ones. */
  ObjectNode create(Resource r, long nowSec, Consumer<ObjectNode> customizer) {
    synchronized (mutationLock) {
      ResourceIndex ix = index(r);
      int pos = ix.size();
      long id =
          Math.max(ix.maxId(), ids.at(0))
              + 1
              + Long.remainderUnsigned(Rng.hash(seed, 0xC4EA7E + r.ordinal(), pos), IdLayout.STEP);
      ObjectNode node;
      switch (r) {
        case CUSTOMERS:
          node = customers.generate(pos, id, nowSec, nowSec);
          break;
        case ORDERS:
          node = orders.generate(pos, id, nowSec, nowSec);
          break;
        case PRODUCTS:
          node = products.generate(pos, id, nowSec, nowSec);
          break;
        case LOCATIONS:
          node = locations.generate(pos, id, nowSec, nowSec);
          break;
        case CHECKOUTS:
          node = checkouts.generate(pos, id, nowSec, nowSec);
          break;
        default:
          throw new IllegalArgumentException(r.name());
      }
      // A generated order shares sub-trees with the stored customer it embeds: copy before anyone
      // edits.
      node = node.deepCopy();
      if (customizer != null) {
        customizer.accept(node);
        IndexedFields.checkId(r, id, node);
      }
      node.put("updated_at", time.format(nowSec));
      long created = IndexedFields.createdAt(node, nowSec);
      int flags = IndexedFields.flags(r, node);
      overlay.get(r).put(id, node);
      ix.writeLock().lock();
      try {
        ix.append(id, created, nowSec, flags);
      } finally {
        ix.writeLock().unlock();
      }
      return node;
    }
  }

  /**
   * Applies {@code mutator} to a copy of the full entity, stamps updated_at with {@code nowSec} and
   * stores the result in the overlay.
   *
   * @throws NoSuchElementException when the entity does not exist or was deleted
   */
  ObjectNode update(Resource r, long id, long nowSec, Consumer<ObjectNode> mutator) {
    return update(r, id, pos -> nowSec, mutator);
  }

  /**
   * Changes an entity and keeps its updated_at, as when the shop served a broken body and then the
   * good one for the same version: a reader of updated_at windows cannot see the change.
   */
  ObjectNode updateInPlace(Resource r, long id, Consumer<ObjectNode> mutator) {
    return update(r, id, pos -> index(r).updatedAt(pos), mutator);
  }

  private ObjectNode update(
      Resource r,
      long id,
      java.util.function.IntToLongFunction updatedSec,
      Consumer<ObjectNode> mutator) {
    synchronized (mutationLock) {
      ResourceIndex ix = index(r);
      int pos = livePosition(r, id);
      long nowSec = updatedSec.applyAsLong(pos);
      ObjectNode node = full(r, pos).deepCopy();
      mutator.accept(node);
      IndexedFields.checkId(r, id, node);
      node.put("updated_at", time.format(nowSec));
      long created = IndexedFields.createdAt(node, ix.createdAt(pos));
      int flags = IndexedFields.flags(r, node);
      overlay.get(r).put(id, node);
      ix.writeLock().lock();
      try {
        ix.set(pos, created, nowSec, flags);
      } finally {
        ix.writeLock().unlock();
      }
      return node;
    }
  }

  /** Deletes an entity; false when there was none. */
  boolean delete(Resource r, long id) {
    synchronized (mutationLock) {
      ResourceIndex ix = index(r);
      ix.writeLock().lock();
      try {
        int pos = ix.find(id);
        if (pos < 0 || ix.isDeleted(pos)) {
          return false;
        }
        ix.set(pos, ix.createdAt(pos), ix.updatedAt(pos), ix.flags(pos) | ResourceIndex.DELETED);
      } finally {
        ix.writeLock().unlock();
      }
      overlay.get(r).remove(id);
      return true;
    }
  }

  /** A fresh id for nested objects created by mutations (refunds, transactions...). */
  long nextExtraId() {
    synchronized (mutationLock) {
      return nextExtraId++;
    }
  }

  private int livePosition(Resource r, long id) {
    ResourceIndex ix = index(r);
    ix.readLock().lock();
    try {
      int pos = ix.find(id);
      if (pos < 0 || ix.isDeleted(pos)) {
        throw new NoSuchElementException("no " + r.path() + " entity with id " + id);
      }
      return pos;
    } finally {
      ix.readLock().unlock();
    }
  }
}

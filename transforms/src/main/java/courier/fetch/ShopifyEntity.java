package courier.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.shopify.ShopifyJson;
import courier.shopify.ShopifyResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * One Shopify entity as fetched: a customer, order, product or location, with its raw JSON. This is
 * what {@link ShopifyIO#read()} emits and what the normalize step consumes.
 *
 * <p>An entity made by the fetch keeps the tree its page was parsed into, and the normalizer reads
 * that tree: where the runner hands the object on as it is (the DirectRunner; Flink with {@code
 * fasterCopy} within a chain) the entity is never written out and parsed again. Its JSON is written
 * as UTF-8 bytes only when something needs them: the coder, when the runner does serialize it, and
 * a reject's raw JSON. An entity decoded from bytes (or made from text) parses them when read. In
 * JFR profiles, writing each entity to UTF-8 and parsing it back were 8 to 17 % of a run's samples
 * (README, issue 17's thirteenth round).
 */
@DefaultCoder(ShopifyEntity.EntityCoder.class)
public final class ShopifyEntity {
  /** updatedAtMillis of an entity that has no updated_at (locations may lack it). */
  public static final long NO_UPDATED_AT = Long.MIN_VALUE;

  private final String shop;
  private final ShopifyResource resource;
  private final long id;
  private final long updatedAtMillis;

  /**
   * The fetched tree, or null for an entity made from text or bytes. Never changed once the entity
   * exists: the fetch emits a tree it no longer touches, and readers must not change it.
   */
  private final transient ObjectNode tree;

  /**
   * UTF-8 JSON; never handed out, so never changed once set. Written from {@link #tree} on first
   * use (a benign race: two threads would write equal arrays).
   */
  private byte[] json;

  /** An entity from its JSON text, kept as given (even malformed: normalization rejects it). */
  public ShopifyEntity(
      String shop, ShopifyResource resource, long id, long updatedAtMillis, String json) {
    this(
        shop,
        resource,
        id,
        updatedAtMillis,
        null,
        Objects.requireNonNull(json, "json").getBytes(StandardCharsets.UTF_8));
  }

  private ShopifyEntity(
      String shop,
      ShopifyResource resource,
      long id,
      long updatedAtMillis,
      ObjectNode tree,
      byte[] json) {
    this.shop = Objects.requireNonNull(shop, "shop");
    this.resource = Objects.requireNonNull(resource, "resource");
    this.id = id;
    this.updatedAtMillis = updatedAtMillis;
    this.tree = tree;
    this.json = json;
  }

  /**
   * The entity as fetched: id and updated_at read from its tree, which the entity keeps. The caller
   * hands the tree over: it must not change it afterwards.
   */
  public static ShopifyEntity of(String shop, ShopifyResource resource, ObjectNode entity) {
    return new ShopifyEntity(
        shop,
        resource,
        ShopifyJson.id(entity),
        ShopifyJson.updatedAtMillis(entity, NO_UPDATED_AT),
        Objects.requireNonNull(entity, "entity"),
        null);
  }

  /** Shop domain, e.g. acme.myshopify.com. */
  public String shop() {
    return shop;
  }

  public ShopifyResource resource() {
    return resource;
  }

  public long id() {
    return id;
  }

  /** updated_at as UTC epoch millis, or {@link #NO_UPDATED_AT}. */
  public long updatedAtMillis() {
    return updatedAtMillis;
  }

  /**
   * The entity's JSON object as Shopify sent it (customers: with every address filled in), as text:
   * for rejects and messages; the normalizer reads it with {@link #readJson}.
   */
  public String json() {
    return new String(utf8(), StandardCharsets.UTF_8);
  }

  /**
   * The JSON as a tree: the fetched tree itself when this entity has one (read it, never change
   * it), else parsed with {@code mapper} straight from the UTF-8 bytes.
   */
  public JsonNode readJson(ObjectMapper mapper) throws IOException {
    return tree != null ? tree : mapper.readTree(json);
  }

  private byte[] utf8() {
    byte[] bytes = json;
    if (bytes == null) {
      bytes = ShopifyJson.toUtf8(tree);
      json = bytes;
    }
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ShopifyEntity)) {
      return false;
    }
    ShopifyEntity e = (ShopifyEntity) o;
    return id == e.id
        && updatedAtMillis == e.updatedAtMillis
        && shop.equals(e.shop)
        && resource == e.resource
        && Arrays.equals(utf8(), e.utf8());
  }

  @Override
  public int hashCode() {
    return Objects.hash(shop, resource, id, updatedAtMillis);
  }

  @Override
  public String toString() {
    return resource.path() + "/" + id + "@" + shop;
  }

  /**
   * Compact deterministic coder: shop, resource, id, updated_at, the JSON's UTF-8 bytes.
   * Hand-written because every entity crosses it several times per run (bench/README.md,
   * LatestVersion notes).
   */
  public static final class EntityCoder extends AtomicCoder<ShopifyEntity> {
    private static final long serialVersionUID = 1L;
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final ByteArrayCoder BYTES = ByteArrayCoder.of();

    public static EntityCoder of() {
      return new EntityCoder();
    }

    @Override
    public void encode(ShopifyEntity value, OutputStream out) throws IOException {
      STRING.encode(value.shop, out);
      STRING.encode(value.resource.path(), out);
      LONG.encode(value.id, out);
      LONG.encode(value.updatedAtMillis, out);
      BYTES.encode(value.utf8(), out);
    }

    @Override
    public ShopifyEntity decode(InputStream in) throws IOException {
      String shop = STRING.decode(in);
      ShopifyResource resource = ShopifyResource.fromPath(STRING.decode(in));
      long id = LONG.decode(in);
      long updatedAt = LONG.decode(in);
      return new ShopifyEntity(shop, resource, id, updatedAt, null, BYTES.decode(in));
    }

    @Override
    public void verifyDeterministic() {}

    @Override
    public boolean consistentWithEquals() {
      return true;
    }
  }
}

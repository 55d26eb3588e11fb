package courier.fetch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.shopify.ShopifyJson;
import courier.shopify.ShopifyResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * One Shopify entity as fetched: a customer, order, product or location, with its raw JSON. This is
 * what {@link ShopifyIO#read()} emits and what the normalize step consumes. The JSON is kept as
 * text so the element stays cheap to encode and exactly what Shopify sent (rejects carry it).
 */
@DefaultCoder(ShopifyEntity.EntityCoder.class)
public final class ShopifyEntity {
  /** updatedAtMillis of an entity that has no updated_at (locations may lack it). */
  public static final long NO_UPDATED_AT = Long.MIN_VALUE;

  private final String shop;
  private final ShopifyResource resource;
  private final long id;
  private final long updatedAtMillis;
  private final String json;

  public ShopifyEntity(
      String shop, ShopifyResource resource, long id, long updatedAtMillis, String json) {
    this.shop = Objects.requireNonNull(shop, "shop");
    this.resource = Objects.requireNonNull(resource, "resource");
    this.id = id;
    this.updatedAtMillis = updatedAtMillis;
    this.json = Objects.requireNonNull(json, "json");
  }

  /** The entity as fetched: id and updated_at read from its JSON, which is kept as text. */
  static ShopifyEntity of(String shop, ShopifyResource resource, ObjectNode entity) {
    return new ShopifyEntity(
        shop,
        resource,
        ShopifyJson.id(entity),
        ShopifyJson.updatedAtMillis(entity, NO_UPDATED_AT),
        ShopifyJson.toText(entity));
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

  /** The entity's JSON object as Shopify sent it (customers: with every address filled in). */
  public String json() {
    return json;
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
        && json.equals(e.json);
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
   * Compact deterministic coder: shop, resource, id, updated_at, JSON. Hand-written because every
   * entity crosses it several times per run (bench/README.md, LatestVersion notes).
   */
  public static final class EntityCoder extends AtomicCoder<ShopifyEntity> {
    private static final long serialVersionUID = 1L;
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();
    private static final VarLongCoder LONG = VarLongCoder.of();

    public static EntityCoder of() {
      return new EntityCoder();
    }

    @Override
    public void encode(ShopifyEntity value, OutputStream out) throws IOException {
      STRING.encode(value.shop, out);
      STRING.encode(value.resource.path(), out);
      LONG.encode(value.id, out);
      LONG.encode(value.updatedAtMillis, out);
      STRING.encode(value.json, out);
    }

    @Override
    public ShopifyEntity decode(InputStream in) throws IOException {
      String shop = STRING.decode(in);
      ShopifyResource resource = ShopifyResource.fromPath(STRING.decode(in));
      long id = LONG.decode(in);
      long updatedAt = LONG.decode(in);
      return new ShopifyEntity(shop, resource, id, updatedAt, STRING.decode(in));
    }

    @Override
    public void verifyDeterministic() {}

    @Override
    public boolean consistentWithEquals() {
      return true;
    }
  }
}

package courier.shopify;

import java.io.Serializable;
import java.time.Instant;

/**
 * An entity Shopify says was deleted: its shop, resource, id and when (the destroy event's time).
 */
public record Deletion(String shop, ShopifyResource resource, long id, Instant deletedAt)
    implements Serializable {}

/**
 * From fetched Shopify entities to the rows of the domain tables.
 *
 * <pre>
 * PCollection&lt;ShopifyEntity&gt;
 *   ── Normalize ─────────────────&gt; NormalizedTables: rows per table (schemas/*.yaml, tags as
 *      ToRows: each version           field options), rejects (whole entities, with the reason),
 *      LatestVersion: one version     root keys (entities seen)
 *        per (shop, resource, id),
 *        the greatest updated_at
 * </pre>
 *
 * <p>{@link courier.normalize.EntityNormalizer} holds all the rules and is plain Java; the
 * transforms only route its results. No table has code of its own: rows come from the schema files
 * alone.
 */
package courier.normalize;

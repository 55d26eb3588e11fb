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
 * <p>A run applies the halves apart: {@code Normalize#eachVersion()} inside the read, to each fetch
 * step's entities ({@code ShopifyIO.Read#each}), so that Flink chains it to the fetch and it reads
 * the tree the page was parsed into; {@code Normalize#latestVersions()} on all the versions.
 *
 * <p>{@link courier.normalize.EntityNormalizer} holds all the rules and is plain Java; the
 * transforms only route its results. No table has code of its own: rows come from the schema files
 * alone.
 */
package courier.normalize;

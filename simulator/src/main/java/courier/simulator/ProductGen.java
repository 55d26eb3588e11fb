package courier.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Generates products and their variants (shapes of the {@code products.json} and {@code
 * variants.json} fixtures). Variant facts (price, title, sku, weight) are pure functions of (seed,
 * product position, variant number), so order line items can quote them without generating the
 * product. The internal form holds ALL variants; {@code products.json} embeds only the first 100,
 * as Shopify's REST API does, while {@code products/{id}/variants.json} pages through all of them.
 */
final class ProductGen {
  /** Shopify's REST products endpoint returns at most this many variants per product. */
  static final int EMBEDDED_VARIANTS = 100;

  private static final long SALT_MAIN = 0x90D01;
  private static final long SALT_SHAPE = 0x90D02;
  private static final long SALT_VARIANT = 0x90D03;
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final ShopData d;

  ProductGen(ShopData d) {
    this.d = d;
  }

  /** Product position 1 always has more than 100 variants, so every data set shows the case. */
  private boolean forcedBig(int pos) {
    return pos == 1 && d.generated(Resource.PRODUCTS) >= 2;
  }

  int variantCount(int pos) {
    Rng r = Rng.of(d.seed, SALT_SHAPE, pos);
    if (forcedBig(pos) || r.chance(0.03)) {
      return r.between(101, 150);
    }
    return r.chance(0.3) ? 1 : r.between(2, 5);
  }

  /** Status bits for the index: most products are active, some draft or archived. */
  int statusFlags(int pos) {
    double u = Rng.of(d.seed, SALT_SHAPE ^ 0x5, pos).nextDouble();
    return u < 0.85 ? 0 : u < 0.95 ? ResourceIndex.DRAFT : ResourceIndex.ARCHIVED;
  }

  long ownUpdated(int pos, long created) {
    return d.updatedAfter(Rng.of(d.seed, SALT_SHAPE ^ 0x7, pos), created, d.buildNow);
  }

  String title(int pos) {
    Rng r = Rng.of(d.seed, SALT_MAIN, pos);
    String t = r.pick(Vocabulary.PRODUCT_ADJECTIVES) + " " + r.pick(Vocabulary.PRODUCT_NOUNS);
    return r.chance(0.05) ? t + " 🎁" : t;
  }

  String vendor(int pos) {
    Rng r = Rng.of(d.seed, SALT_MAIN ^ 0x1, pos);
    return r.pick(Vocabulary.VENDORS);
  }

  String handle(int pos) {
    String s = Vocabulary.slug(title(pos));
    return (s.isEmpty() ? "product" : s) + "-" + pos;
  }

  private long basePrice(int pos) {
    return Rng.of(d.seed, SALT_MAIN ^ 0x2, pos).between(4, 199) * 100L + 99;
  }

  long priceCents(int pos, int k) {
    return basePrice(pos) + (variantCount(pos) > 1 ? (k % 3) * 200L : 0);
  }

  /**
   * The stored weight of the product's variants, in {@link #weightUnit}: Shopify keeps a value and
   * a unit and derives grams from them, so grams is never the source.
   */
  double weight(int pos) {
    int drawn = Rng.of(d.seed, SALT_MAIN ^ 0x3, pos).between(50, 2500);
    return pounds(pos)
        ? Math.round(drawn / 453.592 * 100) / 100.0
        : Math.round(drawn / 10.0) / 100.0;
  }

  /** REST weight_unit: every other product is weighed in pounds. */
  String weightUnit(int pos) {
    return pounds(pos) ? "lb" : "kg";
  }

  private static boolean pounds(int pos) {
    return pos % 2 == 0;
  }

  /** grams = round(weight × unit factor), as Shopify derives it (1.25 lb ↔ 567 g). */
  int grams(int pos) {
    return (int) Math.round(weight(pos) * (pounds(pos) ? 453.59237 : 1000.0));
  }

  long variantId(int pos, int k) {
    return d.ids.at(IdLayout.VARIANT_BASE + (long) pos * IdLayout.MAX_VARIANTS + k);
  }

  /** option1..option3 of variant k (null where the product has fewer options). */
  String[] options(int pos, int k) {
    int count = variantCount(pos);
    if (count == 1) {
      return new String[] {"Default Title", null, null};
    }
    if (count <= Vocabulary.SIZES.length) {
      Rng r = Rng.of(d.seed, SALT_SHAPE ^ 0x9, pos);
      if (r.chance(0.5)) {
        return new String[] {Vocabulary.SIZES[k], null, null};
      }
      int start = r.nextInt(Vocabulary.COLORS.length);
      return new String[] {Vocabulary.COLORS[(start + k) % Vocabulary.COLORS.length], null, null};
    }
    // Big products: Color x Size x Material, enumerated in order.
    return new String[] {
      Vocabulary.COLORS[k / 12], Vocabulary.SIZES[(k / 2) % 6], Vocabulary.MATERIALS[k % 2]
    };
  }

  private String[] optionNames(int pos) {
    int count = variantCount(pos);
    if (count == 1) {
      return new String[] {"Title"};
    }
    if (count <= Vocabulary.SIZES.length) {
      String first = options(pos, 0)[0];
      for (String s : Vocabulary.SIZES) {
        if (s.equals(first)) {
          return new String[] {"Size"};
        }
      }
      return new String[] {"Color"};
    }
    return new String[] {"Color", "Size", "Material"};
  }

  String variantTitle(int pos, int k) {
    StringBuilder sb = new StringBuilder();
    for (String o : options(pos, k)) {
      if (o != null) {
        if (sb.length() > 0) {
          sb.append(" / ");
        }
        sb.append(o);
      }
    }
    return sb.toString();
  }

  String sku(int pos, int k) {
    return "SKU-" + pos + "-" + (k + 1);
  }

  ObjectNode generate(int pos, long id, long created, long updated) {
    Rng r = Rng.of(d.seed, SALT_MAIN ^ 0x4, pos);
    ShopTime t = d.time;
    String title = title(pos);
    int count = variantCount(pos);

    ObjectNode p = F.objectNode();
    p.put("id", id);
    p.put("title", title);
    p.put("body_html", "<p>" + title + " — made with care. Livraison gratuite dès 50 €.</p>");
    p.put("vendor", vendor(pos));
    p.put("product_type", r.pick(Vocabulary.PRODUCT_TYPES));
    p.put("created_at", t.format(created));
    p.put("handle", handle(pos));
    p.put("updated_at", t.format(updated));
    p.put("published_at", t.format(created));
    p.putNull("template_suffix");
    p.put("published_scope", r.chance(0.8) ? "web" : "global");
    p.put("tags", Vocabulary.tags(r, 0.3, 4));
    int flags = statusFlags(pos);
    p.put(
        "status",
        (flags & ResourceIndex.DRAFT) != 0
            ? "draft"
            : (flags & ResourceIndex.ARCHIVED) != 0 ? "archived" : "active");
    p.put("admin_graphql_api_id", "gid://shopify/Product/" + id);

    int images = r.nextDouble() < 0.1 ? 0 : r.between(1, 3);
    long firstVariantImage = images >= 2 ? d.ids.at(IdLayout.IMAGE_BASE + pos * 8L + 1) : -1;
    boolean compareAt = r.chance(0.15);

    ArrayNode variants = p.putArray("variants");
    for (int k = 0; k < count; k++) {
      variants.add(
          variant(pos, id, k, created, updated, compareAt, k == 0 ? firstVariantImage : -1));
    }

    ArrayNode options = p.putArray("options");
    String[] names = optionNames(pos);
    for (int o = 0; o < names.length; o++) {
      ObjectNode opt = options.addObject();
      opt.put("id", d.ids.at(IdLayout.OPTION_BASE + pos * 4L + o));
      opt.put("product_id", id);
      opt.put("name", names[o]);
      opt.put("position", o + 1);
      Set<String> values = new LinkedHashSet<>();
      for (int k = 0; k < count; k++) {
        values.add(options(pos, k)[o]);
      }
      ArrayNode vals = opt.putArray("values");
      values.forEach(vals::add);
    }

    ArrayNode imgs = p.putArray("images");
    for (int i = 0; i < images; i++) {
      ObjectNode img = imgs.addObject();
      long imageId = d.ids.at(IdLayout.IMAGE_BASE + pos * 8L + i);
      img.put("id", imageId);
      img.putNull("alt");
      img.put("position", i + 1);
      img.put("product_id", id);
      img.put("created_at", t.format(created));
      img.put("updated_at", t.format(created));
      img.put(
          "admin_graphql_api_id",
          "gid://shopify/MediaImage/" + d.ids.at(IdLayout.MEDIA_BASE + pos * 8L + i));
      img.put("width", 1024);
      img.put("height", 768 + 256 * i);
      img.put(
          "src",
          "https://cdn.shopify.com/s/files/1/0000/0001/products/"
              + handle(pos)
              + "-"
              + (i + 1)
              + ".png?v="
              + created);
      ArrayNode vids = img.putArray("variant_ids");
      if (imageId == firstVariantImage) {
        vids.add(variantId(pos, 0));
      }
    }
    p.set("image", images > 0 ? imgs.get(0).deepCopy() : null);
    return p;
  }

  private ObjectNode variant(
      int pos, long productId, int k, long created, long updated, boolean compareAt, long imageId) {
    Rng r = Rng.of(d.seed, SALT_VARIANT, (long) pos * IdLayout.MAX_VARIANTS + k);
    ShopTime t = d.time;
    long vid = variantId(pos, k);
    long price = priceCents(pos, k);
    String[] opts = options(pos, k);
    int grams = grams(pos);
    ObjectNode v = F.objectNode();
    v.put("id", vid);
    v.put("product_id", productId);
    v.put("title", variantTitle(pos, k));
    v.put("price", Money.fmt(price));
    v.put("position", k + 1);
    v.put("inventory_policy", r.chance(0.8) ? "deny" : "continue");
    if (compareAt) {
      v.put("compare_at_price", Money.fmt(price + 1000));
    } else {
      v.putNull("compare_at_price");
    }
    v.put("option1", opts[0]);
    v.put("option2", opts[1]);
    v.put("option3", opts[2]);
    v.put("created_at", t.format(created));
    v.put("updated_at", t.format(updated));
    v.put("taxable", true);
    v.put("barcode", String.valueOf(400_000_000_000L + vid % 100_000_000_000L));
    v.put("fulfillment_service", "manual");
    v.put("grams", grams);
    v.put("inventory_management", "shopify");
    v.put("requires_shipping", true);
    v.put("sku", sku(pos, k));
    v.put("weight", weight(pos));
    v.put("weight_unit", weightUnit(pos));
    v.put(
        "inventory_item_id",
        d.ids.at(IdLayout.INVENTORY_ITEM_BASE + (long) pos * IdLayout.MAX_VARIANTS + k));
    int qty = r.between(-2, 120);
    v.put("inventory_quantity", qty);
    v.put("old_inventory_quantity", qty);
    ArrayNode prices = v.putArray("presentment_prices");
    ObjectNode pp = prices.addObject();
    ObjectNode pr = pp.putObject("price");
    pr.put("amount", Money.fmt(price));
    pr.put("currency_code", Money.CURRENCY);
    if (compareAt) {
      ObjectNode ca = pp.putObject("compare_at_price");
      ca.put("amount", Money.fmt(price + 1000));
      ca.put("currency_code", Money.CURRENCY);
    } else {
      pp.putNull("compare_at_price");
    }
    v.put("admin_graphql_api_id", "gid://shopify/ProductVariant/" + vid);
    if (imageId >= 0) {
      v.put("image_id", imageId);
    } else {
      v.putNull("image_id");
    }
    return v;
  }

  /** The product as {@code products.json} serves it: at most the first 100 variants. */
  static ObjectNode served(ObjectNode full) {
    JsonNode all = full.get("variants");
    if (all == null || !all.isArray() || all.size() <= EMBEDDED_VARIANTS) {
      return full;
    }
    ArrayNode first = F.arrayNode();
    for (int i = 0; i < EMBEDDED_VARIANTS; i++) {
      first.add(all.get(i));
    }
    return Json.withField(full, "variants", first);
  }

  /** All variants of a full product node, ascending by id. */
  static List<ObjectNode> allVariants(ObjectNode full) {
    return Json.sortedById(full.get("variants"));
  }
}

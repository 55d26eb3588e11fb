package courier.shopify.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code orders_page} node, its connections drained, as REST's order: line items with their
 * discount allocations, discount codes, refunds with their refund line items, tags.
 *
 * <p>Substitutes where GraphQL has no field (graphql-mapping.md §1.1, §1.3, §1.5, §1.14):
 *
 * <ul>
 *   <li>{@code number}: {@code Order.number − 1000} (REST's number starts at 1, order_number at
 *       1001).
 *   <li>{@code fulfillment_status}: from {@code displayFulfillmentStatus} (FULFILLED → fulfilled,
 *       PARTIALLY_FULFILLED → partial, RESTOCKED → restocked, anything else → null).
 *   <li>{@code landing_site}, {@code referring_site}: {@code customerJourneySummary.lastVisit}'s
 *       landing page and referrer (the Order fields are deprecated).
 *   <li>{@code location_id}: {@code physicalLocation} (deprecated, REST's meaning), else {@code
 *       retailLocation}.
 *   <li>{@code source_url}: {@code registeredSourceUrl}, the closest field.
 *   <li>{@code token}: the segment after "/orders/" of {@code statusPageUrl}, the shape of REST's
 *       order_status_url; null when the URL has another shape.
 *   <li>{@code total_line_items_price}: Σ line price × quantity over every line item.
 *   <li>{@code processing_method}: null, as REST has returned since 2023-04.
 *   <li>{@code refunds[].restock}: whether a refund line item was restocked (REST's deprecated
 *       flag); {@code refunds[].processed_at}: absent (GraphQL's Refund has none; the schema falls
 *       back to created_at); {@code refunds[].user_id}: null, as the order's.
 *   <li>{@code user_id}: null; {@code staffMember} needs read_users, which only Plus and Advanced
 *       shops can grant, and asking for it elsewhere fails the whole query.
 *   <li>{@code discount_codes[]}: the DiscountCodeApplications; amount = Σ the allocations of that
 *       application on line items and shipping lines; type shipping / percentage / fixed_amount.
 *   <li>{@code line_items[].grams}: the variant's current weight (no weight at order time).
 *   <li>{@code line_items[].fulfillment_status}: the deprecated {@code fulfillmentStatus},
 *       "unfulfilled" as REST's null.
 * </ul>
 */
public final class OrderShape {
  private static final int ORDER_NUMBER_OFFSET = 1000;
  private static final Pattern STATUS_URL_TOKEN =
      Pattern.compile("/orders/([0-9a-f]{16,64})(?:/|$)");
  private static final Map<String, String> FULFILLMENT_STATUS =
      Map.of("FULFILLED", "fulfilled", "PARTIALLY_FULFILLED", "partial", "RESTOCKED", "restocked");
  private static final String[] MONEY_BAGS = {
    "subtotal_price",
    "current_subtotal_price",
    "total_discounts",
    "current_total_discounts",
    "total_price",
    "current_total_price",
    "total_tax",
    "current_total_tax",
    "total_outstanding",
    "total_tip_received"
  };

  private OrderShape() {}

  public static ObjectNode rest(JsonNode order) {
    RestFields f = new RestFields(order, RestFields.newObject());
    f.entityId()
        .copy(
            "name",
            "order_number",
            "email",
            "phone",
            "note",
            "test",
            "created_at",
            "updated_at",
            "processed_at",
            "closed_at",
            "cancelled_at",
            "currency",
            "presentment_currency",
            "customer_locale",
            "browser_ip",
            "buyer_accepts_marketing",
            "estimated_taxes",
            "taxes_included",
            "source_name",
            "source_identifier",
            "source_url",
            "cart_token",
            "checkout_token")
        .put("cancel_reason", "cancel_reason", RestValues::lowerCase)
        .put("financial_status", "financial_status", RestValues::lowerCase)
        .put("fulfillment_status", "display_fulfillment_status", OrderShape::fulfillmentStatus)
        .put("tags", "tags", RestValues::tags)
        .put("total_weight", "total_weight", RestValues::unsigned64)
        .put("app_id", "app.id", RestValues::gidNumber)
        .copyFrom("landing_site", "customerJourneySummary.lastVisit.landingPage")
        .copyFrom("referring_site", "customerJourneySummary.lastVisit.referrerUrl")
        .put("token", "status_page_url", OrderShape::token);
    for (String bag : MONEY_BAGS) {
      f.moneyBag(bag, bag + "_set");
    }
    ObjectNode rest = f.target();
    rest.set("number", number(rest.get("order_number")));
    rest.set("customer", customer(f.at("customer")));
    rest.set("location_id", locationId(f));
    rest.putNull("processing_method");
    rest.putNull("user_id");
    rest.set("billing_address", AddressShape.rest(f.at("billing_address")));
    rest.set("shipping_address", AddressShape.rest(f.at("shipping_address")));
    ArrayNode lines = f.connection("line_items", "line_items", LineItemShape::rest);
    rest.set("total_line_items_price", LineItemShape.totalPrice(lines));
    f.list("refunds", "refunds", LineItemShape::refund);
    rest.set("discount_codes", discountCodes(order, lines));
    return rest;
  }

  private static JsonNode fulfillmentStatus(JsonNode display) {
    if (RestValues.isNull(display) || !display.isTextual()) {
      return RestValues.isNull(display) ? NullNode.getInstance() : display;
    }
    String rest = FULFILLMENT_STATUS.get(display.textValue());
    return rest == null ? NullNode.getInstance() : TextNode.valueOf(rest);
  }

  private static JsonNode number(JsonNode orderNumber) {
    if (orderNumber != null && orderNumber.isIntegralNumber() && orderNumber.canConvertToLong()) {
      return RestFields.newObject().numberNode(orderNumber.longValue() - ORDER_NUMBER_OFFSET);
    }
    return orderNumber == null ? NullNode.getInstance() : orderNumber;
  }

  private static JsonNode token(JsonNode statusPageUrl) {
    if (statusPageUrl == null || !statusPageUrl.isTextual()) {
      return NullNode.getInstance();
    }
    Matcher m = STATUS_URL_TOKEN.matcher(statusPageUrl.textValue());
    return m.find() ? TextNode.valueOf(m.group(1)) : NullNode.getInstance();
  }

  /** REST nests the buyer as {@code customer: {id}}; null for a guest checkout (or order). */
  static JsonNode customer(JsonNode customer) {
    if (!customer.isObject()) {
      return customer;
    }
    ObjectNode rest = RestFields.newObject();
    rest.set("id", RestValues.unsigned64(RestFields.at(customer, "legacyResourceId")));
    return rest;
  }

  private static JsonNode locationId(RestFields f) {
    JsonNode physical = RestValues.unsigned64(f.at("physicalLocation.legacyResourceId"));
    return physical.isNull()
        ? RestValues.unsigned64(f.at("retailLocation.legacyResourceId"))
        : physical;
  }

  /**
   * REST's discount_codes from the order's DiscountCodeApplications, each with the amount its
   * allocations on line items and shipping lines add up to.
   */
  private static JsonNode discountCodes(JsonNode order, ArrayNode restLines) {
    JsonNode applications = RestFields.at(order, "discount_applications");
    java.util.List<JsonNode> nodes = RestFields.nodes(applications);
    if (nodes == null) {
      return applications;
    }
    Map<Integer, BigDecimal> allocated = new LinkedHashMap<>();
    if (restLines != null) {
      for (JsonNode line : restLines) {
        addAllocations(
            line.get("discount_allocations"), "discount_application_index", "amount", allocated);
      }
    }
    java.util.List<JsonNode> shippingLines =
        RestFields.nodes(RestFields.at(order, "shipping_lines"));
    if (shippingLines != null) {
      for (JsonNode shipping : shippingLines) {
        JsonNode allocations = shipping.isObject() ? shipping.get("discount_allocations") : null;
        addAllocations(
            allocations, "discountApplication.index", "amount_set.shop_money.amount", allocated);
      }
    }
    ArrayNode codes = RestFields.newObject().arrayNode();
    for (JsonNode application : nodes) {
      if (!application.isObject()
          || !"DiscountCodeApplication".equals(application.path("__typename").asText())) {
        continue;
      }
      ObjectNode code = codes.addObject();
      code.set("code", RestFields.at(application, "code"));
      JsonNode index = application.get("index");
      BigDecimal amount =
          index != null && index.canConvertToInt() ? allocated.get(index.intValue()) : null;
      code.put(
          "amount",
          RestValues.restScale(amount == null ? BigDecimal.ZERO : amount).toPlainString());
      code.put("type", discountType(application));
    }
    return codes;
  }

  private static void addAllocations(
      JsonNode allocations, String indexPath, String amountPath, Map<Integer, BigDecimal> sums) {
    if (allocations == null || !allocations.isArray()) {
      return;
    }
    for (JsonNode allocation : allocations) {
      if (!allocation.isObject()) {
        continue;
      }
      JsonNode index = RestFields.at(allocation, indexPath);
      JsonNode amountNode = RestFields.at(allocation, amountPath);
      BigDecimal amount =
          amountNode.isTextual()
              ? RestValues.decimal(amountNode)
              : amountNode.isNumber() ? amountNode.decimalValue() : null;
      if (index.canConvertToInt() && index.isIntegralNumber() && amount != null) {
        sums.merge(index.intValue(), amount, BigDecimal::add);
      }
    }
  }

  private static String discountType(JsonNode application) {
    if ("SHIPPING_LINE".equals(application.path("target_type").asText())) {
      return "shipping";
    }
    return "PricingPercentageValue".equals(application.path("value").path("__typename").asText())
        ? "percentage"
        : "fixed_amount";
  }
}

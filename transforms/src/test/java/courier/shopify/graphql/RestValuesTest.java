package courier.shopify.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * GraphQL scalars turned into REST's values, each at its edges: absent and null stay null, what
 * cannot be converted is passed on unchanged (so the normalizer rejects the entity naming the
 * column), and nothing is rounded away.
 */
class RestValuesTest {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final JsonNode TRUE = BooleanNode.TRUE;

  private static TextNode text(String value) {
    return TextNode.valueOf(value);
  }

  @Test
  void absentAndNullAreNullForEveryConversion() {
    for (JsonNode absent : new JsonNode[] {null, NullNode.getInstance()}) {
      assertSame(NullNode.getInstance(), RestValues.unsigned64(absent));
      assertSame(NullNode.getInstance(), RestValues.gidNumber(absent));
      assertSame(NullNode.getInstance(), RestValues.moneyText(absent));
      assertSame(NullNode.getInstance(), RestValues.moneyNumber(absent));
      assertSame(NullNode.getInstance(), RestValues.lowerCase(absent));
      assertSame(NullNode.getInstance(), RestValues.tags(absent));
      assertSame(NullNode.getInstance(), RestValues.weightUnit(absent));
      assertSame(NullNode.getInstance(), RestValues.grams(absent));
    }
  }

  @Test
  void unsigned64TakesDigitStringsAndIntegersUpToTheLongRange() {
    assertEquals(
        LongNode.valueOf(9_007_199_254_740_993L), RestValues.unsigned64(text("9007199254740993")));
    assertEquals(LongNode.valueOf(12), RestValues.unsigned64(JSON.numberNode(12)));
    assertEquals(
        LongNode.valueOf(Long.MAX_VALUE), RestValues.unsigned64(text("9223372036854775807")));
    for (JsonNode kept :
        new JsonNode[] {
          text("9223372036854775808"), text("12a"), text(""), text("-5"), TRUE, JSON.numberNode(1.5)
        }) {
      assertSame(kept, RestValues.unsigned64(kept), kept.toString());
    }
  }

  @Test
  void aGidGivesItsNumberAndAnythingElseIsKept() {
    assertEquals(
        LongNode.valueOf(466157049),
        RestValues.gidNumber(text("gid://shopify/LineItem/466157049")));
    assertEquals(
        LongNode.valueOf(207119551),
        RestValues.gidNumber(
            text("gid://shopify/MailingAddress/207119551?model_name=CustomerAddress")));
    for (JsonNode kept :
        new JsonNode[] {
          text("gid://shopify/LineItem/x1"),
          text("gid://other/LineItem/1"),
          text("466157049"),
          text("gid://shopify/LineItem/"),
          JSON.numberNode(5)
        }) {
      assertSame(kept, RestValues.gidNumber(kept), kept.toString());
    }
    assertNull(RestValues.gidNumber((String) null));
  }

  @Test
  void moneyIsPaddedToTwoDecimalsAndNeverRounded() {
    assertEquals(text("29.90"), RestValues.moneyText(text("29.9")));
    assertEquals(text("0.00"), RestValues.moneyText(text("0")));
    assertEquals(text("29.99"), RestValues.moneyText(text("29.99")));
    assertEquals(text("29.999"), RestValues.moneyText(text(" 29.999 ")));
    assertEquals(DecimalNode.valueOf(new BigDecimal("5.00")), RestValues.moneyNumber(text("5")));
    assertEquals(new BigDecimal("1.10"), RestValues.restScale(new BigDecimal("1.1")));
    BigDecimal two = new BigDecimal("1.25");
    assertSame(two, RestValues.restScale(two), "two decimals already: unchanged");
    for (JsonNode kept : new JsonNode[] {text("12,50"), JSON.numberNode(5), TRUE}) {
      assertSame(kept, RestValues.moneyText(kept), kept.toString());
      assertSame(kept, RestValues.moneyNumber(kept), kept.toString());
    }
  }

  @Test
  void enumsAreLowerCasedAndTagsJoined() {
    assertEquals(text("partially_refunded"), RestValues.lowerCase(text("PARTIALLY_REFUNDED")));
    assertSame(TRUE, RestValues.lowerCase(TRUE));
    assertEquals(text("a, b c, d"), RestValues.tags(JSON.arrayNode().add("a").add("b c").add("d")));
    assertEquals(text(""), RestValues.tags(JSON.arrayNode()));
    JsonNode mixed = JSON.arrayNode().add("a").add(1);
    assertSame(mixed, RestValues.tags(mixed));
    assertSame(TRUE, RestValues.tags(TRUE));
  }

  @Test
  void weightsBecomeRestUnitsAndWholeGrams() {
    assertEquals(text("lb"), RestValues.weightUnit(text("POUNDS")));
    assertEquals(text("kg"), RestValues.weightUnit(text("KILOGRAMS")));
    assertSame(TRUE, RestValues.weightUnit(TRUE));
    JsonNode stone = text("STONES");
    assertSame(stone, RestValues.weightUnit(stone));

    assertEquals(JSON.numberNode(567L), RestValues.grams(weight("POUNDS", JSON.numberNode(1.25))));
    assertEquals(
        JSON.numberNode(1500L), RestValues.grams(weight("KILOGRAMS", JSON.numberNode(1.5))));
    assertEquals(
        JSON.numberNode(2L),
        RestValues.grams(weight("GRAMS", JSON.numberNode(2.5))),
        "half to even");
    for (ObjectNode kept :
        new ObjectNode[] {
          weight("STONES", JSON.numberNode(1)),
          weight("GRAMS", text("1")),
          weight(null, JSON.numberNode(1)),
          weight("GRAMS", null),
          weight("KILOGRAMS", JSON.numberNode(new BigDecimal("1e30")))
        }) {
      assertSame(kept, RestValues.grams(kept), kept.toString());
    }
  }

  private static ObjectNode weight(String unit, JsonNode value) {
    ObjectNode weight = JSON.objectNode();
    if (unit != null) {
      weight.put("unit", unit);
    }
    if (value != null) {
      weight.set("value", value);
    }
    return weight;
  }
}

package courier.simulator.graphql;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.EnumValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.GraphQLScalarType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Shopify's custom scalars (DateTime, Decimal, Money, URL, UnsignedInt64, JSON, ...) pass through
 * as the view put them: the view already writes them in Shopify's JSON form (strings for
 * UnsignedInt64 and Decimal, UTC timestamps with Z), so the scalar need not check anything.
 */
final class LenientScalar implements Coercing<Object, Object> {
  private LenientScalar() {}

  static GraphQLScalarType named(String name) {
    return GraphQLScalarType.newScalar().name(name).coercing(new LenientScalar()).build();
  }

  @Override
  public Object serialize(Object value, GraphQLContext context, Locale locale) {
    return value;
  }

  @Override
  public Object parseValue(Object input, GraphQLContext context, Locale locale) {
    return input;
  }

  @Override
  public Object parseLiteral(
      Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
    return literal(input, variables);
  }

  private static Object literal(Value<?> input, CoercedVariables variables) {
    if (input instanceof StringValue s) {
      return s.getValue();
    }
    if (input instanceof IntValue i) {
      return i.getValue();
    }
    if (input instanceof FloatValue f) {
      return f.getValue();
    }
    if (input instanceof BooleanValue b) {
      return b.isValue();
    }
    if (input instanceof EnumValue e) {
      return e.getName();
    }
    if (input instanceof VariableReference v) {
      return variables.get(v.getName());
    }
    if (input instanceof ArrayValue a) {
      List<Object> out = new ArrayList<>();
      a.getValues().forEach(v -> out.add(literal(v, variables)));
      return out;
    }
    if (input instanceof ObjectValue o) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (ObjectField field : o.getObjectFields()) {
        out.put(field.getName(), literal(field.getValue(), variables));
      }
      return out;
    }
    if (input instanceof NullValue) {
      return null;
    }
    return null;
  }
}

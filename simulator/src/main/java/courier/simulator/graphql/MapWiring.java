package courier.simulator.graphql;

import graphql.schema.DataFetcher;
import graphql.schema.GraphQLScalarType;
import graphql.schema.TypeResolver;
import graphql.schema.idl.FieldWiringEnvironment;
import graphql.schema.idl.InterfaceWiringEnvironment;
import graphql.schema.idl.ScalarInfo;
import graphql.schema.idl.ScalarWiringEnvironment;
import graphql.schema.idl.UnionWiringEnvironment;
import graphql.schema.idl.WiringFactory;
import java.util.Map;

/**
 * Runs Shopify's whole schema over plain maps: every object is a {@code Map} keyed by field name (a
 * {@link Resolver} value is computed on demand), the concrete type of an interface or union value
 * is its {@value #TYPENAME} entry, and every custom scalar passes values through. Fields a view
 * does not fill are null.
 */
final class MapWiring implements WiringFactory {
  /** The key holding an object's concrete type name in a view map. */
  static final String TYPENAME = "__typename";

  private static final TypeResolver BY_TYPENAME =
      env -> {
        Object source = env.getObject();
        Object name = source instanceof Map<?, ?> map ? map.get(TYPENAME) : null;
        return name == null ? null : env.getSchema().getObjectType(name.toString());
      };

  @Override
  public boolean providesScalar(ScalarWiringEnvironment env) {
    return !ScalarInfo.isGraphqlSpecifiedScalar(env.getScalarTypeDefinition().getName());
  }

  @Override
  public GraphQLScalarType getScalar(ScalarWiringEnvironment env) {
    return LenientScalar.named(env.getScalarTypeDefinition().getName());
  }

  @Override
  public boolean providesTypeResolver(InterfaceWiringEnvironment env) {
    return true;
  }

  @Override
  public TypeResolver getTypeResolver(InterfaceWiringEnvironment env) {
    return BY_TYPENAME;
  }

  @Override
  public boolean providesTypeResolver(UnionWiringEnvironment env) {
    return true;
  }

  @Override
  public TypeResolver getTypeResolver(UnionWiringEnvironment env) {
    return BY_TYPENAME;
  }

  @Override
  public DataFetcher<?> getDefaultDataFetcher(FieldWiringEnvironment env) {
    return MapFieldFetcher.INSTANCE;
  }
}

package courier.simulator.graphql;

import graphql.GraphQLError;
import graphql.language.Document;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Shopify's Admin API schema as Shopify publishes it (SDL of 2025-10-09, plus the fields added
 * since that the courier reads), so that a query this simulator accepts is valid on Shopify.
 */
public final class AdminSchema {
  private static final String SDL = "admin-schema-2025-10-09.graphql";
  private static final String ADDITIONS = "admin-schema-2026-07-additions.graphql";
  private static volatile GraphQLSchema schema;

  private AdminSchema() {}

  /** The schema, parsed once per JVM (the SDL is 3 MB), executable over maps. */
  public static GraphQLSchema get() {
    GraphQLSchema loaded = schema;
    if (loaded == null) {
      synchronized (AdminSchema.class) {
        if (schema == null) {
          TypeDefinitionRegistry types = new SchemaParser().parse(text(SDL));
          types.merge(new SchemaParser().parse(text(ADDITIONS)));
          // Executable over plain maps (see MapWiring), so one schema serves validation, cost
          // and execution.
          RuntimeWiring wiring =
              RuntimeWiring.newRuntimeWiring().wiringFactory(new MapWiring()).build();
          schema = new SchemaGenerator().makeExecutableSchema(types, wiring);
        }
        loaded = schema;
      }
    }
    return loaded;
  }

  /** Parses an operation document; graphql-java's InvalidSyntaxException when it is not GraphQL. */
  public static Document parse(String query) {
    ParserEnvironment environment =
        ParserEnvironment.newParserEnvironment()
            .document(query)
            .parserOptions(ParserOptions.getDefaultOperationParserOptions())
            .build();
    return new Parser().parseDocument(environment);
  }

  /** Every rule the GraphQL spec's validation applies, against Shopify's schema; empty if valid. */
  public static List<GraphQLError> validate(Document document) {
    return List.copyOf(new Validator().validateDocument(get(), document, Locale.ROOT));
  }

  private static String text(String resource) {
    try (InputStream in = AdminSchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource " + resource + " is missing from the simulator jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}

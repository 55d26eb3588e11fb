package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import courier.normalize.Deletions;
import courier.normalize.Rejects;
import courier.schema.SchemaCatalog;
import courier.schema.TableSchema;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** A feed's identity as its schema carries it: name, version, Beam schema, Avro properties. */
class FeedSchemaTest {
  @Test
  void aTablesFeedCarriesItsNameAndVersionInTheAvroSchema() {
    TableSchema customer = SchemaCatalog.packaged().table("customer");
    FeedSchema feed = FeedSchema.of(customer);
    assertEquals("customer", feed.name());
    assertEquals(customer.version(), feed.version());
    assertEquals(customer.beamSchema(), feed.beamSchema());

    Schema avro = feed.avroSchema();
    assertEquals("courier.feeds.customer", avro.getFullName());
    assertEquals("customer", avro.getProp(FeedSchema.FOOTER_TABLE));
    assertEquals(customer.version(), avro.getObjectProp(FeedSchema.FOOTER_VERSION));
  }

  @Test
  void theRejectsAndDeletionsFeedsTakeTheirVersionFromTheirSchemas() {
    FeedSchema rejects = FeedSchema.rejects();
    assertEquals(Rejects.FEED, rejects.name());
    assertEquals(Rejects.SCHEMA, rejects.beamSchema());
    int rejectsVersion = Rejects.SCHEMA.getOptions().getValue(TableSchema.OPTION_VERSION);
    assertEquals(rejectsVersion, rejects.version());
    assertEquals(rejectsVersion, rejects.avroSchema().getObjectProp(FeedSchema.FOOTER_VERSION));

    FeedSchema deletions = FeedSchema.deletions();
    assertEquals(Deletions.FEED, deletions.avroSchema().getProp(FeedSchema.FOOTER_TABLE));
    assertEquals(
        (int) Deletions.SCHEMA.getOptions().getValue(TableSchema.OPTION_VERSION),
        deletions.version());
  }
}

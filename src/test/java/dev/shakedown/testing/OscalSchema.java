package dev.shakedown.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * NIST's OSCAL 1.1.3 assessment-results JSON schema, as the build unpacked it from liboscal-java
 * (target/oscal), and a JSON schema validator to check documents against it.
 */
public final class OscalSchema {
  public static final Path FILE = Path.of("target/oscal/schema/json/oscal-ar_schema.json");
  private static Schema schema;

  private OscalSchema() {}

  /** What is wrong with the document, one error each; empty when the schema accepts it. */
  public static synchronized List<Error> validate(JsonNode document) {
    if (schema == null) {
      if (!Files.isRegularFile(FILE)) {
        throw new IllegalStateException(
            FILE + " is missing: the build unpacks it (mvn generate-test-resources)");
      }
      // Draft 7, but for the schema's own "id": {"id": {"$ref": ...}} (a property named id whose
      // schema misspells its $ref), which the validator reads as draft 4's id keyword and refuses:
      // read there as an annotation, which is what a draft-07 validator makes of a keyword it does
      // not know.
      // Other words the schema uses where keywords go (identifier, number) are annotations too,
      // read quietly rather than each logged as a warning.
      Dialect draft7 =
          Dialect.builder(Dialects.getDraft7())
              .keyword(new NonValidationKeyword("id"))
              .unknownKeywordFactory((keyword, context) -> new NonValidationKeyword(keyword))
              .build();
      try (InputStream in = Files.newInputStream(FILE)) {
        schema = SchemaRegistry.withDefaultDialect(draft7).getSchema(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return schema.validate(document);
  }
}

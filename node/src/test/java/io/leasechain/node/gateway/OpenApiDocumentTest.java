package io.leasechain.node.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.json is what {@link OpenApiDocument} builds from the route table and the protos.
 * After changing either, regenerate it with {@code -Dopenapi.write=true} and review the diff.
 */
class OpenApiDocumentTest {

  private static final Path DOC = Path.of("..", "docs", "openapi.json");

  /** Two-space indents, one array item per line, {@code "key": value}: diffs read well. */
  private static final DefaultPrettyPrinter PRETTY =
      new DefaultPrettyPrinter(
              Separators.createDefaultInstance()
                  .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
          .withArrayIndenter(new DefaultIndenter("  ", "\n"))
          .withObjectIndenter(new DefaultIndenter("  ", "\n"));

  @Test
  void theCommittedDocumentIsTheGeneratedOne() throws IOException {
    ObjectNode generated = OpenApiDocument.build();
    ObjectMapper mapper = new ObjectMapper();
    if (Boolean.getBoolean("openapi.write")) {
      Files.writeString(
          DOC, mapper.writer(PRETTY).writeValueAsString(generated) + "\n", StandardCharsets.UTF_8);
    }
    JsonNode committed = mapper.readTree(DOC.toFile());
    assertEquals(
        generated,
        committed,
        "docs/openapi.json is stale: run mvn -pl node test -Dtest=OpenApiDocumentTest"
            + " -Dopenapi.write=true");
  }

  @Test
  void everyServedPathIsDocumentedAndNoOther() {
    List<String> served = new ArrayList<>();
    StateRoutes.ALL.forEach(route -> served.add(route.template()));
    served.addAll(Gateway.CHAIN_AND_FILE_PATHS);
    List<String> documented = new ArrayList<>();
    OpenApiDocument.build().get("paths").fieldNames().forEachRemaining(documented::add);
    assertEquals(served, documented);
  }
}

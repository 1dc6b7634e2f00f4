package io.leasechain.node.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gateway's codes are public like the ledger's: stable and documented in docs/errors.md. */
class GatewayErrorTest {

  @Test
  void codesAreStableAndDocumented() throws IOException {
    List<String> pinned =
        List.of(
            "METHOD_NOT_ALLOWED=2/405",
            "INVALID_ARGUMENT=3/400",
            "NOT_FOUND=4/404",
            "COMETBFT_UNAVAILABLE=5/502",
            "BUSY=6/503",
            "URI_TOO_LONG=7/414",
            "BODY_NOT_ALLOWED=8/413",
            "INTERNAL=9/500");
    List<String> actual = new ArrayList<>();
    String doc = Files.readString(Path.of("..", "docs", "errors.md"));
    String section = doc.substring(doc.indexOf("## Codespace `gateway`"));
    for (GatewayError error : GatewayError.values()) {
      assertEquals(GatewayError.CODESPACE, error.codespace());
      actual.add(error.name() + "=" + error.code() + "/" + error.status().code());
      assertTrue(
          section.contains(
              "| " + error.code() + " | `" + error.name() + "` | " + error.status().code() + " |"),
          error + " has its row in docs/errors.md");
    }
    assertEquals(pinned, actual, "append new codes, never renumber");
  }
}

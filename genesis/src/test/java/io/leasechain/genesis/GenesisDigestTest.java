package io.leasechain.genesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class GenesisDigestTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void keyOrderAndWhitespaceDoNotChangeTheHash() throws Exception {
    String file =
        "{\n  \"chain_id\": \"c\",\n  \"initial_height\": \"1\",\n"
            + "  \"app_state\": {\"accounts\": [{\"address\": \"a\", \"balance\": \"5\"}]}\n}";
    String served =
        "{\"app_state\":{\"accounts\":[{\"balance\":\"5\",\"address\":\"a\"}]},"
            + "\"initial_height\":\"1\",\"chain_id\":\"c\"}";
    assertEquals(
        GenesisDigest.sha256(JSON.readTree(file)), GenesisDigest.sha256(JSON.readTree(served)));
    // The canonical form, keys sorted at every level and no whitespace, hashed elsewhere (sha256sum
    // of {"app_state":{"accounts":[{"address":"a","balance":"5"}]},"chain_id":"c",...}).
    assertEquals(
        "cc41eeaa84513517d7830bdd41219f1c9f7324dae07e5702373344e8b58d9bbb",
        GenesisDigest.sha256(JSON.readTree(file)));
  }

  @Test
  void anyChangedValueOrArrayOrderChangesTheHash() throws Exception {
    String base = "{\"chain_id\":\"c\",\"validators\":[{\"power\":\"10\"},{\"power\":\"20\"}]}";
    String power = "{\"chain_id\":\"c\",\"validators\":[{\"power\":\"10\"},{\"power\":\"21\"}]}";
    String order = "{\"chain_id\":\"c\",\"validators\":[{\"power\":\"20\"},{\"power\":\"10\"}]}";
    String digest = GenesisDigest.sha256(JSON.readTree(base));
    assertNotEquals(digest, GenesisDigest.sha256(JSON.readTree(power)));
    assertNotEquals(digest, GenesisDigest.sha256(JSON.readTree(order)));
  }
}

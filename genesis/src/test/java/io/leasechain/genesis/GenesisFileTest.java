package io.leasechain.genesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.GenesisState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenesisFileTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  // Shaped like what `cometbft init` writes, with the fields leasechain must leave alone.
  private static final String COMETBFT_GENESIS =
      """
      {
        "genesis_time": "2026-01-02T03:04:05.123456789Z",
        "chain_id": "leasechain-devnet-1",
        "initial_height": "1",
        "consensus_params": {
          "block": {"max_bytes": "22020096", "max_gas": "-1"},
          "evidence": {"max_age_num_blocks": "100000", "max_age_duration": "172800000000000", "max_bytes": "1048576"},
          "validator": {"pub_key_types": ["ed25519"]},
          "version": {"app": "0"},
          "abci": {"vote_extensions_enable_height": "0"}
        },
        "validators": [
          {"address": "0A1B2C3D4E5F60718293A4B5C6D7E8F901234567",
           "pub_key": {"type": "tendermint/PubKeyEd25519", "value": "dGVzdHRlc3R0ZXN0dGVzdHRlc3R0ZXN0dGVzdHRlc3Q="},
           "power": "10", "name": "validator-0"}
        ],
        "app_hash": "",
        "app_state": {}
      }
      """;

  private static Address address(int i) {
    byte[] seed = new byte[32];
    seed[5] = (byte) i;
    return Ed25519PrivateKey.fromSeed(seed).publicKey().address();
  }

  private static Path write(Path dir, String text) throws IOException {
    Path file = dir.resolve("genesis.json");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void roundTripKeepsEveryOtherField(@TempDir Path dir) throws Exception {
    Path file = write(dir, COMETBFT_GENESIS);
    GenesisFile genesis = GenesisFile.read(file);
    assertEquals("leasechain-devnet-1", genesis.chainId());
    ObjectNode appState = genesis.appState(); // empty: replaced by defaults
    AppState.addAccount(appState, address(1), 1_000);
    AppState.addAccount(appState, address(2), 2_000);
    genesis.write();

    JsonNode before = JSON.readTree(COMETBFT_GENESIS);
    JsonNode after = JSON.readTree(file.toFile());
    List<String> beforeFields = iterate(before.fieldNames());
    assertEquals(beforeFields, iterate(after.fieldNames()), "field order and set must be kept");
    for (String field : beforeFields) {
      if (!field.equals("app_state")) {
        assertEquals(before.get(field), after.get(field), field + " changed");
      }
    }
    GenesisState parsed = AppState.parse(after.get("app_state"));
    assertEquals(
        List.of(
            new GenesisState.Account(address(1), 1_000),
            new GenesisState.Account(address(2), 2_000)),
        parsed.accounts());

    // Re-reading and re-writing without changes is a fixed point.
    GenesisFile again = GenesisFile.read(file);
    again.appState();
    again.write();
    assertEquals(after, JSON.readTree(file.toFile()));
  }

  @Test
  void aChainIdCometBftRefusesIsRefusedWhenSet(@TempDir Path dir) throws Exception {
    // CometBFT refuses a genesis whose chain_id is empty or over 50 bytes only at start.
    GenesisFile genesis = GenesisFile.read(write(dir, COMETBFT_GENESIS));
    genesis.setChainId("x".repeat(50));
    IllegalArgumentException tooLong =
        assertThrows(IllegalArgumentException.class, () -> genesis.setChainId("x".repeat(51)));
    assertTrue(tooLong.getMessage().contains("at most 50"), tooLong.getMessage());
    assertThrows(IllegalArgumentException.class, () -> genesis.setChainId(""));
    assertThrows(IllegalArgumentException.class, () -> genesis.setChainId("é".repeat(26)));
    assertEquals("x".repeat(50), genesis.chainId());
  }

  @Test
  void writeLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
    Path file = write(dir, COMETBFT_GENESIS);
    GenesisFile genesis = GenesisFile.read(file);
    genesis.appState();
    genesis.write();
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(
          List.of(file.getFileName().toString()),
          files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void existingAppStateIsKeptAndExtended(@TempDir Path dir) throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree(COMETBFT_GENESIS);
    ObjectNode appState = AppState.defaults();
    AppState.addAccount(appState, address(1), 5);
    root.set("app_state", appState);
    Path file = write(dir, JSON.writeValueAsString(root));

    GenesisFile genesis = GenesisFile.read(file);
    AppState.addAccount(genesis.appState(), address(2), 6);
    genesis.write();
    GenesisState parsed = AppState.parse(JSON.readTree(file.toFile()).get("app_state"));
    assertEquals(
        List.of(new GenesisState.Account(address(1), 5), new GenesisState.Account(address(2), 6)),
        parsed.accounts());
  }

  @Test
  void missingAppStateGetsDefaults(@TempDir Path dir) throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree(COMETBFT_GENESIS);
    root.remove("app_state");
    GenesisFile genesis = GenesisFile.read(write(dir, JSON.writeValueAsString(root)));
    assertEquals(AppState.defaults(), genesis.appState());
  }

  @Test
  void addAccountThroughTheFileRefusesADuplicate(@TempDir Path dir) throws Exception {
    GenesisFile genesis = GenesisFile.read(write(dir, COMETBFT_GENESIS));
    AppState.addAccount(genesis.appState(), address(1), 5);
    assertThrows(
        GenesisException.class, () -> AppState.addAccount(genesis.appState(), address(1), 5));
  }

  @Test
  void fileThatIsNotAnObjectIsRefused(@TempDir Path dir) throws Exception {
    Path file = write(dir, "[1, 2, 3]");
    GenesisException e = assertThrows(GenesisException.class, () -> GenesisFile.read(file));
    assertTrue(e.getMessage().contains("not a JSON object"), e.getMessage());
  }

  @Test
  void fileThatIsNotJsonIsAnIoError(@TempDir Path dir) throws Exception {
    Path file = write(dir, "{\"chain_id\": ");
    assertThrows(IOException.class, () -> GenesisFile.read(file));
  }

  @Test
  void missingFileIsAnIoError(@TempDir Path dir) {
    assertThrows(IOException.class, () -> GenesisFile.read(dir.resolve("absent.json")));
    assertFalse(Files.exists(dir.resolve("absent.json")));
  }

  private static List<String> iterate(java.util.Iterator<String> names) {
    List<String> list = new java.util.ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }
}

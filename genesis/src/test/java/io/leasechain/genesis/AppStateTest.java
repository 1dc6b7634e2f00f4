package io.leasechain.genesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.GenesisState;
import io.leasechain.ledger.Ledger;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.BankParamsRules;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.bank.proto.BankParams;
import io.leasechain.ledger.state.EmptyState;
import io.leasechain.ledger.state.OverlayState;
import io.leasechain.ledger.tx.TxParamsRules;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class AppStateTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Address address(int i) {
    byte[] seed = new byte[32];
    seed[0] = (byte) i;
    seed[31] = 7;
    return Ed25519PrivateKey.fromSeed(seed).publicKey().address();
  }

  private static final String A = address(1).toBech32();
  private static final String B = address(2).toBech32();
  private static final String C = address(3).toBech32();

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Parses and expects failure; returns the problems. */
  private static List<String> problems(String appState) {
    GenesisException e = assertThrows(GenesisException.class, () -> AppState.parse(json(appState)));
    assertEquals(String.join("\n", e.problems()), e.getMessage());
    return e.problems();
  }

  private static void assertProblem(String expectedPrefix, List<String> problems) {
    assertTrue(
        problems.stream().anyMatch(p -> p.startsWith(expectedPrefix)),
        "expected a problem starting with '" + expectedPrefix + "', got " + problems);
  }

  // ---- valid input -----------------------------------------------------------------------

  @Test
  void defaultsParseBackToTheDefaults() throws Exception {
    ObjectNode defaults = AppState.defaults();
    GenesisState state = AppState.parse(defaults);
    assertEquals(List.of(), state.accounts());
    assertEquals(TxParamsRules.DEFAULTS, state.txParams());
    assertEquals(BankParamsRules.DEFAULTS, state.bankParams());
    // Also as the raw bytes CometBFT hands to InitChain.
    GenesisState fromBytes = AppState.parse(JSON.writeValueAsBytes(defaults));
    assertEquals(state, fromBytes);
  }

  @Test
  void defaultsListEveryParamSoOperatorsSeeThem() {
    ObjectNode defaults = AppState.defaults();
    assertTrue(defaults.get("accounts").isArray());
    JsonNode tx = defaults.path("params").path("tx");
    for (String field :
        List.of(
            "min_gas_price",
            "base_gas",
            "gas_per_byte",
            "gas_per_msg",
            "max_memo_bytes",
            "max_tx_bytes",
            "max_msgs")) {
      assertTrue(tx.has(field), "params.tx." + field + " missing from " + tx);
    }
    assertTrue(defaults.path("params").path("bank").has("send_enabled"));
  }

  @Test
  void validAppStateParses() throws Exception {
    GenesisState state =
        AppState.parse(
            json(
                "{'accounts': [{'address': '"
                    + A
                    + "', 'balance': '1000000'},"
                    + " {'address': '"
                    + B
                    + "', 'balance': 5},"
                    + " {'address': '"
                    + C
                    + "', 'balance': '9223372036853775000'}],"
                    + " 'params': {'tx': {'max_memo_bytes': 100, 'min_gas_price': '2000'}, 'bank': {'send_enabled': false}}}"));
    assertEquals(
        List.of(
            new GenesisState.Account(Address.fromBech32(A), 1_000_000),
            new GenesisState.Account(Address.fromBech32(B), 5),
            new GenesisState.Account(Address.fromBech32(C), 9_223_372_036_853_775_000L)),
        state.accounts());
    // Given fields override, the rest keep their defaults.
    assertEquals(
        TxParamsRules.DEFAULTS.toBuilder().setMaxMemoBytes(100).setMinGasPrice(2000).build(),
        state.txParams());
    assertEquals(BankParams.newBuilder().setSendEnabled(false).build(), state.bankParams());
  }

  @Test
  void missingSectionsMeanNoAccountsAndDefaultParams() throws Exception {
    GenesisState state = AppState.parse(json("{}"));
    assertEquals(List.of(), state.accounts());
    assertEquals(TxParamsRules.DEFAULTS, state.txParams());
    assertEquals(BankParamsRules.DEFAULTS, state.bankParams());
  }

  @Test
  void parsedGenesisStartsALedger() throws Exception {
    ObjectNode appState = AppState.defaults();
    AppState.addAccount(appState, Address.fromBech32(A), 700);
    AppState.addAccount(appState, Address.fromBech32(B), 300);
    OverlayState state = new OverlayState(EmptyState.INSTANCE);
    new Ledger().initChain(state, "genesis-test", AppState.parse(appState));
    assertEquals(1_000, BankKeeper.supply(state));
    assertEquals(700, BankKeeper.account(state, Address.fromBech32(A)).getBalance());
  }

  // ---- each error names its field --------------------------------------------------------

  @Test
  void negativeBalance() {
    List<String> problems =
        problems(
            "{'accounts': [{'address': '"
                + A
                + "', 'balance': '1'}, {'address': '"
                + B
                + "', 'balance': '-5'}]}");
    assertEquals(List.of("app_state.accounts[1].balance: negative"), problems);
  }

  @Test
  void negativeBalanceAsJsonNumber() {
    assertEquals(
        List.of("app_state.accounts[0].balance: negative"),
        problems("{'accounts': [{'address': '" + A + "', 'balance': -1}]}"));
  }

  @Test
  void balanceThatIsNotANumber() {
    assertProblem(
        "app_state.accounts[0].balance: must be a whole number",
        problems("{'accounts': [{'address': '" + A + "', 'balance': 'ten'}]}"));
    assertProblem(
        "app_state.accounts[0].balance: must be a whole number",
        problems("{'accounts': [{'address': '" + A + "', 'balance': 1.5}]}"));
    assertProblem(
        "app_state.accounts[0].balance: must be a whole number",
        problems("{'accounts': [{'address': '" + A + "', 'balance': true}]}"));
  }

  @Test
  void missingBalance() {
    assertEquals(
        List.of("app_state.accounts[0].balance: missing"),
        problems("{'accounts': [{'address': '" + A + "'}]}"));
  }

  @Test
  void balanceAbove2To63() {
    assertEquals(
        List.of("app_state.accounts[0].balance: larger than 2^63-1"),
        problems("{'accounts': [{'address': '" + A + "', 'balance': '9223372036854775808'}]}"));
  }

  @Test
  void addressWithBadChecksum() {
    char last = A.charAt(A.length() - 1);
    String bad = A.substring(0, A.length() - 1) + (last == 'q' ? 'p' : 'q');
    List<String> problems = problems("{'accounts': [{'address': '" + bad + "', 'balance': '1'}]}");
    assertEquals(1, problems.size(), problems.toString());
    assertProblem("app_state.accounts[0].address: ", problems);
    assertTrue(problems.get(0).contains("checksum"), problems.get(0));
  }

  @Test
  void missingAddress() {
    assertProblem("app_state.accounts[0].address: ", problems("{'accounts': [{'balance': '1'}]}"));
  }

  @Test
  void duplicateAddress() {
    List<String> problems =
        problems(
            "{'accounts': [{'address': '"
                + A
                + "', 'balance': '1'},"
                + " {'address': '"
                + B
                + "', 'balance': '1'}, {'address': '"
                + A
                + "', 'balance': '2'}]}");
    assertEquals(List.of("app_state.accounts[2].address: " + A + " is listed twice"), problems);
  }

  @Test
  void moduleAccountsCannotBeFunded() {
    String escrow = ModuleAccount.ESCROW.address().toBech32();
    List<String> problems =
        problems(
            "{'accounts': [{'address': '"
                + A
                + "', 'balance': '1'}, {'address': '"
                + escrow
                + "', 'balance': '5'}]}");
    assertEquals(
        List.of(
            "app_state.accounts[1].address: "
                + escrow
                + " is the module account 'escrow'; module accounts start empty"),
        problems);
  }

  @Test
  void addAccountRefusesAModuleAccount() {
    ObjectNode appState = AppState.defaults();
    GenesisException e =
        assertThrows(
            GenesisException.class,
            () -> AppState.addAccount(appState, ModuleAccount.FEE_COLLECTOR.address(), 1));
    assertTrue(e.getMessage().contains("fee_collector"), e.getMessage());
    assertEquals(0, appState.get("accounts").size());
  }

  @Test
  void unknownTopLevelField() {
    assertProblem("app_state.acounts: unknown field", problems("{'acounts': []}"));
  }

  @Test
  void unknownAccountField() {
    assertProblem(
        "app_state.accounts[0].sequence: unknown field",
        problems("{'accounts': [{'address': '" + A + "', 'balance': '1', 'sequence': 3}]}"));
  }

  @Test
  void unknownParamsField() {
    assertProblem(
        "app_state.params.staking: unknown field", problems("{'params': {'staking': {}}}"));
    assertProblem("app_state.params.tx: ", problems("{'params': {'tx': {'max_memo_byte': 10}}}"));
  }

  @Test
  void maxTxBytesTooSmall() {
    assertEquals(
        List.of("app_state.params.tx.max_tx_bytes: must be 4096..1048576"),
        problems("{'params': {'tx': {'max_tx_bytes': 100}}}"));
  }

  @Test
  void maxMsgsZero() {
    assertEquals(
        List.of("app_state.params.tx.max_msgs: must be 1..1024"),
        problems("{'params': {'tx': {'max_msgs': 0}}}"));
  }

  @Test
  void maxMemoBytesAbove2To31IsRefused() {
    // uint32 4294967295 is -1 as a Java int: every memo, even an empty one, would be "too long".
    assertProblem(
        "app_state.params.tx.max_memo_bytes",
        problems("{'params': {'tx': {'max_memo_bytes': 4294967295}}}"));
  }

  @Test
  void paramOfTheWrongTypeNamesTheModule() {
    assertProblem("app_state.params.tx: ", problems("{'params': {'tx': {'max_msgs': 'many'}}}"));
    assertProblem(
        "app_state.params.bank: ", problems("{'params': {'bank': {'send_enabled': 'yes'}}}"));
  }

  @Test
  void paramsThatIsNotAnObject() {
    assertProblem("app_state.params: ", problems("{'params': 5}"));
    assertProblem("app_state.params: ", problems("{'params': []}"));
  }

  @Test
  void totalSupplyOverflow() {
    List<String> problems =
        problems(
            "{'accounts': [{'address': '"
                + A
                + "', 'balance': '9223372036854775807'},"
                + " {'address': '"
                + B
                + "', 'balance': '1'}]}");
    assertEquals(
        List.of("app_state.accounts[1].balance: total supply would exceed 2^63-1 ulease"),
        problems);
  }

  @Test
  void accountsThatIsNotAnArray() {
    assertEquals(List.of("app_state.accounts: must be an array"), problems("{'accounts': {}}"));
  }

  @Test
  void accountThatIsNotAnObject() {
    assertEquals(
        List.of("app_state.accounts[0]: must be an object"),
        problems("{'accounts': ['" + A + "']}"));
  }

  @Test
  void appStateThatIsNotAnObject() {
    assertEquals(List.of("app_state: must be a JSON object"), problems("[]"));
    assertEquals(List.of("app_state: must be a JSON object"), problems("'text'"));
    GenesisException nullNode =
        assertThrows(GenesisException.class, () -> AppState.parse((JsonNode) null));
    assertEquals(List.of("app_state: must be a JSON object"), nullNode.problems());
  }

  @Test
  void bytesThatAreNotJson() {
    GenesisException e =
        assertThrows(
            GenesisException.class,
            () -> AppState.parse("{not json".getBytes(StandardCharsets.UTF_8)));
    assertProblem("app_state: not valid JSON", e.problems());
  }

  @Test
  void emptyBytesAreNotAnObject() {
    GenesisException e = assertThrows(GenesisException.class, () -> AppState.parse(new byte[0]));
    assertEquals(List.of("app_state: must be a JSON object"), e.problems());
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    List<String> problems =
        problems(
            "{'accounts': [{'address': 'nope', 'balance': '-1'},"
                + " {'address': '"
                + A
                + "', 'balance': 'x'}], 'extra': 1, 'params': {'tx': {'max_tx_bytes': 1}}}");
    assertProblem("app_state.extra: unknown field", problems);
    assertProblem("app_state.accounts[0].address: ", problems);
    assertProblem("app_state.accounts[0].balance: negative", problems);
    assertProblem("app_state.accounts[1].balance: must be a whole number", problems);
    assertProblem("app_state.params.tx.max_tx_bytes: must be 4096..1048576", problems);
  }

  // ---- addAccount ------------------------------------------------------------------------

  @Test
  void addAccountAppendsAParsableEntry() throws Exception {
    ObjectNode appState = AppState.defaults();
    AppState.addAccount(appState, Address.fromBech32(A), Long.MAX_VALUE);
    assertEquals("9223372036854775807", appState.get("accounts").get(0).get("balance").asText());
    assertEquals(A, appState.get("accounts").get(0).get("address").asText());
    assertEquals(
        List.of(new GenesisState.Account(Address.fromBech32(A), Long.MAX_VALUE)),
        AppState.parse(appState).accounts());
  }

  @Test
  void addAccountCreatesTheArrayWhenMissing() throws Exception {
    ObjectNode appState = JSON.createObjectNode();
    AppState.addAccount(appState, Address.fromBech32(A), 1);
    assertEquals(1, AppState.parse(appState).accounts().size());
  }

  @Test
  void addAccountRefusesADuplicate() throws Exception {
    ObjectNode appState = AppState.defaults();
    AppState.addAccount(appState, Address.fromBech32(A), 1);
    GenesisException e =
        assertThrows(
            GenesisException.class, () -> AppState.addAccount(appState, Address.fromBech32(A), 2));
    assertTrue(e.getMessage().contains(A), e.getMessage());
    assertEquals(1, appState.get("accounts").size());
  }

  @Test
  void addAccountRefusesAnUpperCaseSpellingOfAnAccountAlreadyThere() throws Exception {
    ObjectNode appState = AppState.defaults();
    appState.withArray("accounts").addObject().put("address", A.toUpperCase(Locale.ROOT));
    assertThrows(
        GenesisException.class, () -> AppState.addAccount(appState, Address.fromBech32(A), 2));
    assertEquals(1, appState.get("accounts").size());
  }

  @Test
  void anUpperCaseGenesisAccountIsTheLowerCaseAccount() throws Exception {
    GenesisState genesis =
        AppState.parse(
            AppState.JSON.readTree(
                "{\"accounts\": [{\"address\": \""
                    + A.toUpperCase(Locale.ROOT)
                    + "\", \"balance\": \"5\"}]}"));
    assertEquals(A, genesis.accounts().get(0).address().toBech32());
  }

  @Test
  void addAccountRefusesANegativeBalance() {
    ObjectNode appState = AppState.defaults();
    assertThrows(
        GenesisException.class, () -> AppState.addAccount(appState, Address.fromBech32(A), -1));
    assertEquals(0, appState.get("accounts").size());
  }
}

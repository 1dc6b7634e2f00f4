package io.leasechain.genesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.leasechain.crypto.Address;
import io.leasechain.ledger.GenesisState;
import io.leasechain.ledger.authority.AuthorityParamsRules;
import io.leasechain.ledger.authority.ChainParams;
import io.leasechain.ledger.authority.proto.AuthorityParams;
import io.leasechain.ledger.bank.BankParamsRules;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.bank.proto.BankParams;
import io.leasechain.ledger.escrow.EscrowParamsRules;
import io.leasechain.ledger.escrow.proto.EscrowParams;
import io.leasechain.ledger.market.MarketParamsRules;
import io.leasechain.ledger.market.proto.MarketParams;
import io.leasechain.ledger.proof.ProofParamsRules;
import io.leasechain.ledger.proof.proto.ProofParams;
import io.leasechain.ledger.provider.ProviderParamsRules;
import io.leasechain.ledger.provider.proto.ProviderParams;
import io.leasechain.ledger.rewards.RewardsParamsRules;
import io.leasechain.ledger.rewards.proto.RewardsParams;
import io.leasechain.ledger.tx.CanonicalAddresses;
import io.leasechain.ledger.tx.TxParamsRules;
import io.leasechain.ledger.tx.proto.TxParams;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@code app_state} object of CometBFT's genesis.json: its JSON schema (docs/genesis.md),
 * validation with errors that name the field, and conversion to the ledger's {@link GenesisState}.
 */
public final class AppState {

  // A duplicated key would let a reviewed genesis hide an entry behind a later one.
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final JsonFormat.Printer PARAMS_PRINTER =
      JsonFormat.printer().preservingProtoFieldNames().includingDefaultValueFields();

  private AppState() {}

  /** A fresh app_state: no accounts, default params. */
  public static ObjectNode defaults() {
    ObjectNode appState = JSON.createObjectNode();
    appState.putArray("accounts");
    ObjectNode params = appState.putObject("params");
    params.set("tx", toJson(TxParamsRules.DEFAULTS));
    params.set("bank", toJson(BankParamsRules.DEFAULTS));
    params.set("provider", toJson(ProviderParamsRules.DEFAULTS));
    params.set("market", toJson(MarketParamsRules.DEFAULTS));
    params.set("escrow", toJson(EscrowParamsRules.DEFAULTS));
    params.set("authority", toJson(AuthorityParamsRules.DEFAULTS));
    params.set("rewards", toJson(RewardsParamsRules.DEFAULTS));
    params.set("proof", toJson(ProofParamsRules.DEFAULTS));
    ObjectNode council = appState.putObject("council");
    council.putArray("members");
    council.put("threshold", 0);
    return appState;
  }

  /** Parses and validates app_state bytes as CometBFT hands them to InitChain. */
  public static GenesisState parse(byte[] appStateJson) throws GenesisException {
    JsonNode root;
    try {
      root = JSON.readTree(appStateJson);
    } catch (IOException e) {
      throw new GenesisException(List.of("app_state: not valid JSON: " + e.getMessage()));
    }
    return parse(root);
  }

  public static GenesisState parse(JsonNode appState) throws GenesisException {
    List<String> problems = new ArrayList<>();
    if (appState == null || !appState.isObject()) {
      throw new GenesisException(List.of("app_state: must be a JSON object"));
    }
    checkKnownFields(appState, "app_state", List.of("accounts", "council", "params"), problems);
    List<GenesisState.Account> accounts = accounts(appState.get("accounts"), problems);
    JsonNode params = appState.get("params");
    GenesisState.Council council = council(appState.get("council"), problems);
    TxParams txParams = TxParamsRules.DEFAULTS;
    BankParams bankParams = BankParamsRules.DEFAULTS;
    ProviderParams providerParams = ProviderParamsRules.DEFAULTS;
    MarketParams marketParams = MarketParamsRules.DEFAULTS;
    EscrowParams escrowParams = EscrowParamsRules.DEFAULTS;
    AuthorityParams authorityParams = AuthorityParamsRules.DEFAULTS;
    RewardsParams rewardsParams = RewardsParamsRules.DEFAULTS;
    ProofParams proofParams = ProofParamsRules.DEFAULTS;
    if (params != null && !params.isObject()) {
      problems.add("app_state.params: must be an object");
    } else if (params != null) {
      checkKnownFields(
          params,
          "app_state.params",
          List.of("tx", "bank", "provider", "market", "escrow", "authority", "rewards", "proof"),
          problems);
      txParams =
          params(
              params.get("tx"),
              "app_state.params.tx",
              TxParams.newBuilder(),
              TxParamsRules.DEFAULTS,
              problems);
      bankParams =
          params(
              params.get("bank"),
              "app_state.params.bank",
              BankParams.newBuilder(),
              BankParamsRules.DEFAULTS,
              problems);
      providerParams =
          params(
              params.get("provider"),
              "app_state.params.provider",
              ProviderParams.newBuilder(),
              ProviderParamsRules.DEFAULTS,
              problems);
      marketParams =
          params(
              params.get("market"),
              "app_state.params.market",
              MarketParams.newBuilder(),
              MarketParamsRules.DEFAULTS,
              problems);
      escrowParams =
          params(
              params.get("escrow"),
              "app_state.params.escrow",
              EscrowParams.newBuilder(),
              EscrowParamsRules.DEFAULTS,
              problems);
      authorityParams =
          params(
              params.get("authority"),
              "app_state.params.authority",
              AuthorityParams.newBuilder(),
              AuthorityParamsRules.DEFAULTS,
              problems);
      rewardsParams =
          params(
              params.get("rewards"),
              "app_state.params.rewards",
              RewardsParams.newBuilder(),
              RewardsParamsRules.DEFAULTS,
              problems);
      proofParams =
          params(
              params.get("proof"),
              "app_state.params.proof",
              ProofParams.newBuilder(),
              ProofParamsRules.DEFAULTS,
              problems);
    }
    GenesisState genesis =
        new GenesisState(
            accounts,
            txParams,
            bankParams,
            council,
            providerParams,
            marketParams,
            escrowParams,
            authorityParams,
            rewardsParams,
            proofParams,
            List.of());
    ChainParams.problems(ChainParams.of(genesis))
        .forEach(p -> problems.add("app_state.params." + p));
    if (!problems.isEmpty()) {
      throw new GenesisException(problems);
    }
    return genesis;
  }

  /** Sets the k-of-n council (replacing any earlier one). */
  public static void setCouncil(ObjectNode appState, List<Address> members, int threshold)
      throws GenesisException {
    if (members.isEmpty()
        || threshold < 1
        || threshold > Math.min(members.size(), TxParamsRules.MAX_SIGNERS)
        || new TreeSet<>(members).size() != members.size()) {
      throw new GenesisException(
          List.of(
              "council: needs distinct members and 1 <= threshold <= min(members, "
                  + TxParamsRules.MAX_SIGNERS
                  + ")"));
    }
    ObjectNode council = appState.putObject("council");
    ArrayNode list = council.putArray("members");
    members.forEach(member -> list.add(member.toBech32()));
    council.put("threshold", threshold);
  }

  private static GenesisState.Council council(JsonNode node, List<String> problems) {
    if (node == null) {
      return GenesisState.Council.NONE;
    }
    if (!node.isObject()) {
      problems.add("app_state.council: must be an object");
      return GenesisState.Council.NONE;
    }
    checkKnownFields(node, "app_state.council", List.of("members", "threshold"), problems);
    List<Address> members = new ArrayList<>();
    JsonNode list = node.path("members");
    if (!list.isMissingNode() && !list.isArray()) {
      problems.add("app_state.council.members: must be an array");
    }
    TreeSet<Address> seen = new TreeSet<>();
    // An object under "members" also has a size; only an array's elements are members.
    int count = list.isArray() ? list.size() : 0;
    for (int i = 0; i < count; i++) {
      try {
        Address member = Address.fromBech32(list.get(i).asText(""));
        if (!seen.add(member)) {
          problems.add("app_state.council.members[" + i + "]: " + member + " is listed twice");
        }
        members.add(member);
      } catch (IllegalArgumentException e) {
        problems.add("app_state.council.members[" + i + "]: " + e.getMessage());
      }
    }
    JsonNode thresholdNode = node.path("threshold");
    int threshold = thresholdNode.canConvertToInt() ? thresholdNode.asInt() : -1;
    if (!thresholdNode.isIntegralNumber() && !thresholdNode.isMissingNode()) {
      problems.add("app_state.council.threshold: must be a whole number");
    } else if (members.isEmpty()
        ? threshold > 0
        : threshold < 1 || threshold > Math.min(members.size(), TxParamsRules.MAX_SIGNERS)) {
      // At most MAX_SIGNERS: k members must be able to act in one tx, whatever the params.
      problems.add(
          "app_state.council.threshold: must be 1.."
              + Math.min(members.size(), TxParamsRules.MAX_SIGNERS)
              + " (0 without members)");
    }
    return new GenesisState.Council(members, Math.max(0, threshold));
  }

  /** Adds a funded account to {@code appState}; a second entry for the same address is refused. */
  public static void addAccount(ObjectNode appState, Address address, long balance)
      throws GenesisException {
    if (balance < 0) {
      throw new GenesisException(List.of("balance: must be between 0 and 2^63-1"));
    }
    String module = moduleProblem(address);
    if (module != null) {
      throw new GenesisException(List.of("app_state.accounts: " + module));
    }
    JsonNode existing = appState.get("accounts");
    ArrayNode accounts =
        existing instanceof ArrayNode ? (ArrayNode) existing : appState.putArray("accounts");
    for (JsonNode account : accounts) {
      if (address
          .toBech32()
          .equals(CanonicalAddresses.canonical(account.path("address").asText()))) {
        throw new GenesisException(
            List.of("app_state.accounts: " + address + " is already in genesis"));
      }
    }
    ObjectNode account = accounts.addObject();
    account.put("address", address.toBech32());
    account.put("balance", Long.toString(balance));
  }

  // Module accounts hold what records owe (escrows, bonds, deposits); genesis has no such records,
  // so a balance there would break the invariants from the first block.
  private static String moduleProblem(Address address) {
    return ModuleAccount.of(address)
        .map(
            module ->
                address
                    + " is the module account '"
                    + module.moduleName()
                    + "'; module accounts"
                    + " start empty")
        .orElse(null);
  }

  private static List<GenesisState.Account> accounts(JsonNode node, List<String> problems) {
    List<GenesisState.Account> accounts = new ArrayList<>();
    if (node == null) {
      return accounts;
    }
    if (!node.isArray()) {
      problems.add("app_state.accounts: must be an array");
      return accounts;
    }
    TreeSet<Address> seen = new TreeSet<>();
    long total = 0;
    for (int i = 0; i < node.size(); i++) {
      String field = "app_state.accounts[" + i + "]";
      JsonNode entry = node.get(i);
      if (!entry.isObject()) {
        problems.add(field + ": must be an object");
        continue;
      }
      checkKnownFields(entry, field, List.of("address", "balance"), problems);
      Address address = null;
      try {
        address = Address.fromBech32(entry.path("address").asText(""));
      } catch (IllegalArgumentException e) {
        problems.add(field + ".address: " + e.getMessage());
      }
      Long balance = amount(entry.get("balance"), field + ".balance", problems);
      if (address == null || balance == null) {
        continue;
      }
      if (!seen.add(address)) {
        problems.add(field + ".address: " + address + " is listed twice");
        continue;
      }
      String module = moduleProblem(address);
      if (module != null) {
        problems.add(field + ".address: " + module);
        continue;
      }
      try {
        total = Math.addExact(total, balance);
      } catch (ArithmeticException e) {
        problems.add(field + ".balance: total supply would exceed 2^63-1 ulease");
        continue;
      }
      accounts.add(new GenesisState.Account(address, balance));
    }
    return accounts;
  }

  // Amounts are decimal strings (uint64 does not fit a JSON number safely); plain integers are
  // accepted too.
  private static Long amount(JsonNode node, String field, List<String> problems) {
    if (node == null || node.isNull()) {
      problems.add(field + ": missing");
      return null;
    }
    String text = node.isTextual() ? node.asText() : node.isIntegralNumber() ? node.asText() : null;
    if (text == null || !text.matches("-?[0-9]+")) {
      problems.add(field + ": must be a whole number of ulease, as a string");
      return null;
    }
    if (text.startsWith("-")) {
      problems.add(field + ": negative");
      return null;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      problems.add(field + ": larger than 2^63-1");
      return null;
    }
  }

  // A field left out of the JSON keeps its default; one given, even as 0 or false, overrides it.
  @SuppressWarnings("unchecked")
  private static <P extends Message> P params(
      JsonNode node, String field, Message.Builder builder, P defaults, List<String> problems) {
    if (node == null) {
      return defaults;
    }
    try {
      JsonFormat.parser().merge(JSON.writeValueAsString(node), builder);
    } catch (IOException e) {
      problems.add(field + ": " + e.getMessage());
      return defaults;
    }
    for (Descriptors.FieldDescriptor descriptor : defaults.getDescriptorForType().getFields()) {
      if (!node.has(descriptor.getName()) && !node.has(descriptor.getJsonName())) {
        builder.setField(descriptor, defaults.getField(descriptor));
      }
    }
    return (P) builder.build();
  }

  private static void checkKnownFields(
      JsonNode node, String field, List<String> known, List<String> problems) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      String name = fields.next().getKey();
      if (!known.contains(name)) {
        problems.add(field + "." + name + ": unknown field (expected one of " + known + ")");
      }
    }
  }

  private static JsonNode toJson(Message params) {
    try {
      return JSON.readTree(PARAMS_PRINTER.print(params));
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot render params " + params.getDescriptorForType().getName(), e);
    }
  }
}

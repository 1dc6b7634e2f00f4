package io.leasechain.node.cli.market;

import static io.leasechain.node.cli.market.Cli.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.authority.proto.Council;
import io.leasechain.ledger.bank.proto.Account;
import io.leasechain.ledger.market.proto.Bid;
import io.leasechain.ledger.market.proto.BidState;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.provider.proto.Attestation;
import io.leasechain.ledger.provider.proto.Attributes;
import io.leasechain.ledger.provider.proto.Interconnect;
import io.leasechain.ledger.provider.proto.Label;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.query.proto.AuditorsResponse;
import io.leasechain.ledger.query.proto.BidsResponse;
import io.leasechain.ledger.query.proto.LeaseResponse;
import io.leasechain.ledger.query.proto.LeasesResponse;
import io.leasechain.ledger.query.proto.OrdersResponse;
import io.leasechain.ledger.query.proto.ParamsResponse;
import io.leasechain.ledger.query.proto.ProposalsResponse;
import io.leasechain.ledger.query.proto.ProvidersResponse;
import io.leasechain.ledger.tx.Gas;
import io.leasechain.ledger.tx.TxParamsRules;
import io.leasechain.ledger.tx.proto.AuthInfo;
import io.leasechain.ledger.tx.proto.SignerInfo;
import io.leasechain.ledger.tx.proto.Tx;
import io.leasechain.ledger.tx.proto.TxParams;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands against a fake node: sequences and fees filled in from it, query paths sent, answers
 * printed.
 */
class OnlineCliTest {

  @TempDir Path home;
  Cli cli;
  FakeNode node;
  Ed25519PrivateKey alice;
  Ed25519PrivateKey bob;
  Ed25519PrivateKey gpuco;

  @BeforeEach
  void start() throws Exception {
    cli = new Cli(home);
    node = new FakeNode();
    alice = cli.addKey("alice", 1);
    bob = cli.addKey("bob", 2);
    gpuco = cli.addKey("gpuco", 3);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private Cli.Result online(String... args) {
    String[] all = Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--node";
    all[args.length + 1] = node.url();
    return cli.run(all);
  }

  @Test
  void theConfirmationShowsTheMessageAsTextWithHexBytes() throws Exception {
    node.answers.put("/account/" + address(gpuco), Account.getDefaultInstance());
    node.answers.put("/params", ParamsResponse.newBuilder().setTx(TxParamsRules.DEFAULTS).build());
    java.io.InputStream stdin = System.in;
    try {
      System.setIn(
          new java.io.ByteArrayInputStream(
              "n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      Cli.Result result =
          cli.run(
              "tx",
              "proof",
              "set-agent-keys",
              "gpuco",
              "--agent-key",
              "alice",
              "--node",
              node.url(),
              "--chain-id",
              "test");
      assertTrue(
          result
              .out()
              .contains(
                  "message:\n  set_agent_keys:\n    owner: "
                      + address(gpuco)
                      + "\n    public_keys: ["
                      + io.leasechain.crypto.Hex.encode(alice.publicKey().bytes())
                      + "]\n"),
          result.out());
      assertTrue(result.out().contains("cancelled"), result.out());
      assertTrue(node.broadcasts.isEmpty());
    } finally {
      System.setIn(stdin);
    }
  }

  @Test
  void aPartlyWonBidShowsTheUnitsItWon() throws Exception {
    node.answers.put(
        "/bid/7/2",
        Bid.newBuilder()
            .setId(2)
            .setOrderId(7)
            .setGpuUnits(8)
            .setState(BidState.BID_STATE_WON)
            .build());
    node.answers.put(
        "/leases?order=7",
        LeasesResponse.newBuilder()
            .addLeases(Lease.newBuilder().setId(4).setOrderId(7).setBidId(1).setGpuUnits(4))
            .addLeases(Lease.newBuilder().setId(5).setOrderId(7).setBidId(2).setGpuUnits(3))
            .build());
    String text = online("query", "bid", "7", "2").ok().out();
    assertTrue(text.contains("gpu_units: 8\n"), text);
    assertTrue(text.contains("won_units: 3\n"), text);
    assertEquals(
        3, online("query", "bid", "7", "2", "-o", "json").ok().json().path("won_units").asInt());
  }

  @Test
  void everySignersSequenceAndTheFeeComeFromTheNode() throws Exception {
    node.answers.put("/account/" + address(alice), Account.newBuilder().setSequence(5).build());
    node.answers.put("/account/" + address(bob), Account.newBuilder().setSequence(9).build());
    TxParams params = TxParamsRules.DEFAULTS.toBuilder().setMinGasPrice(2_500).build();
    node.answers.put("/params", ParamsResponse.newBuilder().setTx(params).build());

    Cli.Result result =
        online(
                "tx",
                "authority",
                "propose",
                "alice",
                "approve-provider",
                "gpuco",
                "--co-signer",
                "bob",
                "--chain-id",
                "test",
                "--yes",
                "-o",
                "json")
            .ok();
    assertEquals(0, result.json().path("code").asInt(), result.out());
    assertEquals(12, result.json().path("height").asLong());
    assertEquals(1, node.broadcasts.size());
    AuthInfo authInfo = AuthInfo.parseFrom(Tx.parseFrom(node.broadcasts.get(0)).getAuthInfo());
    assertEquals(5, authInfo.getSigners(0).getSequence());
    assertEquals(9, authInfo.getSigners(1).getSequence());
    assertEquals(Gas.minimumFee(params, 200_000), authInfo.getFee().getAmount());
    assertEquals(500, authInfo.getFee().getAmount());

    // A given sequence is used for the first signer; the node is asked for the rest.
    node.queries.clear();
    online(
            "tx",
            "authority",
            "propose",
            "alice",
            "approve-provider",
            "gpuco",
            "--co-signer",
            "bob",
            "--chain-id",
            "test",
            "--sequence",
            "6",
            "--fees",
            "700ulease",
            "--yes")
        .ok();
    AuthInfo second = AuthInfo.parseFrom(Tx.parseFrom(node.broadcasts.get(1)).getAuthInfo());
    assertEquals(
        List.of(6L, 9L), second.getSignersList().stream().map(SignerInfo::getSequence).toList());
    assertEquals(700, second.getFee().getAmount());
    // The params still, for the gas the tx needs: no --gas was given.
    assertEquals(List.of("/account/" + address(bob), "/params"), node.queries);
  }

  @Test
  void txParamsNoChainCouldHoldAreRefusedBeforeAnythingIsSigned() {
    node.answers.put("/account/" + address(alice), Account.newBuilder().setSequence(5).build());
    // A lying node: a per-signature gas that would make the minimum fee take a whole balance.
    TxParams params = TxParamsRules.DEFAULTS.toBuilder().setBaseGas(1_000_000_000_000L).build();
    node.answers.put("/params", ParamsResponse.newBuilder().setTx(params).build());

    online("tx", "bank", "send", "alice", address(bob), "5ulease", "--chain-id", "test", "--yes")
        .fails("tx params are not ones a chain can hold");
    assertEquals(List.of(), node.broadcasts);
  }

  @Test
  void listQueriesSendTheirFiltersAndPage() {
    node.answers.put(
        "/providers?state=active&gpu_model=nvidia%20h100%2Fsxm&limit=5&after=lease1x%26y",
        ProvidersResponse.getDefaultInstance());
    online(
            "query",
            "providers",
            "--state",
            "active",
            "--gpu-model",
            "nvidia h100/sxm",
            "--limit",
            "5",
            "--after",
            "lease1x&y")
        .ok();

    String tenant = address(alice);
    node.answers.put(
        "/orders?tenant=" + tenant + "&state=matched", OrdersResponse.getDefaultInstance());
    online("query", "orders", "--tenant", "alice", "--state", "MATCHED").ok();

    node.answers.put(
        "/leases?provider=" + address(gpuco) + "&order=7&state=closed",
        LeasesResponse.getDefaultInstance());
    online("query", "leases", "--provider", address(gpuco), "--order", "7", "--state", "closed")
        .ok();

    node.answers.put("/bids?order=7", BidsResponse.getDefaultInstance());
    online("query", "bids", "--order", "7").ok();
    node.answers.put(
        "/bids?provider=" + address(gpuco) + "&state=open", BidsResponse.getDefaultInstance());
    online("query", "bids", "--provider", "gpuco", "--state", "open").ok();
    online("query", "bids").fails("--order");

    node.answers.put("/proposals?state=open&limit=2", ProposalsResponse.getDefaultInstance());
    online("query", "proposals", "--state", "open", "--limit", "2").ok();
    node.answers.put("/auditors", AuditorsResponse.getDefaultInstance());
    online("query", "auditors").ok();

    online("query", "providers", "--state", "sleeping")
        .fails("pending, active, suspended, retired");
    online("query", "providers", "--limit", "-1").fails("limit");
  }

  @Test
  void providersPrintReadablyAsText() {
    Provider provider =
        Provider.newBuilder()
            .setAddress(address(gpuco))
            .setHostUri("https://gpu.example.com")
            .setAttributes(
                Attributes.newBuilder()
                    .setGpuModel("nvidia-h100-80gb")
                    .setVramGib(80)
                    .setInterconnect(Interconnect.INTERCONNECT_NVLINK))
            .addLabels(Label.newBuilder().setKey("tier").setValue("gold"))
            .addLabels(Label.newBuilder().setKey("dc").setValue("ams"))
            .setBond(1_000_000)
            .setState(ProviderState.PROVIDER_STATE_ACTIVE)
            .addAttestations(
                Attestation.newBuilder()
                    .setAuditor(address(bob))
                    .addAttributeKeys("gpu_model")
                    .addAttributeKeys("vram_gib")
                    .setHeight(40))
            .build();
    node.answers.put(
        "/providers",
        ProvidersResponse.newBuilder().addProviders(provider).setNext("cursor-2").build());
    String text = online("query", "providers").ok().out();
    List<String> lines = text.lines().toList();
    assertTrue(lines.contains("providers:"), text);
    assertTrue(lines.contains("  - address: " + address(gpuco)), text);
    assertTrue(lines.contains("    host_uri: https://gpu.example.com"), text);
    assertTrue(lines.contains("    attributes:"), text);
    assertTrue(lines.contains("      gpu_model: nvidia-h100-80gb"), text);
    assertTrue(lines.contains("      interconnect: INTERCONNECT_NVLINK"), text);
    assertTrue(lines.contains("    labels:"), text);
    assertTrue(lines.contains("      - key: tier"), text);
    assertTrue(lines.contains("        value: gold"), text);
    assertTrue(lines.contains("      - key: dc"), text);
    assertTrue(lines.contains("    bond: 1000000"), text);
    assertTrue(lines.contains("      - auditor: " + address(bob)), text);
    assertTrue(lines.contains("        attribute_keys: [gpu_model, vram_gib]"), text);
    assertTrue(lines.contains("next: cursor-2"), text);
    assertTrue(text.lines().noneMatch(line -> line.contains("{") || line.contains("\"")), text);

    node.answers.put("/providers?state=retired", ProvidersResponse.getDefaultInstance());
    assertEquals(
        List.of("providers: []", "next: "),
        online("query", "providers", "--state", "retired").ok().out().lines().toList());
  }

  // A provider's label values are free text on chain: printed raw, an escape sequence would drive
  // the reader's terminal (OSC 52 rewrites the clipboard, where a user keeps the address they are
  // about to pay) and a newline would forge a line of the answer.
  @Test
  void textFromTheChainCannotDriveTheTerminalNorForgeLines() {
    node.answers.put(
        "/provider/" + address(gpuco),
        Provider.newBuilder()
            .setAddress(address(gpuco))
            .addLabels(Label.newBuilder().setKey("clip").setValue("\u001b]52;c;bGVhc2Ux\u0007"))
            .addLabels(Label.newBuilder().setKey("csi").setValue("\u009b2K\u007f"))
            .addLabels(Label.newBuilder().setKey("rtl").setValue("pay \u202eeunsl\u2069 \u2028x"))
            .addLabels(
                Label.newBuilder().setKey("dc").setValue("ams\nstate: PROVIDER_STATE_ACTIVE"))
            .setState(ProviderState.PROVIDER_STATE_SUSPENDED)
            .build());
    String text = online("query", "provider", "gpuco").ok().out();
    assertTrue(
        text.codePoints().noneMatch(c -> Character.getType(c) == Character.CONTROL && c != '\n'),
        text);
    List<String> lines = text.lines().toList();
    assertTrue(lines.contains("    value: \\u001b]52;c;bGVhc2Ux\\u0007"), text);
    assertTrue(lines.contains("    value: ams\\u000astate: PROVIDER_STATE_ACTIVE"), text);
    assertTrue(lines.contains("    value: pay \\u202eeunsl\\u2069 \\u2028x"), text);
    assertTrue(lines.contains("state: PROVIDER_STATE_SUSPENDED"), text);
    assertTrue(
        lines.stream().noneMatch(line -> line.startsWith("state: PROVIDER_STATE_ACTIVE")), text);
  }

  @Test
  void singleRecordsByIdAddressOrKeyName() throws Exception {
    node.answers.put(
        "/provider/" + address(gpuco), Provider.newBuilder().setAddress(address(gpuco)).build());
    assertEquals(
        address(gpuco),
        online("query", "provider", "gpuco", "-o", "json").json().path("address").asText());

    node.answers.put(
        "/lease/18446744073709551615",
        LeaseResponse.newBuilder()
            .setLease(Lease.newBuilder().setId(-1L).setState(LeaseState.LEASE_STATE_ACTIVE))
            .setHeight(99)
            .setOwedMicro(1234)
            .build());
    JsonNode lease = online("query", "lease", "18446744073709551615", "-o", "json").json();
    assertEquals("18446744073709551615", lease.path("lease").path("id").asText());
    assertEquals("LEASE_STATE_ACTIVE", lease.path("lease").path("state").asText());
    assertEquals("1234", lease.path("owed_micro").asText());

    node.answers.put(
        "/council",
        Council.newBuilder()
            .addMembers(address(alice))
            .addMembers(address(bob))
            .setThreshold(2)
            .build());
    List<String> council = online("query", "council").ok().out().lines().toList();
    assertEquals(
        List.of("members: [" + address(alice) + ", " + address(bob) + "]", "threshold: 2"),
        council);

    online("query", "order", "3").fails("query/4");
    online("query", "escrow", "3").fails("/escrow/3");
    online("query", "bid", "3", "4").fails("/bid/3/4");
    online("query", "proposal", "8").fails("/proposal/8");
    online("query", "auditor", "nobody").fails("nobody");
  }
}

package io.leasechain.node.cli.market;

import static io.leasechain.node.cli.market.Cli.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.MsgCouncilPropose;
import io.leasechain.ledger.authority.proto.SetParams;
import io.leasechain.ledger.bank.proto.Account;
import io.leasechain.ledger.escrow.proto.EscrowParams;
import io.leasechain.ledger.market.proto.MarketParams;
import io.leasechain.ledger.query.proto.ParamsResponse;
import io.leasechain.ledger.tx.SignDocs;
import io.leasechain.ledger.tx.TxParamsRules;
import io.leasechain.ledger.tx.proto.AuthInfo;
import io.leasechain.ledger.tx.proto.Tx;
import io.leasechain.ledger.tx.proto.TxBody;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `tx authority …`: proposals signed by the proposer and its co-signers in one tx. */
class AuthorityTxCliTest {

  @TempDir Path home;
  Cli cli;
  Ed25519PrivateKey alice;
  Ed25519PrivateKey bob;
  Ed25519PrivateKey carol;
  Ed25519PrivateKey gpuco;

  @BeforeEach
  void keys() {
    cli = new Cli(home);
    alice = cli.addKey("alice", 1);
    bob = cli.addKey("bob", 2);
    carol = cli.addKey("carol", 3);
    gpuco = cli.addKey("gpuco", 4);
  }

  @Test
  void coSignersSignTheSameTxInOrder() throws Exception {
    Cli.Result result =
        cli.run(
            "tx",
            "authority",
            "propose",
            "alice",
            "approve-provider",
            "gpuco",
            "--co-signer",
            "carol",
            "--co-signer",
            "bob",
            "--offline",
            "--chain-id",
            "test",
            "--sequence",
            "4,0,7",
            "-o",
            "json");
    MsgCouncilPropose propose = result.msg().getCouncilPropose();
    assertEquals(address(alice), propose.getProposer());
    assertEquals(List.of(address(carol), address(bob)), propose.getCoSignersList());
    assertEquals(address(gpuco), propose.getAction().getApproveProvider().getProvider());

    Tx tx = result.tx();
    AuthInfo authInfo = result.authInfo();
    List<Ed25519PrivateKey> signers = List.of(alice, carol, bob);
    List<Long> sequences = List.of(4L, 0L, 7L);
    assertEquals(3, authInfo.getSignersCount());
    assertEquals(3, tx.getSignaturesCount());
    byte[] signBytes = SignDocs.bytes(tx.getBody(), tx.getAuthInfo(), "test");
    for (int i = 0; i < 3; i++) {
      assertEquals(
          address(signers.get(i)),
          Ed25519PublicKey.of(authInfo.getSigners(i).getPublicKey().toByteArray())
              .address()
              .toBech32());
      assertEquals(sequences.get(i), authInfo.getSigners(i).getSequence());
      assertTrue(
          signers.get(i).publicKey().verify(signBytes, tx.getSignatures(i).toByteArray()),
          "signature " + i);
    }
  }

  @Test
  void twoSignersTwoSignatures() throws Exception {
    Cli.Result result =
        cli.run(
            "tx",
            "authority",
            "propose",
            "alice",
            "appoint-auditor",
            address(carol),
            "--co-signer",
            "bob",
            "--offline",
            "--chain-id",
            "test",
            "--sequence",
            "0",
            "--sequence",
            "0",
            "-o",
            "json");
    assertEquals(2, result.tx().getSignaturesCount());
    assertEquals(
        address(carol),
        result.msg().getCouncilPropose().getAction().getAppointAuditor().getAuditor());
    assertEquals(List.of(address(bob)), result.msg().getCouncilPropose().getCoSignersList());
  }

  @Test
  void everyAction() throws Exception {
    CouncilAction suspend = action("suspend-provider", "gpuco", "--reason", "fake GPUs");
    assertEquals(CouncilAction.ActionCase.SUSPEND_PROVIDER, suspend.getActionCase());
    assertEquals("fake GPUs", suspend.getSuspendProvider().getReason());
    assertEquals(address(gpuco), suspend.getSuspendProvider().getProvider());
    assertEquals(
        address(gpuco), action("reinstate-provider", "gpuco").getReinstateProvider().getProvider());
    assertEquals(
        address(carol), action("appoint-auditor", "carol").getAppointAuditor().getAuditor());
    assertEquals(address(carol), action("remove-auditor", "carol").getRemoveAuditor().getAuditor());
    cli.offline("tx", "authority", "propose", "alice", "suspend-provider", "gpuco")
        .fails("--reason");
  }

  @Test
  void upgradeActions() throws Exception {
    CouncilAction schedule =
        action("schedule-upgrade", "v2", "1250000", "--info", "leasechain 0.2.0");
    assertEquals("v2", schedule.getScheduleUpgrade().getName());
    assertEquals(1_250_000, schedule.getScheduleUpgrade().getHeight());
    assertEquals("leasechain 0.2.0", schedule.getScheduleUpgrade().getInfo());
    assertEquals("v2", action("cancel-upgrade", "v2").getCancelUpgrade().getName());
    cli.offline("tx", "authority", "propose", "alice", "schedule-upgrade", "v2").fails("HEIGHT");
  }

  @Test
  void validatorActionsTakeTheConsensusKeyInBase64OrHex() throws Exception {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i + 1);
    }
    String base64 = java.util.Base64.getEncoder().encodeToString(key);
    CouncilAction add =
        action("add-validator", "--pubkey", base64, "--power", "25", "--operator", "carol");
    assertEquals(
        com.google.protobuf.ByteString.copyFrom(key), add.getAddValidator().getPublicKey());
    assertEquals(25, add.getAddValidator().getPower());
    assertEquals(address(carol), add.getAddValidator().getOperator());
    CouncilAction power =
        action(
            "set-validator-power",
            "--pubkey",
            io.leasechain.crypto.Hex.encode(key),
            "--power",
            "7");
    assertEquals(
        com.google.protobuf.ByteString.copyFrom(key), power.getSetValidatorPower().getPublicKey());
    assertEquals(7, power.getSetValidatorPower().getPower());
    assertEquals(
        com.google.protobuf.ByteString.copyFrom(key),
        action("remove-validator", "--pubkey", base64).getRemoveValidator().getPublicKey());
    cli.offline(
            "tx",
            "authority",
            "propose",
            "alice",
            "add-validator",
            "--pubkey",
            base64,
            "--operator",
            "carol")
        .fails("--power");
  }

  @Test
  void setParamsChangesOnlyTheFieldsGiven() throws Exception {
    MarketParams market =
        MarketParams.newBuilder()
            .setMinBidDeposit(5)
            .setMaxBidsPerOrder(7)
            .setMinBidWindow(3)
            .setMaxBidWindow(100)
            .setMinOrderDeposit(9)
            .build();
    EscrowParams escrow = EscrowParams.newBuilder().setTakeRateBps(100).build();
    ParamsResponse current =
        ParamsResponse.newBuilder()
            .setMarket(market)
            .setEscrow(escrow)
            .setTx(TxParamsRules.DEFAULTS.toBuilder().setMaxMsgs(8))
            .build();
    Path currentFile = home.resolve("current.json");
    Files.writeString(currentFile, JsonFormat.printer().print(current));
    String json =
        "{\"market\": {\"min_bid_deposit\": \"1000\", \"maxBidsPerOrder\": 50},"
            + " \"escrow\": {\"take_rate_bps\": 300}}";
    SetParams expected =
        SetParams.newBuilder()
            .setMarket(market.toBuilder().setMinBidDeposit(1000).setMaxBidsPerOrder(50))
            .setEscrow(escrow.toBuilder().setTakeRateBps(300))
            .build();
    assertEquals(
        expected,
        action("set-params", "--json", json, "--current-params", currentFile.toString())
            .getSetParams());
    Path file = home.resolve("params.json");
    Files.writeString(file, json);
    assertEquals(
        expected,
        action("set-params", "--json", "@" + file, "--current-params", currentFile.toString())
            .getSetParams());

    // Online, the current params come from the node.
    try (FakeNode node = new FakeNode()) {
      node.answers.put("/params", current);
      node.answers.put("/account/" + address(alice), Account.getDefaultInstance());
      Cli.Result result =
          cli.run(
              "tx",
              "authority",
              "propose",
              "alice",
              "set-params",
              "--json",
              json,
              "--node",
              node.url(),
              "--chain-id",
              "test",
              "--yes",
              "-o",
              "json");
      result.ok();
      MsgCouncilPropose sent =
          TxBody.parseFrom(Tx.parseFrom(node.broadcasts.get(0)).getBody())
              .getMessages(0)
              .getCouncilPropose();
      assertEquals(expected, sent.getAction().getSetParams());
    }

    cli.offline("tx", "authority", "propose", "alice", "set-params", "--json", json)
        .fails("set-params --offline needs --current-params FILE");
    cli.offline(
            "tx",
            "authority",
            "propose",
            "alice",
            "set-params",
            "--json",
            "{\"market\": {\"nope\": 1}}",
            "--current-params",
            currentFile.toString())
        .fails("nope");
    cli.offline(
            "tx",
            "authority",
            "propose",
            "alice",
            "set-params",
            "--json",
            "{",
            "--current-params",
            currentFile.toString())
        .fails("--json: bad params JSON");
  }

  @Test
  void approveAndRevoke() throws Exception {
    var approve = cli.offline("tx", "authority", "approve", "bob", "17").msg().getCouncilApprove();
    assertEquals(address(bob), approve.getMember());
    assertEquals(17, approve.getProposalId());
    var revoke = cli.offline("tx", "authority", "revoke", "bob", "17").msg().getCouncilRevoke();
    assertEquals(address(bob), revoke.getMember());
    assertEquals(17, revoke.getProposalId());
  }

  @Test
  void refusesIncompleteProposals() {
    // Offline, every signer's sequence must be given.
    cli.offline(
            "tx",
            "authority",
            "propose",
            "alice",
            "approve-provider",
            "gpuco",
            "--co-signer",
            "bob")
        .fails("--sequence");
    offlineProposalWith("bob", "0,0,0").fails("each of the 2 signer(s)");
    // A key signs once.
    offlineProposalWith("alice", "0,0").fails("at most once");
    offlineProposalWith("nobody", "0,0").fails("no key named");
    cli.run("tx", "authority", "propose", "alice").fails("approve-provider");
    cli.offline("tx", "authority", "propose", "alice", "dissolve-council").fails("");
  }

  /** Alice proposes approving gpuco with one co-signer, offline with these sequences. */
  private Cli.Result offlineProposalWith(String coSigner, String sequences) {
    return cli.run(
        "tx",
        "authority",
        "propose",
        "alice",
        "approve-provider",
        "gpuco",
        "--co-signer",
        coSigner,
        "--offline",
        "--chain-id",
        "test",
        "--sequence",
        sequences);
  }

  private CouncilAction action(String... actionArgs) throws Exception {
    String[] args = new String[4 + actionArgs.length];
    args[0] = "tx";
    args[1] = "authority";
    args[2] = "propose";
    args[3] = "alice";
    System.arraycopy(actionArgs, 0, args, 4, actionArgs.length);
    MsgCouncilPropose propose = cli.offline(args).msg().getCouncilPropose();
    assertEquals(address(alice), propose.getProposer());
    assertEquals(List.of(), propose.getCoSignersList());
    return propose.getAction();
  }
}

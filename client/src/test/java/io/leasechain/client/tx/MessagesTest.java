package io.leasechain.client.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.client.proof.ProofDocs;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.authority.proto.SetParams;
import io.leasechain.ledger.bank.proto.BankParams;
import io.leasechain.ledger.market.proto.ResourceSpec;
import io.leasechain.ledger.proof.proto.Usage;
import io.leasechain.ledger.proof.proto.Verdict;
import io.leasechain.ledger.provider.proto.Attributes;
import io.leasechain.ledger.provider.proto.Interconnect;
import io.leasechain.ledger.provider.proto.StorageClass;
import io.leasechain.ledger.tx.proto.Msg;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessagesTest {

  private static final Ed25519PrivateKey ALICE_KEY = key(1);
  private static final Ed25519PrivateKey AGENT = key(3);
  private static final Address ALICE = ALICE_KEY.publicKey().address();
  private static final Address BOB = key(2).publicKey().address();
  private static final Attributes H100 =
      Attributes.newBuilder()
          .setGpuModel("nvidia-h100-80gb")
          .setVramGib(80)
          .setGpuCount(8)
          .setInterconnect(Interconnect.INTERCONNECT_NVLINK)
          .setCpuMillicores(64_000)
          .setMemoryMib(512_000)
          .setStorageGib(4_000)
          .setStorageClass(StorageClass.STORAGE_CLASS_NVME)
          .build();
  private static final ResourceSpec SPEC =
      ResourceSpec.newBuilder().setGpuUnits(2).addGpuModels("nvidia-h100-80gb").build();

  private static Ed25519PrivateKey key(int n) {
    byte[] seed = new byte[32];
    seed[0] = (byte) n;
    return Ed25519PrivateKey.fromSeed(seed);
  }

  /** One valid message of every kind the chain knows. */
  private static List<Msg> everyKind() {
    Messages.Offer offer = Messages.Offer.of("https://gpu.example", "eu-west", H100);
    return List.of(
        Messages.send(ALICE, BOB, 5),
        Messages.councilPropose(ALICE, Messages.approveProvider(BOB), List.of()),
        Messages.councilApprove(ALICE, 1),
        Messages.councilRevoke(ALICE, 1),
        Messages.registerProvider(ALICE, offer, 1_000_000),
        Messages.updateProvider(ALICE, offer),
        Messages.retireProvider(ALICE),
        Messages.attestProvider(BOB, ALICE, List.of("gpu_model")),
        Messages.createOrder(ALICE, SPEC, Messages.OrderTerms.of(1_000, 10, 100), 5_000_000),
        Messages.createBid(BOB, 1, 2, 900, 1_000),
        Messages.withdrawBid(BOB, 1, 1),
        Messages.acceptBids(ALICE, 1, List.of(1L)),
        Messages.closeLease(ALICE, 1),
        Messages.closeOrder(ALICE, 1),
        Messages.topUpEscrow(ALICE, 1, 10),
        Messages.withdrawLease(BOB, 1),
        Messages.submitProof(
            BOB,
            AGENT,
            "chain",
            1,
            10,
            20,
            new byte[32],
            Usage.newBuilder().setGpuSeconds(10).setGpuModel("nvidia-h100-80gb").build()),
        Messages.setAgentKeys(BOB, List.of(AGENT.publicKey())),
        Messages.disputeProof(ALICE, 1, 1_000, "https://evidence.example", new byte[32]),
        Messages.resolveDispute(BOB, 1, Verdict.VERDICT_UPHELD));
  }

  @Test
  void everyMessageOfTheChainHasABuilder() {
    Set<Msg.SumCase> built = EnumSet.noneOf(Msg.SumCase.class);
    everyKind().forEach(msg -> built.add(msg.getSumCase()));
    Set<Msg.SumCase> all = EnumSet.allOf(Msg.SumCase.class);
    all.remove(Msg.SumCase.SUM_NOT_SET);
    assertEquals(all, built);
  }

  @Test
  void messagesCarryTheDomainArgumentsInTheirWireForm() {
    Msg send = Messages.send(ALICE, BOB, 5);
    assertEquals(ALICE.toBech32(), send.getSend().getFrom());
    assertEquals(BOB.toBech32(), send.getSend().getTo());
    assertEquals(5, send.getSend().getAmount());

    Msg order =
        Messages.createOrder(
            ALICE, SPEC, Messages.OrderTerms.of(1_000, 10, 100).split(1).attestedBy(BOB), 7);
    assertTrue(order.getCreateOrder().getAllowSplit());
    assertEquals(1, order.getCreateOrder().getMinUnitsPerProvider());
    assertEquals(BOB.toBech32(), order.getCreateOrder().getRequiredAuditor());

    Msg proof = everyKind().get(16);
    assertTrue(ProofDocs.verify(proof.getSubmitProof(), "chain"), "agent signature verifies");
  }

  @Test
  void aNegativeAmountIsRefusedBeforeEncoding() {
    InvalidMessageException e =
        assertThrows(InvalidMessageException.class, () -> Messages.send(ALICE, BOB, -5));
    assertEquals("amount must not be negative, got -5", e.getMessage());
    assertEquals(0, e.code());
    assertThrows(InvalidMessageException.class, () -> Messages.createBid(BOB, 1, 1, -1, 0));
    assertThrows(InvalidMessageException.class, () -> Messages.topUpEscrow(ALICE, 1, -1));
  }

  @Test
  void theLedgersStatelessRulesAnswerWithTheirCode() {
    InvalidMessageException zero =
        assertThrows(InvalidMessageException.class, () -> Messages.send(ALICE, BOB, 0));
    assertEquals("bank", zero.codespace());
    assertTrue(zero.getMessage().contains("amount must be between 1"), zero.getMessage());

    InvalidMessageException noUnits =
        assertThrows(InvalidMessageException.class, () -> Messages.createBid(BOB, 1, 0, 900, 0));
    assertEquals("market", noUnits.codespace());
    assertTrue(noUnits.code() > 0);

    InvalidMessageException emptyParams =
        assertThrows(
            InvalidMessageException.class,
            () ->
                Messages.councilPropose(
                    ALICE, Messages.setParams(SetParams.getDefaultInstance()), List.of()));
    assertEquals("authority", emptyParams.codespace());

    Messages.councilPropose(
        ALICE,
        Messages.setParams(
            SetParams.newBuilder().setBank(BankParams.newBuilder().setSendEnabled(true)).build()),
        List.of(BOB));
  }

  @Test
  void aMessageWithNoKindIsUnknownToTheChain() {
    InvalidMessageException e =
        assertThrows(
            InvalidMessageException.class, () -> Messages.checked(Msg.getDefaultInstance()));
    assertEquals("tx", e.codespace());
    assertEquals(4, e.code());
  }
}

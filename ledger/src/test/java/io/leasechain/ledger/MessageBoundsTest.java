package io.leasechain.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.leasechain.crypto.Address;
import io.leasechain.ledger.authority.AuthorityError;
import io.leasechain.ledger.authority.ProposeHandler;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.MsgCouncilPropose;
import io.leasechain.ledger.authority.proto.SuspendProvider;
import io.leasechain.ledger.market.AcceptBidsHandler;
import io.leasechain.ledger.market.CreateOrderHandler;
import io.leasechain.ledger.market.MarketError;
import io.leasechain.ledger.market.MarketKeeper;
import io.leasechain.ledger.market.proto.MsgAcceptBids;
import io.leasechain.ledger.market.proto.MsgCreateOrder;
import io.leasechain.ledger.market.proto.ResourceSpec;
import io.leasechain.ledger.proof.ProofError;
import io.leasechain.ledger.proof.SubmitProofHandler;
import io.leasechain.ledger.proof.proto.MsgSubmitProof;
import io.leasechain.ledger.provider.AttestProviderHandler;
import io.leasechain.ledger.provider.ProviderError;
import io.leasechain.ledger.provider.proto.MsgAttestProvider;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.testing.Outcomes;
import io.leasechain.ledger.testing.Proofs;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.ledger.tx.TxError;
import io.leasechain.ledger.tx.TxParamsRules;
import io.leasechain.ledger.tx.proto.Msg;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Review finding: state was cheap, since fields no rule bounded (an order's region, its gpu model
 * list) were stored for good at the price of tx bytes. Every string and repeated field of every
 * message has a stateless bound; these are the ones that had none.
 */
class MessageBoundsTest {

  private static final Address SOMEONE = TestChain.addressOf(1);

  private static void assertRefused(LedgerError error, Rejection rejection) {
    assertEquals(error, rejection == null ? null : rejection.error(), String.valueOf(rejection));
  }

  private static MsgCreateOrder order(ResourceSpec.Builder spec) {
    return Msgs.orderBody(SOMEONE, 1, 24, 1, false, 10).setSpec(spec.setGpuUnits(1)).build();
  }

  /** The reviewer's tx: a 60,000-character region, then the order closed in the same tx. */
  @Test
  void anOrderWithAHugeRegionIsRefusedBeforeItsFeeAndStoresNothing() {
    TestChain chain =
        TestChain.builder()
            .accounts(2, TestChain.DEFAULT_BALANCE)
            .txParams(TxParamsRules.DEFAULTS)
            .council(1, 0)
            .marketParams(MarketFixture.MARKET_PARAMS.toBuilder().setMinOrderDeposit(1).build())
            .build();
    long id = MarketKeeper.ORDER_IDS.peek(chain.committed());
    Msg create =
        Msgs.order(
            Msgs.orderBody(chain.address(1), 1, 24, 1, false, 1)
                .setSpec(ResourceSpec.newBuilder().setGpuUnits(1).setRegion("x".repeat(60_000))));
    long gas = 20_000 + 10L * 62_000 + 2 * 10_000;
    byte[] tx =
        chain
            .tx()
            .fee((gas * 1000 + 999_999) / 1_000_000)
            .gasLimit(gas)
            .msg(create)
            .msg(Msgs.closeOrder(chain.address(1), id))
            .signer(chain.keyAt(1))
            .build();
    long before = chain.balance(chain.address(1));
    BlockResult block = chain.finalizeBlock(List.of(tx));
    Outcomes.assertRejected(MarketError.INVALID_ORDER, block.txs().get(0));
    assertNull(MarketKeeper.order(chain.committed(), id));
    assertEquals(before, chain.balance(chain.address(1)), "refused before the fee");
  }

  /** Protobuf keeps fields it does not know; a nested message would store them unread. */
  @Test
  void aMessageCarryingFieldsTheSchemaDoesNotDefineIsRefused() {
    TestChain chain = TestChain.builder().accounts(2, TestChain.DEFAULT_BALANCE).build();
    UnknownFieldSet padding =
        UnknownFieldSet.newBuilder()
            .addField(
                1000,
                UnknownFieldSet.Field.newBuilder()
                    .addLengthDelimited(ByteString.copyFrom(new byte[20_000]))
                    .build())
            .build();
    Msg create =
        Msgs.order(
            Msgs.orderBody(chain.address(1), 1, 24, 1, false, 1_000_000)
                .setSpec(ResourceSpec.newBuilder().setGpuUnits(1).setUnknownFields(padding)));
    TxOutcome outcome = chain.deliver(chain.sign(create, chain.keyAt(1)));
    // Stored whole, the spec would keep the unknown field forever: the canonical rule refuses it.
    Outcomes.assertRejected(TxError.NON_CANONICAL_ENCODING, outcome);
    assertTrue(outcome.log().contains("ResourceSpec"), outcome.log());
  }

  @Test
  void anOrderRegionIsARegionSlug() {
    CreateOrderHandler handler = new CreateOrderHandler();
    assertNull(handler.validate(order(ResourceSpec.newBuilder().setRegion("eu-west-1"))));
    assertNull(handler.validate(order(ResourceSpec.newBuilder().setRegion("r".repeat(32)))));
    assertRefused(
        MarketError.INVALID_ORDER,
        handler.validate(order(ResourceSpec.newBuilder().setRegion("r".repeat(33)))));
    assertRefused(
        MarketError.INVALID_ORDER,
        handler.validate(order(ResourceSpec.newBuilder().setRegion("EU West"))));
  }

  @Test
  void anOrderNamesAtMostSixteenGpuModels() {
    CreateOrderHandler handler = new CreateOrderHandler();
    List<String> sixteen = LongStream.range(0, 16).mapToObj(i -> "gpu-" + i).toList();
    assertNull(handler.validate(order(ResourceSpec.newBuilder().addAllGpuModels(sixteen))));
    assertRefused(
        MarketError.INVALID_ORDER,
        handler.validate(
            order(ResourceSpec.newBuilder().addAllGpuModels(sixteen).addGpuModels("gpu-16"))));
  }

  @Test
  void anAcceptNamesAtMostTheLargestBidCountAnOrderCanHave() {
    MsgAcceptBids.Builder accept =
        MsgAcceptBids.newBuilder()
            .setTenant(SOMEONE.toBech32())
            .setOrderId(1)
            .addAllBidIds(LongStream.rangeClosed(1, 1024).boxed().toList());
    assertNull(new AcceptBidsHandler().validate(accept.build()));
    assertRefused(
        MarketError.INVALID_BID, new AcceptBidsHandler().validate(accept.addBidIds(1025).build()));
  }

  @Test
  void anAttestationNamesAtMostAsManyAttributesAsThereAre() {
    MsgAttestProvider.Builder attest =
        MsgAttestProvider.newBuilder()
            .setAuditor(SOMEONE.toBech32())
            .setProvider(TestChain.addressOf(2).toBech32())
            .addAllAttributeKeys(Collections.nCopies(11, "gpu_model"));
    assertNull(new AttestProviderHandler().validate(attest.build()));
    attest.addAttributeKeys("region");
    assertRefused(
        ProviderError.UNKNOWN_ATTRIBUTE, new AttestProviderHandler().validate(attest.build()));
  }

  @Test
  void aProposalHasAtMost64CoSignersAndASuspensionReasonAtMost256Chars() {
    CouncilAction suspend =
        CouncilAction.newBuilder()
            .setSuspendProvider(
                SuspendProvider.newBuilder()
                    .setProvider(TestChain.addressOf(2).toBech32())
                    .setReason("r".repeat(256)))
            .build();
    MsgCouncilPropose.Builder propose =
        MsgCouncilPropose.newBuilder().setProposer(SOMEONE.toBech32()).setAction(suspend);
    for (int i = 0; i < 64; i++) {
      propose.addCoSigners(TestChain.addressOf(10 + i).toBech32());
    }
    ProposeHandler handler = new ProposeHandler();
    assertNull(handler.validate(propose.build()));
    assertRefused(
        AuthorityError.INVALID_ACTION,
        handler.validate(propose.clone().addCoSigners(TestChain.addressOf(9).toBech32()).build()));
    CouncilAction longReason =
        suspend.toBuilder()
            .setSuspendProvider(suspend.getSuspendProvider().toBuilder().setReason("r".repeat(257)))
            .build();
    assertRefused(
        AuthorityError.INVALID_ACTION, handler.validate(propose.setAction(longReason).build()));
  }

  @Test
  void aProofsUsageNamesAGpuModelSlug() {
    MsgSubmitProof.Builder proof =
        Proofs.signed(
            "chain", SOMEONE, 1, 1, 2, Proofs.usage("m".repeat(64), 1), Proofs.agentKey(0));
    SubmitProofHandler handler = new SubmitProofHandler();
    assertNull(handler.validate(proof.build()));
    assertRefused(
        ProofError.IMPLAUSIBLE_USAGE,
        handler.validate(proof.setUsage(Proofs.usage("m".repeat(65), 1)).build()));
  }
}

package io.leasechain.ledger.provider;

import static io.leasechain.ledger.testing.MarketFixture.addressOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.InvalidProtocolBufferException;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.authority.proto.SetParams;
import io.leasechain.ledger.bank.BankError;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.market.proto.MsgCreateOrder;
import io.leasechain.ledger.provider.proto.Attributes;
import io.leasechain.ledger.provider.proto.Interconnect;
import io.leasechain.ledger.provider.proto.Label;
import io.leasechain.ledger.provider.proto.MsgRegisterProvider;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.provider.proto.StorageClass;
import io.leasechain.ledger.query.LedgerQueries;
import io.leasechain.ledger.query.proto.ProvidersResponse;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.testing.TestChain;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule and rejection code of the provider module, council actions on providers included. */
class ProviderRulesTest {

  private static final Attributes RTX = Msgs.gpus("nvidia-rtx-4090", 24, 4);

  private MarketFixture market;
  private Ed25519PrivateKey alice;

  @BeforeEach
  void setUp() {
    market = MarketFixture.create();
    alice = market.provider(0);
  }

  private List<Address> providersInState(String state) throws InvalidProtocolBufferException {
    ProvidersResponse response =
        ProvidersResponse.parseFrom(
            LedgerQueries.answer(market.chain().committed(), "/providers?state=" + state, 0)
                .value());
    return response.getProvidersList().stream()
        .map(p -> Address.fromBech32(p.getAddress()))
        .toList();
  }

  // ---- register ---------------------------------------------------------------------------

  @Test
  void registerLocksTheBondAndLeavesTheProviderPending() throws Exception {
    long before = market.balance(alice);
    market.ok(Msgs.register(addressOf(alice), RTX, MarketFixture.BOND), alice);
    Provider provider = market.providerRecord(alice);
    assertEquals(ProviderState.PROVIDER_STATE_PENDING, provider.getState());
    assertEquals(MarketFixture.BOND, provider.getBond());
    assertEquals(RTX, provider.getAttributes());
    assertEquals(market.chain().height(), provider.getRegisteredHeight());
    assertEquals(before - MarketFixture.BOND - TestChain.DEFAULT_FEE, market.balance(alice));
    assertEquals(MarketFixture.BOND, market.balance(ModuleAccount.PROVIDER_BONDS));
    assertEquals(List.of(addressOf(alice)), providersInState("pending"));
    assertEquals(List.of(), providersInState("active"));
    market.assertInvariants();
  }

  @Test
  void registerWithAMalformedOwnerIsRefusedBeforeTheFee() {
    market.assertRejectedBeforeFee(
        BankError.INVALID_ADDRESS,
        Msgs.register(
            Msgs.registerBody(addressOf(alice), RTX, MarketFixture.BOND).setOwner("lease1nope")),
        alice);
  }

  @Test
  void registerWithZeroBondIsRefusedBeforeTheFee() {
    market.assertRejectedBeforeFee(
        ProviderError.BOND_TOO_LOW, Msgs.register(addressOf(alice), RTX, 0), alice);
  }

  @Test
  void registerWithABondBelowTheMinimumIsRefused() {
    market.assertRejectedAfterFee(
        ProviderError.BOND_TOO_LOW,
        Msgs.register(addressOf(alice), RTX, MarketFixture.PROVIDER_PARAMS.getMinBond() - 1),
        alice);
  }

  @Test
  void registerWithAnInvalidHostUriIsRefusedBeforeTheFee() {
    market.assertRejectedBeforeFee(
        ProviderError.INVALID_HOST_URI,
        Msgs.register(
            Msgs.registerBody(addressOf(alice), RTX, MarketFixture.BOND)
                .setHostUri("ftp://gpu.example.org")),
        alice);
  }

  static Stream<Arguments> invalidAttributes() {
    return Stream.<Arguments>of(
        Arguments.of(
            "upper-case model",
            (UnaryOperator<MsgRegisterProvider.Builder>)
                b -> b.setAttributes(RTX.toBuilder().setGpuModel("NVIDIA-H100"))),
        Arguments.of(
            "zero VRAM",
            (UnaryOperator<MsgRegisterProvider.Builder>)
                b -> b.setAttributes(RTX.toBuilder().setVramGib(0))),
        Arguments.of(
            "zero GPUs",
            (UnaryOperator<MsgRegisterProvider.Builder>)
                b -> b.setAttributes(RTX.toBuilder().setGpuCount(0))),
        Arguments.of(
            "no interconnect",
            (UnaryOperator<MsgRegisterProvider.Builder>)
                b ->
                    b.setAttributes(
                        RTX.toBuilder().setInterconnect(Interconnect.INTERCONNECT_UNSPECIFIED))),
        Arguments.of(
            "upper-case region",
            (UnaryOperator<MsgRegisterProvider.Builder>) b -> b.setRegion("EU")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidAttributes")
  void registerWithInvalidAttributesIsRefusedBeforeTheFee(
      String name, UnaryOperator<MsgRegisterProvider.Builder> tamper) {
    market.assertRejectedBeforeFee(
        ProviderError.INVALID_ATTRIBUTES,
        Msgs.register(tamper.apply(Msgs.registerBody(addressOf(alice), RTX, MarketFixture.BOND))),
        alice);
  }

  @Test
  void registerWithALabelTwiceIsRefusedBeforeTheFee() {
    Label label = Label.newBuilder().setKey("tier").setValue("gold").build();
    market.assertRejectedBeforeFee(
        ProviderError.INVALID_LABELS,
        Msgs.register(
            Msgs.registerBody(addressOf(alice), RTX, MarketFixture.BOND)
                .addLabels(label)
                .addLabels(label)),
        alice);
  }

  @Test
  void registerWithMoreLabelsThanTheParamAllowsIsRefused() {
    MsgRegisterProvider.Builder body = Msgs.registerBody(addressOf(alice), RTX, MarketFixture.BOND);
    for (int i = 0; i <= MarketFixture.PROVIDER_PARAMS.getMaxLabels(); i++) {
      body.addLabels(Label.newBuilder().setKey("k" + i).setValue("v"));
    }
    market.assertRejectedAfterFee(ProviderError.INVALID_LABELS, Msgs.register(body), alice);
  }

  @Test
  void registeringTwiceIsRefused() {
    market.register(0, RTX);
    market.assertRejectedAfterFee(
        ProviderError.ALREADY_REGISTERED,
        Msgs.register(addressOf(alice), RTX, MarketFixture.BOND),
        alice);
  }

  @Test
  void registerWithABondAboveTheBalanceIsRefused() {
    market.assertRejectedAfterFee(
        BankError.INSUFFICIENT_FUNDS,
        Msgs.register(addressOf(alice), RTX, TestChain.DEFAULT_BALANCE),
        alice);
  }

  // ---- council actions on providers -------------------------------------------------------

  @Test
  void councilApprovalMakesAPendingProviderActive() throws Exception {
    market.register(0, RTX);
    market.councilDoes(Msgs.approveProvider(addressOf(alice)));
    assertEquals(ProviderState.PROVIDER_STATE_ACTIVE, market.providerRecord(alice).getState());
    assertEquals(List.of(addressOf(alice)), providersInState("active"));
    assertEquals(List.of(), providersInState("pending"));
    market.assertInvariants();
  }

  @Test
  void approvingAnUnregisteredProviderIsRefused() {
    market.assertRejectedAfterFee(
        ProviderError.NOT_FOUND,
        Msgs.propose(
            market.memberAddress(0),
            Msgs.approveProvider(addressOf(alice)),
            market.memberAddress(1)),
        market.member(0),
        market.member(1));
    assertEquals(1, market.nextProposalId(), "no proposal was stored");
  }

  @Test
  void approvingAnActiveProviderIsAWrongState() {
    market.registerApproved(0, RTX);
    market.assertRejectedAfterFee(
        ProviderError.WRONG_STATE,
        Msgs.propose(
            market.memberAddress(0),
            Msgs.approveProvider(addressOf(alice)),
            market.memberAddress(1)),
        market.member(0),
        market.member(1));
  }

  @Test
  void suspendAndReinstateMoveBetweenActiveAndSuspended() throws Exception {
    market.registerApproved(0, RTX);
    market.councilDoes(Msgs.suspendProvider(addressOf(alice)));
    assertEquals(ProviderState.PROVIDER_STATE_SUSPENDED, market.providerRecord(alice).getState());
    assertEquals(List.of(addressOf(alice)), providersInState("suspended"));
    market.assertRejectedAfterFee(
        ProviderError.WRONG_STATE,
        Msgs.propose(
            market.memberAddress(0),
            Msgs.suspendProvider(addressOf(alice)),
            market.memberAddress(1)),
        market.member(0),
        market.member(1));
    market.councilDoes(Msgs.reinstateProvider(addressOf(alice)));
    assertEquals(ProviderState.PROVIDER_STATE_ACTIVE, market.providerRecord(alice).getState());
    market.assertRejectedAfterFee(
        ProviderError.WRONG_STATE,
        Msgs.propose(
            market.memberAddress(0),
            Msgs.reinstateProvider(addressOf(alice)),
            market.memberAddress(1)),
        market.member(0),
        market.member(1));
  }

  /**
   * Reinstating puts a provider back on the market, so it must meet the bond rule a registration
   * meets (a slash or a raised min_bond can leave it short).
   */
  @Test
  void aProviderBelowTheMinimumBondIsNotReinstated() {
    market.registerApproved(0, RTX);
    market.councilDoes(Msgs.suspendProvider(addressOf(alice)));
    market.councilDoes(
        Msgs.setParams(
            SetParams.newBuilder()
                .setProvider(
                    MarketFixture.PROVIDER_PARAMS.toBuilder().setMinBond(MarketFixture.BOND + 1))
                .build()));
    market.assertRejectedAfterFee(
        ProviderError.BOND_TOO_LOW,
        Msgs.propose(
            market.memberAddress(0),
            Msgs.reinstateProvider(addressOf(alice)),
            market.memberAddress(1)),
        market.member(0),
        market.member(1));
    assertEquals(ProviderState.PROVIDER_STATE_SUSPENDED, market.providerRecord(alice).getState());
  }

  @Test
  void appointingAnAuditorTwiceIsRefused() {
    Address auditor = addressOf(market.auditor());
    market.councilDoes(Msgs.appointAuditor(auditor));
    assertEquals(
        market.chain().height(),
        ProviderKeeper.auditor(market.chain().committed(), auditor).getAppointedHeight());
    market.assertRejectedAfterFee(
        ProviderError.ALREADY_AUDITOR,
        Msgs.propose(
            market.memberAddress(0), Msgs.appointAuditor(auditor), market.memberAddress(1)),
        market.member(0),
        market.member(1));
  }

  @Test
  void removingSomeoneWhoIsNoAuditorIsRefused() {
    Address auditor = addressOf(market.auditor());
    market.assertRejectedAfterFee(
        ProviderError.AUDITOR_NOT_FOUND,
        Msgs.propose(market.memberAddress(0), Msgs.removeAuditor(auditor), market.memberAddress(1)),
        market.member(0),
        market.member(1));
    market.councilDoes(Msgs.appointAuditor(auditor));
    market.councilDoes(Msgs.removeAuditor(auditor));
    assertEquals(null, ProviderKeeper.auditor(market.chain().committed(), auditor));
  }

  // ---- update -----------------------------------------------------------------------------

  @Test
  void updateReplacesTheOfferAndChangedAttributesVoidAttestations() {
    market.registerApproved(0, RTX);
    Address auditor = addressOf(market.auditor());
    market.councilDoes(Msgs.appointAuditor(auditor));
    market.ok(Msgs.attest(auditor, addressOf(alice), "gpu_model", "vram_gib"), market.auditor());
    assertEquals(1, market.providerRecord(alice).getAttestationsCount());

    // Labels alone: the attested attributes stand.
    market.ok(
        Msgs.update(
            Msgs.updateBody(addressOf(alice), RTX)
                .addLabels(Label.newBuilder().setKey("tier").setValue("gold"))),
        alice);
    assertEquals(1, market.providerRecord(alice).getAttestationsCount());
    assertEquals(1, market.providerRecord(alice).getLabelsCount());

    Attributes more = RTX.toBuilder().setGpuCount(8).build();
    market.ok(Msgs.update(Msgs.updateBody(addressOf(alice), more)), alice);
    Provider updated = market.providerRecord(alice);
    assertEquals(more, updated.getAttributes());
    assertEquals(
        0, updated.getAttestationsCount(), "the auditor vouched for the old attributes, not these");
    assertEquals(0, updated.getLabelsCount());
    assertEquals(
        ProviderState.PROVIDER_STATE_PENDING,
        updated.getState(),
        "the council approved 4 GPUs, not 8: it approves again");
    market.assertInvariants();
    market.councilDoes(Msgs.approveProvider(addressOf(alice)));
    assertEquals(ProviderState.PROVIDER_STATE_ACTIVE, market.providerRecord(alice).getState());
  }

  @ParameterizedTest
  @MethodSource("hardwareChanges")
  void claimingOtherOrMoreHardwareNeedsANewApproval(String what, Attributes changed) {
    market.registerApproved(0, RTX);
    market.ok(Msgs.update(Msgs.updateBody(addressOf(alice), changed)), alice);
    assertEquals(
        ProviderState.PROVIDER_STATE_PENDING, market.providerRecord(alice).getState(), what);
    market.assertInvariants();
  }

  static Stream<Arguments> hardwareChanges() {
    return Stream.of(
        Arguments.of("gpu_model", RTX.toBuilder().setGpuModel("nvidia-h100-80gb").build()),
        Arguments.of("vram_gib", RTX.toBuilder().setVramGib(48).build()),
        Arguments.of("gpu_count", RTX.toBuilder().setGpuCount(5).build()),
        Arguments.of(
            "interconnect",
            RTX.toBuilder().setInterconnect(Interconnect.INTERCONNECT_NVLINK).build()),
        Arguments.of(
            "storage_class",
            RTX.toBuilder().setStorageClass(StorageClass.STORAGE_CLASS_HDD).build()),
        Arguments.of(
            "cpu_millicores", RTX.toBuilder().setCpuMillicores(RTX.getCpuMillicores() + 1).build()),
        Arguments.of("memory_mib", RTX.toBuilder().setMemoryMib(RTX.getMemoryMib() + 1).build()),
        Arguments.of("storage_gib", RTX.toBuilder().setStorageGib(RTX.getStorageGib() + 1).build()),
        Arguments.of("public_ips", RTX.toBuilder().setPublicIps(RTX.getPublicIps() + 1).build()));
  }

  @Test
  void aNewRegionNeedsANewApproval() {
    market.registerApproved(0, RTX);
    market.ok(Msgs.update(Msgs.updateBody(addressOf(alice), RTX).setRegion("us-east")), alice);
    assertEquals(ProviderState.PROVIDER_STATE_PENDING, market.providerRecord(alice).getState());
  }

  @Test
  void promisingLessOrMovingTheHostKeepsTheApproval() {
    market.registerApproved(0, RTX);
    Attributes less =
        RTX.toBuilder()
            .setGpuCount(2)
            .setVramGib(16)
            .setCpuMillicores(1)
            .setMemoryMib(1)
            .setStorageGib(1)
            .setPublicIps(0)
            .build();
    market.ok(
        Msgs.update(
            Msgs.updateBody(addressOf(alice), less).setHostUri("https://other.example.org")),
        alice);
    assertEquals(ProviderState.PROVIDER_STATE_ACTIVE, market.providerRecord(alice).getState());
    assertEquals(less, market.providerRecord(alice).getAttributes());
  }

  @Test
  void changingTheHardwareWithALeaseOrAnOpenBidIsRefused() {
    market.registerApproved(0, RTX);
    Ed25519PrivateKey tenant = market.tenant();
    long order = market.order(tenant, Msgs.orderBody(addressOf(tenant), 4, 24, 100, false, 100));
    market.bid(alice, order, 4, 100);
    Attributes more = RTX.toBuilder().setGpuCount(8).build();
    market.assertRejectedAfterFee(
        ProviderError.HAS_ACTIVE_LEASES,
        Msgs.update(Msgs.updateBody(addressOf(alice), more)),
        alice);
    long other = market.order(tenant, Msgs.orderBody(addressOf(tenant), 4, 24, 100, false, 100));
    long bid = market.bid(alice, other, 4, 100);
    market.ok(Msgs.accept(addressOf(tenant), other, bid), tenant);
    market.assertRejectedAfterFee(
        ProviderError.HAS_ACTIVE_LEASES,
        Msgs.update(Msgs.updateBody(addressOf(alice), more)),
        alice);
    assertEquals(RTX, market.providerRecord(alice).getAttributes());
    assertEquals(ProviderState.PROVIDER_STATE_ACTIVE, market.providerRecord(alice).getState());
  }

  @Test
  void aSuspendedProviderCannotChangeItsHardware() {
    market.registerApproved(0, RTX);
    market.councilDoes(Msgs.suspendProvider(addressOf(alice)));
    market.assertRejectedAfterFee(
        ProviderError.WRONG_STATE,
        Msgs.update(Msgs.updateBody(addressOf(alice), RTX.toBuilder().setGpuCount(8).build())),
        alice);
    market.ok(
        Msgs.update(Msgs.updateBody(addressOf(alice), RTX.toBuilder().setGpuCount(2).build())),
        alice);
    assertEquals(ProviderState.PROVIDER_STATE_SUSPENDED, market.providerRecord(alice).getState());
  }

  @Test
  void updatingAnUnregisteredProviderIsRefused() {
    market.assertRejectedAfterFee(
        ProviderError.NOT_FOUND, Msgs.update(Msgs.updateBody(addressOf(alice), RTX)), alice);
  }

  @Test
  void updatingARetiredProviderIsRefused() {
    market.register(0, RTX);
    market.ok(Msgs.retire(addressOf(alice)), alice);
    market.assertRejectedAfterFee(
        ProviderError.WRONG_STATE, Msgs.update(Msgs.updateBody(addressOf(alice), RTX)), alice);
  }

  @Test
  void updateWithMoreLabelsThanTheParamAllowsIsRefused() {
    market.register(0, RTX);
    var body = Msgs.updateBody(addressOf(alice), RTX);
    for (int i = 0; i <= MarketFixture.PROVIDER_PARAMS.getMaxLabels(); i++) {
      body.addLabels(Label.newBuilder().setKey("k" + i).setValue("v"));
    }
    market.assertRejectedAfterFee(ProviderError.INVALID_LABELS, Msgs.update(body), alice);
  }

  @Test
  void updateWithInvalidAttributesIsRefusedBeforeTheFee() {
    market.register(0, RTX);
    market.assertRejectedBeforeFee(
        ProviderError.INVALID_ATTRIBUTES,
        Msgs.update(Msgs.updateBody(addressOf(alice), RTX.toBuilder().setVramGib(5000).build())),
        alice);
  }

  @Test
  void updateCannotDropGpusThatAreLeased() {
    market.registerApproved(0, RTX);
    long order =
        market.order(
            market.tenant(), Msgs.orderBody(addressOf(market.tenant()), 4, 24, 100, false, 100));
    long bid = market.bid(alice, order, 4, 100);
    market.ok(Msgs.accept(addressOf(market.tenant()), order, bid), market.tenant());
    assertEquals(4, market.providerRecord(alice).getLeasedUnits());
    market.assertRejectedAfterFee(
        ProviderError.INVALID_ATTRIBUTES,
        Msgs.update(Msgs.updateBody(addressOf(alice), RTX.toBuilder().setGpuCount(3).build())),
        alice);
  }

  // ---- retire -----------------------------------------------------------------------------

  @Test
  void retireReturnsTheBondExactlyAfterTheUnbondingPeriod() {
    market.registerApproved(0, RTX);
    long afterBond = market.balance(alice);
    market.ok(Msgs.retire(addressOf(alice)), alice);
    long retiredAt = market.chain().height();
    Provider retired = market.providerRecord(alice);
    assertEquals(ProviderState.PROVIDER_STATE_RETIRED, retired.getState());
    long unbondAt = retiredAt + MarketFixture.PROVIDER_PARAMS.getUnbondingBlocks();
    assertEquals(unbondAt, retired.getUnbondingHeight());

    market.chain().advanceTo(unbondAt - 1);
    assertEquals(MarketFixture.BOND, market.providerRecord(alice).getBond());
    assertEquals(afterBond - TestChain.DEFAULT_FEE, market.balance(alice));
    market.assertInvariants();

    market.chain().emptyBlock();
    assertEquals(0, market.providerRecord(alice).getBond());
    assertEquals(0, market.providerRecord(alice).getUnbondingHeight());
    assertEquals(afterBond - TestChain.DEFAULT_FEE + MarketFixture.BOND, market.balance(alice));
    assertEquals(0, market.balance(ModuleAccount.PROVIDER_BONDS));
    market.assertInvariants();
  }

  @Test
  void retiringAnUnregisteredProviderIsRefused() {
    market.assertRejectedAfterFee(ProviderError.NOT_FOUND, Msgs.retire(addressOf(alice)), alice);
  }

  @Test
  void retiringTwiceIsAWrongState() {
    market.register(0, RTX);
    market.ok(Msgs.retire(addressOf(alice)), alice);
    market.assertRejectedAfterFee(ProviderError.WRONG_STATE, Msgs.retire(addressOf(alice)), alice);
  }

  @Test
  void retiringWithAnOpenBidIsRefused() {
    market.registerApproved(0, RTX);
    long order =
        market.order(
            market.tenant(), Msgs.orderBody(addressOf(market.tenant()), 4, 24, 100, false, 100));
    market.bid(alice, order, 4, 100);
    market.assertRejectedAfterFee(
        ProviderError.HAS_ACTIVE_LEASES, Msgs.retire(addressOf(alice)), alice);
  }

  @Test
  void retiringWithAnActiveLeaseIsRefused() {
    market.registerApproved(0, RTX);
    MsgCreateOrder.Builder body =
        Msgs.orderBody(addressOf(market.tenant()), 4, 24, 100, false, 100);
    long order = market.order(market.tenant(), body);
    long bid = market.bid(alice, order, 4, 100);
    market.ok(Msgs.accept(addressOf(market.tenant()), order, bid), market.tenant());
    market.assertRejectedAfterFee(
        ProviderError.HAS_ACTIVE_LEASES, Msgs.retire(addressOf(alice)), alice);
  }

  // ---- attest -----------------------------------------------------------------------------

  @Test
  void anAuditorAttestsAndReAttestingReplacesItsStatement() {
    market.registerApproved(0, RTX);
    Address auditor = addressOf(market.auditor());
    market.councilDoes(Msgs.appointAuditor(auditor));
    market.ok(
        Msgs.attest(auditor, addressOf(alice), "vram_gib", "gpu_model", "gpu_model"),
        market.auditor());
    Provider attested = market.providerRecord(alice);
    assertEquals(1, attested.getAttestationsCount());
    assertEquals(
        List.of("gpu_model", "vram_gib"), attested.getAttestations(0).getAttributeKeysList());
    assertEquals(market.chain().height(), attested.getAttestations(0).getHeight());
    market.ok(Msgs.attest(auditor, addressOf(alice), "region"), market.auditor());
    assertEquals(
        List.of("region"), market.providerRecord(alice).getAttestations(0).getAttributeKeysList());
    assertEquals(1, market.providerRecord(alice).getAttestationsCount());
  }

  @Test
  void attestWithoutAttributesOrWithAnUnknownOneIsRefusedBeforeTheFee() {
    Address auditor = addressOf(market.auditor());
    market.assertRejectedBeforeFee(
        ProviderError.UNKNOWN_ATTRIBUTE, Msgs.attest(auditor, addressOf(alice)), market.auditor());
    market.assertRejectedBeforeFee(
        ProviderError.UNKNOWN_ATTRIBUTE,
        Msgs.attest(auditor, addressOf(alice), "gpu_model", "colour"),
        market.auditor());
  }

  @Test
  void attestByAnAccountThatIsNoAuditorIsRefused() {
    market.register(0, RTX);
    market.assertRejectedAfterFee(
        ProviderError.NOT_AUDITOR,
        Msgs.attest(addressOf(market.auditor()), addressOf(alice), "gpu_model"),
        market.auditor());
  }

  @Test
  void attestOfAnUnregisteredProviderIsRefused() {
    Address auditor = addressOf(market.auditor());
    market.councilDoes(Msgs.appointAuditor(auditor));
    market.assertRejectedAfterFee(
        ProviderError.NOT_FOUND,
        Msgs.attest(auditor, addressOf(alice), "gpu_model"),
        market.auditor());
  }
}

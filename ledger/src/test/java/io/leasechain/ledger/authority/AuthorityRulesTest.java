package io.leasechain.ledger.authority;

import static io.leasechain.ledger.testing.MarketFixture.addressOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.GenesisState;
import io.leasechain.ledger.authority.proto.AuthorityParams;
import io.leasechain.ledger.authority.proto.Council;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.Proposal;
import io.leasechain.ledger.authority.proto.ProposalState;
import io.leasechain.ledger.authority.proto.SetParams;
import io.leasechain.ledger.escrow.EscrowParamsRules;
import io.leasechain.ledger.escrow.proto.EscrowParams;
import io.leasechain.ledger.market.MarketParamsRules;
import io.leasechain.ledger.provider.ProviderError;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.query.LedgerQueries;
import io.leasechain.ledger.query.proto.ParamsResponse;
import io.leasechain.ledger.query.proto.ProposalsResponse;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.tx.TxError;
import io.leasechain.ledger.tx.TxParamsRules;
import io.leasechain.ledger.tx.proto.Msg;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The council: k-of-n in one multi-signer tx or by propose and approvals, revocation, expiry, and
 * every rejection code of the authority module. Council: keys 0, 1, 2 with threshold 2.
 */
class AuthorityRulesTest {

  private static final long TTL = MarketFixture.AUTHORITY_PARAMS.getProposalTtlBlocks();

  private MarketFixture market;
  private Address m0;
  private Address m1;
  private Address m2;
  private Address candidate;

  @BeforeEach
  void setUp() {
    market = MarketFixture.create();
    m0 = market.memberAddress(0);
    m1 = market.memberAddress(1);
    m2 = market.memberAddress(2);
    candidate = market.register(0, Msgs.gpus("nvidia-h100-80gb", 80, 8));
  }

  private ProviderState candidateState() {
    return market.providerRecord(market.provider(0)).getState();
  }

  private List<String> bech32(Address... addresses) {
    return Stream.of(addresses).map(Address::toBech32).toList();
  }

  @Test
  void kMembersSigningOneTxExecuteAtOnce() throws Exception {
    long id = market.nextProposalId();
    market.ok(
        Msgs.propose(m0, Msgs.approveProvider(candidate), m1), market.member(0), market.member(1));
    long at = market.chain().height();
    Proposal proposal = market.proposal(id);
    assertEquals(ProposalState.PROPOSAL_STATE_EXECUTED, proposal.getState());
    assertEquals(at, proposal.getExecutedHeight());
    assertEquals(bech32(m0, m1), proposal.getApprovalsList());
    assertEquals(ProviderState.PROVIDER_STATE_ACTIVE, candidateState());
    ProposalsResponse executed =
        ProposalsResponse.parseFrom(
            LedgerQueries.answer(market.chain().committed(), "/proposals?state=executed", 0)
                .value());
    assertEquals(List.of(id), executed.getProposalsList().stream().map(Proposal::getId).toList());
    market.assertInvariants();
  }

  @Test
  void aProposalExecutesAtTheKthApproval() {
    market = MarketFixture.create(chain -> chain.council(3, 0, 1, 2, 3));
    candidate = market.register(0, Msgs.gpus("nvidia-h100-80gb", 80, 8));
    long id = market.nextProposalId();
    market.ok(Msgs.propose(m0, Msgs.approveProvider(candidate)), market.member(0));
    assertEquals(ProposalState.PROPOSAL_STATE_OPEN, market.proposal(id).getState());
    market.ok(Msgs.approve(m1, id), market.member(1));
    assertEquals(ProposalState.PROPOSAL_STATE_OPEN, market.proposal(id).getState());
    assertEquals(ProviderState.PROVIDER_STATE_PENDING, candidateState());
    market.assertInvariants();
    market.ok(Msgs.approve(m2, id), market.member(2));
    Proposal executed = market.proposal(id);
    assertEquals(ProposalState.PROPOSAL_STATE_EXECUTED, executed.getState());
    assertEquals(market.chain().height(), executed.getExecutedHeight());
    assertEquals(bech32(m0, m1, m2), executed.getApprovalsList());
    assertEquals(ProviderState.PROVIDER_STATE_ACTIVE, candidateState());
    market.assertRejectedAfterFee(
        AuthorityError.PROPOSAL_NOT_OPEN,
        Msgs.approve(market.memberAddress(3), id),
        market.member(3));
    market.assertInvariants();
  }

  @Test
  void proposeThenApproveReachesAThresholdOfTwo() {
    long id = market.nextProposalId();
    market.ok(Msgs.propose(m0, Msgs.approveProvider(candidate)), market.member(0));
    assertEquals(ProviderState.PROVIDER_STATE_PENDING, candidateState());
    assertEquals(market.chain().height() + TTL, market.proposal(id).getExpiresHeight());
    market.ok(Msgs.approve(m2, id), market.member(2));
    assertEquals(ProposalState.PROPOSAL_STATE_EXECUTED, market.proposal(id).getState());
    assertEquals(ProviderState.PROVIDER_STATE_ACTIVE, candidateState());
  }

  @Test
  void aRevokedApprovalNoLongerCounts() {
    long id = market.nextProposalId();
    market.ok(Msgs.propose(m0, Msgs.approveProvider(candidate)), market.member(0));
    market.ok(Msgs.revoke(m0, id), market.member(0));
    assertEquals(List.of(), market.proposal(id).getApprovalsList());
    market.ok(Msgs.approve(m1, id), market.member(1));
    assertEquals(
        ProposalState.PROPOSAL_STATE_OPEN,
        market.proposal(id).getState(),
        "one approval left after the revocation");
    assertEquals(ProviderState.PROVIDER_STATE_PENDING, candidateState());
    market.ok(Msgs.approve(m0, id), market.member(0));
    assertEquals(ProposalState.PROPOSAL_STATE_EXECUTED, market.proposal(id).getState());
    assertEquals(bech32(m1, m0), market.proposal(id).getApprovalsList());
    market.assertInvariants();
  }

  @Test
  void revokingWithoutHavingApprovedIsRefused() {
    long id = market.nextProposalId();
    market.ok(Msgs.propose(m0, Msgs.approveProvider(candidate)), market.member(0));
    market.assertRejectedAfterFee(
        AuthorityError.NOT_APPROVED, Msgs.revoke(m1, id), market.member(1));
  }

  @Test
  void revokingAMissingProposalIsRefused() {
    market.assertRejectedAfterFee(
        AuthorityError.PROPOSAL_NOT_FOUND, Msgs.revoke(m0, 9), market.member(0));
  }

  @Test
  void revokingAnExecutedProposalIsRefused() {
    long id = market.nextProposalId();
    market.councilDoes(Msgs.approveProvider(candidate));
    market.assertRejectedAfterFee(
        AuthorityError.PROPOSAL_NOT_OPEN, Msgs.revoke(m0, id), market.member(0));
  }

  @Test
  void approvingTwiceIsRefused() {
    long id = market.nextProposalId();
    market.ok(Msgs.propose(m0, Msgs.approveProvider(candidate)), market.member(0));
    market.assertRejectedAfterFee(
        AuthorityError.ALREADY_APPROVED, Msgs.approve(m0, id), market.member(0));
  }

  @Test
  void approvingAMissingProposalIsRefused() {
    market.assertRejectedAfterFee(
        AuthorityError.PROPOSAL_NOT_FOUND, Msgs.approve(m1, 9), market.member(1));
  }

  @Test
  void aNonMemberCannotProposeApproveOrCoSign() {
    var outsider = market.tenant();
    Address outsiderAddress = addressOf(outsider);
    market.assertRejectedAfterFee(
        AuthorityError.NOT_A_MEMBER,
        Msgs.propose(outsiderAddress, Msgs.approveProvider(candidate)),
        outsider);
    long id = market.nextProposalId();
    market.ok(Msgs.propose(m0, Msgs.approveProvider(candidate)), market.member(0));
    market.assertRejectedAfterFee(
        AuthorityError.NOT_A_MEMBER, Msgs.approve(outsiderAddress, id), outsider);
    market.assertRejectedAfterFee(
        AuthorityError.NOT_A_MEMBER,
        Msgs.propose(m1, Msgs.approveProvider(candidate), outsiderAddress),
        market.member(1),
        outsider);
    assertEquals(ProviderState.PROVIDER_STATE_PENDING, candidateState());
  }

  @Test
  void aCoSignerNamedTwiceOrTheProposerAsCoSignerIsRefusedBeforeTheFee() {
    market.assertRejectedBeforeFee(
        AuthorityError.ALREADY_APPROVED,
        Msgs.propose(m0, Msgs.approveProvider(candidate), m1, m1),
        market.member(0),
        market.member(1));
    market.assertRejectedBeforeFee(
        AuthorityError.ALREADY_APPROVED,
        Msgs.propose(m0, Msgs.approveProvider(candidate), m0),
        market.member(0));
  }

  @Test
  void everyCoSignerMustSignTheTx() {
    market.assertRejectedBeforeFee(
        TxError.MISSING_SIGNER,
        Msgs.propose(m0, Msgs.approveProvider(candidate), m1),
        market.member(0));
    assertEquals(ProviderState.PROVIDER_STATE_PENDING, candidateState());
  }

  @Test
  void aProposalWithoutAnActionIsRefusedBeforeTheFee() {
    market.assertRejectedBeforeFee(
        AuthorityError.INVALID_ACTION,
        Msgs.propose(m0, CouncilAction.getDefaultInstance()),
        market.member(0));
  }

  @Test
  void anActionThatFailsAtTheKthApprovalLeavesTheProposalOpen() {
    long id = market.nextProposalId();
    market.ok(Msgs.propose(m0, Msgs.approveProvider(candidate)), market.member(0));
    market.councilDoes(Msgs.approveProvider(candidate));
    market.assertRejectedAfterFee(
        ProviderError.WRONG_STATE, Msgs.approve(m1, id), market.member(1));
    assertEquals(ProposalState.PROPOSAL_STATE_OPEN, market.proposal(id).getState());
    assertEquals(bech32(m0), market.proposal(id).getApprovalsList());
  }

  // ---- expiry -----------------------------------------------------------------------------

  @Test
  void aProposalExpiresExactlyAtItsTtl() {
    long id = market.nextProposalId();
    market.ok(Msgs.propose(m0, Msgs.approveProvider(candidate)), market.member(0));
    long expires = market.chain().height() + TTL;
    assertEquals(expires, market.proposal(id).getExpiresHeight());
    market.chain().advanceTo(expires - 1);
    assertEquals(ProposalState.PROPOSAL_STATE_OPEN, market.proposal(id).getState());
    market.chain().emptyBlock();
    assertEquals(ProposalState.PROPOSAL_STATE_EXPIRED, market.proposal(id).getState());
    market.assertRejectedAfterFee(
        AuthorityError.PROPOSAL_NOT_OPEN, Msgs.approve(m1, id), market.member(1));
    assertEquals(ProviderState.PROVIDER_STATE_PENDING, candidateState());
    market.assertInvariants();
  }

  @Test
  void anApprovalInTheExpiryBlockStillCounts() {
    long id = market.nextProposalId();
    market.ok(Msgs.propose(m0, Msgs.approveProvider(candidate)), market.member(0));
    long expires = market.chain().height() + TTL;
    market.chain().advanceTo(expires - 1);
    market.ok(Msgs.approve(m1, id), market.member(1));
    assertEquals(expires, market.chain().height());
    assertEquals(ProposalState.PROPOSAL_STATE_EXECUTED, market.proposal(id).getState());
    market.assertInvariants();
  }

  // ---- params -----------------------------------------------------------------------------

  static Stream<Arguments> invalidParams() {
    return Stream.of(
        Arguments.of("nothing set", SetParams.getDefaultInstance()),
        Arguments.of(
            "take rate above 100%",
            SetParams.newBuilder()
                .setEscrow(EscrowParams.newBuilder().setTakeRateBps(10_001))
                .build()),
        Arguments.of(
            "no bids per order",
            SetParams.newBuilder()
                .setMarket(MarketParamsRules.DEFAULTS.toBuilder().setMaxBidsPerOrder(0))
                .build()),
        Arguments.of(
            "min window above max",
            SetParams.newBuilder()
                .setMarket(
                    MarketParamsRules.DEFAULTS.toBuilder().setMinBidWindow(20).setMaxBidWindow(10))
                .build()),
        Arguments.of(
            "zero proposal ttl",
            SetParams.newBuilder()
                .setAuthority(AuthorityParams.newBuilder().setProposalTtlBlocks(0))
                .build()),
        Arguments.of(
            "zero min bond",
            SetParams.newBuilder()
                .setProvider(MarketFixture.PROVIDER_PARAMS.toBuilder().setMinBond(0))
                .build()),
        Arguments.of(
            "tiny max tx bytes",
            SetParams.newBuilder()
                .setTx(TxParamsRules.DEFAULTS.toBuilder().setMaxTxBytes(100))
                .build()),
        Arguments.of(
            "one valid, one invalid",
            SetParams.newBuilder()
                .setEscrow(EscrowParams.newBuilder().setTakeRateBps(100))
                .setAuthority(AuthorityParams.newBuilder().setProposalTtlBlocks(10_000_001))
                .build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidParams")
  void setParamsWithInvalidValuesIsRefusedBeforeTheFee(String name, SetParams params) {
    market.assertRejectedBeforeFee(
        AuthorityError.INVALID_PARAMS,
        Msgs.propose(m0, Msgs.setParams(params), m1),
        market.member(0),
        market.member(1));
  }

  @Test
  void setParamsReplacesOnlyTheModulesItNames() throws Exception {
    ParamsResponse before = params();
    market.councilDoes(
        Msgs.setParams(
            SetParams.newBuilder()
                .setEscrow(EscrowParams.newBuilder().setTakeRateBps(500))
                .setAuthority(AuthorityParams.newBuilder().setProposalTtlBlocks(7))
                .build()));
    ParamsResponse after = params();
    assertEquals(500, after.getEscrow().getTakeRateBps());
    assertEquals(500, EscrowParamsRules.STORE.get(market.chain().committed()).getTakeRateBps());
    assertEquals(7, after.getAuthority().getProposalTtlBlocks());
    assertEquals(before.getMarket(), after.getMarket());
    assertEquals(before.getProvider(), after.getProvider());
    assertEquals(before.getTx(), after.getTx());
    assertEquals(before.getBank(), after.getBank());
    long id = market.nextProposalId();
    market.ok(Msgs.propose(m0, Msgs.approveProvider(candidate)), market.member(0));
    assertEquals(
        market.chain().height() + 7,
        market.proposal(id).getExpiresHeight(),
        "the new ttl applies to new proposals");
  }

  @Test
  void theCouncilIsAsInGenesis() throws Exception {
    Council council =
        Council.parseFrom(LedgerQueries.answer(market.chain().committed(), "/council", 0).value());
    assertEquals(bech32(m0, m1, m2), council.getMembersList());
    assertEquals(MarketFixture.COUNCIL_THRESHOLD, council.getThreshold());
  }

  @Test
  void withoutACouncilNoActionIsPossible() {
    market = MarketFixture.create(chain -> chain.council(GenesisState.Council.NONE));
    Msg propose = Msgs.propose(m0, Msgs.approveProvider(candidate));
    market.assertRejectedAfterFee(AuthorityError.NOT_A_MEMBER, propose, market.member(0));
  }

  private ParamsResponse params() throws Exception {
    return ParamsResponse.parseFrom(
        LedgerQueries.answer(market.chain().committed(), "/params", 0).value());
  }
}

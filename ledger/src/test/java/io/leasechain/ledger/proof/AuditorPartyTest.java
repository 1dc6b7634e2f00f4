package io.leasechain.ledger.proof;

import static io.leasechain.ledger.testing.MarketFixture.addressOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.proof.proto.DisputeState;
import io.leasechain.ledger.proof.proto.Verdict;
import io.leasechain.ledger.provider.ProviderError;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Auditors do not judge their own cases: the tenant or the provider of a disputed lease, even when
 * appointed auditor, cannot resolve that dispute, and a provider's owner cannot attest it. Another
 * auditor still can.
 */
class AuditorPartyTest {

  private static final String RTX = "nvidia-rtx-4090";

  private MarketFixture market;
  private Ed25519PrivateKey tenant;
  private Ed25519PrivateKey provider;
  private long dispute;

  @BeforeEach
  void setUp() {
    market = MarketFixture.create(builder -> builder.proofParams(ProofRulesTest.PARAMS));
    market.checkInvariantsEveryBlock();
    tenant = market.tenant();
    provider = market.provider(0);
    market.councilDoes(Msgs.appointAuditor(addressOf(market.auditor())));
    market.councilDoes(Msgs.appointAuditor(addressOf(tenant)));
    market.councilDoes(Msgs.appointAuditor(addressOf(provider)));
    market.registerProving(0, Msgs.gpus(RTX, 24, 4));
    long order =
        market.order(tenant, Msgs.orderBody(addressOf(tenant), 4, 24, 300_000, false, 100_000));
    long bid = market.bid(provider, order, 4, 251_000);
    long lease = market.nextLeaseId();
    market.ok(Msgs.accept(addressOf(tenant), order, bid), tenant);
    market.chain().advanceTo(market.chain().height() + 29);
    long proof = market.proveNow(lease);
    dispute = market.nextDisputeId();
    market.ok(
        Msgs.dispute(addressOf(tenant), proof, market.proofParams().getMinDisputeDeposit()),
        tenant);
  }

  @Test
  void theTenantCannotResolveItsOwnDispute() {
    market.assertRejectedAfterFee(
        ProofError.AUDITOR_IS_PARTY,
        Msgs.resolve(addressOf(tenant), dispute, Verdict.VERDICT_UPHELD),
        tenant);
    assertEquals(DisputeState.DISPUTE_STATE_OPEN, market.dispute(dispute).getState());
  }

  @Test
  void theProviderCannotResolveADisputeOverItsProof() {
    market.assertRejectedAfterFee(
        ProofError.AUDITOR_IS_PARTY,
        Msgs.resolve(addressOf(provider), dispute, Verdict.VERDICT_REJECTED),
        provider);
    assertEquals(DisputeState.DISPUTE_STATE_OPEN, market.dispute(dispute).getState());
  }

  @Test
  void anAuditorWithNoPartInTheLeaseResolves() {
    market.ok(
        Msgs.resolve(addressOf(market.auditor()), dispute, Verdict.VERDICT_REJECTED),
        market.auditor());
    assertEquals(DisputeState.DISPUTE_STATE_REJECTED, market.dispute(dispute).getState());
  }

  @Test
  void aProviderCannotAttestItself() {
    market.assertRejectedAfterFee(
        ProviderError.AUDITOR_IS_PARTY,
        Msgs.attest(addressOf(provider), addressOf(provider), "gpu_model"),
        provider);
    market.ok(
        Msgs.attest(addressOf(market.auditor()), addressOf(provider), "gpu_model"),
        market.auditor());
  }
}

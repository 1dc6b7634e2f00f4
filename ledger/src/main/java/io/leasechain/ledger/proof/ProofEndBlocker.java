package io.leasechain.ledger.proof;

import io.leasechain.ledger.EndBlock;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.market.LeaseLifecycle;
import io.leasechain.ledger.market.MarketKeeper;
import io.leasechain.ledger.market.proto.CloseReason;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.proof.proto.Dispute;
import io.leasechain.ledger.proof.proto.DisputeState;
import io.leasechain.ledger.proof.proto.Proof;
import io.leasechain.ledger.proof.proto.ProofState;
import io.leasechain.ledger.state.KeyValueState;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The proof module's end-block work, read from height-keyed indexes only: challenge windows that
 * end (payments released), disputes that lapse, and leases whose last proof is too old (closed
 * proof_missing). Each is handled as of its due height.
 */
public final class ProofEndBlocker {

  /** In the order they are taken at equal due heights. */
  public static final List<EndBlock.Queue> QUEUES =
      List.of(
          new EndBlock.Queue(ProofKeeper.RELEASE, ProofEndBlocker::release),
          new EndBlock.Queue(ProofKeeper.DISPUTE_DEADLINE, ProofEndBlocker::lapse),
          new EndBlock.Queue(MarketKeeper.PROOF_DEADLINE, ProofEndBlocker::closeUnproven));

  private ProofEndBlocker() {}

  private static List<Event> release(
      KeyValueState state, byte[] suffix, long dueHeight, long height) {
    Proof proof = ProofKeeper.proof(state, ByteBuffer.wrap(suffix).getLong());
    if (proof.getState() != ProofState.PROOF_STATE_PENDING) {
      return List.of();
    }
    return new ProofSettlement(state).accept(proof, dueHeight);
  }

  private static List<Event> lapse(
      KeyValueState state, byte[] suffix, long dueHeight, long height) {
    Dispute dispute = ProofKeeper.dispute(state, ByteBuffer.wrap(suffix).getLong());
    if (dispute.getState() != DisputeState.DISPUTE_STATE_OPEN) {
      return List.of();
    }
    return new Disputes(state).lapse(dispute, dueHeight);
  }

  // An active lease past its deadline closes proof_missing; a closed one whose unproven accrual
  // was held for late proofs gives it back to the tenant.
  private static List<Event> closeUnproven(
      KeyValueState state, byte[] suffix, long dueHeight, long height) {
    Lease lease = MarketKeeper.lease(state, ByteBuffer.wrap(suffix).getLong());
    LeaseLifecycle leases = new LeaseLifecycle(state);
    if (lease.getState() == LeaseState.LEASE_STATE_ACTIVE) {
      return leases.close(lease, CloseReason.CLOSE_REASON_PROOF_MISSING, dueHeight);
    }
    if (LeaseLifecycle.holdsUnproven(lease)) {
      return leases.release(lease, dueHeight);
    }
    return List.of();
  }
}

package io.leasechain.ledger.proof;

import io.leasechain.ledger.proof.proto.Dispute;
import io.leasechain.ledger.proof.proto.DisputeState;
import io.leasechain.ledger.proof.proto.Proof;
import io.leasechain.ledger.proof.proto.ProofState;
import io.leasechain.ledger.state.Counter;
import io.leasechain.ledger.state.Index;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.state.Records;

/** Typed access to proofs and disputes, keeping their height-keyed indexes in step. */
public final class ProofKeeper {

  public static final Counter PROOF_IDS = new Counter("proof");
  public static final Counter DISPUTE_IDS = new Counter("dispute");
  public static final Index RELEASE = new Index(KeySpace.PROOF_RELEASE);
  public static final Index DISPUTE_DEADLINE = new Index(KeySpace.DISPUTE_DEADLINE);
  public static final Index BY_LEASE = new Index(KeySpace.PROOFS_BY_LEASE);

  private final KeyValueState state;

  public ProofKeeper(KeyValueState state) {
    this.state = state;
  }

  public static byte[] proofKey(long id) {
    return Keys.of(KeySpace.PROOF, Keys.uint64(id));
  }

  public static byte[] disputeKey(long id) {
    return Keys.of(KeySpace.DISPUTE, Keys.uint64(id));
  }

  public static Proof proof(ReadableState state, long id) {
    return Records.read(state, proofKey(id), Proof.parser());
  }

  public static Dispute dispute(ReadableState state, long id) {
    return Records.read(state, disputeKey(id), Dispute.parser());
  }

  /** Stores a proof; a pending one is indexed at the end of its challenge window. */
  public void save(Proof proof) {
    Proof old = proof(state, proof.getId());
    byte[] id = Keys.uint64(proof.getId());
    if (old == null) {
      BY_LEASE.add(state, Keys.uint64(proof.getLeaseId()), id);
    } else if (old.getState() == ProofState.PROOF_STATE_PENDING) {
      RELEASE.remove(state, Keys.uint64(old.getChallengeEndHeight()), id);
    }
    if (proof.getState() == ProofState.PROOF_STATE_PENDING) {
      RELEASE.add(state, Keys.uint64(proof.getChallengeEndHeight()), id);
    }
    state.put(proofKey(proof.getId()), proof.toByteArray());
  }

  /** Stores a dispute; an open one is indexed at its deadline. */
  public void save(Dispute dispute) {
    Dispute old = dispute(state, dispute.getId());
    byte[] id = Keys.uint64(dispute.getId());
    if (old != null && old.getState() == DisputeState.DISPUTE_STATE_OPEN) {
      DISPUTE_DEADLINE.remove(state, Keys.uint64(old.getDeadlineHeight()), id);
    }
    if (dispute.getState() == DisputeState.DISPUTE_STATE_OPEN) {
      DISPUTE_DEADLINE.add(state, Keys.uint64(dispute.getDeadlineHeight()), id);
    }
    state.put(disputeKey(dispute.getId()), dispute.toByteArray());
  }
}

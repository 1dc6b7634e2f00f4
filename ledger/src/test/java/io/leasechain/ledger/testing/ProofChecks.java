package io.leasechain.ledger.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.escrow.EscrowKeeper;
import io.leasechain.ledger.escrow.proto.Escrow;
import io.leasechain.ledger.escrow.proto.EscrowState;
import io.leasechain.ledger.market.LeaseLifecycle;
import io.leasechain.ledger.market.proto.CloseReason;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.proof.proto.Dispute;
import io.leasechain.ledger.proof.proto.DisputeState;
import io.leasechain.ledger.proof.proto.Proof;
import io.leasechain.ledger.proof.proto.ProofState;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.provider.proto.Reputation;
import io.leasechain.ledger.rewards.Distribution;
import io.leasechain.ledger.rewards.proto.EmissionState;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The proof module's properties that the ledger's own invariant registry does not (yet) check,
 * computed from records alone: the dispute-deposit account is backed by open disputes, the
 * height-keyed proof indexes hold exactly the entries the end blocker must find, escrows count
 * their pending proofs, proofs of a lease are contiguous and priced at the lease's rate, every
 * accepted micro-ulease is paid, withdrawable or (after the escrow closed) swept back, reputation
 * counters match the records, and supply = genesis + emitted - burnt.
 */
public final class ProofChecks {

  private static final long MICRO = EscrowKeeper.MICRO;
  private static final Set<CloseReason> EARLY =
      Set.of(
          CloseReason.CLOSE_REASON_PROVIDER,
          CloseReason.CLOSE_REASON_PROOF_MISSING,
          CloseReason.CLOSE_REASON_DISPUTE_LOST,
          CloseReason.CLOSE_REASON_PROVIDER_SUSPENDED);

  private ProofChecks() {}

  /** Everything broken, as "name: detail"; empty when all hold. */
  public static List<String> broken(ReadableState state, long height, long genesisSupply) {
    List<String> broken = new ArrayList<>();
    List<Proof> proofs = records(state, KeySpace.PROOF, Proof.parser());
    List<Dispute> disputes = records(state, KeySpace.DISPUTE, Dispute.parser());
    List<Lease> leases = records(state, KeySpace.LEASE, Lease.parser());
    List<Escrow> escrows = records(state, KeySpace.ESCROW, Escrow.parser());
    List<Provider> providers = records(state, KeySpace.PROVIDER, Provider.parser());
    TreeMap<Long, Lease> leaseById = new TreeMap<>();
    leases.forEach(l -> leaseById.put(l.getId(), l));
    TreeMap<Long, Proof> proofById = new TreeMap<>();
    proofs.forEach(p -> proofById.put(p.getId(), p));
    TreeMap<Long, Dispute> disputeById = new TreeMap<>();
    disputes.forEach(d -> disputeById.put(d.getId(), d));

    // dispute-deposits
    long deposits = 0;
    for (Dispute dispute : disputes) {
      if (dispute.getState() == DisputeState.DISPUTE_STATE_OPEN) {
        deposits = Math.addExact(deposits, dispute.getDeposit());
      }
    }
    long held = BankKeeper.account(state, ModuleAccount.DISPUTE_DEPOSITS.address()).getBalance();
    if (held != deposits) {
      broken.add(
          "dispute-deposits: module holds " + held + ", open disputes' deposits are " + deposits);
    }

    // proof-release-index
    TreeMap<Long, List<Long>> release = heightIndex(state, KeySpace.PROOF_RELEASE);
    for (Proof proof : proofs) {
      List<Long> found = release.remove(proof.getId());
      if (proof.getState() != ProofState.PROOF_STATE_PENDING) {
        if (found != null) {
          broken.add(
              "proof-release-index: proof "
                  + proof.getId()
                  + " is "
                  + proof.getState()
                  + " but has entries "
                  + found);
        }
      } else if (found == null
          || !found.equals(List.of(proof.getChallengeEndHeight()))
          || proof.getChallengeEndHeight() <= height) {
        broken.add(
            "proof-release-index: pending proof "
                + proof.getId()
                + " ends its window at "
                + proof.getChallengeEndHeight()
                + " (now "
                + height
                + "), entries "
                + found);
      }
    }
    if (!release.isEmpty()) {
      broken.add("proof-release-index: entries for missing proofs " + release);
    }

    // dispute-deadline-index
    TreeMap<Long, List<Long>> deadlines = heightIndex(state, KeySpace.DISPUTE_DEADLINE);
    for (Dispute dispute : disputes) {
      List<Long> found = deadlines.remove(dispute.getId());
      if (dispute.getState() != DisputeState.DISPUTE_STATE_OPEN) {
        if (found != null) {
          broken.add(
              "dispute-deadline-index: dispute "
                  + dispute.getId()
                  + " is "
                  + dispute.getState()
                  + " but has entries "
                  + found);
        }
      } else if (found == null
          || !found.equals(List.of(dispute.getDeadlineHeight()))
          || dispute.getDeadlineHeight() <= height) {
        broken.add(
            "dispute-deadline-index: open dispute "
                + dispute.getId()
                + " lapses at "
                + dispute.getDeadlineHeight()
                + " (now "
                + height
                + "), entries "
                + found);
      }
    }
    if (!deadlines.isEmpty()) {
      broken.add("dispute-deadline-index: entries for missing disputes " + deadlines);
    }

    // proof-deadline-index and the lease's proof fields
    TreeMap<Long, List<Long>> proofDeadlines = heightIndex(state, KeySpace.PROOF_DEADLINE);
    for (Lease lease : leases) {
      List<Long> found = proofDeadlines.remove(lease.getId());
      if (LeaseLifecycle.holdsUnproven(lease)) {
        // A closed lease holding accrual for a late proof: released at its deadline.
        if (found == null
            || !found.equals(List.of(lease.getProofDeadline()))
            || lease.getProofDeadline() <= height
            || lease.getUnpaidMicro() <= 0
            || lease.getProvenThrough() >= lease.getClosedHeight()) {
          broken.add(
              "proof-deadline-index: closed lease "
                  + lease.getId()
                  + " holds "
                  + lease.getUnpaidMicro()
                  + " micro-ulease proven through "
                  + lease.getProvenThrough()
                  + " until "
                  + lease.getProofDeadline()
                  + " (now "
                  + height
                  + "), entries "
                  + found);
        }
        continue;
      }
      if (lease.getState() != LeaseState.LEASE_STATE_ACTIVE) {
        if (found != null || lease.getProofDeadline() != 0) {
          broken.add(
              "proof-deadline-index: closed lease "
                  + lease.getId()
                  + " has deadline "
                  + lease.getProofDeadline()
                  + ", entries "
                  + found);
        }
        continue;
      }
      if (found == null
          || !found.equals(List.of(lease.getProofDeadline()))
          || lease.getProofDeadline() <= height
          || lease.getProofDeadline() <= lease.getProvenThrough()) {
        broken.add(
            "proof-deadline-index: active lease "
                + lease.getId()
                + " proven through "
                + lease.getProvenThrough()
                + " closes unproven at "
                + lease.getProofDeadline()
                + " (now "
                + height
                + "), entries "
                + found);
      }
      if (lease.getProvenThrough() < lease.getStartHeight() || lease.getProvenThrough() > height) {
        broken.add(
            "lease-proofs: active lease "
                + lease.getId()
                + " from "
                + lease.getStartHeight()
                + " is proven through "
                + lease.getProvenThrough()
                + " at height "
                + height);
      }
    }
    if (!proofDeadlines.isEmpty()) {
      broken.add("proof-deadline-index: entries for missing leases " + proofDeadlines);
    }

    // escrow-pending-proofs
    TreeMap<Long, Integer> pending = new TreeMap<>();
    TreeMap<Long, List<Proof>> byLease = new TreeMap<>();
    for (Proof proof : proofs) {
      Lease lease = leaseById.get(proof.getLeaseId());
      if (lease == null) {
        broken.add("proof-references: proof " + proof.getId() + " of missing lease");
        continue;
      }
      byLease.computeIfAbsent(lease.getId(), id -> new ArrayList<>()).add(proof);
      if (proof.getState() == ProofState.PROOF_STATE_PENDING
          || proof.getState() == ProofState.PROOF_STATE_DISPUTED) {
        pending.merge(lease.getOrderId(), 1, Integer::sum);
      }
      if (!proof.getProvider().equals(lease.getProvider())) {
        broken.add("proof-references: proof " + proof.getId() + " not by its lease's provider");
      }
      if (proof.getState() == ProofState.PROOF_STATE_DISPUTED) {
        Dispute dispute = disputeById.get(proof.getDisputeId());
        if (dispute == null || dispute.getState() != DisputeState.DISPUTE_STATE_OPEN) {
          broken.add(
              "proof-references: disputed proof "
                  + proof.getId()
                  + " has dispute "
                  + (dispute == null ? "missing" : dispute.getState()));
        }
      }
    }
    for (Escrow escrow : escrows) {
      int expected = pending.getOrDefault(escrow.getOrderId(), 0);
      if (escrow.getPendingProofs() != expected) {
        broken.add(
            "escrow-pending-proofs: escrow "
                + escrow.getOrderId()
                + " counts "
                + escrow.getPendingProofs()
                + ", its leases have "
                + expected
                + " pending or disputed proofs");
      }
      if (escrow.getState() == EscrowState.ESCROW_STATE_CLOSED && expected != 0) {
        broken.add("escrow-pending-proofs: closed escrow " + escrow.getOrderId() + " has proofs");
      }
    }

    // dispute references
    for (Dispute dispute : disputes) {
      Proof proof = proofById.get(dispute.getProofId());
      ProofState expected =
          switch (dispute.getState()) {
            case DISPUTE_STATE_OPEN -> ProofState.PROOF_STATE_DISPUTED;
            case DISPUTE_STATE_UPHELD -> ProofState.PROOF_STATE_REJECTED;
            default -> ProofState.PROOF_STATE_ACCEPTED;
          };
      if (proof == null
          || proof.getState() != expected
          || proof.getDisputeId() != dispute.getId()
          || proof.getLeaseId() != dispute.getLeaseId()) {
        broken.add(
            "dispute-references: "
                + dispute.getState()
                + " dispute "
                + dispute.getId()
                + " has proof "
                + (proof == null ? "missing" : proof.getId() + " " + proof.getState()));
      }
      if (dispute.getSlashedToTenant() > dispute.getSlashed()) {
        broken.add("dispute-references: dispute " + dispute.getId() + " gave more than slashed");
      }
    }

    // lease-proofs: contiguous, priced at the rate; accepted money all accounted for
    TreeMap<Long, Escrow> escrowById = new TreeMap<>();
    escrows.forEach(e -> escrowById.put(e.getOrderId(), e));
    for (Lease lease : leases) {
      List<Proof> mine = new ArrayList<>(byLease.getOrDefault(lease.getId(), List.of()));
      mine.sort(Comparator.comparingLong(Proof::getId));
      long at = lease.getStartHeight();
      BigInteger accepted = BigInteger.ZERO;
      for (Proof proof : mine) {
        if (proof.getFromHeight() < at || proof.getToHeight() <= proof.getFromHeight()) {
          broken.add(
              "lease-proofs: lease "
                  + lease.getId()
                  + " proof "
                  + proof.getId()
                  + " covers "
                  + proof.getFromHeight()
                  + ".."
                  + proof.getToHeight()
                  + " but the previous period ended at "
                  + at);
        }
        at = proof.getToHeight();
        long amount = LeaseLifecycle.rate(lease) * (proof.getToHeight() - proof.getFromHeight());
        if (proof.getAmountMicro() != amount) {
          broken.add(
              "lease-proofs: proof "
                  + proof.getId()
                  + " pays "
                  + proof.getAmountMicro()
                  + ", rate x blocks is "
                  + amount);
        }
        if (proof.getState() == ProofState.PROOF_STATE_ACCEPTED) {
          accepted = accepted.add(BigInteger.valueOf(proof.getAmountMicro()));
        }
      }
      if (at > lease.getProvenThrough()) {
        broken.add(
            "lease-proofs: lease "
                + lease.getId()
                + " proven through "
                + lease.getProvenThrough()
                + " has a proof to "
                + at);
      }
      BigInteger paid =
          BigInteger.valueOf(lease.getPaid())
              .add(BigInteger.valueOf(lease.getTaken()))
              .multiply(BigInteger.valueOf(MICRO));
      Escrow escrow = escrowById.get(lease.getOrderId());
      if (escrow != null && escrow.getState() == EscrowState.ESCROW_STATE_OPEN) {
        BigInteger owed = paid.add(BigInteger.valueOf(lease.getWithdrawableMicro()));
        if (!owed.equals(accepted)) {
          broken.add(
              "lease-payments: lease "
                  + lease.getId()
                  + " accepted "
                  + accepted
                  + " micro-ulease, paid+taken+withdrawable is "
                  + owed);
        }
      } else if (lease.getWithdrawableMicro() != 0
          || accepted.compareTo(paid) < 0
          || accepted.subtract(paid).compareTo(BigInteger.valueOf(MICRO)) >= 0) {
        broken.add(
            "lease-payments: lease "
                + lease.getId()
                + " of a closed escrow accepted "
                + accepted
                + " micro-ulease, paid+taken "
                + paid
                + ", withdrawable "
                + lease.getWithdrawableMicro());
      }
    }

    // reputation
    TreeMap<String, Reputation.Builder> seen = new TreeMap<>();
    for (Proof proof : proofs) {
      if (proof.getState() == ProofState.PROOF_STATE_ACCEPTED) {
        Reputation.Builder r =
            seen.computeIfAbsent(proof.getProvider(), p -> Reputation.newBuilder());
        r.setProofsAccepted(r.getProofsAccepted() + 1);
      }
    }
    for (Dispute dispute : disputes) {
      Reputation.Builder r =
          seen.computeIfAbsent(dispute.getProvider(), p -> Reputation.newBuilder());
      if (dispute.getState() == DisputeState.DISPUTE_STATE_UPHELD) {
        r.setDisputesLost(r.getDisputesLost() + 1);
      } else if (dispute.getState() == DisputeState.DISPUTE_STATE_REJECTED) {
        r.setDisputesWon(r.getDisputesWon() + 1);
      }
    }
    for (Lease lease : leases) {
      if (lease.getState() == LeaseState.LEASE_STATE_CLOSED) {
        Reputation.Builder r =
            seen.computeIfAbsent(lease.getProvider(), p -> Reputation.newBuilder());
        if (EARLY.contains(lease.getCloseReason())) {
          r.setLeasesClosedEarly(r.getLeasesClosedEarly() + 1);
        } else {
          r.setLeasesCompleted(r.getLeasesCompleted() + 1);
        }
      }
    }
    TreeMap<String, Integer> open = new TreeMap<>();
    for (Proof proof : proofs) {
      if (proof.getState() == ProofState.PROOF_STATE_PENDING
          || proof.getState() == ProofState.PROOF_STATE_DISPUTED) {
        open.merge(proof.getProvider(), 1, Integer::sum);
      }
    }
    for (Provider provider : providers) {
      int expectedOpen = open.getOrDefault(provider.getAddress(), 0);
      if (provider.getOpenProofs() != expectedOpen) {
        broken.add(
            "provider-open-proofs: provider "
                + provider.getAddress()
                + " counts "
                + provider.getOpenProofs()
                + " open proofs, its records have "
                + expectedOpen);
      }
      if (provider.getState() == ProviderState.PROVIDER_STATE_RETIRED && expectedOpen != 0) {
        broken.add(
            "provider-open-proofs: retired provider " + provider.getAddress() + " has open proofs");
      }
    }
    for (Provider provider : providers) {
      Reputation expected =
          seen.getOrDefault(provider.getAddress(), Reputation.newBuilder()).build();
      if (!expected.equals(provider.getReputation())) {
        broken.add(
            "reputation: provider "
                + provider.getAddress()
                + " has {"
                + provider.getReputation().toString().replace('\n', ' ')
                + "}, its records say {"
                + expected.toString().replace('\n', ' ')
                + "}");
      }
    }

    // supply
    EmissionState emission = Distribution.emission(state);
    long supply = BankKeeper.supply(state);
    long expectedSupply = genesisSupply + emission.getEmittedTotal() - emission.getBurntTotal();
    if (supply != expectedSupply) {
      broken.add(
          "supply-history: supply " + supply + ", genesis + emitted - burnt = " + expectedSupply);
    }
    return broken;
  }

  private static <T> List<T> records(ReadableState state, KeySpace space, Parser<T> parser) {
    List<T> records = new ArrayList<>();
    Iterator<KeyValue> scan = state.scanPrefix(Keys.of(space));
    while (scan.hasNext()) {
      try {
        records.add(parser.parseFrom(scan.next().value()));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("undecodable " + space + " record", e);
      }
    }
    return records;
  }

  /** A {@code prefix | height(8) | id(8)} index as id -> heights. */
  private static TreeMap<Long, List<Long>> heightIndex(ReadableState state, KeySpace space) {
    TreeMap<Long, List<Long>> entries = new TreeMap<>();
    Iterator<KeyValue> scan = state.scanPrefix(Keys.of(space));
    while (scan.hasNext()) {
      byte[] key = scan.next().key();
      ByteBuffer buffer = ByteBuffer.wrap(key, 1, 2 * Long.BYTES);
      long at = buffer.getLong();
      entries.computeIfAbsent(buffer.getLong(), id -> new ArrayList<>()).add(at);
    }
    return entries;
  }
}

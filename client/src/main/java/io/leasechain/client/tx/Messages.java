package io.leasechain.client.tx;

import com.google.protobuf.ByteString;
import io.leasechain.client.proof.ProofDocs;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.ledger.Ledger;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.authority.proto.AddValidator;
import io.leasechain.ledger.authority.proto.AppointAuditor;
import io.leasechain.ledger.authority.proto.ApproveProvider;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.MsgCouncilApprove;
import io.leasechain.ledger.authority.proto.MsgCouncilPropose;
import io.leasechain.ledger.authority.proto.MsgCouncilRevoke;
import io.leasechain.ledger.authority.proto.ReinstateProvider;
import io.leasechain.ledger.authority.proto.RemoveAuditor;
import io.leasechain.ledger.authority.proto.RemoveValidator;
import io.leasechain.ledger.authority.proto.SetParams;
import io.leasechain.ledger.authority.proto.SetValidatorPower;
import io.leasechain.ledger.authority.proto.SuspendProvider;
import io.leasechain.ledger.bank.proto.MsgSend;
import io.leasechain.ledger.escrow.proto.MsgTopUpEscrow;
import io.leasechain.ledger.escrow.proto.MsgWithdrawLease;
import io.leasechain.ledger.market.proto.MsgAcceptBids;
import io.leasechain.ledger.market.proto.MsgCloseLease;
import io.leasechain.ledger.market.proto.MsgCloseOrder;
import io.leasechain.ledger.market.proto.MsgCreateBid;
import io.leasechain.ledger.market.proto.MsgCreateOrder;
import io.leasechain.ledger.market.proto.MsgWithdrawBid;
import io.leasechain.ledger.market.proto.ResourceSpec;
import io.leasechain.ledger.proof.proto.MsgDisputeProof;
import io.leasechain.ledger.proof.proto.MsgResolveDispute;
import io.leasechain.ledger.proof.proto.MsgSetAgentKeys;
import io.leasechain.ledger.proof.proto.Usage;
import io.leasechain.ledger.proof.proto.Verdict;
import io.leasechain.ledger.provider.proto.Attributes;
import io.leasechain.ledger.provider.proto.Label;
import io.leasechain.ledger.provider.proto.MsgAttestProvider;
import io.leasechain.ledger.provider.proto.MsgRegisterProvider;
import io.leasechain.ledger.provider.proto.MsgRetireProvider;
import io.leasechain.ledger.provider.proto.MsgUpdateProvider;
import io.leasechain.ledger.tx.proto.Msg;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Builds every message of the chain from domain-typed arguments: accounts as {@link Address},
 * amounts in ulease and prices in micro-ulease as {@code long}, ids as unsigned 64-bit {@code
 * long}. Each message is checked with the ledger's own stateless rules before it is returned, so a
 * malformed one fails here with an {@link InvalidMessageException} carrying the code the chain
 * would answer, instead of after signing and broadcasting. Rules that depend on state (balances,
 * the order's state, params) are left to the chain.
 */
public final class Messages {

  // The ledger's message router and rules; validate() reads no state and is thread-safe.
  private static final Ledger RULES = new Ledger();

  private Messages() {}

  // bank

  /** Moves {@code amount} ulease from {@code from} (the signer) to {@code to}. */
  public static Msg send(Address from, Address to, long amount) {
    nonNegative("amount", amount);
    return checked(
        Msg.newBuilder()
            .setSend(
                MsgSend.newBuilder()
                    .setFrom(bech32(from, "from"))
                    .setTo(bech32(to, "to"))
                    .setAmount(amount))
            .build());
  }

  // provider

  /** What a provider offers: where tenants reach it, its region, hardware and labels. */
  public record Offer(String hostUri, String region, Attributes attributes, List<Label> labels) {

    public Offer {
      Objects.requireNonNull(hostUri, "hostUri");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(attributes, "attributes");
      labels = List.copyOf(labels);
    }

    /** An offer without labels. */
    public static Offer of(String hostUri, String region, Attributes attributes) {
      return new Offer(hostUri, region, attributes, List.of());
    }
  }

  /** Registers {@code owner} as a provider of {@code offer}, locking {@code bond} ulease. */
  public static Msg registerProvider(Address owner, Offer offer, long bond) {
    nonNegative("bond", bond);
    return checked(
        Msg.newBuilder()
            .setRegisterProvider(
                MsgRegisterProvider.newBuilder()
                    .setOwner(bech32(owner, "owner"))
                    .setHostUri(offer.hostUri())
                    .setRegion(offer.region())
                    .setAttributes(offer.attributes())
                    .addAllLabels(offer.labels())
                    .setBond(bond))
            .build());
  }

  /** Replaces the provider's offer; changed attributes void earlier attestations. */
  public static Msg updateProvider(Address owner, Offer offer) {
    return checked(
        Msg.newBuilder()
            .setUpdateProvider(
                MsgUpdateProvider.newBuilder()
                    .setOwner(bech32(owner, "owner"))
                    .setHostUri(offer.hostUri())
                    .setRegion(offer.region())
                    .setAttributes(offer.attributes())
                    .addAllLabels(offer.labels()))
            .build());
  }

  /** Retires the provider; its bond returns after the unbonding period. */
  public static Msg retireProvider(Address owner) {
    return checked(
        Msg.newBuilder()
            .setRetireProvider(MsgRetireProvider.newBuilder().setOwner(bech32(owner, "owner")))
            .build());
  }

  /**
   * By an appointed auditor: attests that it checked these attributes of {@code provider} (names of
   * {@link Attributes} fields, e.g. {@code gpu_model}).
   */
  public static Msg attestProvider(
      Address auditor, Address provider, Collection<String> attributeKeys) {
    return checked(
        Msg.newBuilder()
            .setAttestProvider(
                MsgAttestProvider.newBuilder()
                    .setAuditor(bech32(auditor, "auditor"))
                    .setProvider(bech32(provider, "provider"))
                    .addAllAttributeKeys(attributeKeys))
            .build());
  }

  // market

  /**
   * An order's auction terms: the highest price accepted in micro-ulease per GPU unit per block,
   * the bid window and lease duration in blocks (duration 0 = until closed or out of funds),
   * whether several providers may share it (and the least units each must take), and the auditor
   * whose attestation providers need (null = none).
   */
  public record OrderTerms(
      long maxPrice,
      long bidWindow,
      long duration,
      boolean allowSplit,
      int minUnitsPerProvider,
      Address requiredAuditor) {

    /** One provider takes the whole order; no attestation needed. */
    public static OrderTerms of(long maxPrice, long bidWindow, long duration) {
      return new OrderTerms(maxPrice, bidWindow, duration, false, 0, null);
    }

    /** The same terms, split among providers taking at least {@code minUnits} units each. */
    public OrderTerms split(int minUnits) {
      return new OrderTerms(maxPrice, bidWindow, duration, true, minUnits, requiredAuditor);
    }

    /** The same terms, open only to providers attested by {@code auditor}. */
    public OrderTerms attestedBy(Address auditor) {
      return new OrderTerms(
          maxPrice, bidWindow, duration, allowSplit, minUnitsPerProvider, auditor);
    }
  }

  /** Opens an order for {@code spec}, moving {@code deposit} ulease into its escrow. */
  public static Msg createOrder(Address tenant, ResourceSpec spec, OrderTerms terms, long deposit) {
    nonNegative("deposit", deposit);
    nonNegative("max price", terms.maxPrice());
    nonNegative("bid window", terms.bidWindow());
    nonNegative("duration", terms.duration());
    nonNegative("min units per provider", terms.minUnitsPerProvider());
    MsgCreateOrder.Builder order =
        MsgCreateOrder.newBuilder()
            .setTenant(bech32(tenant, "tenant"))
            .setSpec(Objects.requireNonNull(spec, "spec"))
            .setMaxPrice(terms.maxPrice())
            .setBidWindow(terms.bidWindow())
            .setDuration(terms.duration())
            .setAllowSplit(terms.allowSplit())
            .setMinUnitsPerProvider(terms.minUnitsPerProvider())
            .setDeposit(deposit);
    if (terms.requiredAuditor() != null) {
      order.setRequiredAuditor(terms.requiredAuditor().toBech32());
    }
    return checked(Msg.newBuilder().setCreateOrder(order).build());
  }

  /**
   * Bids for {@code gpuUnits} units of an order at {@code price} micro-ulease per unit per block,
   * locking {@code deposit} ulease.
   */
  public static Msg createBid(
      Address provider, long orderId, int gpuUnits, long price, long deposit) {
    nonNegative("gpu units", gpuUnits);
    nonNegative("price", price);
    nonNegative("deposit", deposit);
    return checked(
        Msg.newBuilder()
            .setCreateBid(
                MsgCreateBid.newBuilder()
                    .setProvider(bech32(provider, "provider"))
                    .setOrderId(orderId)
                    .setGpuUnits(gpuUnits)
                    .setPrice(price)
                    .setDeposit(deposit))
            .build());
  }

  /** Withdraws an open bid; its deposit returns. */
  public static Msg withdrawBid(Address provider, long orderId, long bidId) {
    return checked(
        Msg.newBuilder()
            .setWithdrawBid(
                MsgWithdrawBid.newBuilder()
                    .setProvider(bech32(provider, "provider"))
                    .setOrderId(orderId)
                    .setBidId(bidId))
            .build());
  }

  /** By the tenant: accepts these bids of its order, each becoming a lease. */
  public static Msg acceptBids(Address tenant, long orderId, Collection<Long> bidIds) {
    return checked(
        Msg.newBuilder()
            .setAcceptBids(
                MsgAcceptBids.newBuilder()
                    .setTenant(bech32(tenant, "tenant"))
                    .setOrderId(orderId)
                    .addAllBidIds(bidIds))
            .build());
  }

  /** By the tenant: closes the lease now; by the provider: after the notice period. */
  public static Msg closeLease(Address sender, long leaseId) {
    return checked(
        Msg.newBuilder()
            .setCloseLease(
                MsgCloseLease.newBuilder().setSender(bech32(sender, "sender")).setLeaseId(leaseId))
            .build());
  }

  /** Closes every lease of the order, refunds its escrow and cancels it if still open. */
  public static Msg closeOrder(Address tenant, long orderId) {
    return checked(
        Msg.newBuilder()
            .setCloseOrder(
                MsgCloseOrder.newBuilder().setTenant(bech32(tenant, "tenant")).setOrderId(orderId))
            .build());
  }

  // escrow

  /** Adds {@code amount} ulease to the order's escrow. */
  public static Msg topUpEscrow(Address owner, long orderId, long amount) {
    nonNegative("amount", amount);
    return checked(
        Msg.newBuilder()
            .setTopUpEscrow(
                MsgTopUpEscrow.newBuilder()
                    .setOwner(bech32(owner, "owner"))
                    .setOrderId(orderId)
                    .setAmount(amount))
            .build());
  }

  /** By the lease's provider: takes the payment of its accepted proofs. */
  public static Msg withdrawLease(Address provider, long leaseId) {
    return checked(
        Msg.newBuilder()
            .setWithdrawLease(
                MsgWithdrawLease.newBuilder()
                    .setProvider(bech32(provider, "provider"))
                    .setLeaseId(leaseId))
            .build());
  }

  // proof

  /** Names the Ed25519 keys the provider's job agents sign proofs with (replacing earlier ones). */
  public static Msg setAgentKeys(Address owner, Collection<Ed25519PublicKey> agentKeys) {
    MsgSetAgentKeys.Builder keys = MsgSetAgentKeys.newBuilder().setOwner(bech32(owner, "owner"));
    for (Ed25519PublicKey key : agentKeys) {
      keys.addPublicKeys(ByteString.copyFrom(key.bytes()));
    }
    return checked(Msg.newBuilder().setSetAgentKeys(keys).build());
  }

  /**
   * Proves the period {@code fromHeight..toHeight} of a lease: the ProofDoc (bound to {@code
   * chainId}) is signed by {@code agent}, one of the provider's agent keys; {@code outputRoot} is
   * the 32-byte output Merkle root (see {@link io.leasechain.client.proof.OutputMerkleTree}).
   */
  public static Msg submitProof(
      Address provider,
      Ed25519PrivateKey agent,
      String chainId,
      long leaseId,
      long fromHeight,
      long toHeight,
      byte[] outputRoot,
      Usage usage) {
    return checked(
        Msg.newBuilder()
            .setSubmitProof(
                ProofDocs.submit(
                    bech32(provider, "provider"),
                    agent,
                    chainId,
                    leaseId,
                    fromHeight,
                    toHeight,
                    outputRoot,
                    usage))
            .build());
  }

  /**
   * By the lease's tenant: disputes a pending proof, locking {@code deposit} ulease; the evidence
   * URI and hash (may be empty) tell the auditor where to look.
   */
  public static Msg disputeProof(
      Address tenant, long proofId, long deposit, String evidenceUri, byte[] evidenceHash) {
    nonNegative("deposit", deposit);
    return checked(
        Msg.newBuilder()
            .setDisputeProof(
                MsgDisputeProof.newBuilder()
                    .setTenant(bech32(tenant, "tenant"))
                    .setProofId(proofId)
                    .setDeposit(deposit)
                    .setEvidenceUri(Objects.requireNonNull(evidenceUri, "evidenceUri"))
                    .setEvidenceHash(ByteString.copyFrom(evidenceHash)))
            .build());
  }

  /** By an appointed auditor: decides an open dispute. */
  public static Msg resolveDispute(Address auditor, long disputeId, Verdict verdict) {
    return checked(
        Msg.newBuilder()
            .setResolveDispute(
                MsgResolveDispute.newBuilder()
                    .setAuditor(bech32(auditor, "auditor"))
                    .setDisputeId(disputeId)
                    .setVerdict(Objects.requireNonNull(verdict, "verdict")))
            .build());
  }

  // authority

  /**
   * By a council member: proposes {@code action}, approved at once by the proposer and every
   * co-signer (each must sign the tx too), so k members can act in one multi-signer tx.
   */
  public static Msg councilPropose(
      Address proposer, CouncilAction action, Collection<Address> coSigners) {
    MsgCouncilPropose.Builder propose =
        MsgCouncilPropose.newBuilder()
            .setProposer(bech32(proposer, "proposer"))
            .setAction(Objects.requireNonNull(action, "action"));
    for (Address coSigner : coSigners) {
      propose.addCoSigners(bech32(coSigner, "co-signer"));
    }
    return checked(Msg.newBuilder().setCouncilPropose(propose).build());
  }

  /** By a council member: approves an open proposal. */
  public static Msg councilApprove(Address member, long proposalId) {
    return checked(
        Msg.newBuilder()
            .setCouncilApprove(
                MsgCouncilApprove.newBuilder()
                    .setMember(bech32(member, "member"))
                    .setProposalId(proposalId))
            .build());
  }

  /** By a council member: withdraws its own approval of an open proposal. */
  public static Msg councilRevoke(Address member, long proposalId) {
    return checked(
        Msg.newBuilder()
            .setCouncilRevoke(
                MsgCouncilRevoke.newBuilder()
                    .setMember(bech32(member, "member"))
                    .setProposalId(proposalId))
            .build());
  }

  // council actions, for councilPropose

  /** Makes a pending provider active. */
  public static CouncilAction approveProvider(Address provider) {
    return CouncilAction.newBuilder()
        .setApproveProvider(ApproveProvider.newBuilder().setProvider(bech32(provider, "provider")))
        .build();
  }

  public static CouncilAction suspendProvider(Address provider, String reason) {
    return CouncilAction.newBuilder()
        .setSuspendProvider(
            SuspendProvider.newBuilder()
                .setProvider(bech32(provider, "provider"))
                .setReason(Objects.requireNonNull(reason, "reason")))
        .build();
  }

  public static CouncilAction reinstateProvider(Address provider) {
    return CouncilAction.newBuilder()
        .setReinstateProvider(
            ReinstateProvider.newBuilder().setProvider(bech32(provider, "provider")))
        .build();
  }

  public static CouncilAction appointAuditor(Address auditor) {
    return CouncilAction.newBuilder()
        .setAppointAuditor(AppointAuditor.newBuilder().setAuditor(bech32(auditor, "auditor")))
        .build();
  }

  public static CouncilAction removeAuditor(Address auditor) {
    return CouncilAction.newBuilder()
        .setRemoveAuditor(RemoveAuditor.newBuilder().setAuditor(bech32(auditor, "auditor")))
        .build();
  }

  /** Replaces the params of the modules set in {@code params}; the others keep theirs. */
  public static CouncilAction setParams(SetParams params) {
    return CouncilAction.newBuilder()
        .setSetParams(Objects.requireNonNull(params, "params"))
        .build();
  }

  /** Adds a validator with its consensus key, voting power and reward account. */
  public static CouncilAction addValidator(
      Ed25519PublicKey consensusKey, long power, Address operator) {
    nonNegative("power", power);
    return CouncilAction.newBuilder()
        .setAddValidator(
            AddValidator.newBuilder()
                .setPublicKey(ByteString.copyFrom(consensusKey.bytes()))
                .setPower(power)
                .setOperator(bech32(operator, "operator")))
        .build();
  }

  public static CouncilAction setValidatorPower(Ed25519PublicKey consensusKey, long power) {
    nonNegative("power", power);
    return CouncilAction.newBuilder()
        .setSetValidatorPower(
            SetValidatorPower.newBuilder()
                .setPublicKey(ByteString.copyFrom(consensusKey.bytes()))
                .setPower(power))
        .build();
  }

  public static CouncilAction removeValidator(Ed25519PublicKey consensusKey) {
    return CouncilAction.newBuilder()
        .setRemoveValidator(
            RemoveValidator.newBuilder().setPublicKey(ByteString.copyFrom(consensusKey.bytes())))
        .build();
  }

  /**
   * {@code msg} if the ledger's stateless rules accept it (for messages built elsewhere, e.g.
   * decoded from an unsigned tx file), else an {@link InvalidMessageException}.
   */
  public static Msg checked(Msg msg) {
    Rejection rejection = RULES.validate(msg);
    if (rejection != null) {
      throw new InvalidMessageException(
          rejection.error().codespace(), rejection.error().code(), rejection.log());
    }
    return msg;
  }

  private static String bech32(Address address, String field) {
    return Objects.requireNonNull(address, field).toBech32();
  }

  // A negative long would reach the chain as an unsigned number above 2^63: say what it is here.
  private static void nonNegative(String what, long value) {
    if (value < 0) {
      throw new InvalidMessageException("", 0, what + " must not be negative, got " + value);
    }
  }
}

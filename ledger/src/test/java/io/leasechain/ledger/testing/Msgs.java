package io.leasechain.ledger.testing;

import com.google.protobuf.ByteString;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.ledger.authority.proto.AppointAuditor;
import io.leasechain.ledger.authority.proto.ApproveProvider;
import io.leasechain.ledger.authority.proto.CancelUpgrade;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.MsgCouncilApprove;
import io.leasechain.ledger.authority.proto.MsgCouncilPropose;
import io.leasechain.ledger.authority.proto.MsgCouncilRevoke;
import io.leasechain.ledger.authority.proto.ReinstateProvider;
import io.leasechain.ledger.authority.proto.RemoveAuditor;
import io.leasechain.ledger.authority.proto.ScheduleUpgrade;
import io.leasechain.ledger.authority.proto.SetParams;
import io.leasechain.ledger.authority.proto.SuspendProvider;
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
import io.leasechain.ledger.proof.proto.MsgSubmitProof;
import io.leasechain.ledger.proof.proto.Verdict;
import io.leasechain.ledger.provider.proto.Attributes;
import io.leasechain.ledger.provider.proto.Interconnect;
import io.leasechain.ledger.provider.proto.MsgAttestProvider;
import io.leasechain.ledger.provider.proto.MsgRegisterProvider;
import io.leasechain.ledger.provider.proto.MsgRetireProvider;
import io.leasechain.ledger.provider.proto.MsgUpdateProvider;
import io.leasechain.ledger.provider.proto.StorageClass;
import io.leasechain.ledger.tx.proto.Msg;
import java.util.List;

/** Terse builders of the market-issue messages, each wrapped in {@link Msg}. */
public final class Msgs {

  private Msgs() {}

  // ---- provider ---------------------------------------------------------------------------

  /** Attributes with generous CPU, memory and storage so only GPU constraints matter. */
  public static Attributes gpus(String model, int vramGib, int count) {
    return Attributes.newBuilder()
        .setGpuModel(model)
        .setVramGib(vramGib)
        .setGpuCount(count)
        .setInterconnect(Interconnect.INTERCONNECT_PCIE)
        .setCpuMillicores(64_000L * count)
        .setMemoryMib(256_000L * count)
        .setStorageGib(2_000L * count)
        .setStorageClass(StorageClass.STORAGE_CLASS_NVME)
        .setPublicIps(4)
        .build();
  }

  public static MsgRegisterProvider.Builder registerBody(
      Address owner, Attributes attributes, long bond) {
    return MsgRegisterProvider.newBuilder()
        .setOwner(owner.toBech32())
        .setHostUri("https://gpu.example.org:8443")
        .setRegion("eu-west")
        .setAttributes(attributes)
        .setBond(bond);
  }

  public static Msg register(Address owner, Attributes attributes, long bond) {
    return Msg.newBuilder().setRegisterProvider(registerBody(owner, attributes, bond)).build();
  }

  public static Msg register(MsgRegisterProvider.Builder body) {
    return Msg.newBuilder().setRegisterProvider(body).build();
  }

  public static MsgUpdateProvider.Builder updateBody(Address owner, Attributes attributes) {
    return MsgUpdateProvider.newBuilder()
        .setOwner(owner.toBech32())
        .setHostUri("https://gpu.example.org:8443")
        .setRegion("eu-west")
        .setAttributes(attributes);
  }

  public static Msg update(MsgUpdateProvider.Builder body) {
    return Msg.newBuilder().setUpdateProvider(body).build();
  }

  public static Msg retire(Address owner) {
    return Msg.newBuilder()
        .setRetireProvider(MsgRetireProvider.newBuilder().setOwner(owner.toBech32()))
        .build();
  }

  public static Msg attest(Address auditor, Address provider, String... keys) {
    return Msg.newBuilder()
        .setAttestProvider(
            MsgAttestProvider.newBuilder()
                .setAuditor(auditor.toBech32())
                .setProvider(provider.toBech32())
                .addAllAttributeKeys(List.of(keys)))
        .build();
  }

  // ---- authority --------------------------------------------------------------------------

  public static CouncilAction approveProvider(Address provider) {
    return CouncilAction.newBuilder()
        .setApproveProvider(ApproveProvider.newBuilder().setProvider(provider.toBech32()))
        .build();
  }

  public static CouncilAction suspendProvider(Address provider) {
    return CouncilAction.newBuilder()
        .setSuspendProvider(
            SuspendProvider.newBuilder().setProvider(provider.toBech32()).setReason("test"))
        .build();
  }

  public static CouncilAction reinstateProvider(Address provider) {
    return CouncilAction.newBuilder()
        .setReinstateProvider(ReinstateProvider.newBuilder().setProvider(provider.toBech32()))
        .build();
  }

  public static CouncilAction appointAuditor(Address auditor) {
    return CouncilAction.newBuilder()
        .setAppointAuditor(AppointAuditor.newBuilder().setAuditor(auditor.toBech32()))
        .build();
  }

  public static CouncilAction removeAuditor(Address auditor) {
    return CouncilAction.newBuilder()
        .setRemoveAuditor(RemoveAuditor.newBuilder().setAuditor(auditor.toBech32()))
        .build();
  }

  public static CouncilAction scheduleUpgrade(String name, long height, String info) {
    return CouncilAction.newBuilder()
        .setScheduleUpgrade(
            ScheduleUpgrade.newBuilder().setName(name).setHeight(height).setInfo(info))
        .build();
  }

  public static CouncilAction cancelUpgrade(String name) {
    return CouncilAction.newBuilder()
        .setCancelUpgrade(CancelUpgrade.newBuilder().setName(name))
        .build();
  }

  public static CouncilAction setParams(SetParams params) {
    return CouncilAction.newBuilder().setSetParams(params).build();
  }

  public static Msg propose(Address proposer, CouncilAction action, Address... coSigners) {
    MsgCouncilPropose.Builder propose =
        MsgCouncilPropose.newBuilder().setProposer(proposer.toBech32()).setAction(action);
    for (Address coSigner : coSigners) {
      propose.addCoSigners(coSigner.toBech32());
    }
    return Msg.newBuilder().setCouncilPropose(propose).build();
  }

  public static Msg approve(Address member, long proposalId) {
    return Msg.newBuilder()
        .setCouncilApprove(
            MsgCouncilApprove.newBuilder().setMember(member.toBech32()).setProposalId(proposalId))
        .build();
  }

  public static Msg revoke(Address member, long proposalId) {
    return Msg.newBuilder()
        .setCouncilRevoke(
            MsgCouncilRevoke.newBuilder().setMember(member.toBech32()).setProposalId(proposalId))
        .build();
  }

  // ---- market -----------------------------------------------------------------------------

  /**
   * An order for {@code units} GPUs of any model, at least {@code minVram} GiB, 10-block window.
   */
  public static MsgCreateOrder.Builder orderBody(
      Address tenant, int units, int minVram, long maxPrice, boolean split, long deposit) {
    return MsgCreateOrder.newBuilder()
        .setTenant(tenant.toBech32())
        .setSpec(ResourceSpec.newBuilder().setGpuUnits(units).setMinVramGib(minVram))
        .setMaxPrice(maxPrice)
        .setBidWindow(10)
        .setAllowSplit(split)
        .setDeposit(deposit);
  }

  public static Msg order(MsgCreateOrder.Builder body) {
    return Msg.newBuilder().setCreateOrder(body).build();
  }

  public static Msg bid(Address provider, long orderId, int units, long price, long deposit) {
    return Msg.newBuilder()
        .setCreateBid(
            MsgCreateBid.newBuilder()
                .setProvider(provider.toBech32())
                .setOrderId(orderId)
                .setGpuUnits(units)
                .setPrice(price)
                .setDeposit(deposit))
        .build();
  }

  public static Msg withdrawBid(Address provider, long orderId, long bidId) {
    return Msg.newBuilder()
        .setWithdrawBid(
            MsgWithdrawBid.newBuilder()
                .setProvider(provider.toBech32())
                .setOrderId(orderId)
                .setBidId(bidId))
        .build();
  }

  public static Msg accept(Address tenant, long orderId, Long... bidIds) {
    return Msg.newBuilder()
        .setAcceptBids(
            MsgAcceptBids.newBuilder()
                .setTenant(tenant.toBech32())
                .setOrderId(orderId)
                .addAllBidIds(List.of(bidIds)))
        .build();
  }

  public static Msg closeLease(Address sender, long leaseId) {
    return Msg.newBuilder()
        .setCloseLease(MsgCloseLease.newBuilder().setSender(sender.toBech32()).setLeaseId(leaseId))
        .build();
  }

  public static Msg closeOrder(Address tenant, long orderId) {
    return Msg.newBuilder()
        .setCloseOrder(MsgCloseOrder.newBuilder().setTenant(tenant.toBech32()).setOrderId(orderId))
        .build();
  }

  // ---- escrow -----------------------------------------------------------------------------

  public static Msg topUp(Address owner, long orderId, long amount) {
    return Msg.newBuilder()
        .setTopUpEscrow(
            MsgTopUpEscrow.newBuilder()
                .setOwner(owner.toBech32())
                .setOrderId(orderId)
                .setAmount(amount))
        .build();
  }

  public static Msg withdrawLease(Address provider, long leaseId) {
    return Msg.newBuilder()
        .setWithdrawLease(
            MsgWithdrawLease.newBuilder().setProvider(provider.toBech32()).setLeaseId(leaseId))
        .build();
  }

  // ---- proof ------------------------------------------------------------------------------

  public static Msg setAgentKeys(Address owner, Ed25519PublicKey... keys) {
    MsgSetAgentKeys.Builder body = MsgSetAgentKeys.newBuilder().setOwner(owner.toBech32());
    for (Ed25519PublicKey key : keys) {
      body.addPublicKeys(ByteString.copyFrom(key.bytes()));
    }
    return Msg.newBuilder().setSetAgentKeys(body).build();
  }

  /** MsgSetAgentKeys with raw key bytes, for invalid keys. */
  public static Msg setAgentKeys(Address owner, List<byte[]> keys) {
    MsgSetAgentKeys.Builder body = MsgSetAgentKeys.newBuilder().setOwner(owner.toBech32());
    keys.forEach(key -> body.addPublicKeys(ByteString.copyFrom(key)));
    return Msg.newBuilder().setSetAgentKeys(body).build();
  }

  public static Msg submitProof(MsgSubmitProof body) {
    return Msg.newBuilder().setSubmitProof(body).build();
  }

  public static MsgDisputeProof.Builder disputeBody(Address tenant, long proofId, long deposit) {
    return MsgDisputeProof.newBuilder()
        .setTenant(tenant.toBech32())
        .setProofId(proofId)
        .setDeposit(deposit)
        .setEvidenceUri("https://evidence.example.org/" + proofId)
        .setEvidenceHash(ByteString.copyFrom(new byte[32]));
  }

  public static Msg dispute(Address tenant, long proofId, long deposit) {
    return dispute(disputeBody(tenant, proofId, deposit));
  }

  public static Msg dispute(MsgDisputeProof.Builder body) {
    return Msg.newBuilder().setDisputeProof(body).build();
  }

  public static Msg resolve(Address auditor, long disputeId, Verdict verdict) {
    return Msg.newBuilder()
        .setResolveDispute(
            MsgResolveDispute.newBuilder()
                .setAuditor(auditor.toBech32())
                .setDisputeId(disputeId)
                .setVerdict(verdict))
        .build();
  }
}

package io.leasechain.testnet;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.leasechain.client.LeasechainClient;
import io.leasechain.client.proof.ProofDocs;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.CommitResult;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hashes;
import io.leasechain.ledger.authority.proto.ApproveProvider;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.MsgCouncilPropose;
import io.leasechain.ledger.bank.proto.MsgSend;
import io.leasechain.ledger.market.proto.MsgAcceptBids;
import io.leasechain.ledger.market.proto.MsgCreateBid;
import io.leasechain.ledger.market.proto.MsgCreateOrder;
import io.leasechain.ledger.market.proto.ResourceSpec;
import io.leasechain.ledger.proof.proto.MsgSetAgentKeys;
import io.leasechain.ledger.proof.proto.Usage;
import io.leasechain.ledger.provider.proto.Attributes;
import io.leasechain.ledger.provider.proto.Interconnect;
import io.leasechain.ledger.provider.proto.Label;
import io.leasechain.ledger.provider.proto.MsgRegisterProvider;
import io.leasechain.ledger.tx.proto.Msg;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Messages of the market and proof stories that several chain tests send. */
public final class MarketMsgs {

  /** The GPU model the stories' providers offer. */
  public static final String GPU_MODEL = "nvidia-rtx-4090";

  private MarketMsgs() {}

  /** Broadcasts {@code tx}, waits for its block and returns the height; fails unless it passed. */
  public static long commit(CometRpcClient rpc, byte[] tx) {
    CommitResult result = rpc.broadcastTxCommit(tx);
    if (!result.isOk()) {
      throw new AssertionError(
          "tx failed: check " + result.checkTx().log() + " / deliver " + result.txResult().log());
    }
    return result.height();
  }

  /** A council member proposes {@code action} (executed at once with a threshold of 1). */
  public static Msg council(Address member, CouncilAction action) {
    return council(member, List.of(), action);
  }

  /**
   * {@code proposer} proposes {@code action} with {@code coSigners} approving in the same tx (it
   * executes at once when they make the threshold); the tx must carry all their signatures.
   */
  public static Msg council(Address proposer, List<Address> coSigners, CouncilAction action) {
    MsgCouncilPropose.Builder propose =
        MsgCouncilPropose.newBuilder().setProposer(proposer.toBech32()).setAction(action);
    coSigners.forEach(coSigner -> propose.addCoSigners(coSigner.toBech32()));
    return Msg.newBuilder().setCouncilPropose(propose).build();
  }

  /** Registers a provider of four 24 GiB {@link #GPU_MODEL}s. */
  public static Msg register(Address owner, long bond) {
    return register(owner, GPU_MODEL, 24, 4, Interconnect.INTERCONNECT_PCIE, bond, List.of());
  }

  /** Registers a provider in eu-west of {@code count} {@code model}s of {@code vram} GiB each. */
  public static Msg register(
      Address owner,
      String model,
      int vram,
      int count,
      Interconnect interconnect,
      long bond,
      List<Label> labels) {
    return Msg.newBuilder()
        .setRegisterProvider(
            MsgRegisterProvider.newBuilder()
                .setOwner(owner.toBech32())
                .setHostUri("https://gpus.example:8443")
                .setRegion("eu-west")
                .setAttributes(
                    Attributes.newBuilder()
                        .setGpuModel(model)
                        .setVramGib(vram)
                        .setGpuCount(count)
                        .setInterconnect(interconnect)
                        .setCpuMillicores(32_000)
                        .setMemoryMib(131_072)
                        .setStorageGib(2_000))
                .addAllLabels(labels)
                .setBond(bond))
        .build();
  }

  /** Names {@code agent} as the key that signs the provider's proofs. */
  public static Msg agentKeys(Address owner, Ed25519PrivateKey agent) {
    return Msg.newBuilder()
        .setSetAgentKeys(
            MsgSetAgentKeys.newBuilder()
                .setOwner(owner.toBech32())
                .addPublicKeys(ByteString.copyFrom(agent.publicKey().bytes())))
        .build();
  }

  /** A proof of one GPU-second over blocks {@code from}-{@code to} of a lease, signed by agent. */
  public static Msg proof(
      Address provider, Ed25519PrivateKey agent, String chainId, long leaseId, long from, long to) {
    // One second on the one GPU: within any period's block time, however fast the blocks.
    return proof(provider, agent, chainId, leaseId, from, to, 1, GPU_MODEL);
  }

  /**
   * A proof of {@code gpuSeconds} on {@code model} over blocks {@code from}-{@code to}: a second
   * per GPU of the lease fits any period's block time, however fast the blocks.
   */
  public static Msg proof(
      Address provider,
      Ed25519PrivateKey agent,
      String chainId,
      long leaseId,
      long from,
      long to,
      long gpuSeconds,
      String model) {
    Usage usage =
        Usage.newBuilder()
            .setGpuSeconds(gpuSeconds)
            .setPeakVramMib(20_000)
            .setGpuModel(model)
            .build();
    byte[] root = Hashes.sha256(("outputs " + from + "-" + to).getBytes(StandardCharsets.UTF_8));
    return Msg.newBuilder()
        .setSubmitProof(
            ProofDocs.submit(provider.toBech32(), agent, chainId, leaseId, from, to, root, usage))
        .build();
  }

  /** The ABCI query at {@code path}, decoded. */
  public static <T> T parse(LeasechainClient client, String path, Parser<T> parser)
      throws InvalidProtocolBufferException {
    return parser.parseFrom(client.query(path).value());
  }

  public static Msg send(Address from, Address to, long amount) {
    return Msg.newBuilder()
        .setSend(
            MsgSend.newBuilder().setFrom(from.toBech32()).setTo(to.toBech32()).setAmount(amount))
        .build();
  }

  /** A lone council member (threshold 1) approves {@code provider}. */
  public static Msg approve(Address member, Address provider) {
    return council(
        member,
        CouncilAction.newBuilder()
            .setApproveProvider(ApproveProvider.newBuilder().setProvider(provider.toBech32()))
            .build());
  }

  /** An order of {@code units} GPUs of at least {@code minVram} GiB; price in micro-ulease. */
  public static Msg order(
      Address tenant,
      int units,
      int minVram,
      boolean allowSplit,
      long maxPriceMicro,
      long bidWindow,
      long duration,
      long deposit) {
    return Msg.newBuilder()
        .setCreateOrder(
            MsgCreateOrder.newBuilder()
                .setTenant(tenant.toBech32())
                .setSpec(ResourceSpec.newBuilder().setGpuUnits(units).setMinVramGib(minVram))
                .setMaxPrice(maxPriceMicro)
                .setBidWindow(bidWindow)
                .setDuration(duration)
                .setAllowSplit(allowSplit)
                .setDeposit(deposit))
        .build();
  }

  /** A bid of {@code units} GPUs at {@code priceMicro} micro-ulease per GPU per block. */
  public static Msg bid(Address provider, long orderId, int units, long priceMicro, long deposit) {
    return Msg.newBuilder()
        .setCreateBid(
            MsgCreateBid.newBuilder()
                .setProvider(provider.toBech32())
                .setOrderId(orderId)
                .setGpuUnits(units)
                .setPrice(priceMicro)
                .setDeposit(deposit))
        .build();
  }

  /** The tenant picks the winning bids of its open order itself. */
  public static Msg accept(Address tenant, long orderId, Long... bidIds) {
    return Msg.newBuilder()
        .setAcceptBids(
            MsgAcceptBids.newBuilder()
                .setTenant(tenant.toBech32())
                .setOrderId(orderId)
                .addAllBidIds(Arrays.asList(bidIds)))
        .build();
  }
}

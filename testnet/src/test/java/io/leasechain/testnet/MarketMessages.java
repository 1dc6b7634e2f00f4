package io.leasechain.testnet;

import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * The market story's messages (register, approve, order, bid, accept, prove) and the two chain
 * calls every story makes, for suites that build market activity on a real chain.
 */
final class MarketMessages {

  private MarketMessages() {}

  /** Broadcasts {@code tx}, waits for its block, asserts it succeeded; returns the height. */
  static long commit(CometRpcClient rpc, byte[] tx) {
    CommitResult result = rpc.broadcastTxCommit(tx);
    assertTrue(
        result.isOk(),
        () ->
            "tx failed: check " + result.checkTx().log() + " / deliver " + result.txResult().log());
    return result.height();
  }

  /** The ABCI query at {@code path}, decoded. */
  static <T> T parse(LeasechainClient client, String path, Parser<T> parser)
      throws InvalidProtocolBufferException {
    return parser.parseFrom(client.query(path).value());
  }

  static Msg send(Address from, Address to, long amount) {
    return Msg.newBuilder()
        .setSend(
            MsgSend.newBuilder().setFrom(from.toBech32()).setTo(to.toBech32()).setAmount(amount))
        .build();
  }

  /** A provider in eu-west of {@code count} GPUs of {@code model} with {@code vram} GiB each. */
  static Msg register(
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
                .setHostUri("https://" + model + ".example:8443")
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

  /** A council proposal by a lone member (threshold 1) approving {@code provider}. */
  static Msg approve(Address member, Address provider) {
    return Msg.newBuilder()
        .setCouncilPropose(
            MsgCouncilPropose.newBuilder()
                .setProposer(member.toBech32())
                .setAction(
                    CouncilAction.newBuilder()
                        .setApproveProvider(
                            ApproveProvider.newBuilder().setProvider(provider.toBech32()))))
        .build();
  }

  /** An order of {@code units} GPUs with at least {@code minVram} GiB; prices in micro-ulease. */
  static Msg order(
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

  static Msg bid(Address provider, long orderId, int units, long priceMicro, long deposit) {
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

  static Msg accept(Address tenant, long orderId, Long... bidIds) {
    return Msg.newBuilder()
        .setAcceptBids(
            MsgAcceptBids.newBuilder()
                .setTenant(tenant.toBech32())
                .setOrderId(orderId)
                .addAllBidIds(Arrays.asList(bidIds)))
        .build();
  }

  static Msg agentKeys(Address owner, Ed25519PrivateKey agent) {
    return Msg.newBuilder()
        .setSetAgentKeys(
            MsgSetAgentKeys.newBuilder()
                .setOwner(owner.toBech32())
                .addPublicKeys(ByteString.copyFrom(agent.publicKey().bytes())))
        .build();
  }

  /**
   * A proof of lease blocks from..to, signed by {@code agent} as the ledger checks it. A second per
   * GPU ({@code gpuSeconds} = the lease's GPUs) fits any period's block time, however fast.
   */
  static Msg proof(
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
    byte[] root = Hashes.sha256(("outputs " + leaseId + ":" + to).getBytes(StandardCharsets.UTF_8));
    return Msg.newBuilder()
        .setSubmitProof(
            ProofDocs.submit(provider.toBech32(), agent, chainId, leaseId, from, to, root, usage))
        .build();
  }
}

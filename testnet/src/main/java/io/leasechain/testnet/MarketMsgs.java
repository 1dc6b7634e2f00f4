package io.leasechain.testnet;

import com.google.protobuf.ByteString;
import io.leasechain.client.proof.ProofDocs;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.CommitResult;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hashes;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.MsgCouncilPropose;
import io.leasechain.ledger.proof.proto.MsgSetAgentKeys;
import io.leasechain.ledger.proof.proto.Usage;
import io.leasechain.ledger.provider.proto.Attributes;
import io.leasechain.ledger.provider.proto.Interconnect;
import io.leasechain.ledger.provider.proto.MsgRegisterProvider;
import io.leasechain.ledger.tx.proto.Msg;
import java.nio.charset.StandardCharsets;

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
    return Msg.newBuilder()
        .setCouncilPropose(
            MsgCouncilPropose.newBuilder().setProposer(member.toBech32()).setAction(action))
        .build();
  }

  /** Registers a provider of four 24 GiB {@link #GPU_MODEL}s. */
  public static Msg register(Address owner, long bond) {
    return Msg.newBuilder()
        .setRegisterProvider(
            MsgRegisterProvider.newBuilder()
                .setOwner(owner.toBech32())
                .setHostUri("https://gpus.example:8443")
                .setRegion("eu-west")
                .setAttributes(
                    Attributes.newBuilder()
                        .setGpuModel(GPU_MODEL)
                        .setVramGib(24)
                        .setGpuCount(4)
                        .setInterconnect(Interconnect.INTERCONNECT_PCIE)
                        .setCpuMillicores(32_000)
                        .setMemoryMib(131_072)
                        .setStorageGib(2_000))
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
    Usage usage =
        Usage.newBuilder()
            // One second on the one GPU: within any period's block time, however fast the blocks.
            .setGpuSeconds(1)
            .setPeakVramMib(20_000)
            .setGpuModel(GPU_MODEL)
            .build();
    byte[] root = Hashes.sha256(("outputs " + from + "-" + to).getBytes(StandardCharsets.UTF_8));
    return Msg.newBuilder()
        .setSubmitProof(
            ProofDocs.submit(provider.toBech32(), agent, chainId, leaseId, from, to, root, usage))
        .build();
  }
}

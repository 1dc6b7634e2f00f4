package io.leasechain.ledger.testing;

import com.google.protobuf.ByteString;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hashes;
import io.leasechain.ledger.proof.proto.MsgSubmitProof;
import io.leasechain.ledger.proof.proto.ProofDoc;
import io.leasechain.ledger.proof.proto.Usage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * GPU job proofs as a provider's job agent makes them: a ProofDoc over the period's facts, signed
 * with an agent key the provider registered. Agent keys come from fixed seeds.
 */
public final class Proofs {

  private Proofs() {}

  /** Job-agent key {@code i}; the same on every run, distinct from account and validator keys. */
  public static Ed25519PrivateKey agentKey(int i) {
    return Ed25519PrivateKey.fromSeed(
        Hashes.sha256(("leasechain/test-agent/" + i).getBytes(StandardCharsets.UTF_8)));
  }

  public static Usage usage(String model, long gpuSeconds) {
    return Usage.newBuilder()
        .setGpuModel(model)
        .setGpuSeconds(gpuSeconds)
        .setPeakVramMib(20_000)
        .build();
  }

  /** A 32-byte output root that differs per lease and period. */
  public static ByteString outputRoot(long leaseId, long from, long to) {
    return ByteString.copyFrom(
        Hashes.sha256(ByteBuffer.allocate(24).putLong(leaseId).putLong(from).putLong(to).array()));
  }

  public static ProofDoc doc(
      String chainId, long leaseId, long from, long to, ByteString outputRoot, Usage usage) {
    return ProofDoc.newBuilder()
        .setChainId(chainId)
        .setLeaseId(leaseId)
        .setFromHeight(from)
        .setToHeight(to)
        .setOutputRoot(outputRoot)
        .setUsage(usage)
        .build();
  }

  /** The message body with every field set and the agent's signature over {@code doc}. */
  public static MsgSubmitProof.Builder signed(
      Address provider, ProofDoc doc, Ed25519PrivateKey agent) {
    return MsgSubmitProof.newBuilder()
        .setProvider(provider.toBech32())
        .setLeaseId(doc.getLeaseId())
        .setFromHeight(doc.getFromHeight())
        .setToHeight(doc.getToHeight())
        .setOutputRoot(doc.getOutputRoot())
        .setUsage(doc.getUsage())
        .setAgentPublicKey(ByteString.copyFrom(agent.publicKey().bytes()))
        .setAgentSignature(ByteString.copyFrom(agent.sign(doc.toByteArray())));
  }

  /** A signed proof of {@code from..to} of a lease on {@code chainId}. */
  public static MsgSubmitProof.Builder signed(
      String chainId,
      Address provider,
      long leaseId,
      long from,
      long to,
      Usage usage,
      Ed25519PrivateKey agent) {
    return signed(
        provider, doc(chainId, leaseId, from, to, outputRoot(leaseId, from, to), usage), agent);
  }
}

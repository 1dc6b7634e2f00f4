package io.leasechain.client.proof;

import com.google.protobuf.ByteString;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.ledger.proof.proto.MsgSubmitProof;
import io.leasechain.ledger.proof.proto.ProofDoc;
import io.leasechain.ledger.proof.proto.Usage;
import java.util.Objects;

/**
 * The document a provider's job agent signs for a proof, exactly as the ledger rebuilds and
 * verifies it for MsgSubmitProof: the protobuf serialization of {@code
 * leasechain.proof.v1.ProofDoc} {chain_id, lease_id, from_height, to_height, output_root, usage},
 * signed with Ed25519 (RFC 8032, no pre-hashing). The chain id binds the signature to one chain;
 * the lease id and heights to one period of one lease.
 */
public final class ProofDocs {

  private ProofDocs() {}

  /** The ProofDoc of a period; {@code outputRoot} is the 32-byte {@link OutputMerkleTree} root. */
  public static ProofDoc doc(
      String chainId,
      long leaseId,
      long fromHeight,
      long toHeight,
      byte[] outputRoot,
      Usage usage) {
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(outputRoot, "outputRoot");
    Objects.requireNonNull(usage, "usage");
    if (outputRoot.length != OutputMerkleTree.HASH_SIZE) {
      throw new IllegalArgumentException(
          "output root must be " + OutputMerkleTree.HASH_SIZE + " bytes, got " + outputRoot.length);
    }
    return ProofDoc.newBuilder()
        .setChainId(chainId)
        .setLeaseId(leaseId)
        .setFromHeight(fromHeight)
        .setToHeight(toHeight)
        .setOutputRoot(ByteString.copyFrom(outputRoot))
        .setUsage(usage)
        .build();
  }

  /**
   * The ProofDoc the ledger checks {@code msg}'s agent signature against on chain {@code chainId}.
   */
  public static ProofDoc doc(MsgSubmitProof msg, String chainId) {
    return ProofDoc.newBuilder()
        .setChainId(chainId)
        .setLeaseId(msg.getLeaseId())
        .setFromHeight(msg.getFromHeight())
        .setToHeight(msg.getToHeight())
        .setOutputRoot(msg.getOutputRoot())
        .setUsage(msg.getUsage())
        .build();
  }

  /** The 64-byte agent signature over {@code doc}'s serialization. */
  public static byte[] sign(Ed25519PrivateKey agentKey, ProofDoc doc) {
    return agentKey.sign(doc.toByteArray());
  }

  /** The 64-byte agent signature over the ProofDoc of these fields. */
  public static byte[] sign(
      Ed25519PrivateKey agentKey,
      String chainId,
      long leaseId,
      long fromHeight,
      long toHeight,
      byte[] outputRoot,
      Usage usage) {
    return sign(agentKey, doc(chainId, leaseId, fromHeight, toHeight, outputRoot, usage));
  }

  /**
   * A complete MsgSubmitProof from {@code provider} for these fields, signed by {@code agentKey}
   * (which must be one of the provider's agent keys, MsgSetAgentKeys).
   */
  public static MsgSubmitProof submit(
      String provider,
      Ed25519PrivateKey agentKey,
      String chainId,
      long leaseId,
      long fromHeight,
      long toHeight,
      byte[] outputRoot,
      Usage usage) {
    ProofDoc doc = doc(chainId, leaseId, fromHeight, toHeight, outputRoot, usage);
    return MsgSubmitProof.newBuilder()
        .setProvider(provider)
        .setLeaseId(leaseId)
        .setFromHeight(fromHeight)
        .setToHeight(toHeight)
        .setOutputRoot(doc.getOutputRoot())
        .setUsage(usage)
        .setAgentPublicKey(ByteString.copyFrom(agentKey.publicKey().bytes()))
        .setAgentSignature(ByteString.copyFrom(sign(agentKey, doc)))
        .build();
  }

  /** Whether {@code signature} is {@code agent}'s over {@code doc}. */
  public static boolean verify(Ed25519PublicKey agent, ProofDoc doc, byte[] signature) {
    return agent.verify(doc.toByteArray(), signature);
  }

  /**
   * Whether {@code msg}'s agent signature verifies over its ProofDoc on chain {@code chainId} (the
   * ledger's signature check; it also requires the key to be one the provider registered).
   */
  public static boolean verify(MsgSubmitProof msg, String chainId) {
    Ed25519PublicKey agent;
    try {
      agent = Ed25519PublicKey.of(msg.getAgentPublicKey().toByteArray());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return verify(agent, doc(msg, chainId), msg.getAgentSignature().toByteArray());
  }
}

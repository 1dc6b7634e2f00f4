package io.leasechain.node.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.leasechain.client.ProtoEnums;
import io.leasechain.client.keys.KeyInfo;
import io.leasechain.client.proof.InclusionProof;
import io.leasechain.client.proof.OutputMerkleTree;
import io.leasechain.client.proof.ProofDocs;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.crypto.Hex;
import io.leasechain.genesis.GenesisException;
import io.leasechain.genesis.GenesisFile;
import io.leasechain.ledger.proof.proto.MsgDisputeProof;
import io.leasechain.ledger.proof.proto.MsgResolveDispute;
import io.leasechain.ledger.proof.proto.MsgSetAgentKeys;
import io.leasechain.ledger.proof.proto.Usage;
import io.leasechain.ledger.proof.proto.Verdict;
import io.leasechain.ledger.tx.proto.Msg;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * `leasechain tx proof`: job-agent keys, GPU job proofs, disputes over them; and the offline output
 * Merkle tree tools `root` and `verify` (docs/proofs.md).
 */
@Command(
    name = "proof",
    description = "GPU job proof transactions, and output Merkle root tools.",
    subcommands = {
      ProofTxCommand.SetAgentKeys.class,
      ProofTxCommand.Submit.class,
      ProofTxCommand.Dispute.class,
      ProofTxCommand.Resolve.class,
      ProofTxCommand.Root.class,
      ProofTxCommand.Verify.class
    })
final class ProofTxCommand {

  private ProofTxCommand() {}

  /**
   * The offline tools alone, as a top-level `leasechain proof root|verify` group: listed in {@link
   * LeasechainCommand}'s subcommands, it exposes the same commands as `tx proof root|verify`.
   */
  @Command(
      name = "proof",
      description = "Output Merkle tree tools for GPU job proofs (offline).",
      subcommands = {ProofTxCommand.Root.class, ProofTxCommand.Verify.class})
  static final class Tools {}

  @Command(
      name = "set-agent-keys",
      description =
          "As a provider, name the Ed25519 keys your job agents sign proofs with (replacing the"
              + " earlier ones).")
  static final class SetAgentKeys extends SigningCommand {
    @Option(
        names = "--agent-key",
        required = true,
        paramLabel = "NAME|HEX",
        description =
            "A key name in the keyring (its public key is used) or a 32-byte public key in hex;"
                + " repeat for several")
    List<String> agentKeys;

    @Override
    Msg message(String signer) {
      MsgSetAgentKeys.Builder keys = MsgSetAgentKeys.newBuilder().setOwner(signer);
      for (String agentKey : agentKeys) {
        keys.addPublicKeys(ByteString.copyFrom(publicKey(agentKey)));
      }
      return Msg.newBuilder().setSetAgentKeys(keys).build();
    }

    private byte[] publicKey(String text) {
      Optional<KeyInfo> named = KeysCommand.keyring(options.home).get(text);
      if (named.isPresent()) {
        return named.get().publicKey().bytes();
      }
      if (text.length() == 2 * OutputMerkleTree.HASH_SIZE) {
        try {
          return Ed25519PublicKey.of(Hex.decode(text)).bytes();
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--agent-key " + text + ": " + e.getMessage(), e);
        }
      }
      throw new IllegalArgumentException(
          "--agent-key '"
              + text
              + "' is neither a key name nor a 32-byte Ed25519 public key in hex (64 characters)");
    }
  }

  @Command(
      name = "submit",
      description =
          "As the lease's provider, prove a period of GPU work: the ProofDoc is signed by the job"
              + " agent's key (--agent) for the chain of --chain-id or the home's genesis.")
  static final class Submit extends SigningCommand {
    @Parameters(index = "1", paramLabel = "LEASE_ID", converter = Converters.U64.class)
    long leaseId;

    @Option(
        names = "--from",
        required = true,
        paramLabel = "HEIGHT",
        converter = Converters.U64.class,
        description = "First height of the period: the lease's proven_through")
    long fromHeight;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "HEIGHT",
        converter = Converters.U64.class,
        description = "Height the period ends at (above --from, at most the current height)")
    long toHeight;

    @Option(
        names = "--output-root",
        required = true,
        paramLabel = "HEX",
        converter = Hash32.class,
        description = "Merkle root of the job's output chunks, 32 bytes (see `proof root`)")
    ByteString outputRoot;

    @Option(
        names = "--gpu-seconds",
        required = true,
        paramLabel = "N",
        converter = Converters.U64.class)
    long gpuSeconds;

    @Option(
        names = "--peak-vram-mib",
        required = true,
        paramLabel = "N",
        converter = Converters.U64.class)
    long peakVramMib;

    @Option(
        names = "--gpu-model",
        required = true,
        paramLabel = "MODEL",
        description = "The provider's GPU model, e.g. nvidia-h100-80gb")
    String gpuModel;

    @Option(
        names = "--agent",
        required = true,
        paramLabel = "KEY",
        description = "The job agent's key name in the keyring (one of the provider's agent keys)")
    String agent;

    @Override
    Msg message(String signer) {
      Ed25519PrivateKey agentKey = KeysCommand.keyring(options.home).privateKey(agent);
      Usage usage =
          Usage.newBuilder()
              .setGpuSeconds(gpuSeconds)
              .setPeakVramMib(peakVramMib)
              .setGpuModel(gpuModel)
              .build();
      return Msg.newBuilder()
          .setSubmitProof(
              ProofDocs.submit(
                  signer,
                  agentKey,
                  chainId(),
                  leaseId,
                  fromHeight,
                  toHeight,
                  outputRoot.toByteArray(),
                  usage))
          .build();
    }

    /** The chain the ProofDoc is bound to: the one the tx is signed for. */
    private String chainId() {
      if (options.chainId != null) {
        return options.chainId;
      }
      Path genesis = options.home.genesisFile();
      try {
        return GenesisFile.read(genesis).chainId();
      } catch (IOException | GenesisException e) {
        throw new IllegalArgumentException(
            "no --chain-id, and cannot read the chain id from " + genesis + ": " + e.getMessage(),
            e);
      }
    }
  }

  @Command(
      name = "dispute",
      description =
          "As the lease's tenant, dispute a pending proof within its challenge window; its payment"
              + " stays frozen until an auditor decides.")
  static final class Dispute extends SigningCommand {
    @Parameters(index = "1", paramLabel = "PROOF_ID", converter = Converters.U64.class)
    long proofId;

    @Option(
        names = "--deposit",
        required = true,
        paramLabel = "AMOUNT",
        converter = Converters.Ulease.class,
        description = "ulease locked with the dispute (at least min_dispute_deposit), e.g. 1lease")
    long deposit;

    @Option(
        names = "--evidence-uri",
        defaultValue = "",
        paramLabel = "URI",
        description = "Where the auditor finds the evidence (at most 512 characters)")
    String evidenceUri;

    @Option(
        names = "--evidence-hash",
        paramLabel = "HEX",
        description = "Hash of the evidence (at most 64 bytes)")
    String evidenceHash;

    @Override
    Msg message(String signer) {
      byte[] hash = evidenceHash == null ? new byte[0] : Hex.decode(evidenceHash);
      return Msg.newBuilder()
          .setDisputeProof(
              MsgDisputeProof.newBuilder()
                  .setTenant(signer)
                  .setProofId(proofId)
                  .setDeposit(deposit)
                  .setEvidenceUri(evidenceUri)
                  .setEvidenceHash(ByteString.copyFrom(hash)))
          .build();
    }
  }

  @Command(
      name = "resolve",
      description =
          "As an appointed auditor, decide an open dispute: upheld (the provider is slashed and the"
              + " tenant refunded) or rejected (the payment is released).")
  static final class Resolve extends SigningCommand {
    @Parameters(index = "1", paramLabel = "DISPUTE_ID", converter = Converters.U64.class)
    long disputeId;

    @Option(
        names = "--verdict",
        required = true,
        paramLabel = "upheld|rejected",
        converter = VerdictConverter.class)
    Verdict verdict;

    @Override
    Msg message(String signer) {
      return Msg.newBuilder()
          .setResolveDispute(
              MsgResolveDispute.newBuilder()
                  .setAuditor(signer)
                  .setDisputeId(disputeId)
                  .setVerdict(verdict))
          .build();
    }
  }

  @Command(
      name = "root",
      description =
          "The output root over chunk hashes (SHA-256 each, in order), and with --prove the"
              + " inclusion path of one chunk. Offline.")
  static final class Root implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        arity = "0..*",
        paramLabel = "CHUNK_HASH",
        description = "32-byte chunk hashes in hex, in output order")
    List<String> hashes = List.of();

    @Option(
        names = "--chunks-file",
        paramLabel = "FILE",
        description =
            "Instead of CHUNK_HASH arguments: a file of hex chunk hashes, one a line ('#' comments"
                + " and blank lines skipped)")
    Path file;

    @Option(
        names = "--prove",
        paramLabel = "INDEX",
        description = "Also print the inclusion path of chunk INDEX (0-based)")
    Integer prove;

    @Option(
        names = {"-o", "--output"},
        defaultValue = "text")
    OutputFormat output;

    @Override
    public Integer call() throws Exception {
      if ((file == null) == hashes.isEmpty()) {
        throw new IllegalArgumentException("give either CHUNK_HASH arguments or --chunks-file");
      }
      List<String> lines = file != null ? Files.readAllLines(file, StandardCharsets.UTF_8) : hashes;
      List<byte[]> hashes = new ArrayList<>();
      for (String line : lines) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        hashes.add(hash32("chunk hash " + hashes.size(), text));
      }
      OutputMerkleTree tree = OutputMerkleTree.of(hashes);
      ObjectNode result = OutputFormat.object();
      result.put("root", Hex.encode(tree.root()));
      result.put("chunks", tree.size());
      if (prove != null) {
        InclusionProof proof = tree.prove(prove);
        result.put("index", prove);
        ArrayNode path = result.putArray("path");
        proof.toStrings().forEach(path::add);
      }
      output.print(spec.commandLine().getOut(), result);
      return 0;
    }
  }

  @Command(
      name = "verify",
      description =
          "Check one chunk against an output root: exit 0 if CHUNK_HASH is chunk INDEX of the"
              + " --chunks chunk output whose root is ROOT, by PATH (steps L:<hex> or R:<hex>, bottom"
              + " up, as `root --prove` prints them). Offline.")
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "ROOT",
        description =
            "The proof's output_root: hex as `query proof` prints it (or base64, as in -o json)")
    String root;

    @Parameters(index = "1", paramLabel = "CHUNK_HASH", description = "SHA-256 of the chunk, hex")
    String chunkHash;

    @Parameters(index = "2", paramLabel = "INDEX", description = "The chunk's 0-based position")
    int index;

    @Parameters(
        index = "3..*",
        arity = "0..*",
        paramLabel = "PATH",
        description =
            "The steps, as `root --prove` prints them: L:<hex> R:<hex> …, or its text line"
                + " [L:<hex>, R:<hex>] (brackets, commas and quotes are ignored)")
    List<String> path = List.of();

    @Option(
        names = "--chunks",
        required = true,
        paramLabel = "N",
        description =
            "Number of chunks in the output (fixes the path's shape; the root commits to it)")
    int chunks;

    @Option(
        names = {"-o", "--output"},
        defaultValue = "text")
    OutputFormat output;

    @Override
    public Integer call() {
      InclusionProof proof = InclusionProof.parse(chunks, steps(path));
      boolean valid =
          OutputMerkleTree.verify(rootBytes(root), hash32("CHUNK_HASH", chunkHash), index, proof);
      ObjectNode result = OutputFormat.object();
      result.put("valid", valid);
      output.print(spec.commandLine().getOut(), result);
      return valid ? 0 : 1;
    }

    /** The steps in {@code words}, however the shell split or kept the printed path. */
    static List<String> steps(List<String> words) {
      return Arrays.stream(String.join(" ", words).split("[\\s\\[\\],\"]+"))
          .filter(step -> !step.isEmpty())
          .toList();
    }

    private static byte[] rootBytes(String text) {
      if (text.length() == 2 * OutputMerkleTree.HASH_SIZE) {
        return hash32("ROOT", text);
      }
      byte[] decoded;
      try {
        decoded = Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("ROOT must be 32 bytes in hex or base64: " + text, e);
      }
      if (decoded.length != OutputMerkleTree.HASH_SIZE) {
        throw new IllegalArgumentException("ROOT must be 32 bytes, got " + decoded.length);
      }
      return decoded;
    }
  }

  /** 32 bytes from 64 hex characters. */
  static byte[] hash32(String what, String hex) {
    byte[] bytes;
    try {
      bytes = Hex.decode(hex.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " '" + hex + "': " + e.getMessage(), e);
    }
    if (bytes.length != OutputMerkleTree.HASH_SIZE) {
      throw new IllegalArgumentException(
          what + " must be 32 bytes (64 hex characters), got " + bytes.length + ": " + hex);
    }
    return bytes;
  }

  /** A 32-byte hash in hex, as an option value. */
  static final class Hash32 implements ITypeConverter<ByteString> {
    @Override
    public ByteString convert(String value) {
      try {
        return ByteString.copyFrom(hash32("value", value));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** upheld or rejected. */
  static final class VerdictConverter implements ITypeConverter<Verdict> {
    @Override
    public Verdict convert(String value) {
      try {
        return ProtoEnums.parse(Verdict.class, value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}

package io.leasechain.node.cli.market;

import static io.leasechain.node.cli.market.Cli.address;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.leasechain.client.proof.ProofDocs;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hex;
import io.leasechain.ledger.proof.proto.Dispute;
import io.leasechain.ledger.proof.proto.DisputeState;
import io.leasechain.ledger.proof.proto.MsgDisputeProof;
import io.leasechain.ledger.proof.proto.MsgResolveDispute;
import io.leasechain.ledger.proof.proto.MsgSetAgentKeys;
import io.leasechain.ledger.proof.proto.MsgSubmitProof;
import io.leasechain.ledger.proof.proto.Proof;
import io.leasechain.ledger.proof.proto.ProofDoc;
import io.leasechain.ledger.proof.proto.ProofState;
import io.leasechain.ledger.proof.proto.Usage;
import io.leasechain.ledger.proof.proto.Verdict;
import io.leasechain.ledger.query.proto.ProofsResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `tx proof …` signed offline, and the offline output-root tools `tx proof root|verify`. */
class ProofTxCliTest {

  /** SHA-256("chunk i") for i = 0..4 and their root (docs/proofs.md, worked example). */
  static final List<String> CHUNKS =
      List.of(
          "3887e4ff4cb117983b927fde9da0c0818813a3d587b053db40fe6d951f6a3f47",
          "1993a3c633cf3e4fd898beaccbf56c1544235cd8f97396e3cbe30952502a5167",
          "475a6d7381a8a3c8b8f9e57f0e195303d478256d6948758bec72167f38248fc7",
          "9e6813f2af150d90d31db8156361cf1a334be969eee1d912c1cadd83214a3886",
          "cf70e8b1f4bd180733abd45cbcbe0d8d4ccace9ee1c40b6e87db4d1adfa30d98");

  static final String ROOT = "4b474d1dced7b6fe294c04e7e099f17d37c16eac898ea6573714cce88f20e409";

  @TempDir Path home;
  Cli cli;
  Ed25519PrivateKey gpuco;
  Ed25519PrivateKey agent;
  Ed25519PrivateKey agent2;
  Ed25519PrivateKey tenant;
  Ed25519PrivateKey auditor;

  @BeforeEach
  void keys() {
    cli = new Cli(home);
    gpuco = cli.addKey("gpuco", 1);
    agent = cli.addKey("agent", 5);
    agent2 = cli.addKey("agent2", 6);
    tenant = cli.addKey("tenant", 2);
    auditor = cli.addKey("auditor", 3);
  }

  @Test
  void setAgentKeysTakesKeyNamesAndHex() throws Exception {
    String hex = Hex.encode(agent2.publicKey().bytes());
    MsgSetAgentKeys keys =
        cli.offline(
                "tx",
                "proof",
                "set-agent-keys",
                "gpuco",
                "--agent-key",
                "agent",
                "--agent-key",
                hex)
            .msg()
            .getSetAgentKeys();
    assertEquals(
        MsgSetAgentKeys.newBuilder()
            .setOwner(address(gpuco))
            .addPublicKeys(ByteString.copyFrom(agent.publicKey().bytes()))
            .addPublicKeys(ByteString.copyFrom(agent2.publicKey().bytes()))
            .build(),
        keys);

    cli.offline("tx", "proof", "set-agent-keys", "gpuco").fails("--agent-key");
    cli.offline("tx", "proof", "set-agent-keys", "gpuco", "--agent-key", "nobody")
        .fails("neither a key name nor");
    cli.offline("tx", "proof", "set-agent-keys", "gpuco", "--agent-key", "ab".repeat(31))
        .fails("neither a key name nor");
  }

  @Test
  void submitMapsFlagsAndTheAgentSignsTheProofDocOfTheChain() throws Exception {
    MsgSubmitProof proof = submit("--chain-id", "test").msg().getSubmitProof();
    Usage usage =
        Usage.newBuilder()
            .setGpuSeconds(480)
            .setPeakVramMib(61_440)
            .setGpuModel("nvidia-h100-80gb")
            .build();
    assertEquals(address(gpuco), proof.getProvider());
    assertEquals(7, proof.getLeaseId());
    assertEquals(100, proof.getFromHeight());
    assertEquals(160, proof.getToHeight());
    assertEquals(ROOT, Hex.encode(proof.getOutputRoot().toByteArray()));
    assertEquals(usage, proof.getUsage());
    assertArrayEquals(agent.publicKey().bytes(), proof.getAgentPublicKey().toByteArray());

    // The signature is the agent's over exactly the ledger's ProofDoc, on chain "test".
    ProofDoc doc =
        ProofDoc.newBuilder()
            .setChainId("test")
            .setLeaseId(7)
            .setFromHeight(100)
            .setToHeight(160)
            .setOutputRoot(ByteString.copyFrom(Hex.decode(ROOT)))
            .setUsage(usage)
            .build();
    assertTrue(
        agent.publicKey().verify(doc.toByteArray(), proof.getAgentSignature().toByteArray()));
    assertTrue(ProofDocs.verify(proof, "test"));
    assertFalse(ProofDocs.verify(proof, "other-chain"));
    // The provider key signs the tx, not the proof.
    assertFalse(
        gpuco.publicKey().verify(doc.toByteArray(), proof.getAgentSignature().toByteArray()));
  }

  @Test
  void submitTakesTheChainIdFromGenesisWithoutChainIdFlag() throws Exception {
    Files.createDirectories(home.resolve("config"));
    Files.writeString(home.resolve("config/genesis.json"), "{\"chain_id\":\"genesis-chain\"}");
    List<String> args = new ArrayList<>(submitArgs());
    args.addAll(List.of("--offline", "--sequence", "0", "-o", "json"));
    MsgSubmitProof proof = cli.run(args.toArray(String[]::new)).msg().getSubmitProof();
    assertTrue(ProofDocs.verify(proof, "genesis-chain"));
    assertFalse(ProofDocs.verify(proof, "test"));
  }

  @Test
  void submitRejectsBadInput() throws Exception {
    List<String> args = new ArrayList<>(submitArgs());
    int root = args.indexOf("--output-root") + 1;
    args.set(root, ROOT.substring(2));
    cli.offline(args.toArray(String[]::new)).fails("32 bytes");
    args.set(root, "zz" + ROOT.substring(2));
    cli.offline(args.toArray(String[]::new)).fails("invalid hex");
    List<String> noAgent = new ArrayList<>(submitArgs());
    noAgent.subList(noAgent.indexOf("--agent"), noAgent.indexOf("--agent") + 2).clear();
    cli.offline(noAgent.toArray(String[]::new)).fails("--agent");
    List<String> unknownAgent = new ArrayList<>(submitArgs());
    unknownAgent.set(unknownAgent.indexOf("--agent") + 1, "ghost");
    cli.offline(unknownAgent.toArray(String[]::new)).fails("ghost");
  }

  @Test
  void disputeAndResolve() throws Exception {
    MsgDisputeProof dispute =
        cli.offline(
                "tx",
                "proof",
                "dispute",
                "tenant",
                "12",
                "--deposit",
                "2lease",
                "--evidence-uri",
                "ipfs://bafy-output-check",
                "--evidence-hash",
                CHUNKS.get(3))
            .msg()
            .getDisputeProof();
    assertEquals(
        MsgDisputeProof.newBuilder()
            .setTenant(address(tenant))
            .setProofId(12)
            .setDeposit(2_000_000)
            .setEvidenceUri("ipfs://bafy-output-check")
            .setEvidenceHash(ByteString.copyFrom(Hex.decode(CHUNKS.get(3))))
            .build(),
        dispute);
    MsgDisputeProof bare =
        cli.offline("tx", "proof", "dispute", "tenant", "12", "--deposit", "1000000ulease")
            .msg()
            .getDisputeProof();
    assertEquals("", bare.getEvidenceUri());
    assertTrue(bare.getEvidenceHash().isEmpty());
    cli.offline("tx", "proof", "dispute", "tenant", "12").fails("--deposit");

    for (Verdict verdict : List.of(Verdict.VERDICT_UPHELD, Verdict.VERDICT_REJECTED)) {
      String name = verdict == Verdict.VERDICT_UPHELD ? "upheld" : "REJECTED";
      assertEquals(
          MsgResolveDispute.newBuilder()
              .setAuditor(address(auditor))
              .setDisputeId(4)
              .setVerdict(verdict)
              .build(),
          cli.offline("tx", "proof", "resolve", "auditor", "4", "--verdict", name)
              .msg()
              .getResolveDispute());
    }
    cli.offline("tx", "proof", "resolve", "auditor", "4", "--verdict", "maybe")
        .fails("upheld, rejected");
    cli.offline("tx", "proof", "resolve", "auditor", "4").fails("--verdict");
  }

  @Test
  void rootOfChunkHashesAndOfAChunksFile() throws Exception {
    List<String> args = new ArrayList<>(List.of("tx", "proof", "root"));
    args.addAll(CHUNKS);
    args.addAll(List.of("-o", "json"));
    JsonNode root = json(Cli.execute(args.toArray(String[]::new)));
    assertEquals(ROOT, root.path("root").asText());
    assertEquals(5, root.path("chunks").asInt());
    assertTrue(root.path("path").isMissingNode());

    Path file = home.resolve("chunks.txt");
    Files.writeString(file, "# job 7 output\n" + String.join("\n", CHUNKS) + "\n\n");
    JsonNode fromFile =
        json(
            Cli.execute(
                "tx",
                "proof",
                "root",
                "--chunks-file",
                file.toString(),
                "--prove",
                "2",
                "-o",
                "json"));
    assertEquals(ROOT, fromFile.path("root").asText());
    assertEquals(2, fromFile.path("index").asInt());
    assertEquals(
        List.of(
            "R:5439815269df1edd4196f766b4ab895a6ea69697e127b6b838e79277560eb7d7",
            "L:9d7c13656b747dcb0a00fe91f914e8ccebd46f593030eb3e167736081d3ad880",
            "R:fd0b3a375b6e7f1ceb93e9ff8e427ef529f690c29f6b23fbba987a987b0f98e8"),
        strings(fromFile.path("path")));

    Cli.Result text = Cli.execute("tx", "proof", "root", CHUNKS.get(0));
    assertEquals(0, text.exit(), text.err());
    assertEquals(
        "root: 3b943c9af566c7d442c50b0fcd387c9cc33bb721bd2d11adef77360f546fc954\nchunks: 1\n",
        text.out().replace("\r\n", "\n"));

    assertNotEquals(0, Cli.execute("tx", "proof", "root").exit());
    assertNotEquals(
        0,
        Cli.execute("tx", "proof", "root", CHUNKS.get(0), "--chunks-file", file.toString()).exit());
    assertTrue(Cli.execute("tx", "proof", "root", "abcd").err().contains("32 bytes"));
  }

  @Test
  void verifyEveryChunkAndRejectTampering() throws Exception {
    for (int i = 0; i < CHUNKS.size(); i++) {
      List<String> args = new ArrayList<>(List.of("tx", "proof", "root"));
      args.addAll(CHUNKS);
      args.addAll(List.of("--prove", Integer.toString(i), "-o", "json"));
      List<String> path = strings(json(Cli.execute(args.toArray(String[]::new))).path("path"));

      Cli.Result ok = verify(ROOT, CHUNKS.get(i), i, path);
      assertEquals(0, ok.exit(), ok.err());
      assertTrue(ok.out().contains("valid: true"), ok.out());
      // The root as `query proof -o json` prints it (base64) works too.
      String base64 = Base64.getEncoder().encodeToString(Hex.decode(ROOT));
      assertEquals(0, verify(base64, CHUNKS.get(i), i, path).exit());

      Cli.Result wrongChunk = verify(ROOT, CHUNKS.get((i + 1) % 5), i, path);
      assertEquals(1, wrongChunk.exit());
      assertTrue(wrongChunk.out().contains("valid: false"), wrongChunk.out());
      assertEquals(1, verify(ROOT, CHUNKS.get(i), (i + 1) % 5, path).exit());
      List<String> tampered = new ArrayList<>(path);
      String first = tampered.get(0);
      tampered.set(0, first.substring(0, first.length() - 1) + (first.endsWith("0") ? "1" : "0"));
      assertEquals(1, verify(ROOT, CHUNKS.get(i), i, tampered).exit());
    }
    Cli.Result malformed = verify(ROOT, CHUNKS.get(0), 0, List.of("X:00"));
    assertNotEquals(0, malformed.exit());
    assertTrue(malformed.err().contains("L or R"), malformed.err());
  }

  @Test
  void verifyTakesThePathExactlyAsRootPrintsIt() {
    for (String command : List.of("tx proof", "proof")) {
      List<String> args = new ArrayList<>(List.of(command.split(" ")));
      args.add("root");
      args.addAll(CHUNKS);
      args.addAll(List.of("--prove", "2"));
      Cli.Result root = Cli.execute(args.toArray(String[]::new));
      String printed =
          root.out()
              .lines()
              .filter(line -> line.startsWith("path: "))
              .findFirst()
              .orElseThrow()
              .substring("path: ".length());
      assertTrue(printed.startsWith("[L:") || printed.startsWith("[R:"), printed);
      // Pasted in quotes (one argument), or bare (the shell splits it at the spaces).
      for (List<String> path : List.of(List.of(printed), List.of(printed.split(" ")))) {
        Cli.Result ok = verify(ROOT, CHUNKS.get(2), 2, path);
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains("valid: true"), ok.out());
      }
    }
  }

  @Test
  void queriesProofProofsAndDispute() throws Exception {
    try (FakeNode node = new FakeNode()) {
      Proof proof =
          Proof.newBuilder()
              .setId(3)
              .setLeaseId(7)
              .setProvider(address(gpuco))
              .setFromHeight(100)
              .setToHeight(160)
              .setOutputRoot(ByteString.copyFrom(Hex.decode(ROOT)))
              .setState(ProofState.PROOF_STATE_PENDING)
              .setChallengeEndHeight(800)
              .build();
      node.answers.put("/proof/3", proof);
      node.answers.put(
          "/proofs?lease=7&limit=2&after=00000000000000ff",
          ProofsResponse.newBuilder().addProofs(proof).setNext("0000000000000003").build());
      node.answers.put(
          "/dispute/4",
          Dispute.newBuilder()
              .setId(4)
              .setProofId(3)
              .setState(DisputeState.DISPUTE_STATE_UPHELD)
              .setSlashed(100_000_000)
              .build());

      JsonNode one = cli.run("query", "proof", "3", "--node", node.url(), "-o", "json").ok().json();
      assertEquals("PROOF_STATE_PENDING", one.path("state").asText());
      assertEquals("800", one.path("challenge_end_height").asText());
      assertEquals(ROOT, Hex.encode(Base64.getDecoder().decode(one.path("output_root").asText())));
      // Text shows bytes in hex, ready to pass to `proof verify`.
      String text = cli.run("query", "proof", "3", "--node", node.url()).ok().out();
      assertTrue(text.contains("output_root: " + ROOT + "\n"), text);
      JsonNode list =
          cli.run(
                  "query",
                  "proofs",
                  "--lease",
                  "7",
                  "--limit",
                  "2",
                  "--after",
                  "00000000000000ff",
                  "--node",
                  node.url(),
                  "-o",
                  "json")
              .ok()
              .json();
      assertEquals("3", list.path("proofs").get(0).path("id").asText());
      assertEquals("0000000000000003", list.path("next").asText());
      JsonNode dispute =
          cli.run("query", "dispute", "4", "--node", node.url(), "-o", "json").ok().json();
      assertEquals("DISPUTE_STATE_UPHELD", dispute.path("state").asText());
      assertEquals("100000000", dispute.path("slashed").asText());
      cli.run("query", "proofs", "--node", node.url()).fails("--lease");
      cli.run("query", "proof", "9", "--node", node.url()).fails("not found");
      assertEquals(
          List.of(
              "/proof/3",
              "/proof/3",
              "/proofs?lease=7&limit=2&after=00000000000000ff",
              "/dispute/4",
              "/proof/9"),
          node.queries);
    }
  }

  private Cli.Result submit(String... extra) {
    List<String> args = new ArrayList<>(submitArgs());
    args.addAll(List.of("--offline", "--sequence", "0", "-o", "json"));
    args.addAll(List.of(extra));
    return cli.run(args.toArray(String[]::new));
  }

  private static List<String> submitArgs() {
    return List.of(
        "tx",
        "proof",
        "submit",
        "gpuco",
        "7",
        "--from",
        "100",
        "--to",
        "160",
        "--output-root",
        ROOT,
        "--gpu-seconds",
        "480",
        "--peak-vram-mib",
        "61440",
        "--gpu-model",
        "nvidia-h100-80gb",
        "--agent",
        "agent");
  }

  private Cli.Result verify(String root, String chunk, int index, List<String> path) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "tx", "proof", "verify", root, chunk, Integer.toString(index), "--chunks", "5"));
    args.addAll(path);
    return Cli.execute(args.toArray(String[]::new));
  }

  private static JsonNode json(Cli.Result result) throws Exception {
    assertEquals(0, result.exit(), () -> "out: " + result.out() + "\nerr: " + result.err());
    return Cli.JSON.readTree(result.out());
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(item -> out.add(item.asText()));
    return out;
  }
}

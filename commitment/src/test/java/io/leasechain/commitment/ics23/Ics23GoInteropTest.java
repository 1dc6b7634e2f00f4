package io.leasechain.commitment.ics23;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.leasechain.commitment.ics23.proto.CommitmentProof;
import io.leasechain.commitment.ics23.proto.ExistenceProof;
import io.leasechain.commitment.ics23.proto.NonExistenceProof;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 2: the official ICS-23 Go verifier (github.com/cosmos/ics23/go v0.11, fetched through
 * the Go module proxy like CometBFT) checks proofs from a {@code StateTree} against its roots, and
 * refuses tampered ones. Needs {@code go} on PATH (scripts/setup.sh installs it); without it the
 * test fails.
 */
class Ics23GoInteropTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final Path SOURCE = Path.of("src/test/go/ics23verify");
  private static final Path OUT = Path.of("target/ics23verify");
  // The first build on a fresh machine downloads the module and its dependencies.
  private static final Duration BUILD_DEADLINE = Duration.ofMinutes(10);
  private static final Duration RUN_DEADLINE = Duration.ofMinutes(2);
  private static final Pattern SUMMARY =
      Pattern.compile("vectors=(\\d+) accepted=(\\d+) rejected=(\\d+) disagreements=0");

  /** One verification to run: a proof of {@code key} (holding {@code value}, null: absent). */
  private record Vector(
      String id, boolean expected, byte[] root, CommitmentProof proof, byte[] key, byte[] value) {

    String line() {
      return String.join(
          " ",
          id,
          value == null ? "nonmember" : "member",
          Boolean.toString(expected),
          HEX.formatHex(root),
          HEX.formatHex(proof.toByteArray()),
          HEX.formatHex(key),
          value == null || value.length == 0 ? "-" : HEX.formatHex(value));
    }
  }

  @Test
  void theOfficialGoVerifierAgreesOnEveryVector() throws Exception {
    List<Vector> vectors = new ArrayList<>();
    List<String> keys = IntStream.range(0, 400).mapToObj(i -> "lease/" + i).toList();
    List<String> absent = IntStream.range(0, 200).mapToObj(i -> "absent/" + i).toList();
    addVectors(vectors, "big", ProofTrees.of(keys), keys, absent);
    addVectors(
        vectors, "one", ProofTrees.of(List.of("only")), List.of("only"), absent.subList(0, 20));
    addVectors(
        vectors,
        "deleted",
        ProofTrees.of(keys).without(keys.subList(0, 200)),
        keys.subList(200, 400),
        keys.subList(0, 200));
    // ICS-23 cannot hash a leaf with an empty value: it is neither provable nor a usable neighbour.
    ProofTrees.Tree emptyValue = ProofTrees.ofEntries(Map.of("index-entry", ""));
    vectors.add(
        new Vector(
            "empty-value/present",
            false,
            emptyValue.root(),
            emptyValue.prove("index-entry"),
            bytes("index-entry"),
            new byte[0]));
    vectors.add(
        new Vector(
            "empty-value/neighbour",
            false,
            emptyValue.root(),
            emptyValue.prove("absent"),
            bytes("absent"),
            null));
    for (Vector v : vectors) {
      assertEquals(v.expected, javaVerdict(v), "the Java verifier on " + v.id);
    }
    long expectedAccepted = vectors.stream().filter(Vector::expected).count();

    Files.createDirectories(OUT);
    Path vectorsFile = OUT.resolve("vectors.txt");
    List<String> lines = new ArrayList<>();
    lines.add("spec " + HEX.formatHex(LeasechainProofSpec.SPEC.toByteArray()));
    vectors.forEach(v -> lines.add(v.line()));
    Files.write(vectorsFile, lines, UTF_8);

    String go = findGo();
    Path binary = OUT.resolve("ics23verify").toAbsolutePath();
    run(List.of(go, "vet", "."), SOURCE, BUILD_DEADLINE);
    run(List.of(go, "build", "-o", binary.toString(), "."), SOURCE, BUILD_DEADLINE);
    String output =
        run(List.of(binary.toString(), vectorsFile.toAbsolutePath().toString()), OUT, RUN_DEADLINE);

    System.out.println("ICS-23 Go verifier: " + output.strip());
    Matcher summary = SUMMARY.matcher(output);
    assertTrue(summary.find(), "no agreement summary from ics23verify:\n" + output);
    assertEquals(vectors.size(), Integer.parseInt(summary.group(1)), output);
    assertEquals(expectedAccepted, Long.parseLong(summary.group(2)), output);
    assertTrue(expectedAccepted > 500 && vectors.size() > expectedAccepted, output);
  }

  /**
   * Honest proofs of every key and probe, then, for a sample, each lie a node could tell: a changed
   * value, a proof of another key, a changed or swapped sibling, another root, neighbours that are
   * not adjacent, a missing neighbour, a present key claimed absent, the wrong kind of proof.
   */
  private static void addVectors(
      List<Vector> out,
      String name,
      ProofTrees.Tree tree,
      List<String> present,
      List<String> probes) {
    byte[] root = tree.root();
    byte[] otherRoot = tree.without(present.subList(0, 1)).root();
    for (int i = 0; i < present.size(); i++) {
      String key = present.get(i);
      String id = name + "/present/" + key;
      CommitmentProof proof = tree.prove(key);
      byte[] k = bytes(key);
      byte[] v = ProofTrees.value(key);
      out.add(new Vector(id, true, root, proof, k, v));
      if (i % 10 != 0) {
        continue;
      }
      ExistenceProof exist = proof.getExist();
      out.add(new Vector(id + "/changed-value", false, root, proof, k, bytes("forged")));
      out.add(
          new Vector(
              id + "/changed-value-in-proof",
              false,
              root,
              Tampering.exist(Tampering.withValue(exist, bytes("forged"))),
              k,
              bytes("forged")));
      out.add(new Vector(id + "/other-root", false, otherRoot, proof, k, v));
      out.add(new Vector(id + "/as-absence", false, root, proof, k, null));
      if (present.size() > 1) {
        String other = present.get((i + 1) % present.size());
        out.add(new Vector(id + "/for-another-key", false, root, proof, bytes(other), v));
        out.add(
            new Vector(
                id + "/renamed",
                false,
                root,
                Tampering.exist(Tampering.withKey(exist, bytes(other))),
                bytes(other),
                v));
        for (int s = 0; s < exist.getPathCount(); s += 3) {
          out.add(
              new Vector(
                  id + "/flipped-sibling-" + s,
                  false,
                  root,
                  Tampering.exist(Tampering.flipSibling(exist, s)),
                  k,
                  v));
          out.add(
              new Vector(
                  id + "/swapped-sides-" + s,
                  false,
                  root,
                  Tampering.exist(Tampering.swapSides(exist, s)),
                  k,
                  v));
        }
        String before = tree.predecessor(key);
        String after = tree.successor(key);
        if (before != null && after != null) {
          NonExistenceProof around =
              NonExistenceProof.newBuilder()
                  .setLeft(tree.prove(before).getExist())
                  .setRight(tree.prove(after).getExist())
                  .build();
          out.add(
              new Vector(id + "/claimed-absent", false, root, Tampering.nonexist(around), k, null));
        }
      }
    }
    for (int i = 0; i < probes.size(); i++) {
      String key = probes.get(i);
      String id = name + "/absent/" + key;
      CommitmentProof proof = tree.prove(key);
      byte[] k = bytes(key);
      out.add(new Vector(id, true, root, proof, k, null));
      if (i % 5 != 0) {
        continue;
      }
      NonExistenceProof absence = proof.getNonexist();
      out.add(new Vector(id + "/other-root", false, otherRoot, proof, k, null));
      out.add(new Vector(id + "/as-presence", false, root, proof, k, bytes("x")));
      if (absence.hasLeft() && absence.hasRight()) {
        out.add(
            new Vector(
                id + "/no-left",
                false,
                root,
                Tampering.nonexist(absence.toBuilder().clearLeft().build()),
                k,
                null));
        out.add(
            new Vector(
                id + "/no-right",
                false,
                root,
                Tampering.nonexist(absence.toBuilder().clearRight().build()),
                k,
                null));
        String leftOfLeft = tree.predecessor(absence.getLeft().getKey().toStringUtf8());
        if (leftOfLeft != null) {
          NonExistenceProof skipping =
              absence.toBuilder().setLeft(tree.prove(leftOfLeft).getExist()).build();
          out.add(
              new Vector(id + "/not-adjacent", false, root, Tampering.nonexist(skipping), k, null));
        }
      }
    }
  }

  private static boolean javaVerdict(Vector v) {
    try {
      Ics23Verifier.verify(v.root, v.proof.toByteArray(), v.key, v.value);
      return true;
    } catch (ProofException e) {
      return false;
    }
  }

  /** {@code go} from PATH, as scripts/install-cometbft.sh finds it. */
  private static String findGo() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "go");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return fail(
        "Go is not on PATH, and this test needs it to build the official ICS-23 verifier: run"
            + " scripts/setup.sh (it installs Go, which CometBFT also needs), or add Go to PATH");
  }

  private static String run(List<String> command, Path dir, Duration deadline)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile(OUT, "go-", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    // Builds exactly what go.mod and go.sum pin: no go.mod rewrites, no toolchain download, no VCS
    // stamping.
    env.put("GOFLAGS", "-mod=readonly -buildvcs=false");
    env.put("GOTOOLCHAIN", "local");
    if (!env.containsKey("HOME") && !env.containsKey("GOPATH")) {
      env.put("GOPATH", OUT.resolve("gopath").toAbsolutePath().toString());
      env.put("GOCACHE", OUT.resolve("gocache").toAbsolutePath().toString());
    }
    Process process = builder.start();
    try {
      if (!process.waitFor(deadline.toSeconds(), TimeUnit.SECONDS)) {
        fail(
            String.join(" ", command)
                + " did not finish within "
                + deadline
                + ":\n"
                + Files.readString(log));
      }
      String output = Files.readString(log);
      if (process.exitValue() != 0) {
        fail(String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + output);
      }
      return output;
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }
}

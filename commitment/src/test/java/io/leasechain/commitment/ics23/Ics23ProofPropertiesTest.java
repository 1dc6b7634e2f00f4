package io.leasechain.commitment.ics23;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.leasechain.commitment.ics23.ProofException.Rule;
import io.leasechain.commitment.ics23.proto.CommitmentProof;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class Ics23ProofPropertiesTest {

  @Property(tries = 200)
  void everyKeyProvesItsPresenceOrAbsenceAndOnlyAgainstItsRoot(
      @ForAll @Size(min = 1, max = 60) Set<@StringLength(min = 1, max = 12) String> keys,
      @ForAll @Size(max = 20) Set<@StringLength(min = 1, max = 12) String> probes)
      throws ProofException {
    ProofTrees.Tree tree = ProofTrees.of(new ArrayList<>(keys));
    List<String> extra = new ArrayList<>(keys);
    extra.add("one more key");
    byte[] otherRoot = ProofTrees.of(extra).root();

    for (String key : keys) {
      CommitmentProof proof = tree.prove(key);
      Ics23Verifier.verifyMembership(tree.root(), proof, bytes(key), ProofTrees.value(key));
      ProofException e =
          assertThrows(
              ProofException.class,
              () ->
                  Ics23Verifier.verifyMembership(
                      otherRoot, proof, bytes(key), ProofTrees.value(key)));
      assertEquals(Rule.ROOT_MISMATCH, e.rule());
    }
    for (String key : probes) {
      if (keys.contains(key) || key.equals("one more key")) {
        continue;
      }
      CommitmentProof proof = tree.prove(key);
      Ics23Verifier.verifyNonMembership(tree.root(), proof, bytes(key));
      ProofException e =
          assertThrows(
              ProofException.class,
              () -> Ics23Verifier.verifyNonMembership(otherRoot, proof, bytes(key)));
      assertEquals(Rule.ROOT_MISMATCH, e.rule());
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }
}

package io.leasechain.commitment.ics23;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.leasechain.commitment.ics23.ProofException.Rule;
import io.leasechain.commitment.ics23.proto.CommitmentProof;
import io.leasechain.commitment.ics23.proto.ExistenceProof;
import io.leasechain.commitment.ics23.proto.HashOp;
import io.leasechain.commitment.ics23.proto.InnerOp;
import io.leasechain.commitment.ics23.proto.InnerSpec;
import io.leasechain.commitment.ics23.proto.LeafOp;
import io.leasechain.commitment.ics23.proto.LengthOp;
import io.leasechain.commitment.ics23.proto.NonExistenceProof;
import io.leasechain.commitment.ics23.proto.ProofSpec;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * ICS-23 proof verification, rule for rule as {@code VerifyMembership} / {@code
 * VerifyNonMembership} of github.com/cosmos/ics23/go v0.11, so that a wallet needs no Go. Each
 * method returns normally when the proof holds and otherwise throws a {@link ProofException} whose
 * {@link ProofException#rule() rule} and message say which check failed. Batch and compressed
 * proofs are refused (the node never sends them); of the hash ops only the SHA-2 family is
 * supported; the Go library's extra checks for its IAVL spec are not implemented.
 */
public final class Ics23Verifier {

  private static final HexFormat HEX = HexFormat.of();

  private Ics23Verifier() {}

  /**
   * Checks the bytes of one {@code ProofOp}'s data under {@link LeasechainProofSpec#SPEC}: that
   * {@code key} holds {@code value} in the tree of {@code root}, or is absent when {@code value} is
   * null.
   */
  public static void verify(byte[] root, byte[] proofBytes, byte[] key, byte[] value)
      throws ProofException {
    CommitmentProof proof;
    try {
      proof = CommitmentProof.parseFrom(proofBytes);
    } catch (InvalidProtocolBufferException e) {
      throw new ProofException(Rule.MALFORMED, "the proof is not an ICS-23 CommitmentProof");
    }
    if (value == null) {
      verifyNonMembership(LeasechainProofSpec.SPEC, root, proof, key);
    } else {
      verifyMembership(LeasechainProofSpec.SPEC, root, proof, key, value);
    }
  }

  /**
   * Checks that {@code proof} shows {@code key} holding {@code value} in the tree of {@code root}.
   */
  public static void verifyMembership(byte[] root, CommitmentProof proof, byte[] key, byte[] value)
      throws ProofException {
    verifyMembership(LeasechainProofSpec.SPEC, root, proof, key, value);
  }

  /** As {@link #verifyMembership(byte[], CommitmentProof, byte[], byte[])} for any spec. */
  public static void verifyMembership(
      ProofSpec spec, byte[] root, CommitmentProof proof, byte[] key, byte[] value)
      throws ProofException {
    if (!proof.hasExist()) {
      throw new ProofException(
          Rule.MALFORMED, "expected an existence proof, got " + kind(proof) + " proof");
    }
    ExistenceProof exist = proof.getExist();
    if (!exist.getKey().equals(ByteString.copyFrom(key))) {
      throw new ProofException(
          Rule.KEY_MISMATCH,
          "the existence proof is for key "
              + hex(exist.getKey().toByteArray())
              + ", not for "
              + hex(key));
    }
    verifyExistence(spec, root, exist, value, "");
  }

  /** Checks that {@code proof} shows {@code key} absent from the tree of {@code root}. */
  public static void verifyNonMembership(byte[] root, CommitmentProof proof, byte[] key)
      throws ProofException {
    verifyNonMembership(LeasechainProofSpec.SPEC, root, proof, key);
  }

  /** As {@link #verifyNonMembership(byte[], CommitmentProof, byte[])} for any spec. */
  public static void verifyNonMembership(
      ProofSpec spec, byte[] root, CommitmentProof proof, byte[] key) throws ProofException {
    if (!proof.hasNonexist()) {
      throw new ProofException(
          Rule.MALFORMED, "expected a non-existence proof, got " + kind(proof) + " proof");
    }
    NonExistenceProof absence = proof.getNonexist();
    ExistenceProof left = absence.hasLeft() ? absence.getLeft() : null;
    ExistenceProof right = absence.hasRight() ? absence.getRight() : null;
    if (left == null && right == null) {
      throw new ProofException(
          Rule.MALFORMED, "the non-existence proof has neither a left nor a right neighbour");
    }
    byte[] position = comparisonKey(spec, key);
    if (left != null) {
      verifyExistence(spec, root, left, left.getValue().toByteArray(), "left neighbour: ");
      if (Arrays.compareUnsigned(comparisonKey(spec, left.getKey().toByteArray()), position) >= 0) {
        throw new ProofException(
            Rule.KEY_ORDER, "the key is not after the left neighbour in key order");
      }
    }
    if (right != null) {
      verifyExistence(spec, root, right, right.getValue().toByteArray(), "right neighbour: ");
      if (Arrays.compareUnsigned(comparisonKey(spec, right.getKey().toByteArray()), position)
          <= 0) {
        throw new ProofException(
            Rule.KEY_ORDER, "the key is not before the right neighbour in key order");
      }
    }
    InnerSpec inner = spec.getInnerSpec();
    if (left == null) {
      if (!isLeftMost(inner, right.getPathList())) {
        throw new ProofException(
            Rule.NOT_ADJACENT, "without a left neighbour, the right one must be the leftmost leaf");
      }
    } else if (right == null) {
      if (!isRightMost(inner, left.getPathList())) {
        throw new ProofException(
            Rule.NOT_ADJACENT,
            "without a right neighbour, the left one must be the rightmost leaf");
      }
    } else if (!isLeftNeighbour(inner, left.getPathList(), right.getPathList())) {
      throw new ProofException(
          Rule.NOT_ADJACENT, "the left and right neighbours are not adjacent leaves");
    }
  }

  private static void verifyExistence(
      ProofSpec spec, byte[] root, ExistenceProof proof, byte[] value, String where)
      throws ProofException {
    checkAgainstSpec(spec, proof, where);
    if (!proof.getValue().equals(ByteString.copyFrom(value))) {
      throw new ProofException(
          Rule.VALUE_MISMATCH, where + "the proof's value differs from the value to prove");
    }
    byte[] calculated = calculate(spec, proof, where);
    if (!MessageDigest.isEqual(calculated, root)) {
      throw new ProofException(
          Rule.ROOT_MISMATCH,
          where
              + "the proof hashes to root "
              + hex(calculated)
              + ", not to the trusted root "
              + hex(root));
    }
  }

  private static void checkAgainstSpec(ProofSpec spec, ExistenceProof proof, String where)
      throws ProofException {
    if (!spec.hasLeafSpec() || !spec.hasInnerSpec()) {
      throw new IllegalArgumentException("a proof spec needs a leaf spec and an inner spec");
    }
    if (!proof.hasLeaf()) {
      throw new ProofException(Rule.SPEC_VIOLATION, where + "the proof has no leaf op");
    }
    LeafOp leaf = proof.getLeaf();
    LeafOp leafSpec = spec.getLeafSpec();
    if (leaf.getHash() != leafSpec.getHash()
        || leaf.getPrehashKey() != leafSpec.getPrehashKey()
        || leaf.getPrehashValue() != leafSpec.getPrehashValue()
        || leaf.getLength() != leafSpec.getLength()) {
      throw new ProofException(
          Rule.SPEC_VIOLATION,
          where + "the leaf op's hash, prehash or length ops differ from the spec's");
    }
    if (!leaf.getPrefix().startsWith(leafSpec.getPrefix())) {
      throw new ProofException(
          Rule.SPEC_VIOLATION,
          where + "the leaf prefix does not start with " + hex(leafSpec.getPrefix().toByteArray()));
    }
    int depth = proof.getPathCount();
    if (spec.getMinDepth() > 0 && depth < spec.getMinDepth()) {
      throw new ProofException(
          Rule.SPEC_VIOLATION,
          where + "the path has " + depth + " steps, fewer than min_depth " + spec.getMinDepth());
    }
    int maxDepth = spec.getMaxDepth() == 0 ? 128 : spec.getMaxDepth();
    if (depth > maxDepth) {
      throw new ProofException(
          Rule.SPEC_VIOLATION,
          where + "the path has " + depth + " steps, more than max_depth " + maxDepth);
    }
    InnerSpec innerSpec = spec.getInnerSpec();
    if (innerSpec.getChildSize() <= 0) {
      throw new IllegalArgumentException("a proof spec's child_size must be positive");
    }
    int maxPrefix =
        innerSpec.getMaxPrefixLength()
            + (innerSpec.getChildOrderCount() - 1) * innerSpec.getChildSize();
    for (int i = 0; i < depth; i++) {
      InnerOp step = proof.getPath(i);
      String at = where + "inner op " + i + " (from the leaf): ";
      if (step.getHash() != innerSpec.getHash()) {
        throw new ProofException(Rule.SPEC_VIOLATION, at + "hash op " + step.getHash());
      }
      // Domain separation: an inner node must never be read as a leaf.
      if (step.getPrefix().startsWith(leafSpec.getPrefix())) {
        throw new ProofException(
            Rule.SPEC_VIOLATION, at + "the prefix starts with the leaf prefix");
      }
      int prefix = step.getPrefix().size();
      if (prefix < innerSpec.getMinPrefixLength() || prefix > maxPrefix) {
        throw new ProofException(
            Rule.SPEC_VIOLATION,
            at
                + "prefix of "
                + prefix
                + " bytes, outside "
                + innerSpec.getMinPrefixLength()
                + ".."
                + maxPrefix);
      }
      if (step.getSuffix().size() % innerSpec.getChildSize() != 0) {
        throw new ProofException(
            Rule.SPEC_VIOLATION, at + "the suffix is not a whole number of children");
      }
    }
  }

  private static byte[] calculate(ProofSpec spec, ExistenceProof proof, String where)
      throws ProofException {
    LeafOp leaf = proof.getLeaf();
    byte[] key = proof.getKey().toByteArray();
    byte[] value = proof.getValue().toByteArray();
    if (key.length == 0 || value.length == 0) {
      throw new ProofException(
          Rule.MALFORMED, where + "ICS-23 proves only non-empty keys and values");
    }
    byte[] result =
        hash(
            leaf.getHash(),
            leaf.getPrefix().toByteArray(),
            prepareLeafData(leaf.getPrehashKey(), leaf.getLength(), key),
            prepareLeafData(leaf.getPrehashValue(), leaf.getLength(), value));
    int childSize = spec.getInnerSpec().getChildSize();
    for (InnerOp step : proof.getPathList()) {
      result =
          hash(
              step.getHash(),
              step.getPrefix().toByteArray(),
              result,
              step.getSuffix().toByteArray());
      if (result.length > childSize && childSize >= 32) {
        throw new ProofException(
            Rule.SPEC_VIOLATION, where + "an inner hash is longer than child_size");
      }
    }
    return result;
  }

  private static byte[] prepareLeafData(HashOp prehash, LengthOp length, byte[] data)
      throws ProofException {
    byte[] hashed = prehash == HashOp.NO_HASH ? data : hash(prehash, data);
    int n = hashed.length;
    return switch (length) {
      case NO_PREFIX -> hashed;
      case VAR_PROTO -> concat(varint(n), hashed);
      case REQUIRE_32_BYTES -> requireLength(hashed, 32);
      case REQUIRE_64_BYTES -> requireLength(hashed, 64);
      case FIXED32_BIG ->
          concat(
              new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n},
              hashed);
      case FIXED32_LITTLE ->
          concat(
              new byte[] {(byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)},
              hashed);
      case FIXED64_BIG ->
          concat(
              new byte[] {
                0, 0, 0, 0, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n
              },
              hashed);
      case FIXED64_LITTLE ->
          concat(
              new byte[] {
                (byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24), 0, 0, 0, 0
              },
              hashed);
      default -> throw new ProofException(Rule.SPEC_VIOLATION, "unsupported length op " + length);
    };
  }

  private static byte[] requireLength(byte[] data, int length) throws ProofException {
    if (data.length != length) {
      throw new ProofException(
          Rule.SPEC_VIOLATION, "leaf data is " + data.length + " bytes, not " + length);
    }
    return data;
  }

  private static byte[] varint(int n) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rest = n;
    while (rest >= 0x80) {
      out.write((rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    out.write(rest);
    return out.toByteArray();
  }

  private static byte[] hash(HashOp op, byte[]... parts) throws ProofException {
    String algorithm =
        switch (op) {
          case SHA256 -> "SHA-256";
          case SHA512 -> "SHA-512";
          case SHA512_256 -> "SHA-512/256";
          default -> throw new ProofException(Rule.SPEC_VIOLATION, "unsupported hash op " + op);
        };
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always provides " + algorithm, e);
    }
    for (byte[] part : parts) {
      digest.update(part);
    }
    return digest.digest();
  }

  private static byte[] comparisonKey(ProofSpec spec, byte[] key) throws ProofException {
    HashOp prehash = spec.getLeafSpec().getPrehashKey();
    return spec.getPrehashKeyBeforeComparison() && prehash != HashOp.NO_HASH
        ? hash(prehash, key)
        : key;
  }

  // Neighbour rules. A step's branch is read from its padding: how many children its prefix and
  // suffix hold. A leftmost path takes branch 0 at every step, except where every child left of
  // its branch is the empty child (a placeholder); rightmost likewise.

  private static boolean isLeftMost(InnerSpec spec, List<InnerOp> path) {
    Padding first = padding(spec, 0);
    for (InnerOp step : path) {
      if (!first.fits(step) && !leftBranchesAreEmpty(spec, step)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isRightMost(InnerSpec spec, List<InnerOp> path) {
    Padding last = padding(spec, spec.getChildOrderCount() - 1);
    for (InnerOp step : path) {
      if (!last.fits(step) && !rightBranchesAreEmpty(spec, step)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The paths share their top steps down to the node where they split; there the left path must
   * take the branch just left of the right path's, and below it go rightmost, the right leftmost.
   */
  private static boolean isLeftNeighbour(InnerSpec spec, List<InnerOp> left, List<InnerOp> right) {
    int l = left.size() - 1;
    int r = right.size() - 1;
    while (l >= 0 && r >= 0 && samePadding(left.get(l), right.get(r))) {
      l--;
      r--;
    }
    if (l < 0 || r < 0) {
      return false;
    }
    int leftBranch = branchOf(spec, left.get(l));
    int rightBranch = branchOf(spec, right.get(r));
    return leftBranch >= 0
        && rightBranch == leftBranch + 1
        && isRightMost(spec, left.subList(0, l))
        && isLeftMost(spec, right.subList(0, r));
  }

  private static boolean samePadding(InnerOp a, InnerOp b) {
    return a.getPrefix().equals(b.getPrefix()) && a.getSuffix().equals(b.getSuffix());
  }

  private static boolean leftBranchesAreEmpty(InnerSpec spec, InnerOp step) {
    int branch = branchOf(spec, step);
    if (branch <= 0) {
      return false;
    }
    int childSize = spec.getChildSize();
    byte[] prefix = step.getPrefix().toByteArray();
    int start = prefix.length - branch * childSize;
    if (start < 0) {
      return false;
    }
    for (int i = 0; i < branch; i++) {
      int from = start + position(spec, i) * childSize;
      if (!emptyChildAt(spec, prefix, from)) {
        return false;
      }
    }
    return true;
  }

  private static boolean rightBranchesAreEmpty(InnerSpec spec, InnerOp step) {
    int branch = branchOf(spec, step);
    if (branch < 0) {
      return false;
    }
    int rightBranches = spec.getChildOrderCount() - 1 - branch;
    int childSize = spec.getChildSize();
    byte[] suffix = step.getSuffix().toByteArray();
    if (rightBranches == 0 || suffix.length != rightBranches * childSize) {
      return false;
    }
    for (int i = 0; i < rightBranches; i++) {
      if (!emptyChildAt(spec, suffix, position(spec, i) * childSize)) {
        return false;
      }
    }
    return true;
  }

  private static boolean emptyChildAt(InnerSpec spec, byte[] bytes, int from) {
    int to = from + spec.getChildSize();
    return from >= 0
        && to <= bytes.length
        && Arrays.equals(spec.getEmptyChild().toByteArray(), Arrays.copyOfRange(bytes, from, to));
  }

  /** The branch whose padding the step has, or -1 when it fits none. */
  private static int branchOf(InnerSpec spec, InnerOp step) {
    for (int branch = 0; branch < spec.getChildOrderCount(); branch++) {
      if (padding(spec, branch).fits(step)) {
        return branch;
      }
    }
    return -1;
  }

  private static Padding padding(InnerSpec spec, int branch) {
    int index = position(spec, branch);
    int before = index * spec.getChildSize();
    return new Padding(
        before + spec.getMinPrefixLength(),
        before + spec.getMaxPrefixLength(),
        (spec.getChildOrderCount() - 1 - index) * spec.getChildSize());
  }

  private static int position(InnerSpec spec, int branch) {
    int index = spec.getChildOrderList().indexOf(branch);
    if (index < 0) {
      throw new IllegalArgumentException("branch " + branch + " is not in the spec's child_order");
    }
    return index;
  }

  /** The prefix and suffix lengths of a step that takes one branch. */
  private record Padding(int minPrefix, int maxPrefix, int suffix) {

    boolean fits(InnerOp step) {
      int prefix = step.getPrefix().size();
      return prefix >= minPrefix && prefix <= maxPrefix && step.getSuffix().size() == suffix;
    }
  }

  private static String kind(CommitmentProof proof) {
    return switch (proof.getProofCase()) {
      case EXIST -> "an existence";
      case NONEXIST -> "a non-existence";
      case BATCH -> "a batch";
      case COMPRESSED -> "a compressed batch";
      case PROOF_NOT_SET -> "an empty";
    };
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }
}

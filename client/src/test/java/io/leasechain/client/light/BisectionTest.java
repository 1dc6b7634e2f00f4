package io.leasechain.client.light;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.leasechain.crypto.Ed25519PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Skipping across a complete change of validators, on a chain signed here with generated keys (the
 * recorded chains keep one signer throughout): heights 1-3 are signed by set A, 4-12 by set B,
 * which shares no validator with A.
 */
class BisectionTest {

  private static final String CHAIN = "bisect-test";
  private static final Instant GENESIS = Instant.parse("2026-01-01T00:00:00Z");

  private final List<Ed25519PrivateKey> setA = keys(1, 3);
  private final List<Ed25519PrivateKey> setB = keys(10, 4);
  private final Map<Long, LightBlock> blocks = new HashMap<>();
  private final List<Long> fetched = new ArrayList<>();
  private final LightSource source =
      height -> {
        fetched.add(height);
        return blocks.get(height);
      };

  BisectionTest() {
    for (long h = 1; h <= 12; h++) {
      blocks.put(h, block(h, h <= 3 ? setA : setB, h + 1 <= 3 ? setA : setB));
    }
  }

  @Test
  void aSkipAcrossAWholeNewSet_bisectsDownToTheChange() {
    LightClient client =
        LightClient.fromTrustedHash(
            1, blocks.get(1L).header().hash(), source, TrustOptions.DEFAULT, () -> at(20));
    fetched.clear();
    VerifiedHeader verified = client.verifyTo(12);
    assertEquals(12, verified.height());
    assertEquals("100", verified.signedPercent());
    // 12 fails (no A signer), then 6 fails, 3 verifies, 4 adjacent, 6 and 12 by skipping from B.
    assertEquals(List.of(12L, 6L, 3L, 4L), fetched);
    assertEquals(12, client.trusted().height());
  }

  @Test
  void withoutTheAnnouncedChange_bisectionEndsInAValidatorsMismatch() {
    // Header 3 announces A again, so no header chains A to B.
    blocks.put(3L, block(3, setA, setA));
    LightClient client =
        LightClient.fromTrustedHash(
            1, blocks.get(1L).header().hash(), source, TrustOptions.DEFAULT, () -> at(20));
    LightClientException e = assertThrows(LightClientException.class, () -> client.verifyTo(12));
    assertEquals(LightClientException.Kind.VALIDATORS_HASH_MISMATCH, e.kind(), e.getMessage());
  }

  private static Instant at(long height) {
    return GENESIS.plusSeconds(height);
  }

  private static List<Ed25519PrivateKey> keys(int firstSeedByte, int count) {
    List<Ed25519PrivateKey> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] seed = new byte[32];
      seed[0] = (byte) (firstSeedByte + i);
      keys.add(Ed25519PrivateKey.fromSeed(seed));
    }
    return keys;
  }

  private static ValidatorSet set(List<Ed25519PrivateKey> keys) {
    return ValidatorSet.sorted(
        keys.stream().map(k -> new Validator(k.publicKey().bytes(), 10)).toList());
  }

  /** Block {@code h} signed by all of {@code signers}, announcing {@code next}. */
  private static LightBlock block(
      long h, List<Ed25519PrivateKey> signers, List<Ed25519PrivateKey> next) {
    ValidatorSet vals = set(signers);
    byte[] empty = new byte[0];
    byte[] zero = new byte[32];
    Header header =
        new Header(
            11,
            1,
            CHAIN,
            h,
            at(h),
            new BlockId(zero, 1, zero),
            zero,
            zero,
            vals.hash(),
            set(next).hash(),
            zero,
            zero,
            zero,
            zero,
            vals.validators().get(0).address());
    BlockId id = new BlockId(header.hash(), 1, zero);
    List<CommitSig> unsigned = new ArrayList<>();
    for (Validator v : vals.validators()) {
      unsigned.add(new CommitSig(CommitSig.FLAG_COMMIT, v.address(), at(h).plusMillis(500), empty));
    }
    Commit draft = new Commit(h, 0, id, unsigned);
    List<CommitSig> sigs = new ArrayList<>();
    for (int i = 0; i < unsigned.size(); i++) {
      Validator v = vals.validators().get(i);
      Ed25519PrivateKey key =
          signers.stream()
              .filter(k -> java.util.Arrays.equals(k.publicKey().bytes(), v.pubKey()))
              .findFirst()
              .orElseThrow();
      CommitSig s = unsigned.get(i);
      sigs.add(
          new CommitSig(
              s.flag(),
              s.validatorAddress(),
              s.timestamp(),
              key.sign(draft.voteSignBytes(CHAIN, i))));
    }
    return new LightBlock(new SignedHeader(header, new Commit(h, 0, id, sigs)), vals);
  }
}

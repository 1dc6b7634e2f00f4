package io.leasechain.client.light;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leasechain.client.light.LightClientException.Kind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VerifierTest {

  private final RecordedChain chain = new RecordedChain();

  private Instant justAfter(long height) {
    return chain.lightBlock(height).header().time().plusSeconds(60);
  }

  @Test
  void everyRecordedHeaderHashesToTheBlockItsCommitSigned() {
    for (long h = 1; h <= RecordedChain.LAST; h++) {
      LightBlock block = chain.lightBlock(h);
      assertArrayEquals(block.signedHeader().commit().blockId().hash(), block.header().hash());
      assertArrayEquals(block.header().validatorsHash(), block.validators().hash());
      assertEquals(10, Verifier.verifyCommit(block), "height " + h);
    }
  }

  @Test
  void adjacentSteps_verifyTheWholeChainAcrossTheSetChange() {
    for (long h = 2; h <= RecordedChain.LAST; h++) {
      Verifier.verify(
          chain.lightBlock(h - 1), chain.lightBlock(h), TrustOptions.DEFAULT, justAfter(h));
    }
  }

  @Test
  void fromGenesis_skipsToTheLastHeader_signedBy10Of13() {
    LightClient client =
        LightClient.fromGenesis(
            LightJson.genesis(chain.genesisJson()),
            chain,
            TrustOptions.DEFAULT,
            () -> justAfter(RecordedChain.LAST));
    VerifiedHeader verified = client.verifyTo(RecordedChain.LAST);
    assertEquals(RecordedChain.LAST, verified.height());
    assertEquals("76.92", verified.signedPercent());
    assertEquals("100", client.verifyTo(RecordedChain.SET_CHANGE - 1).signedPercent());
  }

  @Test
  void fromTrustedHash_verifiesForwardAndBackward() {
    byte[] hash = chain.lightBlock(10).header().hash();
    LightClient client =
        LightClient.fromTrustedHash(
            10, hash, chain, TrustOptions.DEFAULT, () -> justAfter(RecordedChain.LAST));
    assertEquals(3, client.verifyTo(3).height());
    assertEquals(RecordedChain.LAST, client.verifyTo(RecordedChain.LAST).height());
  }

  @Test
  void aWrongTrustedHash_isRefused() {
    byte[] hash = chain.lightBlock(11).header().hash();
    assertKind(
        Kind.HEADER_HASH_MISMATCH,
        () -> LightClient.fromTrustedHash(10, hash, chain, TrustOptions.DEFAULT, Instant::now));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "version.block",
        "version.app",
        "chain_id",
        "time",
        "last_block_id.hash",
        "last_block_id.parts.hash",
        "last_block_id.parts.total",
        "last_commit_hash",
        "data_hash",
        "validators_hash",
        "next_validators_hash",
        "consensus_hash",
        "app_hash",
        "last_results_hash",
        "evidence_hash",
        "proposer_address"
      })
  void aChangedHeaderField_breaksTheHeaderHash(String field) {
    RecordedChain lying = chain.withCommit(20, commit -> change(header(commit), field));
    assertKind(Kind.HEADER_HASH_MISMATCH, () -> Verifier.verifyCommit(lying.lightBlock(20)));
    assertKind(
        Kind.HEADER_HASH_MISMATCH,
        () ->
            LightClient.fromGenesis(
                    LightJson.genesis(chain.genesisJson()),
                    lying,
                    TrustOptions.DEFAULT,
                    () -> justAfter(RecordedChain.LAST))
                .verifyTo(20),
        field.equals("chain_id") ? Kind.WRONG_CHAIN : null);
  }

  @Test
  void aChangedHeight_doesNotMatchItsCommit() {
    RecordedChain lying = chain.withCommit(20, commit -> header(commit).put("height", "21"));
    assertKind(Kind.INVALID_HEADER, () -> Verifier.verifyCommit(lying.lightBlock(20)));
  }

  @Test
  void aFlippedSignatureBit_isABadSignature() {
    RecordedChain lying =
        chain.withCommit(
            28,
            commit -> {
              ObjectNode sig = signature(commit, 0);
              byte[] raw = java.util.Base64.getDecoder().decode(sig.get("signature").asText());
              raw[5] ^= 1;
              sig.put("signature", java.util.Base64.getEncoder().encodeToString(raw));
            });
    assertKind(Kind.BAD_SIGNATURE, () -> Verifier.verifyCommit(lying.lightBlock(28)));
  }

  @Test
  void aChangedVoteTimestamp_isABadSignature() {
    RecordedChain lying =
        chain.withCommit(
            28, commit -> signature(commit, 0).put("timestamp", "2026-12-01T18:53:37.324130256Z"));
    assertKind(Kind.BAD_SIGNATURE, () -> Verifier.verifyCommit(lying.lightBlock(28)));
  }

  @Test
  void aMissingSignature_isNotEnoughPower() {
    RecordedChain lying =
        chain.withCommit(
            28,
            commit ->
                signature(commit, 0)
                    .put("block_id_flag", 1)
                    .put("validator_address", "")
                    .putNull("signature"));
    assertKind(Kind.NOT_ENOUGH_POWER, () -> Verifier.verifyCommit(lying.lightBlock(28)));
  }

  @Test
  void aChangedPowerOrKey_breaksTheValidatorsHash() {
    RecordedChain power =
        chain.withValidators(28, vals -> validator(vals, 1).put("voting_power", "30"));
    assertKind(Kind.VALIDATORS_HASH_MISMATCH, () -> Verifier.verifyCommit(power.lightBlock(28)));
    RecordedChain key =
        chain.withValidators(
            28,
            vals ->
                ((ObjectNode) validator(vals, 1).get("pub_key"))
                    .put("value", "zetEUNtvkskvZZml4kVHjpV36epMpO+TP9rGzeyTq+4="));
    assertKind(Kind.VALIDATORS_HASH_MISMATCH, () -> Verifier.verifyCommit(key.lightBlock(28)));
  }

  @Test
  void anAdjacentHeader_mustBeTheSetTheTrustedHeaderAnnounced() {
    // Pretend header 25 announced its own one-validator set rather than the two-validator one.
    long before = RecordedChain.SET_CHANGE - 1;
    RecordedChain edited =
        chain.withCommit(
            before,
            commit ->
                header(commit).put("next_validators_hash", header(commit).get("validators_hash")));
    assertKind(
        Kind.VALIDATORS_HASH_MISMATCH,
        () ->
            Verifier.verify(
                edited.lightBlock(before),
                chain.lightBlock(RecordedChain.SET_CHANGE),
                TrustOptions.DEFAULT,
                justAfter(RecordedChain.LAST)));
  }

  @Test
  void aSkip_needsMoreThanAThirdOfTheTrustedPower() {
    // Trust a set where the recorded signer holds 10 of 30.
    LightBlock real = chain.lightBlock(5);
    ValidatorSet bigger =
        new ValidatorSet(
            java.util.List.of(
                new Validator(chain.lightBlock(28).validators().validators().get(1).pubKey(), 20),
                real.validators().validators().get(0)));
    LightBlock trusted = new LightBlock(real.signedHeader(), bigger);
    assertKind(
        Kind.NOT_ENOUGH_TRUSTED_POWER,
        () ->
            Verifier.verify(
                trusted,
                chain.lightBlock(20),
                TrustOptions.DEFAULT,
                justAfter(RecordedChain.LAST)));
  }

  @Test
  void genesisOfAnotherChainOrSet_isRefused() {
    ObjectNode other = chain.genesisJson().deepCopy();
    other.put("chain_id", "other-chain");
    assertKind(
        Kind.WRONG_CHAIN,
        () ->
            LightClient.fromGenesis(
                LightJson.genesis(other), chain, TrustOptions.DEFAULT, Instant::now));
    ObjectNode power = chain.genesisJson().deepCopy();
    ((ObjectNode) power.get("validators").get(0)).put("power", "11");
    assertKind(
        Kind.VALIDATORS_HASH_MISMATCH,
        () ->
            LightClient.fromGenesis(
                LightJson.genesis(power), chain, TrustOptions.DEFAULT, Instant::now));
  }

  @Test
  void anExpiredTrustRoot_isRefused() {
    Instant late = chain.lightBlock(1).header().time().plus(Duration.ofDays(8));
    assertKind(
        Kind.TRUST_EXPIRED,
        () ->
            LightClient.fromGenesis(
                LightJson.genesis(chain.genesisJson()), chain, TrustOptions.DEFAULT, () -> late));
  }

  @Test
  void aHeaderFromTheFuture_isRefused() {
    Instant before = chain.lightBlock(20).header().time().minusSeconds(30);
    assertKind(
        Kind.INVALID_HEADER,
        () ->
            Verifier.verify(
                chain.lightBlock(10), chain.lightBlock(20), TrustOptions.DEFAULT, before));
  }

  @Test
  void aHeaderOfAnotherHeightThanAsked_isRefused() {
    // A lying node answers "header 20" with the real header 25: a proof of state 19 would be
    // checked against the app hash of state 24.
    LightSource shifted = height -> chain.lightBlock(height == 20 ? 25 : height);
    LightClient client =
        LightClient.fromGenesis(
            LightJson.genesis(chain.genesisJson()),
            shifted,
            TrustOptions.DEFAULT,
            () -> justAfter(RecordedChain.LAST));
    assertKind(Kind.WRONG_HEIGHT, () -> client.verifyTo(20));
  }

  @Test
  void aNodeAnsweringEveryBisectionStepWithTheTarget_cannotHangTheClient() {
    // Header 30 without its only trusted signature cannot be skipped to; a node that answers
    // each halfway request with that same header again made the bisection loop forever.
    RecordedChain unsigned =
        chain.withCommit(
            RecordedChain.LAST,
            c ->
                signature(c, 0)
                    .put("block_id_flag", 1)
                    .put("validator_address", "")
                    .putNull("signature"));
    LightSource stuck = height -> unsigned.lightBlock(height == 1 ? 1 : RecordedChain.LAST);
    LightClient client =
        LightClient.fromGenesis(
            LightJson.genesis(chain.genesisJson()),
            stuck,
            TrustOptions.DEFAULT,
            () -> justAfter(RecordedChain.LAST));
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> assertKind(Kind.WRONG_HEIGHT, () -> client.verifyTo(RecordedChain.LAST)));
  }

  private static ObjectNode header(ObjectNode commit) {
    return (ObjectNode) commit.get("signed_header").get("header");
  }

  private static ObjectNode signature(ObjectNode commit, int index) {
    return (ObjectNode) commit.get("signed_header").get("commit").get("signatures").get(index);
  }

  private static ObjectNode validator(ObjectNode vals, int index) {
    return (ObjectNode) vals.get("validators").get(index);
  }

  /** Changes one header field minimally: one hex digit, one nanosecond, one count. */
  private static void change(ObjectNode header, String path) {
    String[] parts = path.split("\\.");
    ObjectNode parent = header;
    for (int i = 0; i < parts.length - 1; i++) {
      parent = (ObjectNode) parent.get(parts[i]);
    }
    String name = parts[parts.length - 1];
    String old = parent.get(name).asText();
    String changed =
        switch (name) {
          case "block", "app", "total" -> Long.toString(Long.parseLong(old) + 1);
          case "chain_id" -> old + "x";
          case "time" -> Instant.parse(old).plusNanos(1).toString();
          default -> (old.charAt(0) == '0' ? "1" : "0") + old.substring(1);
        };
    parent.put(name, changed);
  }

  private static void assertKind(Kind expected, Executable action) {
    assertKind(expected, action, null);
  }

  private static void assertKind(Kind expected, Executable action, Kind instead) {
    LightClientException e = assertThrows(LightClientException.class, action);
    assertEquals(instead == null ? expected : instead, e.kind(), e.getMessage());
  }
}

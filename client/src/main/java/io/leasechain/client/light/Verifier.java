package io.leasechain.client.light;

import static io.leasechain.client.light.LightClientException.Kind;

import io.leasechain.crypto.Ed25519PublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** CometBFT v0.38's light/verifier.go and the commit checks of types/validator_set.go. */
public final class Verifier {

  private Verifier() {}

  /**
   * Verifies {@code untrusted} from {@code trusted}: adjacent heights chain through
   * next_validators_hash, others need more than 1/3 of the trusted power among the signers. Either
   * way more than 2/3 of the untrusted block's own set must have signed it. Returns that signed
   * power.
   */
  public static long verify(
      LightBlock trusted, LightBlock untrusted, TrustOptions options, Instant now) {
    Header old = trusted.header();
    if (!old.time().plus(options.trustingPeriod()).isAfter(now)) {
      throw new LightClientException(
          Kind.TRUST_EXPIRED,
          "trusted header at height "
              + old.height()
              + " expired at "
              + old.time().plus(options.trustingPeriod())
              + " (trusting period "
              + options.trustingPeriod()
              + "); trust a newer header");
    }
    checkNewHeader(untrusted, old, now, options);
    checkSignedHeader(untrusted);
    if (untrusted.height() == old.height() + 1) {
      if (!Arrays.equals(untrusted.header().validatorsHash(), old.nextValidatorsHash())) {
        throw new LightClientException(
            Kind.VALIDATORS_HASH_MISMATCH,
            "header "
                + untrusted.height()
                + " names validators "
                + HexText.of(untrusted.header().validatorsHash())
                + " but header "
                + old.height()
                + " announced "
                + HexText.of(old.nextValidatorsHash()));
      }
    } else {
      verifyCommitTrusting(old.chainId(), trusted.validators(), untrusted.signedHeader().commit());
    }
    return tally(untrusted);
  }

  /**
   * Checks that {@code block}'s header is the block its commit signed, that the set hashes to its
   * validators_hash, and that more than 2/3 of that set signed; returns the signed power.
   */
  public static long verifyCommit(LightBlock block) {
    checkSignedHeader(block);
    return tally(block);
  }

  private static long tally(LightBlock block) {
    Header header = block.header();
    Commit commit = block.signedHeader().commit();
    List<Validator> vals = block.validators().validators();
    if (vals.size() != commit.signatures().size()) {
      throw new LightClientException(
          Kind.INVALID_HEADER,
          "commit at height "
              + commit.height()
              + " has "
              + commit.signatures().size()
              + " signatures for "
              + vals.size()
              + " validators");
    }
    long tallied = 0;
    for (int i = 0; i < vals.size(); i++) {
      CommitSig sig = commit.signatures().get(i);
      if (!sig.forBlock()) {
        continue;
      }
      Validator val = vals.get(i);
      if (!Arrays.equals(val.address(), sig.validatorAddress())) {
        throw new LightClientException(
            Kind.BAD_SIGNATURE,
            "signature "
                + i
                + " at height "
                + commit.height()
                + " claims validator "
                + HexText.of(sig.validatorAddress())
                + " but the set has "
                + HexText.of(val.address())
                + " there");
      }
      checkSignature(header.chainId(), commit, i, val);
      tallied = Math.addExact(tallied, val.votingPower());
    }
    long total = block.validators().totalPower();
    if (tallied <= Math.multiplyExact(total, 2) / 3) {
      throw new LightClientException(
          Kind.NOT_ENOUGH_POWER,
          "header "
              + header.height()
              + " is signed by "
              + tallied
              + " of "
              + total
              + " voting power, not more than 2/3");
    }
    return tallied;
  }

  /** VerifyCommitLightTrusting with trust level 1/3: signers known to the trusted set. */
  static void verifyCommitTrusting(String chainId, ValidatorSet trusted, Commit commit) {
    long tallied = 0;
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < commit.signatures().size(); i++) {
      CommitSig sig = commit.signatures().get(i);
      if (!sig.forBlock()) {
        continue;
      }
      Validator val = trusted.byAddress(sig.validatorAddress());
      if (val == null) {
        continue;
      }
      if (!seen.add(HexText.of(sig.validatorAddress()))) {
        throw new LightClientException(
            Kind.BAD_SIGNATURE,
            "validator " + HexText.of(sig.validatorAddress()) + " signed the commit twice");
      }
      checkSignature(chainId, commit, i, val);
      tallied = Math.addExact(tallied, val.votingPower());
    }
    long total = trusted.totalPower();
    if (tallied <= total / 3) {
      throw new LightClientException(
          Kind.NOT_ENOUGH_TRUSTED_POWER,
          "header "
              + commit.height()
              + " is signed by "
              + tallied
              + " of the trusted set's "
              + total
              + " voting power, not more than 1/3");
    }
  }

  private static void checkSignature(String chainId, Commit commit, int index, Validator val) {
    boolean ok;
    try {
      ok =
          Ed25519PublicKey.of(val.pubKey())
              .verify(
                  commit.voteSignBytes(chainId, index), commit.signatures().get(index).signature());
    } catch (IllegalArgumentException e) {
      ok = false;
    }
    if (!ok) {
      throw new LightClientException(
          Kind.BAD_SIGNATURE,
          "signature of validator "
              + HexText.of(val.address())
              + " on header "
              + commit.height()
              + " does not verify");
    }
  }

  /** SignedHeader.ValidateBasic plus the validator set check of the block's own height. */
  private static void checkSignedHeader(LightBlock block) {
    Header header = block.header();
    Commit commit = block.signedHeader().commit();
    if (commit.height() != header.height()) {
      throw new LightClientException(
          Kind.INVALID_HEADER,
          "commit is for height " + commit.height() + ", header for " + header.height());
    }
    byte[] hash = header.hash();
    if (!Arrays.equals(hash, commit.blockId().hash())) {
      throw new LightClientException(
          Kind.HEADER_HASH_MISMATCH,
          "header "
              + header.height()
              + " hashes to "
              + HexText.of(hash)
              + " but its commit signed block "
              + HexText.of(commit.blockId().hash()));
    }
    byte[] setHash = block.validators().hash();
    if (!Arrays.equals(setHash, header.validatorsHash())) {
      throw new LightClientException(
          Kind.VALIDATORS_HASH_MISMATCH,
          "validator set given for height "
              + header.height()
              + " hashes to "
              + HexText.of(setHash)
              + ", the header names "
              + HexText.of(header.validatorsHash()));
    }
  }

  private static void checkNewHeader(
      LightBlock untrusted, Header old, Instant now, TrustOptions options) {
    Header header = untrusted.header();
    if (!header.chainId().equals(old.chainId())) {
      throw new LightClientException(
          Kind.WRONG_CHAIN,
          "header "
              + header.height()
              + " is from chain '"
              + header.chainId()
              + "', not '"
              + old.chainId()
              + "'");
    }
    if (header.height() <= old.height()) {
      throw new LightClientException(
          Kind.INVALID_HEADER,
          "new header height " + header.height() + " is not above trusted height " + old.height());
    }
    if (!header.time().isAfter(old.time())) {
      throw new LightClientException(
          Kind.INVALID_HEADER,
          "header "
              + header.height()
              + " time "
              + header.time()
              + " is not after trusted time "
              + old.time());
    }
    if (!header.time().isBefore(now.plus(options.maxClockDrift()))) {
      throw new LightClientException(
          Kind.INVALID_HEADER,
          "header "
              + header.height()
              + " time "
              + header.time()
              + " is in the future (now "
              + now
              + ")");
    }
  }
}

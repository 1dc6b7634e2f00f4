package io.leasechain.client.light;

import static io.leasechain.client.light.LightClientException.Kind;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * CometBFT's light client: from a trust root, verifies headers at any height by skipping (bisecting
 * when fewer than 1/3 of the trusted power signed the target) and, below the trusted height, by
 * hash chaining backwards. Not thread-safe.
 */
public final class LightClient {

  private final LightSource source;
  private final TrustOptions options;
  private final Supplier<Instant> clock;
  private LightBlock trusted;
  // Where each newer verified block is saved (none: trust lives in memory only).
  private TrustedStore store;
  private long savedHeight;

  private LightClient(
      LightSource source, TrustOptions options, Supplier<Instant> clock, LightBlock trusted) {
    this.source = source;
    this.options = options;
    this.clock = clock;
    this.trusted = trusted;
  }

  /**
   * Like {@link #fromGenesis(GenesisTrust, LightSource, TrustOptions, Supplier)}, but starts from
   * the block {@code store} holds for the chain while it is within the trusting period, and saves
   * every newer block it verifies there.
   */
  public static LightClient fromGenesis(
      GenesisTrust genesis,
      LightSource source,
      TrustOptions options,
      Supplier<Instant> clock,
      TrustedStore store) {
    Optional<LightBlock> stored = store.load(genesis.chainId());
    LightClient client =
        stored
            .filter(block -> withinTrustingPeriod(block, options, clock.get()))
            .map(block -> new LightClient(source, options, clock, block))
            .orElseGet(() -> fromGenesis(genesis, source, options, clock));
    return client.savingTo(store, stored);
  }

  /**
   * Like {@link #fromTrustedHash(long, byte[], LightSource, TrustOptions, Supplier)}, but starts
   * from the block {@code store} holds for the chain when it is at least as high and within the
   * trusting period, and saves every newer block it verifies there. A stored block at {@code
   * height} with another hash is refused: one of the two trust roots is from a fork.
   */
  public static LightClient fromTrustedHash(
      long height,
      byte[] hash,
      LightSource source,
      TrustOptions options,
      Supplier<Instant> clock,
      TrustedStore store) {
    LightBlock root = trustedHashRoot(height, hash, source);
    // The root's chain id is as trustworthy as the hash the user gave for it.
    Path file = store.file(root.header().chainId());
    Optional<LightBlock> stored = store.load(root.header().chainId());
    if (stored.isPresent()
        && stored.get().height() == height
        && !Arrays.equals(stored.get().header().hash(), hash)) {
      throw new LightClientException(
          Kind.CONFLICTING_TRUST,
          "--trust-hash "
              + HexText.of(hash)
              + " conflicts with header "
              + height
              + " "
              + HexText.of(stored.get().header().hash())
              + " trusted in "
              + file
              + ": one of them is from a fork, possibly an attack; check the hash with a validator"
              + " operator and delete the file if it is the wrong one");
    }
    LightClient client =
        stored
            .filter(
                block ->
                    block.height() >= height && withinTrustingPeriod(block, options, clock.get()))
            .map(block -> new LightClient(source, options, clock, block))
            .orElseGet(() -> rooted(root, source, options, clock));
    return client.savingTo(store, stored);
  }

  private LightClient savingTo(TrustedStore store, Optional<LightBlock> stored) {
    this.store = store;
    this.savedHeight = stored.map(LightBlock::height).orElse(0L);
    return this;
  }

  private static boolean withinTrustingPeriod(LightBlock block, TrustOptions options, Instant now) {
    return block.header().time().plus(options.trustingPeriod()).isAfter(now);
  }

  /**
   * Trusts the validators listed in genesis: the first block must be from the genesis chain, name
   * exactly that set and carry signatures of more than 2/3 of it.
   */
  public static LightClient fromGenesis(
      GenesisTrust genesis, LightSource source, TrustOptions options, Supplier<Instant> clock) {
    LightBlock first = fetch(source, genesis.initialHeight());
    Header header = first.header();
    if (!header.chainId().equals(genesis.chainId())) {
      throw new LightClientException(
          Kind.WRONG_CHAIN,
          "the node serves chain '"
              + header.chainId()
              + "', genesis is for '"
              + genesis.chainId()
              + "'");
    }
    if (!Arrays.equals(header.validatorsHash(), genesis.validators().hash())) {
      throw new LightClientException(
          Kind.VALIDATORS_HASH_MISMATCH,
          "block "
              + header.height()
              + " names validators "
              + HexText.of(header.validatorsHash())
              + ", genesis lists "
              + HexText.of(genesis.validators().hash()));
    }
    return rooted(first, source, options, clock);
  }

  /** Trusts the header at {@code height} whose hash is {@code hash}, obtained out of band. */
  public static LightClient fromTrustedHash(
      long height, byte[] hash, LightSource source, TrustOptions options, Supplier<Instant> clock) {
    return rooted(trustedHashRoot(height, hash, source), source, options, clock);
  }

  private static LightBlock trustedHashRoot(long height, byte[] hash, LightSource source) {
    LightBlock root = fetch(source, height);
    if (!Arrays.equals(root.header().hash(), hash)) {
      throw new LightClientException(
          Kind.HEADER_HASH_MISMATCH,
          "header "
              + height
              + " hashes to "
              + HexText.of(root.header().hash())
              + ", not the trusted hash "
              + HexText.of(hash));
    }
    return root;
  }

  private static LightClient rooted(
      LightBlock root, LightSource source, TrustOptions options, Supplier<Instant> clock) {
    Verifier.verifyCommit(root);
    if (!withinTrustingPeriod(root, options, clock.get())) {
      throw new LightClientException(
          Kind.TRUST_EXPIRED,
          "trusted header at height "
              + root.height()
              + " expired at "
              + root.header().time().plus(options.trustingPeriod()));
    }
    return new LightClient(source, options, clock, root);
  }

  /** The newest header verified so far (the trust root at first). */
  public LightBlock trusted() {
    return trusted;
  }

  /** Verifies the header at {@code height} from the trusted one and returns it. */
  public VerifiedHeader verifyTo(long height) {
    if (height == trusted.height()) {
      VerifiedHeader verified = new VerifiedHeader(trusted, Verifier.verifyCommit(trusted));
      save();
      return verified;
    }
    if (height < trusted.height()) {
      return verifyBackwards(height);
    }
    Deque<LightBlock> pending = new ArrayDeque<>();
    pending.push(fetch(source, height));
    while (true) {
      LightBlock candidate = pending.peek();
      long signed;
      try {
        signed = Verifier.verify(trusted, candidate, options, clock.get());
      } catch (LightClientException e) {
        if (e.kind() != Kind.NOT_ENOUGH_TRUSTED_POWER) {
          throw e;
        }
        // Too much of the set changed since the trusted header: trust a header halfway first.
        pending.push(fetch(source, (trusted.height() + candidate.height()) / 2));
        continue;
      }
      trusted = pending.pop();
      save();
      if (pending.isEmpty()) {
        return new VerifiedHeader(trusted, signed);
      }
    }
  }

  private void save() {
    if (store != null && trusted.height() > savedHeight) {
      store.save(trusted);
      savedHeight = trusted.height();
    }
  }

  /**
   * The block at {@code height}, which must be the height the source answers for: a header of
   * another height would sign another state, and a bisection fed its own target back never ends.
   */
  private static LightBlock fetch(LightSource source, long height) {
    if (height < 1) {
      throw new LightClientException(
          Kind.WRONG_HEIGHT, "there is no header at height " + height + "; heights start at 1");
    }
    LightBlock block = source.lightBlock(height);
    if (block.height() != height) {
      throw new LightClientException(
          Kind.WRONG_HEIGHT,
          "asked for header " + height + ", the node sent header " + block.height());
    }
    return block;
  }

  /** VerifyBackwards: each older header must hash to the next one's last_block_id. */
  private VerifiedHeader verifyBackwards(long height) {
    Header newer = trusted.header();
    LightBlock block;
    do {
      block = fetch(source, newer.height() - 1);
      Header older = block.header();
      if (!older.chainId().equals(newer.chainId())) {
        throw new LightClientException(
            Kind.WRONG_CHAIN,
            "header " + older.height() + " is from chain '" + older.chainId() + "'");
      }
      if (older.height() != newer.height() - 1 || !older.time().isBefore(newer.time())) {
        throw new LightClientException(
            Kind.INVALID_HEADER,
            "header " + older.height() + " is not the parent of header " + newer.height());
      }
      if (!Arrays.equals(older.hash(), newer.lastBlockId().hash())) {
        throw new LightClientException(
            Kind.HEADER_HASH_MISMATCH,
            "header "
                + older.height()
                + " hashes to "
                + HexText.of(older.hash())
                + " but header "
                + newer.height()
                + " follows "
                + HexText.of(newer.lastBlockId().hash()));
      }
      newer = older;
    } while (newer.height() > height);
    return new VerifiedHeader(block, Verifier.verifyCommit(block));
  }
}

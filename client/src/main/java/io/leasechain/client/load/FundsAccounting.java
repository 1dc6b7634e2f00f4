package io.leasechain.client.load;

import io.leasechain.client.LeasechainClient;
import io.leasechain.client.rpc.BlockResults;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.Event;
import io.leasechain.client.rpc.TxOutcome;
import io.leasechain.crypto.Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The balance each account of a load run must have on chain, derived from what the chain committed:
 * the balances at a starting height, plus every {@code coin_received} and minus every {@code
 * coin_spent} of those accounts in the committed blocks after it (the txs' events, failed txs' fees
 * included, and the blocks' own events such as settlements and refunds). Blocks must be applied in
 * height order, none skipped. Thread-safe.
 */
public final class FundsAccounting {

  private static final String UNIT = "ulease";
  private static final Duration COMMIT_WAIT = Duration.ofSeconds(60);

  private final TreeMap<String, Long> expected = new TreeMap<>();
  private long height;

  private FundsAccounting(long height, Map<String, Long> balances) {
    this.height = height;
    expected.putAll(balances);
  }

  /** Accounting from the balances of {@code accounts} after block {@code height}. */
  public static FundsAccounting startingAt(long height, Map<Address, Long> balances) {
    TreeMap<String, Long> byAddress = new TreeMap<>();
    balances.forEach((address, balance) -> byAddress.put(address.toBech32(), balance));
    return new FundsAccounting(height, byAddress);
  }

  /** Reads the balances of {@code accounts} after block {@code height} from the node. */
  public static FundsAccounting read(
      CometRpcClient rpc, long height, Collection<Address> accounts) {
    LeasechainClient atHeight = new LeasechainClient(rpc, height);
    TreeMap<Address, Long> balances = new TreeMap<>();
    for (Address account : accounts) {
      balances.put(account, atHeight.account(account).getBalance());
    }
    return startingAt(height, balances);
  }

  /** The last height applied. */
  public synchronized long height() {
    return height;
  }

  /** Applies the coin events of block {@code results}, which must be the next height. */
  public synchronized void apply(BlockResults results) {
    if (results.height() != height + 1) {
      throw new IllegalStateException(
          "block " + results.height() + " applied after block " + height + "; blocks must follow");
    }
    for (TxOutcome tx : results.txResults()) {
      tx.events().forEach(this::applyEvent);
    }
    results.finalizeBlockEvents().forEach(this::applyEvent);
    height = results.height();
  }

  /** Applies every block from the next height up to {@code toHeight} read from {@code rpc}. */
  public void catchUp(CometRpcClient rpc, long toHeight) {
    while (height() < toHeight) {
      apply(rpc.blockResults(height() + 1));
    }
  }

  private void applyEvent(Event event) {
    switch (event.type()) {
      case "coin_received" -> move(event, "receiver", 1);
      case "coin_spent" -> move(event, "spender", -1);
      default -> {}
    }
  }

  private void move(Event event, String role, int sign) {
    Optional<String> account = event.attribute(role);
    if (account.isEmpty() || !expected.containsKey(account.get())) {
      return;
    }
    long amount = amount(event.attribute("amount").orElse(""));
    expected.merge(account.get(), sign * amount, Math::addExact);
  }

  static long amount(String coins) {
    if (!coins.endsWith(UNIT)) {
      throw new IllegalStateException("coin event amount '" + coins + "' is not in " + UNIT);
    }
    return Long.parseLong(coins.substring(0, coins.length() - UNIT.length()));
  }

  /** Each account's expected balance after {@link #height()}, by bech32 address. */
  public synchronized SortedMap<String, Long> expected() {
    return new TreeMap<>(expected);
  }

  /** One account whose balance on chain differs from the accounting. */
  public record Mismatch(String account, long expected, long actual) {}

  /** The result of comparing the accounting with the chain's balances at {@code height}. */
  public record FundsCheck(long height, int accounts, List<Mismatch> mismatches) {
    public boolean ok() {
      return mismatches.isEmpty();
    }

    public String toText() {
      if (ok()) {
        return "funds check at height "
            + height
            + ": "
            + accounts
            + " accounts match to the ulease";
      }
      StringBuilder text =
          new StringBuilder(
              "funds check at height "
                  + height
                  + ": "
                  + mismatches.size()
                  + " of "
                  + accounts
                  + " accounts differ");
      for (Mismatch m : mismatches) {
        text.append("\n  ")
            .append(m.account())
            .append(" expected ")
            .append(m.expected())
            .append(" ulease, chain has ")
            .append(m.actual());
      }
      return text.toString();
    }
  }

  /**
   * Compares the accounting with {@code balanceOnChain} (bech32 address to balance at {@link
   * #height()}).
   */
  public synchronized FundsCheck check(Function<String, Long> balanceOnChain) {
    List<Mismatch> mismatches = new ArrayList<>();
    expected.forEach(
        (account, balance) -> {
          long actual = balanceOnChain.apply(account);
          if (actual != balance) {
            mismatches.add(new Mismatch(account, balance, actual));
          }
        });
    return new FundsCheck(height, expected.size(), List.copyOf(mismatches));
  }

  /**
   * Applies the node's blocks up to the last height its application has committed and compares with
   * the balances it holds at that height.
   */
  public FundsCheck check(CometRpcClient rpc) {
    // The accounting may already have applied a block whose results exist before its Commit:
    // then wait until the application has committed it.
    long latest = Math.max(height(), rpc.committedHeight());
    rpc.waitForHeight(latest + 1, COMMIT_WAIT);
    synchronized (this) {
      catchUp(rpc, latest);
      LeasechainClient atHeight = new LeasechainClient(rpc, latest);
      return check(account -> atHeight.account(Address.fromBech32(account)).getBalance());
    }
  }
}

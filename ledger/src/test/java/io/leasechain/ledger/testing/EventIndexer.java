package io.leasechain.ledger.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Hex;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.GenesisState;
import io.leasechain.ledger.TxOutcome;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.proto.Account;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.state.Write;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an explorer knows: every balance rebuilt from the genesis accounts plus the events of every
 * block alone (each tx's events, failed ones included, and the block's own events), the way an
 * indexer reading CometBFT's block_results would. {@link #broken} compares that with the state.
 */
public final class EventIndexer {

  private static final String UNIT = "ulease";

  private final TreeMap<String, Long> balances = new TreeMap<>();
  private final List<String> problems = new ArrayList<>();
  private long supply;

  public EventIndexer(GenesisState genesis) {
    for (GenesisState.Account account : genesis.accounts()) {
      balances.merge(account.address().toBech32(), account.balance(), Math::addExact);
      supply = Math.addExact(supply, account.balance());
    }
  }

  /** Applies a committed block's events; notes an event naming an account the block never wrote. */
  public void apply(BlockResult block) {
    TreeSet<String> written = new TreeSet<>();
    for (Write write : block.writes()) {
      written.add(Hex.encode(write.key()));
    }
    List<Event> events = new ArrayList<>();
    for (TxOutcome tx : block.txs()) {
      events.addAll(tx.events());
    }
    events.addAll(block.events());
    for (Event event : events) {
      switch (event.type()) {
        case "coin_spent" -> move(block, written, event, "spender", -1);
        case "coin_received" -> move(block, written, event, "receiver", 1);
        case "coinbase" -> supply = Math.addExact(supply, amount(event));
        case "burn" -> supply = Math.subtractExact(supply, amount(event));
        default -> {}
      }
    }
  }

  private void move(BlockResult block, TreeSet<String> written, Event event, String key, int sign) {
    String account = attribute(event, key);
    long amount = amount(event);
    if (amount <= 0) {
      problems.add("block " + block.height() + ": " + event + " moves no coins");
    }
    if (!written.contains(Hex.encode(BankKeeper.accountKey(Address.fromBech32(account))))) {
      problems.add(
          "block " + block.height() + ": " + event + " names an account the block did not change");
    }
    balances.merge(account, sign * amount, Math::addExact);
  }

  private static long amount(Event event) {
    String amount = attribute(event, "amount");
    if (!amount.endsWith(UNIT)) {
      throw new AssertionError("amount without the ulease unit in " + event);
    }
    return Long.parseLong(amount.substring(0, amount.length() - UNIT.length()));
  }

  private static String attribute(Event event, String key) {
    return event.attributes().stream()
        .filter(a -> a.key().equals(key))
        .map(Event.Attribute::value)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + key + " in " + event));
  }

  /**
   * Where the rebuilt view and {@code state} differ: a balance, an account only one of them has,
   * the supply, or an event that named an account its block did not change. Empty when they agree.
   */
  public List<String> broken(ReadableState state) {
    List<String> broken = new ArrayList<>(problems);
    TreeMap<String, Long> rebuilt = new TreeMap<>(balances);
    Iterator<KeyValue> accounts = state.scanPrefix(Keys.of(KeySpace.ACCOUNT));
    while (accounts.hasNext()) {
      Account account;
      try {
        account = Account.parseFrom(accounts.next().value());
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
      long fromEvents = rebuilt.getOrDefault(account.getAddress(), 0L);
      rebuilt.remove(account.getAddress());
      if (fromEvents != account.getBalance()) {
        broken.add(
            "events-rebuild-balances: "
                + account.getAddress()
                + " holds "
                + account.getBalance()
                + " ulease, events say "
                + fromEvents);
      }
    }
    for (Map.Entry<String, Long> left : rebuilt.entrySet()) {
      if (left.getValue() != 0) {
        broken.add(
            "events-rebuild-balances: events credit "
                + left.getKey()
                + " with "
                + left.getValue()
                + " ulease, the state has no such account");
      }
    }
    if (supply != BankKeeper.supply(state)) {
      broken.add(
          "events-rebuild-balances: supply is "
              + BankKeeper.supply(state)
              + ", coinbase and burn events say "
              + supply);
    }
    return broken;
  }
}

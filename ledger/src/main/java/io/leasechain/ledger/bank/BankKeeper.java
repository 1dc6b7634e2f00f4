package io.leasechain.ledger.bank;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.leasechain.crypto.Address;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.Event.Attribute;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.proto.Account;
import io.leasechain.ledger.bank.proto.Supply;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import java.util.List;

/**
 * Typed access to accounts, balances and the total supply. The only writer of accounts: every
 * balance change emits its events into the state (coin_spent/coin_received per account moved, plus
 * transfer, coinbase or burn), so no code path can move coins without a trace an indexer sees.
 */
public final class BankKeeper {

  private static final byte[] SUPPLY_KEY = Keys.of(KeySpace.SUPPLY);
  private static final String UNIT = "ulease";

  private final KeyValueState state;

  public BankKeeper(KeyValueState state) {
    this.state = state;
  }

  public static byte[] accountKey(Address address) {
    return Keys.of(KeySpace.ACCOUNT, address.bytes());
  }

  /** The account at {@code address}; one never seen reads as balance 0, sequence 0, no key. */
  public static Account account(ReadableState state, Address address) {
    byte[] bytes = state.get(accountKey(address));
    if (bytes == null) {
      return Account.newBuilder().setAddress(address.toBech32()).build();
    }
    try {
      return Account.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt account " + address, e);
    }
  }

  public static long supply(ReadableState state) {
    byte[] bytes = state.get(SUPPLY_KEY);
    if (bytes == null) {
      return 0;
    }
    try {
      return Supply.parseFrom(bytes).getAmount();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt supply", e);
    }
  }

  public Account account(Address address) {
    return account(state, address);
  }

  private void setAccount(Account account) {
    state.put(accountKey(Address.fromBech32(account.getAddress())), account.toByteArray());
  }

  public long balance(Address address) {
    return account(address).getBalance();
  }

  /** Moves {@code amount} between accounts, or says why it cannot; writes nothing on rejection. */
  public Rejection transfer(Address from, Address to, long amount) {
    if (amount < 0) {
      // Every message checks its amounts first: a negative one here is a bug, never user input.
      throw new IllegalArgumentException("negative transfer of " + amount + " ulease");
    }
    Account sender = account(from);
    if (sender.getBalance() < amount) {
      return Rejection.of(
          BankError.INSUFFICIENT_FUNDS,
          "%s has %d ulease, needs %d",
          from,
          sender.getBalance(),
          amount);
    }
    if (from.equals(to)) {
      return null;
    }
    Account recipient = account(to);
    long credited;
    try {
      credited = Math.addExact(recipient.getBalance(), amount);
    } catch (ArithmeticException e) {
      return Rejection.of(BankError.BALANCE_OVERFLOW, "%s would exceed 2^63-1 ulease", to);
    }
    setAccount(sender.toBuilder().setBalance(sender.getBalance() - amount).build());
    setAccount(recipient.toBuilder().setBalance(credited).build());
    if (amount > 0) {
      String coins = amount + UNIT;
      spent(sender.getAddress(), coins);
      received(recipient.getAddress(), coins);
      state.emit(
          new Event(
              "transfer",
              List.of(
                  new Attribute("sender", sender.getAddress(), true),
                  new Attribute("recipient", recipient.getAddress(), true),
                  new Attribute("amount", coins, true))));
    }
    return null;
  }

  /** Creates {@code amount} new ulease in {@code to}; only genesis and emission may call this. */
  public void mint(Address to, long amount) {
    Account account = account(to);
    setAccount(account.toBuilder().setBalance(Math.addExact(account.getBalance(), amount)).build());
    setSupply(Math.addExact(supply(state), amount));
    if (amount > 0) {
      String coins = amount + UNIT;
      received(account.getAddress(), coins);
      emit("coinbase", "minter", account.getAddress(), coins);
    }
  }

  /** Destroys {@code amount} ulease held by {@code from} (a slashed bond), shrinking the supply. */
  public void burn(Address from, long amount) {
    Account account = account(from);
    if (account.getBalance() < amount) {
      throw new IllegalStateException(from + " cannot burn " + amount + " ulease it does not hold");
    }
    setAccount(account.toBuilder().setBalance(account.getBalance() - amount).build());
    setSupply(supply(state) - amount);
    if (amount > 0) {
      String coins = amount + UNIT;
      spent(account.getAddress(), coins);
      emit("burn", "burner", account.getAddress(), coins);
    }
  }

  private void spent(String spender, String coins) {
    emit("coin_spent", "spender", spender, coins);
  }

  private void received(String receiver, String coins) {
    emit("coin_received", "receiver", receiver, coins);
  }

  private void emit(String type, String role, String address, String coins) {
    state.emit(
        new Event(
            type,
            List.of(new Attribute(role, address, true), new Attribute("amount", coins, true))));
  }

  private void setSupply(long amount) {
    // A zero supply encodes to no bytes, which no ICS-23 proof can carry: it is stored as no key,
    // which supply() already reads as 0.
    if (amount == 0) {
      state.delete(SUPPLY_KEY);
    } else {
      state.put(SUPPLY_KEY, Supply.newBuilder().setAmount(amount).build().toByteArray());
    }
  }

  /** Records the key an account signs with, the first time it signs. */
  public void bindPublicKey(Address address, byte[] publicKey) {
    Account account = account(address);
    if (account.getPublicKey().isEmpty()) {
      setAccount(account.toBuilder().setPublicKey(ByteString.copyFrom(publicKey)).build());
    }
  }

  public void incrementSequence(Address address) {
    Account account = account(address);
    setAccount(account.toBuilder().setSequence(Math.addExact(account.getSequence(), 1)).build());
  }
}

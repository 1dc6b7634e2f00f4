package io.leasechain.ledger.bank;

import io.leasechain.crypto.Address;
import io.leasechain.crypto.Hashes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Accounts owned by the chain itself. Their addresses hash a name, so no one holds a key for them
 * and only module rules move their funds.
 */
public enum ModuleAccount {
  /** Collects transaction fees until the rewards module distributes them. */
  FEE_COLLECTOR("fee_collector"),
  /** Receives the take rate of every escrow payout. */
  COMMUNITY_POOL("community_pool"),
  /** Holds every order's escrowed deposit until it is paid out or refunded. */
  ESCROW("escrow"),
  /** Holds providers' bonds. */
  PROVIDER_BONDS("provider_bonds"),
  /** Holds bid deposits: open bids' and those of winning bids, bonded to their lease. */
  BID_DEPOSITS("bid_deposits"),
  /** Collects the providers' share of rewards during an epoch, paid out at its end. */
  PROVIDER_REWARDS("provider_rewards"),
  /** Holds tenants' dispute deposits until the dispute is resolved or lapses. */
  DISPUTE_DEPOSITS("dispute_deposits");

  private final String moduleName;
  private final Address address;

  ModuleAccount(String moduleName) {
    this.moduleName = moduleName;
    byte[] hash =
        Hashes.sha256(("leasechain/module/" + moduleName).getBytes(StandardCharsets.UTF_8));
    this.address = Address.of(Arrays.copyOf(hash, Address.LENGTH));
  }

  public String moduleName() {
    return moduleName;
  }

  public Address address() {
    return address;
  }

  public static boolean isModuleAddress(Address address) {
    return of(address).isPresent();
  }

  /** The module account at {@code address}, if it is one. */
  public static Optional<ModuleAccount> of(Address address) {
    for (ModuleAccount account : values()) {
      if (account.address.equals(address)) {
        return Optional.of(account);
      }
    }
    return Optional.empty();
  }
}

package io.leasechain.node.cli;

import io.leasechain.client.keys.KeyInfo;
import io.leasechain.crypto.Address;

/** Resolves what users type for an account: a lease1… address or a key name in the keyring. */
final class Accounts {

  private Accounts() {}

  static Address resolve(HomeOptions home, String text) {
    if (text.startsWith(Address.PREFIX + "1")) {
      return Address.fromBech32(text);
    }
    return KeysCommand.keyring(home)
        .get(text)
        .map(KeyInfo::address)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "'" + text + "' is neither a lease1… address nor a key name"));
  }
}

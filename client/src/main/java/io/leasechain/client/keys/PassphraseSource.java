package io.leasechain.client.keys;

/** Where a keyring's passphrases come from (a terminal, a file); asked only when one is needed. */
public interface PassphraseSource {

  /** An existing passphrase, e.g. to unlock a key; {@code purpose} says what it is for. */
  char[] passphrase(String purpose);

  /** A passphrase being chosen (a terminal asks twice); {@code purpose} says what it is for. */
  char[] newPassphrase(String purpose);
}

package io.leasechain.client.keys;

import io.leasechain.crypto.Ed25519PrivateKey;
import java.util.List;
import java.util.Optional;

/** Named signing keys a wallet keeps; backends differ in how they protect the private keys. */
public interface Keyring {

  /** Creates a new random key under {@code name}; refuses a name already taken. */
  KeyInfo create(String name);

  /** Stores an existing key (from its 32-byte seed) under {@code name}. */
  KeyInfo importSeed(String name, byte[] seed);

  Optional<KeyInfo> get(String name);

  /** Every key, sorted by name. */
  List<KeyInfo> list();

  /** The private key, for signing; throws KeyringException if there is no such key. */
  Ed25519PrivateKey privateKey(String name);

  /** Removes key {@code name}; throws KeyringException if there is no such key. */
  void delete(String name);

  /** Key {@code name} as an ASCII-armored export encrypted under {@code exportPassphrase}. */
  default String export(String name, char[] exportPassphrase) {
    return KeyArmor.seal(privateKey(name), exportPassphrase);
  }

  /** Stores the key of an {@link #export} under {@code name}. */
  default KeyInfo importArmored(String name, String armor, char[] exportPassphrase) {
    return importSeed(name, KeyArmor.open(armor, exportPassphrase).seed());
  }
}

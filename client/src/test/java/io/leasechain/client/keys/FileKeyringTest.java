package io.leasechain.client.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileKeyringTest {

  private static final String PASSPHRASE = "correct horse battery";
  private static final byte[] SEED = Hex.decode("07".repeat(32));

  @TempDir Path home;

  /** Answers every question with one passphrase and counts the questions. */
  static final class Fixed implements PassphraseSource {
    final String value;
    int asked;

    Fixed(String value) {
      this.value = value;
    }

    @Override
    public char[] passphrase(String purpose) {
      asked++;
      return value.toCharArray();
    }

    @Override
    public char[] newPassphrase(String purpose) {
      return passphrase(purpose);
    }
  }

  private FileKeyring keyring(String passphrase) {
    return new FileKeyring(home, new Fixed(passphrase));
  }

  private Path keyFile(String name) {
    return home.resolve("keyring-file").resolve(name + ".json");
  }

  // The CLI's KeysCliTest checks every encoding of the key and of the mnemonic; this checks the
  // library alone: the seed appears neither raw nor as hex.
  @Test
  void keyFileHoldsNeitherTheSeedNorItsHex() throws Exception {
    keyring(PASSPHRASE).importSeed("alice", SEED);

    String text = new String(Files.readAllBytes(keyFile("alice")), StandardCharsets.ISO_8859_1);
    assertFalse(text.contains(new String(SEED, StandardCharsets.ISO_8859_1)));
    assertFalse(text.toLowerCase().contains(Hex.encode(SEED)));
    assertTrue(text.contains(Ed25519PrivateKey.fromSeed(SEED).publicKey().address().toBech32()));
  }

  @Test
  void filesAreOwnerOnly() throws Exception {
    keyring(PASSPHRASE).importSeed("alice", SEED);

    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile("alice"))));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("keyring-file"))));
  }

  @Test
  void theKeyComesBackWithTheRightPassphrase() {
    KeyInfo added = keyring(PASSPHRASE).importSeed("alice", SEED);
    Fixed passphrases = new Fixed(PASSPHRASE);
    FileKeyring reopened = new FileKeyring(home, passphrases);

    assertEquals(List.of(added), reopened.list());
    assertEquals(0, passphrases.asked, "listing needs no passphrase");
    assertArrayEquals(SEED, reopened.privateKey("alice").seed());
    assertArrayEquals(SEED, reopened.privateKey("alice").seed());
    assertEquals(1, passphrases.asked, "asked once per keyring object");
  }

  @Test
  void wrongPassphraseIsRefusedAndWritesNothing() throws Exception {
    keyring(PASSPHRASE).importSeed("alice", SEED);
    FileKeyring wrong = keyring("not the passphrase");

    KeyringException read = assertThrows(KeyringException.class, () -> wrong.privateKey("alice"));
    assertEquals(
        "wrong passphrase for keyring at " + home.resolve("keyring-file"), read.getMessage());
    KeyringException write = assertThrows(KeyringException.class, () -> wrong.create("bob"));
    assertEquals(read.getMessage(), write.getMessage());
    assertFalse(Files.exists(keyFile("bob")));
    try (Stream<Path> files = Files.list(home.resolve("keyring-file"))) {
      assertEquals(2, files.count(), "alice and the check file, no temp file");
    }
  }

  @Test
  void aShortPassphraseIsRefusedOnCreation() {
    KeyringException e =
        assertThrows(KeyringException.class, () -> keyring("short").importSeed("alice", SEED));

    assertEquals("the keyring passphrase must have at least 8 characters", e.getMessage());
    assertFalse(Files.exists(keyFile("alice")));
  }

  @Test
  void filesSwappedBetweenNamesDoNotOpen() throws Exception {
    FileKeyring keyring = keyring(PASSPHRASE);
    keyring.importSeed("alice", SEED);
    keyring.importSeed("bob", Hex.decode("08".repeat(32)));
    // bob's file renamed to alice's, with its name field edited to match.
    ObjectNode bob = (ObjectNode) new ObjectMapper().readTree(keyFile("bob").toFile());
    bob.put("name", "alice");
    Files.write(keyFile("alice"), new ObjectMapper().writeValueAsBytes(bob));

    KeyringException e =
        assertThrows(KeyringException.class, () -> keyring(PASSPHRASE).privateKey("alice"));
    assertTrue(e.getMessage().contains("was altered or belongs to another key"), e.getMessage());
  }

  @Test
  void aTamperedCiphertextIsReportedAsSuch() throws Exception {
    keyring(PASSPHRASE).importSeed("alice", SEED);
    ObjectNode json = (ObjectNode) new ObjectMapper().readTree(keyFile("alice").toFile());
    String ciphertext = json.path("ciphertext").asText();
    json.put("ciphertext", (ciphertext.charAt(0) == '0' ? "1" : "0") + ciphertext.substring(1));
    Files.write(keyFile("alice"), new ObjectMapper().writeValueAsBytes(json));

    KeyringException e =
        assertThrows(KeyringException.class, () -> keyring(PASSPHRASE).privateKey("alice"));
    assertTrue(e.getMessage().startsWith("key file " + keyFile("alice")), e.getMessage());
  }

  @Test
  void kdfParametersOutOfBoundsAreRefusedBeforeAnyWork() throws Exception {
    keyring(PASSPHRASE).importSeed("alice", SEED);
    ObjectNode json = (ObjectNode) new ObjectMapper().readTree(keyFile("alice").toFile());
    ((ObjectNode) json.path("kdf")).put("n", 1 << 30);
    Files.write(keyFile("alice"), new ObjectMapper().writeValueAsBytes(json));

    KeyringException e =
        assertThrows(KeyringException.class, () -> keyring(PASSPHRASE).privateKey("alice"));
    assertTrue(e.getMessage().contains("was altered"), e.getMessage());
  }

  @Test
  void exportThenImportRoundTrips() {
    FileKeyring keyring = keyring(PASSPHRASE);
    KeyInfo alice = keyring.importSeed("alice", SEED);
    String armor = keyring.export("alice", "export passphrase".toCharArray());

    assertTrue(armor.startsWith("-----BEGIN LEASECHAIN PRIVATE KEY-----\n"), armor);
    assertFalse(armor.contains(Hex.encode(SEED)));
    KeyringException wrong =
        assertThrows(
            KeyringException.class,
            () -> keyring.importArmored("copy", armor, "other passphrase".toCharArray()));
    assertEquals(
        "wrong passphrase for the key export (or the export was altered)", wrong.getMessage());
    KeyInfo copy = keyring.importArmored("copy", armor, "export passphrase".toCharArray());
    assertEquals(alice.address(), copy.address());
    assertArrayEquals(SEED, keyring(PASSPHRASE).privateKey("copy").seed());
  }

  @Test
  void deleteRemovesTheKey() {
    FileKeyring keyring = keyring(PASSPHRASE);
    keyring.importSeed("alice", SEED);

    keyring.delete("alice");

    assertFalse(Files.exists(keyFile("alice")));
    assertTrue(keyring.get("alice").isEmpty());
    assertThrows(KeyringException.class, () -> keyring.delete("alice"));
  }

  // An export handed over by someone else may carry any scrypt cost: importing it must not take
  // minutes (p = 16) nor gigabytes (n = 2^20, r = 32 is 4 GiB: an OutOfMemoryError and its stack
  // trace on any machine under 16 GB of memory).
  @Test
  void anExportsScryptCostIsBoundedInTimeAndMemory() {
    FileKeyring keyring = keyring(PASSPHRASE);
    keyring.importSeed("alice", SEED);
    String armor = keyring.export("alice", "export passphrase".toCharArray());
    for (String cost : List.of("n: 262144\nr: 8\np: 16", "n: 1048576\nr: 32\np: 1")) {
      String crafted = armor.replaceFirst("n: \\d+\nr: \\d+\np: \\d+", cost);
      assertTrue(crafted.contains(cost), crafted);
      KeyringException e =
          assertTimeoutPreemptively(
              Duration.ofSeconds(3),
              () ->
                  assertThrows(
                      KeyringException.class,
                      () ->
                          keyring.importArmored(
                              "copy", crafted, "export passphrase".toCharArray())));
      assertEquals(
          "wrong passphrase for the key export (or the export was altered)", e.getMessage());
    }
  }
}

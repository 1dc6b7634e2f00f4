package io.leasechain.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.HdPath;
import io.leasechain.crypto.Hex;
import io.leasechain.crypto.Mnemonic;
import io.leasechain.crypto.Slip10;
import io.leasechain.ledger.tx.proto.AuthInfo;
import io.leasechain.ledger.tx.proto.Tx;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `leasechain keys` with the default, encrypted file backend, run in-process. */
class KeysCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;
  private Path passphrase;
  private Path wrongPassphrase;
  private Path exportPassphrase;

  record Result(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  @BeforeEach
  void passphraseFiles() throws Exception {
    passphrase = Files.writeString(home.resolve("passphrase"), "keyring passphrase 1\n");
    wrongPassphrase = Files.writeString(home.resolve("wrong"), "not the passphrase\n");
    exportPassphrase = Files.writeString(home.resolve("export-passphrase"), "export passphrase\n");
  }

  /** `leasechain ARGS… --home HOME` with the file backend by default. */
  private Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--home");
    all.add(home.toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LeasechainCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(all.toArray(String[]::new));
    return new Result(exit, out.toString(), err.toString());
  }

  private static Result ok(Result result) {
    assertEquals(0, result.exit(), () -> "out: " + result.out() + "\nerr: " + result.err());
    return result;
  }

  /** Exit 1 and exactly {@code "Error: " + message} on stderr: one line, no stack trace. */
  private static void refused(Result result, String message) {
    assertEquals(1, result.exit(), () -> "out: " + result.out());
    assertEquals("Error: " + message + "\n", result.err());
  }

  private JsonNode add(String name) throws Exception {
    return ok(run("keys", "add", name, "--passphrase-file", passphrase.toString(), "-o", "json"))
        .json();
  }

  /** `keys add NAME --recover` from the mnemonic in a file, JSON output. */
  private JsonNode recover(String name, Path mnemonic, String... more) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of("keys", "add", name, "--recover", "--mnemonic-file", mnemonic.toString()));
    args.addAll(List.of(more));
    args.addAll(List.of("-o", "json"));
    return ok(run(args.toArray(String[]::new))).json();
  }

  private Path keyFile(String name) {
    return home.resolve("keyring-file").resolve(name + ".json");
  }

  @Test
  void theKeyFileHoldsNoEncodingOfTheKeyOrTheMnemonic() throws Exception {
    JsonNode alice = add("alice");
    Mnemonic mnemonic = Mnemonic.parse(alice.path("mnemonic").asText());
    assertEquals(Mnemonic.WORDS, mnemonic.words().size());
    byte[] bip39Seed = mnemonic.seed("");
    Ed25519PrivateKey key = Slip10.derive(bip39Seed, HdPath.leasechain(0, 0)).privateKey();
    assertEquals(key.publicKey().address().toBech32(), alice.path("address").asText());

    byte[] raw = Files.readAllBytes(keyFile("alice"));
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    byte[] keyPair = concat(key.seed(), key.publicKey().bytes());
    for (byte[] secret : List.of(key.seed(), keyPair, bip39Seed, mnemonic.entropy())) {
      assertFalse(contains(raw, secret), "raw secret bytes in the key file");
      for (String encoded : encodings(secret)) {
        assertFalse(text.contains(encoded), () -> "the key file contains " + encoded);
      }
    }
    for (String separator : List.of(" ", "", ",", "\n", "-")) {
      String phrase = String.join(separator, mnemonic.words());
      assertFalse(
          text.toLowerCase().contains(phrase), "the mnemonic, joined by '" + separator + "'");
      for (String encoded : encodings(phrase.getBytes(StandardCharsets.UTF_8))) {
        assertFalse(text.contains(encoded), "an encoding of the mnemonic");
      }
    }
    // No two consecutive mnemonic words anywhere among the file's words (single words may occur
    // by chance inside hex and bech32 text).
    List<String> words = Arrays.asList(text.toLowerCase().split("[^a-z]+"));
    for (int i = 0; i + 1 < mnemonic.words().size(); i++) {
      assertFalse(
          java.util.Collections.indexOfSubList(words, mnemonic.words().subList(i, i + 2)) >= 0,
          "mnemonic words " + (i + 1) + " and " + (i + 2) + " in the key file");
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  /** Hex in both cases, base64 and base64url, each padded and unpadded. */
  private static List<String> encodings(byte[] secret) {
    List<String> all = new ArrayList<>();
    for (String encoded :
        List.of(
            Hex.encode(secret),
            Hex.encode(secret).toUpperCase(),
            Base64.getEncoder().encodeToString(secret),
            Base64.getUrlEncoder().encodeToString(secret))) {
      all.add(encoded);
      all.add(encoded.replace("=", ""));
    }
    return all;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void theMnemonicBringsBackTheSameAddress() throws Exception {
    JsonNode alice = add("alice");
    Path mnemonic = Files.writeString(home.resolve("mnemonic"), alice.path("mnemonic").asText());

    JsonNode recovered = recover("again", mnemonic, "--passphrase-file", passphrase.toString());
    assertEquals(alice.path("address").asText(), recovered.path("address").asText());
    assertFalse(recovered.has("mnemonic"), "a recovered mnemonic is not printed back");

    JsonNode inTest = recover("again", mnemonic, "--keyring-backend", "test");
    assertEquals(alice.path("address").asText(), inTest.path("address").asText());

    JsonNode second =
        recover("second", mnemonic, "--index", "1", "--passphrase-file", passphrase.toString());
    assertEquals("m/44'/5327'/0'/0'/1'", second.path("path").asText());
    assertNotEquals(alice.path("address").asText(), second.path("address").asText());
  }

  @Test
  void aMistypedMnemonicIsRefused() throws Exception {
    String phrase = add("alice").path("mnemonic").asText();
    List<String> words = new ArrayList<>(Arrays.asList(phrase.split(" ")));
    words.set(3, words.get(3).equals("zoo") ? "abandon" : "zoo");
    Path mnemonic = Files.writeString(home.resolve("mnemonic"), String.join(" ", words));

    Result result =
        run(
            "keys",
            "add",
            "again",
            "--recover",
            "--mnemonic-file",
            mnemonic.toString(),
            "--passphrase-file",
            passphrase.toString());
    assertEquals(1, result.exit());
    assertTrue(result.err().startsWith("Error: the mnemonic's checksum"), result.err());
    assertFalse(Files.exists(keyFile("again")));
  }

  @Test
  void aWrongPassphraseIsOneClearLine() throws Exception {
    String address = add("alice").path("address").asText();
    String message = "wrong passphrase for keyring at " + home.resolve("keyring-file");

    refused(
        run(
            "tx",
            "bank",
            "send",
            "alice",
            address,
            "1ulease",
            "--offline",
            "--chain-id",
            "c",
            "--sequence",
            "0",
            "--passphrase-file",
            wrongPassphrase.toString()),
        message);
    refused(
        run(
            "keys",
            "export",
            "alice",
            "--passphrase-file",
            wrongPassphrase.toString(),
            "--export-passphrase-file",
            exportPassphrase.toString()),
        message);
    refused(run("keys", "add", "bob", "--passphrase-file", wrongPassphrase.toString()), message);
    assertFalse(Files.exists(keyFile("bob")), "nothing written with a wrong passphrase");
  }

  @Test
  void theRightPassphraseSignsOffline() throws Exception {
    JsonNode alice = add("alice");

    Result signed =
        ok(
            run(
                "tx",
                "bank",
                "send",
                "alice",
                alice.path("address").asText(),
                "1ulease",
                "--offline",
                "--chain-id",
                "c",
                "--sequence",
                "0",
                "--passphrase-file",
                passphrase.toString(),
                "-o",
                "json"));
    Tx tx = Tx.parseFrom(Hex.decode(signed.json().path("tx").asText()));
    assertEquals(
        alice.path("public_key").asText(),
        Hex.encode(
            AuthInfo.parseFrom(tx.getAuthInfo()).getSigners(0).getPublicKey().toByteArray()));
  }

  @Test
  void withoutTerminalOrFileThePassphraseIsAskedFor() {
    refused(
        run("keys", "add", "alice"),
        "a passphrase is needed: use --passphrase-file or run in a terminal");
    refused(
        run("keys", "add", "alice", "--recover", "--passphrase-file", passphrase.toString()),
        "the mnemonic is needed: use --mnemonic-file or run in a terminal");
  }

  // `--passphrase-file /dev/zero`, or a large file named by mistake, was read whole: an
  // OutOfMemoryError and its stack trace, or a keyring sealed under megabytes of zeros.
  @Test
  void aPassphraseFileIsReadOnlyAsFarAsItsFirstLine() throws Exception {
    Path huge = home.resolve("disk.img");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(64 << 20);
    }
    refused(
        run("keys", "add", "alice", "--passphrase-file", huge.toString()),
        "the first line of " + huge + " is longer than 4096 bytes: is it the right file?");
    Path latin1 = Files.write(home.resolve("latin1"), new byte[] {'c', 'a', 'f', (byte) 0xe9});
    refused(
        run("keys", "add", "alice", "--passphrase-file", latin1.toString()),
        "cannot read " + latin1 + ": it is not UTF-8 text");
  }

  @Test
  void aShortPassphraseIsRefusedOnCreation() throws Exception {
    Path shortOne = Files.writeString(home.resolve("short"), "1234567\n");

    refused(
        run("keys", "add", "alice", "--passphrase-file", shortOne.toString()),
        "the keyring passphrase must have at least 8 characters");
    assertFalse(Files.exists(keyFile("alice")));
  }

  @Test
  void keyFilesAreOwnerOnly() throws Exception {
    add("alice");

    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile("alice"))));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("keyring-file"))));
  }

  @Test
  void listAndShowNeedNoPassphrase() throws Exception {
    JsonNode alice = add("alice");

    assertEquals("alice\t" + alice.path("address").asText() + "\n", ok(run("keys", "list")).out());
    assertEquals(
        alice.path("address").asText() + "\n", ok(run("keys", "show", "alice", "-a")).out());
    assertEquals(
        alice.path("public_key").asText() + "\n",
        ok(run("keys", "show", "alice", "--pubkey")).out());
  }

  @Test
  void exportThenImportRoundTrips() throws Exception {
    JsonNode alice = add("alice");
    Path armor = home.resolve("alice.armor");

    ok(
        run(
            "keys",
            "export",
            "alice",
            "--out",
            armor.toString(),
            "--passphrase-file",
            passphrase.toString(),
            "--export-passphrase-file",
            exportPassphrase.toString()));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(armor)));
    assertTrue(Files.readString(armor).startsWith("-----BEGIN LEASECHAIN PRIVATE KEY-----"));

    refused(
        run(
            "keys",
            "import",
            "copy",
            armor.toString(),
            "--passphrase-file",
            passphrase.toString(),
            "--export-passphrase-file",
            wrongPassphrase.toString()),
        "wrong passphrase for the key export (or the export was altered)");
    JsonNode copy =
        ok(run(
                "keys",
                "import",
                "copy",
                armor.toString(),
                "--keyring-backend",
                "test",
                "--export-passphrase-file",
                exportPassphrase.toString(),
                "-o",
                "json"))
            .json();
    assertEquals(alice.path("address").asText(), copy.path("address").asText());
    refused(
        run(
            "keys",
            "import",
            "copy",
            armor.toString(),
            "--keyring-backend",
            "test",
            "--export-passphrase-file",
            exportPassphrase.toString()),
        "a key named 'copy' already exists");
  }

  @Test
  void deleteRemovesTheKey() throws Exception {
    add("alice");

    ok(run("keys", "delete", "alice", "-y"));

    assertFalse(Files.exists(keyFile("alice")));
    refused(run("keys", "show", "alice"), "no key named 'alice'");
    refused(run("keys", "delete", "alice", "-y"), "no key named 'alice'");
  }

  @Test
  void theBackendComesFromTheOptionThenTheEnvironmentThenFile() {
    assertEquals("test", KeyringOptions.backendName("test", "file"));
    assertEquals("test", KeyringOptions.backendName(null, "test"));
    assertEquals("file", KeyringOptions.backendName(null, null));
    assertEquals("file", KeyringOptions.backendName(null, " "));
  }

  @Test
  void theTestBackendIsUsedOnlyWhenNamed() throws Exception {
    ok(run("keys", "add", "dev", "--keyring-backend", "test"));

    assertTrue(Files.exists(home.resolve("keyring-test").resolve("dev.json")));
    refused(run("keys", "show", "dev"), "no key named 'dev'");
    refused(
        run("keys", "list", "--keyring-backend", "plain"),
        "--keyring-backend must be file or test, not 'plain'");
  }
}

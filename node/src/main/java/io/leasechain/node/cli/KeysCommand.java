package io.leasechain.node.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leasechain.client.keys.KeyInfo;
import io.leasechain.client.keys.Keyring;
import io.leasechain.client.keys.KeyringException;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.HdPath;
import io.leasechain.crypto.Hex;
import io.leasechain.crypto.Mnemonic;
import io.leasechain.crypto.Slip10;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `leasechain keys`: the keyring of signing keys in the node home. */
@Command(
    name = "keys",
    description =
        "Manage signing keys: encrypted in <home>/keyring-file (the file backend, the default) or"
            + " unencrypted in <home>/keyring-test (--keyring-backend test, for devnets).",
    subcommands = {
      KeysCommand.Add.class,
      KeysCommand.ListKeys.class,
      KeysCommand.Show.class,
      KeysCommand.Export.class,
      KeysCommand.Import.class,
      KeysCommand.Delete.class
    })
final class KeysCommand {

  static Keyring keyring(HomeOptions home) {
    return home.keyring.open(home);
  }

  static ObjectNode describe(KeyInfo key) {
    ObjectNode node = OutputFormat.object();
    node.put("name", key.name());
    node.put("address", key.address().toBech32());
    node.put("public_key", Hex.encode(key.publicKey().bytes()));
    return node;
  }

  static KeyInfo existing(Keyring keyring, String name) {
    return keyring.get(name).orElseThrow(() -> new KeyringException("no key named '" + name + "'"));
  }

  static void requireFree(Keyring keyring, String name) {
    if (keyring.get(name).isPresent()) {
      throw new KeyringException("a key named '" + name + "' already exists");
    }
  }

  @Command(
      name = "add",
      description =
          "Create a key from a new 24-word mnemonic (shown once, never stored), or recover one"
              + " from its mnemonic with --recover. Keys are derived at m/44'/5327'/ACCOUNT'/0'/INDEX'.")
  static final class Add implements Runnable {
    @Mixin HomeOptions home;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "Key name")
    String name;

    @Option(names = "--recover", description = "Recover the key from its mnemonic")
    boolean recover;

    @Option(
        names = "--mnemonic-file",
        paramLabel = "FILE",
        description = "With --recover: read the mnemonic from the first line of FILE")
    Path mnemonicFile;

    @Option(
        names = "--account",
        defaultValue = "0",
        description = "Account number in the derivation path (default ${DEFAULT-VALUE})")
    int account;

    @Option(
        names = "--index",
        defaultValue = "0",
        description = "Address index in the derivation path (default ${DEFAULT-VALUE})")
    int index;

    @Option(
        names = "--seed",
        description = "Import this 32-byte Ed25519 seed (hex) instead of using a mnemonic")
    String seed;

    @Option(
        names = {"-o", "--output"},
        defaultValue = "text")
    OutputFormat output;

    @Override
    public void run() {
      if (seed != null && recover) {
        throw new IllegalArgumentException("give either --seed or --recover, not both");
      }
      if (mnemonicFile != null && !recover) {
        throw new IllegalArgumentException("--mnemonic-file goes with --recover");
      }
      Keyring keyring = keyring(home);
      requireFree(keyring, name);
      if (seed != null) {
        output.print(
            spec.commandLine().getOut(), describe(keyring.importSeed(name, Hex.decode(seed))));
        return;
      }
      Mnemonic mnemonic = recover ? readMnemonic() : Mnemonic.generate(new SecureRandom());
      byte[] bip39Seed = mnemonic.seed("");
      Ed25519PrivateKey key =
          Slip10.derive(bip39Seed, HdPath.leasechain(account, index)).privateKey();
      Arrays.fill(bip39Seed, (byte) 0);
      ObjectNode result = describe(keyring.importSeed(name, key.seed()));
      result.put("path", HdPath.leasechain(account, index).toString());
      PrintWriter out = spec.commandLine().getOut();
      if (recover) {
        output.print(out, result);
      } else if (output == OutputFormat.json) {
        result.put("mnemonic", mnemonic.phrase());
        output.print(out, result);
      } else {
        output.print(out, result);
        out.println();
        out.println(
            "Write down this mnemonic and keep it safe. It is the only way to recover the key,"
                + " and it is shown only now:");
        out.println();
        out.println(mnemonic.phrase());
        out.flush();
      }
    }

    private Mnemonic readMnemonic() {
      char[] typed = Passphrases.mnemonic(mnemonicFile).passphrase("your 24-word mnemonic");
      try {
        return Mnemonic.parse(new String(typed));
      } finally {
        Arrays.fill(typed, ' ');
      }
    }
  }

  @Command(name = "list", description = "List the keys (no passphrase needed).")
  static final class ListKeys implements Runnable {
    @Mixin HomeOptions home;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
        names = {"-o", "--output"},
        defaultValue = "text")
    OutputFormat output;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      if (output == OutputFormat.json) {
        ObjectNode result = OutputFormat.object();
        ArrayNode keys = result.putArray("keys");
        keyring(home).list().forEach(key -> keys.add(describe(key)));
        output.print(out, result);
      } else {
        keyring(home).list().forEach(key -> out.println(key.name() + "\t" + key.address()));
        out.flush();
      }
    }
  }

  @Command(name = "show", description = "Show one key (no passphrase needed).")
  static final class Show implements Runnable {
    @Mixin HomeOptions home;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "Key name")
    String name;

    @Option(
        names = {"-a", "--address"},
        description = "Print only the address")
    boolean addressOnly;

    @Option(
        names = {"-p", "--pubkey"},
        description = "Print only the public key (hex)")
    boolean publicKeyOnly;

    @Option(
        names = {"-o", "--output"},
        defaultValue = "text")
    OutputFormat output;

    @Override
    public void run() {
      KeyInfo key = existing(keyring(home), name);
      PrintWriter out = spec.commandLine().getOut();
      if (addressOnly || publicKeyOnly) {
        out.println(addressOnly ? key.address().toBech32() : Hex.encode(key.publicKey().bytes()));
        out.flush();
      } else {
        output.print(out, describe(key));
      }
    }
  }

  @Command(
      name = "export",
      description =
          "Print a key encrypted under an export passphrase (ASCII armor), for `keys import`.")
  static final class Export implements Runnable {
    @Mixin HomeOptions home;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "Key name")
    String name;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Write the export to FILE (created, mode 0600) instead of stdout")
    Path out;

    @Option(
        names = "--export-passphrase-file",
        paramLabel = "FILE",
        description = "Read the export passphrase from the first line of FILE, not the terminal")
    Path exportPassphraseFile;

    @Override
    public void run() {
      Keyring keyring = keyring(home);
      existing(keyring, name);
      char[] exportPassphrase =
          Passphrases.export(exportPassphraseFile)
              .newPassphrase("a passphrase for the export of '" + name + "'");
      String armor;
      try {
        armor = keyring.export(name, exportPassphrase);
      } finally {
        Arrays.fill(exportPassphrase, ' ');
      }
      if (out == null) {
        spec.commandLine().getOut().print(armor);
        spec.commandLine().getOut().flush();
        return;
      }
      try {
        Files.createFile(
            out,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(out, armor, StandardCharsets.US_ASCII);
      } catch (FileAlreadyExistsException e) {
        throw new KeyringException(out + " already exists; choose another --out", e);
      } catch (IOException e) {
        throw new KeyringException("cannot write " + out + ": " + e.getMessage(), e);
      }
      spec.commandLine().getOut().println("exported '" + name + "' to " + out);
      spec.commandLine().getOut().flush();
    }
  }

  @Command(name = "import", description = "Store a key from a `keys export` file under NAME.")
  static final class Import implements Runnable {
    @Mixin HomeOptions home;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "Key name")
    String name;

    @Parameters(index = "1", paramLabel = "FILE", description = "The file `keys export` wrote")
    Path file;

    @Option(
        names = "--export-passphrase-file",
        paramLabel = "FILE",
        description = "Read the export passphrase from the first line of FILE, not the terminal")
    Path exportPassphraseFile;

    @Option(
        names = {"-o", "--output"},
        defaultValue = "text")
    OutputFormat output;

    @Override
    public void run() {
      Keyring keyring = keyring(home);
      requireFree(keyring, name);
      String armor;
      try {
        armor = InputFiles.read(file);
      } catch (IOException e) {
        throw new KeyringException("cannot read " + file + ": " + e.getMessage(), e);
      }
      char[] exportPassphrase =
          Passphrases.export(exportPassphraseFile).passphrase("the passphrase of the export");
      try {
        output.print(
            spec.commandLine().getOut(),
            describe(keyring.importArmored(name, armor, exportPassphrase)));
      } finally {
        Arrays.fill(exportPassphrase, ' ');
      }
    }
  }

  @Command(
      name = "delete",
      description = "Delete a key; only its mnemonic or an export can bring it back.")
  static final class Delete implements Runnable {
    @Mixin HomeOptions home;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "Key name")
    String name;

    @Option(
        names = {"-y", "--yes"},
        description = "Do not ask for confirmation")
    boolean yes;

    @Override
    public void run() {
      Keyring keyring = keyring(home);
      KeyInfo key = existing(keyring, name);
      PrintWriter out = spec.commandLine().getOut();
      if (!yes && !confirm(out, key)) {
        throw new KeyringException("not deleted");
      }
      keyring.delete(name);
      out.println("deleted '" + name + "' (" + key.address() + ")");
      out.flush();
    }

    private static boolean confirm(PrintWriter out, KeyInfo key) {
      out.print(
          "delete '"
              + key.name()
              + "' ("
              + key.address()
              + ")? Without its mnemonic or an export it is gone for good [y/N]: ");
      out.flush();
      try {
        String answer =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return answer != null && answer.trim().equalsIgnoreCase("y");
      } catch (IOException e) {
        return false;
      }
    }
  }
}

package io.leasechain.node.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leasechain.client.keys.KeyInfo;
import io.leasechain.client.keys.Keyring;
import io.leasechain.client.keys.KeyringException;
import io.leasechain.client.keys.TestKeyring;
import io.leasechain.crypto.Hex;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `leasechain keys`: the keyring of signing keys in the node home. */
@Command(
    name = "keys",
    description = "Manage signing keys (test backend: unencrypted files in <home>/keyring-test).",
    subcommands = {KeysCommand.Add.class, KeysCommand.ListKeys.class, KeysCommand.Show.class})
final class KeysCommand {

  static Keyring keyring(HomeOptions home) {
    return new TestKeyring(home.home());
  }

  static ObjectNode describe(KeyInfo key) {
    ObjectNode node = OutputFormat.object();
    node.put("name", key.name());
    node.put("address", key.address().toBech32());
    node.put("public_key", Hex.encode(key.publicKey().bytes()));
    return node;
  }

  @Command(name = "add", description = "Create a new key, or import one with --seed.")
  static final class Add implements Runnable {
    @Mixin HomeOptions home;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "Key name")
    String name;

    @Option(
        names = "--seed",
        description = "Import this 32-byte Ed25519 seed (hex) instead of generating one")
    String seed;

    @Option(
        names = {"-o", "--output"},
        defaultValue = "text")
    OutputFormat output;

    @Override
    public void run() {
      Keyring keyring = keyring(home);
      KeyInfo key =
          seed == null ? keyring.create(name) : keyring.importSeed(name, Hex.decode(seed));
      output.print(spec.commandLine().getOut(), describe(key));
    }
  }

  @Command(name = "list", description = "List the keys.")
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

  @Command(name = "show", description = "Show one key.")
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
        names = {"-o", "--output"},
        defaultValue = "text")
    OutputFormat output;

    @Override
    public void run() {
      KeyInfo key =
          keyring(home)
              .get(name)
              .orElseThrow(() -> new KeyringException("no key named '" + name + "'"));
      PrintWriter out = spec.commandLine().getOut();
      if (addressOnly) {
        out.println(key.address());
        out.flush();
      } else {
        output.print(out, describe(key));
      }
    }
  }
}

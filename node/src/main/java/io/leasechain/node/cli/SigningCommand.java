package io.leasechain.node.cli;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.tx.proto.Msg;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * A tx command signed by one key, its first parameter: the subclass builds the message for that
 * signer's address, and {@link SignOptions#send} signs and prints or broadcasts it.
 */
abstract class SigningCommand implements Callable<Integer> {
  @Mixin SignOptions options;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "KEY", description = "Signer: a key name in the keyring")
  String key;

  /** The message {@code signer} (the key's lease1… address) sends. */
  abstract Msg message(String signer);

  /** A lease1… address, or the address of a key name. */
  final String account(String text) {
    return Accounts.resolve(options.home, text).toBech32();
  }

  @Override
  public final Integer call() throws Exception {
    Address signer = options.address(key);
    return options.send(spec.commandLine().getOut(), List.of(key), message(signer.toBech32()));
  }
}

package io.leasechain.node.cli.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hex;
import io.leasechain.ledger.tx.proto.AuthInfo;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.ledger.tx.proto.Tx;
import io.leasechain.ledger.tx.proto.TxBody;
import io.leasechain.node.cli.LeasechainCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs `leasechain` in-process against one temporary home, and decodes what it printed. */
final class Cli {

  static final ObjectMapper JSON = new ObjectMapper();

  /** Flags that make a signing command print the signed tx without a node. */
  static final List<String> OFFLINE =
      List.of("--offline", "--chain-id", "test", "--sequence", "0", "-o", "json");

  private final Path home;

  Cli(Path home) {
    this.home = home;
  }

  record Result(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }

    Result ok() {
      assertEquals(0, exit, () -> "exit " + exit + "\nout: " + out + "\nerr: " + err);
      return this;
    }

    Result fails(String errorFragment) {
      assertNotEquals(0, exit, () -> "expected a failure; out: " + out);
      assertTrue(err.contains(errorFragment), () -> "stderr lacks '" + errorFragment + "': " + err);
      return this;
    }

    Tx tx() throws Exception {
      return Tx.parseFrom(Hex.decode(ok().json().path("tx").asText()));
    }

    TxBody body() throws Exception {
      return TxBody.parseFrom(tx().getBody());
    }

    AuthInfo authInfo() throws Exception {
      return AuthInfo.parseFrom(tx().getAuthInfo());
    }

    /** The tx's only message. */
    Msg msg() throws Exception {
      TxBody body = body();
      assertEquals(1, body.getMessagesCount(), body::toString);
      return body.getMessages(0);
    }
  }

  /** `leasechain ARGS… --home HOME --keyring-backend test`. */
  Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--home");
    all.add(home.toString());
    all.add("--keyring-backend");
    all.add("test");
    return execute(all.toArray(String[]::new));
  }

  /** `leasechain ARGS…` exactly as given. */
  static Result execute(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LeasechainCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  /** A signing command with {@link #OFFLINE} appended. */
  Result offline(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(OFFLINE);
    return run(all.toArray(String[]::new));
  }

  /** Adds key {@code name} with a seed of 32 {@code seedByte}s and returns it. */
  Ed25519PrivateKey addKey(String name, int seedByte) {
    String seed = String.format("%02x", seedByte).repeat(32);
    run("keys", "add", name, "--seed", seed).ok();
    return Ed25519PrivateKey.fromSeed(Hex.decode(seed));
  }

  static String address(Ed25519PrivateKey key) {
    Address address = key.publicKey().address();
    return address.toBech32();
  }
}

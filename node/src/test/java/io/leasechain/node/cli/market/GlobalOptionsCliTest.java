package io.leasechain.node.cli.market;

import static io.leasechain.node.cli.market.Cli.address;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.bank.proto.Account;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --home, --node and -o are accepted before, between and after the subcommand names. */
class GlobalOptionsCliTest {

  @TempDir Path home;
  FakeNode node;
  Ed25519PrivateKey alice;

  @BeforeEach
  void start() throws Exception {
    node = new FakeNode();
    alice = new Cli(home).addKey("alice", 1);
    node.answers.put("/account/" + address(alice), Account.newBuilder().setBalance(42).build());
  }

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void globalOptionsInAnyPosition() throws Exception {
    String h = home.toString();
    String n = node.url();
    List<String[]> orders =
        List.of(
            new String[] {"--home", h, "--node", n, "-o", "json", "query", "account", "alice"},
            new String[] {
              "query", "--home", h, "--node", n, "--output", "json", "account", "alice"
            },
            new String[] {"--home", h, "query", "--node", n, "account", "alice", "-o", "json"},
            new String[] {"-o", "json", "q", "account", "alice", "--home", h, "--node", n},
            new String[] {"query", "account", "alice", "--home", h, "--node", n, "-o", "json"});
    for (String[] args : orders) {
      Cli.Result result = execute(args).ok();
      assertEquals("42", result.json().path("balance").asText(), String.join(" ", args));
    }
    assertEquals(orders.size(), node.queries.size());
  }

  @Test
  void theOptionNextToTheCommandWins() throws Exception {
    Cli.Result result =
        execute(
                "-o",
                "text",
                "--node",
                "http://127.0.0.1:1",
                "query",
                "account",
                "alice",
                "-o",
                "json",
                "--node",
                node.url(),
                "--home",
                home.toString())
            .ok();
    assertEquals("42", result.json().path("balance").asText());
  }

  @Test
  void keysAndGenesisTakeHomeFirstToo() {
    Cli.Result shown = execute("--home", home.toString(), "keys", "show", "alice", "-a").ok();
    assertEquals(address(alice) + "\n", shown.out());
  }

  /** The keys live in the test keyring; its option, too, may come first. */
  private static Cli.Result execute(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--keyring-backend";
    all[1] = "test";
    System.arraycopy(args, 0, all, 2, args.length);
    return Cli.execute(all);
  }
}

package io.leasechain.node.cli;

import com.google.protobuf.MessageOrBuilder;
import io.leasechain.client.LeasechainClient;
import io.leasechain.client.query.PageRequest;
import io.leasechain.crypto.Address;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A query whose answer is one protobuf message, printed as text or JSON. */
abstract class ProtoQueryCommand implements Callable<Integer> {
  @Mixin NodeOptions node;
  @Mixin HomeOptions home;
  @Mixin ProveOptions prove;
  @Spec CommandSpec spec;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description = "text or json")
  OutputFormat output;

  abstract MessageOrBuilder fetch(LeasechainClient client);

  /** A lease1… address or a key name's address; null stays null (no filter). */
  final Address account(String text) {
    return text == null ? null : Accounts.resolve(home, text);
  }

  /** True for a query that lists records, which --prove cannot cover. */
  boolean lists() {
    return false;
  }

  @Override
  public Integer call() {
    if (lists()) {
      prove.refuseForList(spec);
    }
    LeasechainClient client = client();
    prove.print(spec.commandLine().getOut(), output, output.render(fetch(client)));
    return 0;
  }

  /** The node's client; under --prove one that verifies every answer. */
  final LeasechainClient client() {
    return prove.client(spec, node, home);
  }

  /** A list query: one page; its `next` is the --after of the following page. */
  abstract static class Paged extends ProtoQueryCommand {
    @Option(
        names = "--limit",
        defaultValue = "0",
        paramLabel = "N",
        description = "At most this many items (default: the node's, 100; at most 1000)")
    int limit;

    @Option(
        names = "--after",
        paramLabel = "CURSOR",
        description = "Start after this cursor: the `next` of the previous page")
    String after;

    final PageRequest page() {
      return new PageRequest(limit, after);
    }

    @Override
    boolean lists() {
      return true;
    }
  }
}

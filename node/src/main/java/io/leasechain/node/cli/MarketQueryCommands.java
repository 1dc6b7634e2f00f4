package io.leasechain.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.MessageOrBuilder;
import io.leasechain.client.LeasechainClient;
import io.leasechain.client.query.BidFilter;
import io.leasechain.client.query.LeaseFilter;
import io.leasechain.client.query.OrderFilter;
import io.leasechain.client.query.PageRequest;
import io.leasechain.ledger.market.proto.BidState;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.query.proto.LeasesResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `leasechain query order|orders|bid|bids|lease|leases|escrow`. */
final class MarketQueryCommands {

  private MarketQueryCommands() {}

  @Command(name = "order", description = "An order: what it asks for, its terms and state.")
  static final class Order extends ProtoQueryCommand {
    @Parameters(index = "0", paramLabel = "ID", converter = Converters.U64.class)
    long id;

    @Override
    MessageOrBuilder fetch(LeasechainClient client) {
      return client.order(id);
    }
  }

  @Command(name = "orders", description = "Orders, by id.")
  static final class Orders extends ProtoQueryCommand.Paged {
    @Option(names = "--tenant", paramLabel = "ADDR|KEY")
    String tenant;

    @Option(names = "--state", paramLabel = "open|matched|closed|expired")
    OrderState state;

    @Override
    MessageOrBuilder fetch(LeasechainClient client) {
      return client.orders(new OrderFilter(account(tenant), state), page());
    }
  }

  @Command(
      name = "bid",
      description =
          "One bid of an order; a won bid also shows won_units, the GPU units its lease took (fewer"
              + " than gpu_units when it won in part).")
  static final class Bid extends ProtoQueryCommand {
    @Parameters(index = "0", paramLabel = "ORDER_ID", converter = Converters.U64.class)
    long orderId;

    @Parameters(index = "1", paramLabel = "BID_ID", converter = Converters.U64.class)
    long bidId;

    @Override
    MessageOrBuilder fetch(LeasechainClient client) {
      return client.bid(orderId, bidId);
    }

    @Override
    public Integer call() {
      LeasechainClient client = client();
      io.leasechain.ledger.market.proto.Bid bid = client.bid(orderId, bidId);
      ObjectNode shown = output.render(bid);
      if (bid.getState() == BidState.BID_STATE_WON) {
        shown.put("won_units", wonUnits(client, bid));
      }
      prove.print(spec.commandLine().getOut(), output, shown);
      return 0;
    }

    /** The units of the lease the bid became: the ledger keeps them on the lease, not the bid. */
    private static long wonUnits(
        LeasechainClient client, io.leasechain.ledger.market.proto.Bid bid) {
      long units = 0;
      PageRequest page = PageRequest.first();
      while (true) {
        LeasesResponse leases =
            client.leases(new LeaseFilter(null, null, bid.getOrderId(), null), page);
        for (io.leasechain.ledger.market.proto.Lease lease : leases.getLeasesList()) {
          if (lease.getBidId() == bid.getId()) {
            units += lease.getGpuUnits();
          }
        }
        if (leases.getNext().isEmpty()) {
          return units;
        }
        page = page.after(leases.getNext());
      }
    }
  }

  @Command(
      name = "bids",
      description = "Bids of an order (--order), of a provider (--provider), or both.")
  static final class Bids extends ProtoQueryCommand.Paged {
    @Option(names = "--order", paramLabel = "ID", converter = Converters.U64.class)
    Long orderId;

    @Option(names = "--provider", paramLabel = "ADDR|KEY")
    String provider;

    @Option(names = "--state", paramLabel = "open|won|lost|withdrawn")
    BidState state;

    @Override
    MessageOrBuilder fetch(LeasechainClient client) {
      if (orderId == null && provider == null) {
        throw new IllegalArgumentException("give --order ID, --provider ADDR, or both");
      }
      return client.bids(new BidFilter(orderId, account(provider), state), page());
    }
  }

  @Command(
      name = "lease",
      description = "A lease and what it has accrued, unpaid, at the latest height.")
  static final class Lease extends ProtoQueryCommand {
    @Parameters(index = "0", paramLabel = "ID", converter = Converters.U64.class)
    long id;

    @Override
    MessageOrBuilder fetch(LeasechainClient client) {
      return client.lease(id);
    }
  }

  @Command(name = "leases", description = "Leases, by id.")
  static final class Leases extends ProtoQueryCommand.Paged {
    @Option(names = "--tenant", paramLabel = "ADDR|KEY")
    String tenant;

    @Option(names = "--provider", paramLabel = "ADDR|KEY")
    String provider;

    @Option(names = "--order", paramLabel = "ID", converter = Converters.U64.class)
    Long orderId;

    @Option(names = "--state", paramLabel = "active|closed")
    LeaseState state;

    @Override
    MessageOrBuilder fetch(LeasechainClient client) {
      return client.leases(
          new LeaseFilter(account(tenant), account(provider), orderId, state), page());
    }
  }

  @Command(
      name = "escrow",
      description = "An order's escrow and what it holds at the latest height.")
  static final class Escrow extends ProtoQueryCommand {
    @Parameters(index = "0", paramLabel = "ORDER_ID", converter = Converters.U64.class)
    long orderId;

    @Override
    MessageOrBuilder fetch(LeasechainClient client) {
      return client.escrow(orderId);
    }
  }
}

package io.leasechain.node.cli;

import io.leasechain.ledger.escrow.proto.MsgTopUpEscrow;
import io.leasechain.ledger.escrow.proto.MsgWithdrawLease;
import io.leasechain.ledger.tx.proto.Msg;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `leasechain tx escrow`: fund an order's escrow; providers withdraw what their leases accrued. */
@Command(
    name = "escrow",
    description = "Escrow transactions.",
    subcommands = {EscrowTxCommand.TopUp.class, EscrowTxCommand.Withdraw.class})
final class EscrowTxCommand {

  private EscrowTxCommand() {}

  @Command(name = "top-up", description = "As the tenant, add ulease to an order's escrow.")
  static final class TopUp extends SigningCommand {
    @Parameters(index = "1", paramLabel = "ORDER_ID", converter = Converters.U64.class)
    long orderId;

    @Parameters(
        index = "2",
        paramLabel = "AMOUNT",
        converter = Converters.Ulease.class,
        description = "e.g. 50lease or 50000000ulease")
    long amount;

    @Override
    Msg message(String signer) {
      return Msg.newBuilder()
          .setTopUpEscrow(
              MsgTopUpEscrow.newBuilder().setOwner(signer).setOrderId(orderId).setAmount(amount))
          .build();
    }
  }

  @Command(
      name = "withdraw",
      description =
          "As the lease's provider, get paid for its accepted proofs: moves from the order's escrow"
              + " what the proofs accepted so far have earned and not yet paid.")
  static final class Withdraw extends SigningCommand {
    @Parameters(index = "1", paramLabel = "LEASE_ID", converter = Converters.U64.class)
    long leaseId;

    @Override
    Msg message(String signer) {
      return Msg.newBuilder()
          .setWithdrawLease(MsgWithdrawLease.newBuilder().setProvider(signer).setLeaseId(leaseId))
          .build();
    }
  }
}

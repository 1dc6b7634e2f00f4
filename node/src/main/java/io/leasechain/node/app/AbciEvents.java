package io.leasechain.node.app;

import io.leasechain.ledger.Event;
import io.leasechain.ledger.TxOutcome;
import io.leasechain.node.abci.proto.EventAttribute;
import io.leasechain.node.abci.proto.ExecTxResult;
import java.util.List;

/** Converts ledger results to their ABCI messages. */
final class AbciEvents {

  private AbciEvents() {}

  static io.leasechain.node.abci.proto.Event toAbci(Event event) {
    io.leasechain.node.abci.proto.Event.Builder builder =
        io.leasechain.node.abci.proto.Event.newBuilder().setType(event.type());
    for (Event.Attribute attribute : event.attributes()) {
      builder.addAttributes(
          EventAttribute.newBuilder()
              .setKey(attribute.key())
              .setValue(attribute.value())
              .setIndex(attribute.index()));
    }
    return builder.build();
  }

  static List<io.leasechain.node.abci.proto.Event> toAbci(List<Event> events) {
    return events.stream().map(AbciEvents::toAbci).toList();
  }

  static ExecTxResult toExecTxResult(TxOutcome outcome) {
    return ExecTxResult.newBuilder()
        .setCode(outcome.code())
        .setCodespace(outcome.codespace())
        .setLog(outcome.log())
        .setGasWanted(outcome.gasWanted())
        .setGasUsed(outcome.gasUsed())
        .addAllEvents(toAbci(outcome.events()))
        .build();
  }
}

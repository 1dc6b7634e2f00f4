package io.leasechain.client.rpc;

/**
 * Receives the events of one {@link CometEvents} subscription. Callbacks run one at a time on the
 * connection's reader thread, in the order the node sent them: return quickly (hand long work to
 * another thread), as a slow reader makes CometBFT cancel the subscription, and do not subscribe or
 * unsubscribe from inside a callback.
 */
public interface EventListener {

  /** A block was committed (subscriptions to {@code tm.event='NewBlock'}). */
  default void onNewBlock(NewBlockEvent block) {}

  /** A tx was executed in a committed block (subscriptions to {@code tm.event='Tx' …}). */
  default void onTx(TxEvent tx) {}

  /**
   * The subscription ended without being unsubscribed: the node cancelled it (e.g. because this
   * client read too slowly) or the connection dropped. No event follows; subscribe again on a new
   * {@link CometEvents} to go on. Not called after {@link CometEvents.Subscription#unsubscribe()}
   * or {@link CometEvents#close()}.
   */
  default void onClosed(CometRpcException reason) {}
}

package io.leasechain.node.store;

/** The state database failed; the node cannot continue safely and stops. */
public final class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}

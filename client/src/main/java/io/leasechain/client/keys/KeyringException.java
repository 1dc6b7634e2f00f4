package io.leasechain.client.keys;

/** A keyring operation that cannot be done: unknown or duplicate name, unreadable key file. */
public final class KeyringException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public KeyringException(String message) {
    super(message);
  }

  public KeyringException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.leasechain.ledger.state;

/**
 * One staged change: {@code value == null} deletes the key. The arrays are shared: do not modify.
 */
public record Write(byte[] key, byte[] value) {

  public boolean isDelete() {
    return value == null;
  }
}

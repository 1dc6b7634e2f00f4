package io.leasechain.commitment;

/**
 * One change to the tree: {@code value == null} deletes the key. Arrays are shared: do not modify.
 */
public record KeyChange(byte[] key, byte[] value) {

  public boolean isDelete() {
    return value == null;
  }
}

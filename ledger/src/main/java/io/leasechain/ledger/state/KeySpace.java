package io.leasechain.ledger.state;

/**
 * Every key prefix the ledger writes, in one place so that no two record types can share one. The
 * byte values are part of the state layout (and so of the app hash): never renumber.
 */
public enum KeySpace {
  /** Chain-wide facts fixed at genesis, such as the chain id. */
  CHAIN(0x00),
  /** bank: 0x01 | address(20) -> Account. */
  ACCOUNT(0x01),
  /** Module parameters: 0x0A | module name -> that module's params message. */
  PARAMS(0x0A),
  /** bank: 0x0B -> Supply. */
  SUPPLY(0x0B);

  private final byte prefix;

  KeySpace(int prefix) {
    this.prefix = (byte) prefix;
  }

  public byte prefix() {
    return prefix;
  }
}

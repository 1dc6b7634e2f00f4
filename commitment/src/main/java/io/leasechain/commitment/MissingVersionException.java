package io.leasechain.commitment;

/** A read at a version the tree does not hold: never written, or pruned. */
public final class MissingVersionException extends RuntimeException {

  private final long version;

  public MissingVersionException(long version) {
    super("the state tree holds no version " + version);
    this.version = version;
  }

  public long version() {
    return version;
  }
}

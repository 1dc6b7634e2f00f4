package io.leasechain.node.store;

/** A read at a height this node no longer keeps (pruned) or has not committed yet. */
public final class HeightUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final long height;
  private final long oldest;
  private final long latest;

  public HeightUnavailableException(long height, long oldest, long latest) {
    super(
        height > latest
            ? "height " + height + " is above the latest committed height " + latest
            : "height " + height + " is pruned: this node keeps heights " + oldest + ".." + latest);
    this.height = height;
    this.oldest = oldest;
    this.latest = latest;
  }

  public long height() {
    return height;
  }

  /** The lowest height still queryable when this was thrown. */
  public long oldest() {
    return oldest;
  }

  /** The latest committed height when this was thrown. */
  public long latest() {
    return latest;
  }
}

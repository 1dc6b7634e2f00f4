package io.leasechain.client.load;

/** What a load run offers. */
public enum LoadMix {
  /** Signed 1-ulease transfers, each account to the next. */
  TRANSFERS,
  /** Market stories: order, bid, accept, top-up, proof, withdrawal, close, each signed in turn. */
  MARKET,
  /** Unique {@code key=value} txs of a transfer's size, for CometBFT's built-in kvstore app. */
  KVSTORE;

  /** The mix named {@code name} as the CLI spells it (transfers, market, kvstore). */
  public static LoadMix parse(String name) {
    for (LoadMix mix : values()) {
      if (mix.name().equalsIgnoreCase(name)) {
        return mix;
      }
    }
    throw new IllegalArgumentException(
        "unknown load mix '" + name + "'; expected transfers, market or kvstore");
  }
}

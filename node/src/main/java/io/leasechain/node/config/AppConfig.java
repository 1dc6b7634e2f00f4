package io.leasechain.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.leasechain.node.abci.AbciAddress;
import io.leasechain.node.abci.AbciServer;
import io.leasechain.node.store.RocksStore;
import io.leasechain.node.store.StoreOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The node's own settings, {@code <home>/config/app.toml}, beside CometBFT's config.toml. */
public record AppConfig(
    String abciAddress,
    String cometbftBinary,
    boolean checkInvariants,
    int maxFrameBytes,
    int maxConnections,
    String gatewayAddress,
    String metricsAddress,
    StateConfig state) {

  /**
   * The fewest ABCI connections allowed: CometBFT opens 4 (consensus, mempool, query, snapshot).
   */
  public static final int MIN_MAX_CONNECTIONS = 4;

  public AppConfig {
    if (maxConnections < MIN_MAX_CONNECTIONS) {
      throw new IllegalArgumentException(
          "[abci]: max_connections must be >= "
              + MIN_MAX_CONNECTIONS
              + " (CometBFT opens 4), got "
              + maxConnections);
    }
    if (maxFrameBytes < 1) {
      throw new IllegalArgumentException(
          "[abci]: max_frame_bytes must be >= 1, got " + maxFrameBytes);
    }
  }

  /**
   * How much history the node keeps and how it serves state sync ({@code [state]} of app.toml).
   *
   * @param keepRecent heights queryable (with proofs) below the latest; 0 keeps every height
   * @param snapshotInterval a state-sync snapshot every this many heights; 0 takes none
   * @param snapshotKeepRecent how many of the newest snapshots are kept
   * @param treeCacheMb MiB of memory for state tree nodes read by block updates and queries
   * @param blockCacheMb MiB of memory for RocksDB's blocks (state and tree, decompressed)
   * @param stateCacheMb MiB of memory for the latest committed state values, read by blocks
   */
  public record StateConfig(
      long keepRecent,
      long snapshotInterval,
      int snapshotKeepRecent,
      int treeCacheMb,
      int blockCacheMb,
      int stateCacheMb) {
    /** The tree node cache unless app.toml says otherwise. */
    public static final int DEFAULT_TREE_CACHE_MB =
        (int) (RocksStore.DEFAULT_NODE_CACHE_BYTES >> 20);

    /** RocksDB's block cache unless app.toml says otherwise. */
    public static final int DEFAULT_BLOCK_CACHE_MB =
        (int) (StoreOptions.DEFAULT_BLOCK_CACHE_BYTES >> 20);

    /** The state value cache unless app.toml says otherwise. */
    public static final int DEFAULT_STATE_CACHE_MB =
        (int) (RocksStore.DEFAULT_STATE_CACHE_BYTES >> 20);

    public static final StateConfig DEFAULTS = new StateConfig(1000, 1000, 2);

    /**
     * The largest {@code tree_cache_mb}: three quarters of it, the internal nodes' share, is 4 GiB.
     */
    public static final int MAX_TREE_CACHE_MB = 5461;

    public StateConfig {
      if (keepRecent < 0
          || snapshotInterval < 0
          || snapshotKeepRecent < 1
          || treeCacheMb < 0
          || blockCacheMb < 0
          || stateCacheMb < 0) {
        throw new IllegalArgumentException(
            "[state]: keep_recent, snapshot_interval, tree_cache_mb, block_cache_mb and"
                + " state_cache_mb must be >= 0, snapshot_keep_recent >= 1");
      }
      if (treeCacheMb > MAX_TREE_CACHE_MB) {
        throw new IllegalArgumentException(
            "[state] tree_cache_mb must be at most "
                + MAX_TREE_CACHE_MB
                + " (its internal nodes' three quarters address 4 GiB), got "
                + treeCacheMb);
      }
    }

    /** With the default caches. */
    public StateConfig(long keepRecent, long snapshotInterval, int snapshotKeepRecent) {
      this(
          keepRecent,
          snapshotInterval,
          snapshotKeepRecent,
          DEFAULT_TREE_CACHE_MB,
          DEFAULT_BLOCK_CACHE_MB,
          DEFAULT_STATE_CACHE_MB);
    }

    /** The store's caches in bytes. */
    public RocksStore.Caches caches() {
      return new RocksStore.Caches(
          (long) treeCacheMb << 20, (long) blockCacheMb << 20, (long) stateCacheMb << 20);
    }
  }

  public static final String DEFAULT_ABCI_ADDRESS = "tcp://127.0.0.1:26658";
  public static final String DEFAULT_METRICS_ADDRESS = "127.0.0.1:9464";

  /** Where the REST/JSON gateway listens unless app.toml says otherwise. */
  public static final String DEFAULT_GATEWAY_ADDRESS = "tcp://127.0.0.1:1317";

  /** Settings with the default gateway and metrics addresses. */
  public AppConfig(
      String abciAddress, String cometbftBinary, boolean checkInvariants, int maxFrameBytes) {
    this(
        abciAddress,
        cometbftBinary,
        checkInvariants,
        maxFrameBytes,
        AbciServer.DEFAULT_MAX_CONNECTIONS,
        DEFAULT_GATEWAY_ADDRESS,
        DEFAULT_METRICS_ADDRESS,
        StateConfig.DEFAULTS);
  }

  /** Settings with the default ABCI frame limit, gateway and metrics addresses. */
  public AppConfig(String abciAddress, String cometbftBinary, boolean checkInvariants) {
    this(abciAddress, cometbftBinary, checkInvariants, AbciServer.DEFAULT_MAX_FRAME_BYTES);
  }

  public static AppConfig defaults() {
    return new AppConfig(DEFAULT_ABCI_ADDRESS, "", false);
  }

  /** The same settings listening on {@code address}. */
  public AppConfig withAbciAddress(String address) {
    return new AppConfig(
        address,
        cometbftBinary,
        checkInvariants,
        maxFrameBytes,
        maxConnections,
        gatewayAddress,
        metricsAddress,
        state);
  }

  /** The same settings with the gateway on {@code address} ("" disables it). */
  public AppConfig withGatewayAddress(String address) {
    return new AppConfig(
        abciAddress,
        cometbftBinary,
        checkInvariants,
        maxFrameBytes,
        maxConnections,
        address,
        metricsAddress,
        state);
  }

  /** The same settings serving metrics on {@code address} (HOST:PORT; "" for none). */
  public AppConfig withMetricsAddress(String address) {
    return new AppConfig(
        abciAddress,
        cometbftBinary,
        checkInvariants,
        maxFrameBytes,
        maxConnections,
        gatewayAddress,
        address,
        state);
  }

  /** The same settings with {@code state} as the [state] section. */
  public AppConfig withState(StateConfig state) {
    return new AppConfig(
        abciAddress,
        cometbftBinary,
        checkInvariants,
        maxFrameBytes,
        maxConnections,
        gatewayAddress,
        metricsAddress,
        state);
  }

  public static Path file(Path home) {
    return home.resolve("config").resolve("app.toml");
  }

  public static AppConfig read(Path home) throws IOException {
    Path file = file(home);
    if (!Files.exists(file)) {
      return defaults();
    }
    JsonNode root = new TomlMapper().readTree(file.toFile());
    return new AppConfig(
        root.path("abci").path("address").asText(DEFAULT_ABCI_ADDRESS),
        root.path("cometbft").path("binary").asText(""),
        strictBoolean(root, "invariants", "check_every_block", false),
        strictInt(root, "abci", "max_frame_bytes", AbciServer.DEFAULT_MAX_FRAME_BYTES),
        strictInt(root, "abci", "max_connections", AbciServer.DEFAULT_MAX_CONNECTIONS),
        root.path("gateway").path("laddr").asText(DEFAULT_GATEWAY_ADDRESS),
        root.path("metrics").path("laddr").asText(DEFAULT_METRICS_ADDRESS),
        new StateConfig(
            strictLong(root, "state", "keep_recent", StateConfig.DEFAULTS.keepRecent()),
            strictLong(root, "state", "snapshot_interval", StateConfig.DEFAULTS.snapshotInterval()),
            strictInt(
                root, "state", "snapshot_keep_recent", StateConfig.DEFAULTS.snapshotKeepRecent()),
            strictInt(root, "state", "tree_cache_mb", StateConfig.DEFAULTS.treeCacheMb()),
            strictInt(root, "state", "block_cache_mb", StateConfig.DEFAULTS.blockCacheMb()),
            strictInt(root, "state", "state_cache_mb", StateConfig.DEFAULTS.stateCacheMb())));
  }

  /*
   * The strict readers below refuse what Jackson's lenient asInt, asLong and asBoolean would turn
   * into a setting nobody wrote: "sixteen" read as the default, true as 1, 1.9 as 1, 2^32 + 16 as
   * 16, "yes" as false.
   */

  /** {@code [section] key} of app.toml, {@code absent} if missing; an integer that fits an int. */
  private static int strictInt(JsonNode root, String section, String key, int absent) {
    JsonNode value = integral(root, section, key, true);
    return value == null ? absent : value.intValue();
  }

  /** {@code [section] key} of app.toml, {@code absent} if missing; an integer that fits a long. */
  private static long strictLong(JsonNode root, String section, String key, long absent) {
    JsonNode value = integral(root, section, key, false);
    return value == null ? absent : value.longValue();
  }

  // The integer at [section] key, null if it is missing; anything else is refused.
  private static JsonNode integral(JsonNode root, String section, String key, boolean fitsInt) {
    JsonNode value = root.path(section).path(key);
    if (value.isMissingNode()) {
      return null;
    }
    if (!value.isIntegralNumber()
        || !(fitsInt ? value.canConvertToInt() : value.canConvertToLong())) {
      throw refused(section, key, "an integer that fits " + (fitsInt ? "an int" : "a long"), value);
    }
    return value;
  }

  /** {@code [section] key} of app.toml, {@code absent} if missing; true or false. */
  private static boolean strictBoolean(JsonNode root, String section, String key, boolean absent) {
    JsonNode value = root.path(section).path(key);
    if (value.isMissingNode()) {
      return absent;
    }
    if (!value.isBoolean()) {
      throw refused(section, key, "true or false", value);
    }
    return value.booleanValue();
  }

  private static IllegalArgumentException refused(
      String section, String key, String expected, JsonNode value) {
    return new IllegalArgumentException(
        "["
            + section
            + "]: "
            + key
            + " must be "
            + expected
            + ", got "
            + value
            + " ("
            + (value.isNumber() ? value.numberType() : value.getNodeType())
                .toString()
                .toLowerCase(Locale.ROOT)
            + ")");
  }

  public void write(Path home) throws IOException {
    String toml =
        "# leasechain application settings (CometBFT's own are in config.toml)\n\n"
            + "[abci]\n"
            + "# Where the ABCI server listens for CometBFT; keep it on loopback unless CometBFT runs elsewhere.\n"
            + "address = "
            + TomlStrings.quote(abciAddress)
            + "\n"
            + "# tcp://HOST:PORT, or unix:///path/to/app.sock for a unix domain socket (proxy_app must match).\n"
            + "# The largest ABCI request accepted, in bytes; a longer one closes its connection. Keep it\n"
            + "# above the genesis consensus_params.block.max_bytes plus 1 MiB.\n"
            + "max_frame_bytes = "
            + maxFrameBytes
            + "\n"
            + "# The most ABCI connections open at once; one more is closed as soon as it is accepted.\n"
            + "# CometBFT opens 4, and 4 new ones when it restarts; at least 4.\n"
            + "max_connections = "
            + maxConnections
            + "\n\n"
            + "[cometbft]\n"
            + "# The cometbft binary `leasechain start` runs; empty means $LEASECHAIN_COMETBFT, then the project's\n"
            + "# .tools/bin/cometbft, then cometbft on PATH.\n"
            + "binary = "
            + TomlStrings.quote(cometbftBinary)
            + "\n\n"
            + "[invariants]\n"
            + "# Check every ledger invariant after each Commit and halt the node if one breaks. Costs a\n"
            + "# full state scan per block: for tests and audits, not for production validators.\n"
            + "check_every_block = "
            + checkInvariants
            + "\n\n"
            + "[gateway]\n"
            + "# The read-only REST/JSON gateway (docs/gateway.md), tcp://HOST:PORT; empty disables it. It\n"
            + "# proxies chain data from the RPC laddr of config.toml. Keep it on loopback behind a reverse\n"
            + "# proxy unless it is meant to be public.\n"
            + "laddr = "
            + TomlStrings.quote(gatewayAddress)
            + "\n\n"
            + "[metrics]\n"
            + "# Where Prometheus text is served at /metrics, HOST:PORT; \"\" serves none. Keep it on\n"
            + "# loopback or a monitoring network: docs/operating.md.\n"
            + "laddr = "
            + TomlStrings.quote(metricsAddress)
            + "\n\n"
            + "[state]\n"
            + "# Heights below the latest whose state stays queryable, with proofs (docs/state-commitment.md);\n"
            + "# older tree versions are pruned in the background. 0 keeps every height (an archive node).\n"
            + "keep_recent = "
            + state.keepRecent()
            + "\n"
            + "# Take a state-sync snapshot every this many heights (0 takes none), so that new nodes can\n"
            + "# join without replaying the chain; keep the newest snapshot_keep_recent of them.\n"
            + "snapshot_interval = "
            + state.snapshotInterval()
            + "\n"
            + "snapshot_keep_recent = "
            + state.snapshotKeepRecent()
            + "\n"
            + "# MiB of memory for state tree nodes (each block rewrites the paths to the keys it writes; a\n"
            + "# path's nodes not in memory are read from disk). Upper levels are kept first; about 256 per\n"
            + "# million leases in state keeps the paths' upper levels in memory (BENCHMARKS.md).\n"
            + "tree_cache_mb = "
            + state.treeCacheMb()
            + "\n"
            + "# MiB of memory for RocksDB's blocks of state and tree (decompressed, with their indexes and\n"
            + "# bloom filters): the cold reads of each block hit it instead of the files.\n"
            + "block_cache_mb = "
            + state.blockCacheMb()
            + "\n"
            + "# MiB of memory for the latest committed state values: a block's repeated reads (params,\n"
            + "# accounts) and the old values of the keys it writes are found here.\n"
            + "state_cache_mb = "
            + state.stateCacheMb()
            + "\n";
    Files.createDirectories(file(home).getParent());
    Files.writeString(file(home), toml, StandardCharsets.UTF_8);
  }

  /**
   * Where the ABCI server listens.
   *
   * @throws IllegalArgumentException unless the address is tcp://HOST:PORT or unix://PATH
   */
  public AbciAddress abci() {
    return AbciAddress.parse(abciAddress);
  }
}

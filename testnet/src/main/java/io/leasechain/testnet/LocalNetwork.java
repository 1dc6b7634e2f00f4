package io.leasechain.testnet;

import io.leasechain.genesis.GenesisException;
import io.leasechain.genesis.GenesisFile;
import io.leasechain.genesis.GenesisValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Several {@link LocalNode}s on loopback sharing one genesis in which all of them are validators,
 * each peered to all the others; plus followers that join later (same genesis, peered to every
 * node) so the council can make them validators.
 */
public final class LocalNetwork implements AutoCloseable {

  /** Edits the shared genesis (accounts, council, params) before it is copied to every node. */
  @FunctionalInterface
  public interface GenesisSetup {
    void apply(LocalNode first) throws IOException;
  }

  private final Binaries binaries;
  private final Path dir;
  private final String chainId;
  private final Duration blockTime;
  private final List<LocalNode> validators;
  private final List<LocalNode> followers = new ArrayList<>();

  private LocalNetwork(
      Binaries binaries, Path dir, String chainId, Duration blockTime, List<LocalNode> validators) {
    this.binaries = binaries;
    this.dir = dir;
    this.chainId = chainId;
    this.blockTime = blockTime;
    this.validators = validators;
  }

  /**
   * Initializes one home per entry of {@code powers} under {@code dir} (node0, node1, ...), runs
   * {@code setup} on node0's genesis, makes every node a genesis validator with its power, copies
   * that genesis to every home and peers each node to all the others. Nothing is started.
   */
  public static LocalNetwork init(
      Binaries binaries,
      Path dir,
      String chainId,
      List<Long> powers,
      Duration blockTime,
      GenesisSetup setup)
      throws IOException, InterruptedException {
    List<LocalNode> nodes = new ArrayList<>();
    for (int i = 0; i < powers.size(); i++) {
      nodes.add(LocalNode.init(binaries, dir.resolve("node" + i), chainId, "node" + i, blockTime));
    }
    LocalNode first = nodes.get(0);
    setup.apply(first);

    List<GenesisValidator> genesisValidators = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      genesisValidators.add(
          new GenesisValidator(nodes.get(i).validatorKey(), powers.get(i), "node" + i));
    }
    try {
      GenesisFile genesis = GenesisFile.read(first.genesisFile());
      genesis.setValidators(genesisValidators);
      genesis.write();
    } catch (GenesisException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    for (LocalNode node : nodes.subList(1, nodes.size())) {
      Files.copy(first.genesisFile(), node.genesisFile(), StandardCopyOption.REPLACE_EXISTING);
    }

    List<String> addresses = new ArrayList<>();
    for (LocalNode node : nodes) {
      addresses.add(node.peerAddress());
    }
    for (int i = 0; i < nodes.size(); i++) {
      List<String> others = new ArrayList<>(addresses);
      others.remove(i);
      nodes.get(i).setPersistentPeers(others);
    }
    return new LocalNetwork(binaries, dir, chainId, blockTime, List.copyOf(nodes));
  }

  /** Starts every genesis validator (in parallel: each waits for its own application to listen). */
  public void start() throws IOException, InterruptedException {
    ExecutorService starter = Executors.newFixedThreadPool(validators.size());
    try {
      List<Future<?>> started = new ArrayList<>();
      for (LocalNode node : validators) {
        started.add(
            starter.submit(
                () -> {
                  node.start();
                  return null;
                }));
      }
      for (Future<?> future : started) {
        try {
          future.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof IOException io) {
            throw io;
          }
          throw new IllegalStateException("a node failed to start", e.getCause());
        }
      }
    } finally {
      starter.shutdownNow();
    }
  }

  /** The genesis validators, in the order of the powers given to {@link #init}. */
  public List<LocalNode> validators() {
    return validators;
  }

  public LocalNode node(int index) {
    return validators.get(index);
  }

  public List<LocalNode> followers() {
    return List.copyOf(followers);
  }

  /** Every node: genesis validators, then followers. */
  public List<LocalNode> all() {
    List<LocalNode> all = new ArrayList<>(validators);
    all.addAll(followers);
    return all;
  }

  /**
   * Initializes a non-validating node with the network's genesis, peered to every node so far, and
   * starts it. Its consensus key ({@link LocalNode#validatorKey()}) is not in the genesis, so it
   * only follows until the council adds it.
   */
  public LocalNode addFollower(String moniker) throws IOException, InterruptedException {
    LocalNode follower = initFollower(moniker);
    follower.start();
    return follower;
  }

  /**
   * As {@link #addFollower} without starting it, so that the test can configure it first (state
   * sync, app.toml, an environment of its own).
   */
  public LocalNode initFollower(String moniker) throws IOException, InterruptedException {
    LocalNode follower =
        LocalNode.init(binaries, dir.resolve(moniker), chainId, moniker, blockTime);
    Files.copy(
        validators.get(0).genesisFile(),
        follower.genesisFile(),
        StandardCopyOption.REPLACE_EXISTING);
    List<String> peers = new ArrayList<>();
    for (LocalNode node : all()) {
      peers.add(node.peerAddress());
    }
    follower.setPersistentPeers(peers);
    followers.add(follower);
    return follower;
  }

  /**
   * Moves validator {@code index} into {@code namespace} (before it starts): the other nodes dial
   * it at the namespace's address, and it dials none of them, so cutting the namespace's link
   * partitions it from every peer.
   */
  public void isolate(int index, NetworkNamespace namespace)
      throws IOException, InterruptedException {
    validators.get(index).isolate(namespace);
    List<String> addresses = new ArrayList<>();
    for (LocalNode node : validators) {
      addresses.add(node.peerAddress());
    }
    for (int i = 0; i < validators.size(); i++) {
      if (i != index) {
        List<String> others = new ArrayList<>(addresses);
        others.remove(i);
        validators.get(i).setPersistentPeers(others);
      }
    }
  }

  /** Stops node {@code index}'s cometbft and application gracefully. */
  public void stop(int index) throws InterruptedException {
    validators.get(index).stop();
  }

  /** Starts node {@code index} again from its home (after {@link #stop}). */
  public void restart(int index) throws IOException {
    validators.get(index).start();
  }

  /** The first line of any node's app.log reporting broken invariants, or null. */
  public String brokenInvariants() {
    for (LocalNode node : all()) {
      for (String line : node.appLog().split("\n")) {
        if (line.contains("invariants broken")) {
          return node.home().getFileName() + ": " + line;
        }
      }
    }
    return null;
  }

  /** Stops every node (followers first); stops them all even if one fails to stop. */
  @Override
  public void close() throws InterruptedException {
    List<LocalNode> all = all();
    RuntimeException failure = null;
    for (int i = all.size() - 1; i >= 0; i--) {
      try {
        all.get(i).close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}

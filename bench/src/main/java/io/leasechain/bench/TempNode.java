package io.leasechain.bench;

import io.leasechain.node.store.RocksStore;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A {@link BenchNode} over a state generated in a temporary directory, deleted on close. */
record TempNode(Path directory, BenchNode node) implements AutoCloseable {

  /**
   * Generates {@code leases} leases in a fresh directory named after {@code prefix} and opens a
   * node on it that builds blocks of {@code blockTxs} txs.
   */
  static TempNode generate(String prefix, int leases, int blockTxs, PrintStream log) {
    Path directory;
    try {
      directory = Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (RocksStore store = RocksStore.open(directory)) {
      StateGenerator.generate(store, leases, log);
    }
    return new TempNode(
        directory, new BenchNode(directory, BenchAccounts.forLeases(leases), blockTxs));
  }

  @Override
  public void close() {
    node.close();
    try {
      StateSizeReport.delete(directory);
    } catch (UncheckedIOException e) {
      // A benchmark's result stands even if its scratch state outlives it.
      System.err.println("could not delete " + directory + ": " + e.getMessage());
    }
  }
}

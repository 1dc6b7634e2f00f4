package io.leasechain.commitment;

/**
 * Where the tree's nodes are read from: encoded node bytes by encoded node key (see {@link
 * StateTree}); RocksDB in the node, a map in tests. Null when absent.
 */
@FunctionalInterface
public interface NodeStore {

  byte[] get(byte[] nodeKey);
}

package io.leasechain.commitment;

/** One key and its value as the tree holds them. Arrays are shared: do not modify. */
public record TreeLeaf(byte[] key, byte[] value) {}

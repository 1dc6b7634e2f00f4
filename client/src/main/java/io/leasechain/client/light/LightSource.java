package io.leasechain.client.light;

/** Where untrusted light blocks come from (a node's RPC; a recording in tests). */
public interface LightSource {

  /** The signed header and validator set at {@code height}. */
  LightBlock lightBlock(long height);
}

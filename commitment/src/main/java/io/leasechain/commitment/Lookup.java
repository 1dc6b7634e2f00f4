package io.leasechain.commitment;

/**
 * What the tree at one version says about a key: the leaf holding it ({@code found}), or, when the
 * key is absent, its neighbours in key-hash order ({@code left}: the greatest key hash below the
 * key's, {@code right}: the least above; either is null at an end of the tree). All null only for
 * the empty tree.
 */
public record Lookup(LeafPath found, LeafPath left, LeafPath right) {

  public boolean isPresent() {
    return found != null;
  }
}

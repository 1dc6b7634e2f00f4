package io.leasechain.client.proof;

import io.leasechain.client.query.PageRequest;
import io.leasechain.client.query.QueryPaths;

/**
 * The proof module's ABCI query paths: {@code /proof/{id}}, {@code /proofs?lease=ID} (paginated)
 * and {@code /dispute/{id}}; ids are unsigned 64-bit decimals.
 */
public final class ProofQueryPaths {

  private ProofQueryPaths() {}

  public static String proof(long id) {
    return "/proof/" + Long.toUnsignedString(id);
  }

  /** A lease's proofs, in id order. */
  public static String proofs(long leaseId, PageRequest page) {
    StringBuilder path = new StringBuilder("/proofs?lease=").append(Long.toUnsignedString(leaseId));
    if (page.limit() != 0) {
      path.append("&limit=").append(page.limit());
    }
    if (page.after() != null) {
      path.append("&after=").append(QueryPaths.encode(page.after()));
    }
    return path.toString();
  }

  public static String dispute(long id) {
    return "/dispute/" + Long.toUnsignedString(id);
  }
}

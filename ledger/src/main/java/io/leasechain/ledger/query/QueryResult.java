package io.leasechain.ledger.query;

import io.leasechain.ledger.Rejection;

/** The answer to one query path: a protobuf value, or a coded rejection. */
public record QueryResult(byte[] key, byte[] value, Rejection rejection) {

  public static QueryResult found(byte[] key, byte[] value) {
    return new QueryResult(key, value, null);
  }

  public static QueryResult rejected(QueryError error, String format, Object... args) {
    return new QueryResult(new byte[0], new byte[0], Rejection.of(error, format, args));
  }

  public boolean isOk() {
    return rejection == null;
  }
}

package io.leasechain.client;

/** The node refused a query; carries its codespace, code and log (see docs/errors.md). */
public final class QueryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String codespace;
  private final int code;

  public QueryException(String path, String codespace, int code, String log) {
    super("query " + path + " failed: " + codespace + "/" + code + ": " + log);
    this.codespace = codespace;
    this.code = code;
  }

  public String codespace() {
    return codespace;
  }

  public int code() {
    return code;
  }
}

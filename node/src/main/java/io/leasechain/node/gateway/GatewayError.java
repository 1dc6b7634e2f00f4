package io.leasechain.node.gateway;

import io.leasechain.ledger.ErrorCode;
import io.leasechain.ledger.LedgerError;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Refusals of the REST gateway itself (codespace "gateway"), each with its HTTP status. */
public enum GatewayError implements LedgerError {
  METHOD_NOT_ALLOWED(2, "only GET (and OPTIONS preflight) is served", 405),
  INVALID_ARGUMENT(3, "invalid request argument", 400),
  NOT_FOUND(4, "not found", 404),
  COMETBFT_UNAVAILABLE(5, "the node's CometBFT RPC did not answer", 502),
  BUSY(6, "too many requests in progress", 503),
  URI_TOO_LONG(7, "request line or headers too long", 414),
  BODY_NOT_ALLOWED(8, "requests carry no body", 413),
  INTERNAL(9, "internal error of the gateway", 500);

  public static final String CODESPACE = "gateway";

  private final ErrorCode spec;
  private final int httpStatus;

  GatewayError(int code, String description, int httpStatus) {
    this.spec = new ErrorCode(CODESPACE, code, description);
    this.httpStatus = httpStatus;
  }

  @Override
  public ErrorCode spec() {
    return spec;
  }

  public HttpResponseStatus status() {
    return HttpResponseStatus.valueOf(httpStatus);
  }
}

package io.leasechain.client.rpc;

import java.net.URI;

/**
 * A CometBFT JSON-RPC call failed: a JSON-RPC error object, an HTTP error, a connection failure or
 * a wait timeout.
 */
public final class CometRpcException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong, so that callers can say it in their users' words. */
  public enum Kind {
    /** The node answered with a JSON-RPC error object: see {@link #data()}. */
    RPC_ERROR,
    /** Nothing answered at the endpoint: the connection was refused or the host unknown. */
    UNREACHABLE,
    /** The node did not answer in time, or a wait's deadline passed. */
    TIMEOUT,
    /** The connection broke, or an HTTP answer came without a JSON-RPC result. */
    TRANSPORT,
    /** The result could not be decoded: the node speaks another protocol version. */
    BAD_RESULT,
    /** The calling thread was interrupted. */
    INTERRUPTED
  }

  private final Kind kind;

  private final int code;
  private final String rpcMessage;
  private final String data;
  private final int httpStatus;

  /** The node answered with a JSON-RPC {@code error} object. */
  public CometRpcException(
      URI endpoint, String method, int code, String rpcMessage, String data, int httpStatus) {
    super(
        method
            + " at "
            + endpoint
            + " failed: JSON-RPC error "
            + code
            + " "
            + rpcMessage
            + (data == null ? "" : ": " + data));
    this.kind = Kind.RPC_ERROR;
    this.code = code;
    this.rpcMessage = rpcMessage;
    this.data = data;
    this.httpStatus = httpStatus;
  }

  /** Anything else: transport failure, non-JSON-RPC HTTP answer, or a deadline passing. */
  public CometRpcException(Kind kind, String message, int httpStatus, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.code = 0;
    this.rpcMessage = null;
    this.data = null;
    this.httpStatus = httpStatus;
  }

  public Kind kind() {
    return kind;
  }

  /** JSON-RPC error code (CometBFT uses -32xxx); 0 when the failure was not a JSON-RPC error. */
  public int code() {
    return code;
  }

  /** JSON-RPC error message, e.g. "Internal error"; null when not a JSON-RPC error. */
  public String rpcMessage() {
    return rpcMessage;
  }

  /** JSON-RPC error data, where CometBFT puts the actual reason; null when absent. */
  public String data() {
    return data;
  }

  /** HTTP status of the answer; 0 when no HTTP answer was received. */
  public int httpStatus() {
    return httpStatus;
  }

  public boolean isRpcError() {
    return rpcMessage != null;
  }
}

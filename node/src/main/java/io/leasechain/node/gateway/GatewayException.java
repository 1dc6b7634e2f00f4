package io.leasechain.node.gateway;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A request the gateway answers with an error body {code, codespace, message}. */
final class GatewayException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient HttpResponseStatus status;
  private final int code;
  private final String codespace;

  GatewayException(HttpResponseStatus status, int code, String codespace, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.codespace = codespace;
  }

  GatewayException(GatewayError error, String message) {
    this(error.status(), error.code(), error.codespace(), message);
  }

  HttpResponseStatus status() {
    return status;
  }

  int code() {
    return code;
  }

  String codespace() {
    return codespace;
  }
}

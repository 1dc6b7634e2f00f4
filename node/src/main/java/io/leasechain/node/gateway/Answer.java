package io.leasechain.node.gateway;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/** What the gateway answers one request with, before CORS and connection headers. */
record Answer(HttpResponseStatus status, String contentType, byte[] body) {

  static final String JSON = "application/json; charset=utf-8";

  static Answer json(String json) {
    return new Answer(HttpResponseStatus.OK, JSON, json.getBytes(StandardCharsets.UTF_8));
  }
}

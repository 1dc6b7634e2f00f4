package io.leasechain.node.cli.market;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.MessageLite;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for a node's CometBFT JSON-RPC: answers abci_query from a map of path to protobuf
 * value (code 4, "not found", otherwise), records every query path and every broadcast tx.
 */
final class FakeNode implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  final Map<String, MessageLite> answers = new ConcurrentHashMap<>();
  final List<String> queries = new CopyOnWriteArrayList<>();
  final List<byte[]> broadcasts = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  FakeNode() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
    JsonNode params = request.path("params");
    ObjectNode result = JSON.createObjectNode();
    switch (request.path("method").asText()) {
      case "abci_query" -> {
        String path = params.path("path").asText();
        queries.add(path);
        ObjectNode response = result.putObject("response");
        MessageLite answer = answers.get(path);
        if (answer == null) {
          response.put("code", 4).put("codespace", "query").put("log", "not found: " + path);
        } else {
          response
              .put("code", 0)
              .put("value", Base64.getEncoder().encodeToString(answer.toByteArray()));
        }
      }
      case "broadcast_tx_commit" -> {
        broadcasts.add(Base64.getDecoder().decode(params.path("tx").asText()));
        result.putObject("check_tx").put("code", 0);
        result
            .putObject("tx_result")
            .put("code", 0)
            .put("gas_wanted", "200000")
            .put("gas_used", "41000");
        result.put("hash", "ABCD").put("height", "12");
      }
      default -> {
        respond(
            exchange,
            JSON.createObjectNode()
                .put("jsonrpc", "2.0")
                .put("id", request.path("id").asLong())
                .set(
                    "error",
                    JSON.createObjectNode()
                        .put("code", -32601)
                        .put("message", "Method not found")));
        return;
      }
    }
    respond(
        exchange,
        JSON.createObjectNode()
            .put("jsonrpc", "2.0")
            .put("id", request.path("id").asLong())
            .set("result", result));
  }

  private static void respond(HttpExchange exchange, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

package io.leasechain.testnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A byzantine CometBFT RPC endpoint for light-client tests: an HTTP server on loopback that relays
 * every JSON-RPC call (POST, or CometBFT's GET {@code /method?args} form) to a real node and lets
 * the test rewrite the answer of chosen methods before the client sees it, as a lying node would.
 */
public final class LyingRpcProxy implements AutoCloseable {

  /** Rewrites one JSON-RPC answer in place; {@code reply} is the whole envelope. */
  @FunctionalInterface
  public interface Lie {
    void apply(String method, JsonNode params, ObjectNode reply) throws IOException;

    /** Relays every answer unchanged. */
    Lie NONE = (method, params, reply) -> {};
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI upstream;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private volatile Lie lie = Lie.NONE;

  /** Starts relaying to {@code upstream} (a node's RPC URI) on a free loopback port. */
  public LyingRpcProxy(URI upstream) throws IOException {
    this.upstream = upstream;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::relay);
    server.setExecutor(threads);
    server.start();
  }

  /** Where clients should point: http://127.0.0.1:PORT. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** From now on, answers pass through {@code lie} ({@link Lie#NONE} to be honest again). */
  public void lie(Lie lie) {
    this.lie = lie;
  }

  private void relay(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] request = exchange.getRequestBody().readAllBytes();
      boolean post = "POST".equalsIgnoreCase(exchange.getRequestMethod());
      URI target = upstream.resolve(exchange.getRequestURI().toString());
      HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection();
      connection.setConnectTimeout(10_000);
      connection.setReadTimeout(30_000);
      connection.setRequestMethod(post ? "POST" : "GET");
      if (post) {
        connection.setRequestProperty("Content-Type", "application/json");
        connection.setDoOutput(true);
        try (OutputStream out = connection.getOutputStream()) {
          out.write(request);
        }
      }
      int status = connection.getResponseCode();
      byte[] answer;
      try (InputStream in =
          status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
        answer = in == null ? new byte[0] : in.readAllBytes();
      }
      answer = rewrite(post, exchange.getRequestURI(), request, answer);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        exchange.getResponseBody().write(answer);
      }
    }
  }

  private byte[] rewrite(boolean post, URI uri, byte[] request, byte[] answer) throws IOException {
    JsonNode reply = answer.length == 0 ? null : JSON.readTree(answer);
    if (!(reply instanceof ObjectNode envelope) || !envelope.has("result")) {
      return answer;
    }
    String method;
    JsonNode params;
    if (post) {
      JsonNode call = JSON.readTree(request);
      method = call.path("method").asText();
      params = call.path("params");
    } else {
      method = uri.getPath().replaceFirst("^/", "");
      ObjectNode query = JSON.createObjectNode();
      if (uri.getQuery() != null) {
        for (String pair : uri.getQuery().split("&")) {
          int eq = pair.indexOf('=');
          if (eq > 0) {
            query.put(pair.substring(0, eq), pair.substring(eq + 1).replace("\"", ""));
          }
        }
      }
      params = query;
    }
    lie.apply(method, params, envelope);
    return JSON.writeValueAsBytes(envelope);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}

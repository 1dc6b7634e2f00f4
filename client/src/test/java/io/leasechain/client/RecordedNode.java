package io.leasechain.client;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * A stub node's JSON-RPC serving answers recorded from a real leasechain devnet (one validator,
 * heights 1..31, {@code /light/devnet-queries.json}); edit {@link #recording} to make it lie or
 * forget. Also used by node CLI tests through the client test jar.
 */
public final class RecordedNode implements AutoCloseable {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ObjectNode recording;
  private final HttpServer server;

  public RecordedNode() throws IOException {
    try (InputStream in = RecordedNode.class.getResourceAsStream("/light/devnet-queries.json")) {
      recording = (ObjectNode) MAPPER.readTree(in);
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          JsonNode request = MAPPER.readTree(exchange.getRequestBody());
          JsonNode params = request.path("params");
          JsonNode result =
              switch (request.path("method").asText()) {
                case "abci_query" -> recording.path("queries").path(params.path("path").asText());
                case "commit" -> recording.path("commits").path(params.path("height").asText());
                case "validators" ->
                    recording.path("validators").path(params.path("height").asText());
                default -> recording.path(request.path("method").asText());
              };
          ObjectNode reply = MAPPER.createObjectNode().put("jsonrpc", "2.0");
          reply.set("id", request.path("id"));
          reply.set("result", result);
          byte[] body = reply.toString().getBytes(UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  /** The answers served, live: keys "queries", "commits", "validators", "status", "genesis". */
  public ObjectNode recording() {
    return recording;
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

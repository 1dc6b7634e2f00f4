import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in for a node's RPC while scripts/cds-archive.sh records which classes a query loads: it
 * answers every request with one account, so the recording covers a query's whole path. Prints its
 * port, then serves until killed.
 */
public final class CdsTrainingNode {
  private static final String ACCOUNT =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"response\":{\"code\":0,"
          + "\"log\":\"\",\"info\":\"\",\"index\":\"0\",\"key\":\"\",\"value\":\""
          + "CixsZWFzZTE1bnlzNmRnM3dqcmZoaDR6M3VrbXVjcmF6dDNyNjY4NzlreTZxeiCAlOvcAw==\","
          + "\"proofOps\":null,\"height\":\"2\",\"codespace\":\"\"}}}";

  public static void main(String[] args) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] body = ACCOUNT.getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    System.out.println(server.getAddress().getPort());
  }
}

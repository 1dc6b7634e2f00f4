package io.leasechain.client.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CometEventsTest {

  @Test
  void theWebsocketIsAtTheRpcAddress() {
    assertEquals(
        URI.create("ws://127.0.0.1:26657/websocket"),
        CometEvents.websocketUri(URI.create("http://127.0.0.1:26657")));
    assertEquals(
        URI.create("wss://rpc.example:443/websocket"),
        CometEvents.websocketUri(URI.create("https://rpc.example:443/")));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CometEvents.websocketUri(URI.create("ftp://127.0.0.1:26657")));
    assertTrue(e.getMessage().startsWith("unknown URL scheme"), e.getMessage());
  }

  @Test
  void aNodeThatIsNotListeningIsAClearError() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + port);
    CometRpcException e =
        assertThrows(
            CometRpcException.class, () -> CometEvents.connect(url, Duration.ofSeconds(5)));
    assertTrue(
        e.getMessage().startsWith("cannot connect to ws://127.0.0.1:" + port + "/websocket"),
        e.getMessage());
  }
}

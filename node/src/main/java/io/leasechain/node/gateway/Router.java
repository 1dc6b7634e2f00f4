package io.leasechain.node.gateway;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.ledger.query.QueryError;
import io.leasechain.node.abci.proto.RequestQuery;
import io.leasechain.node.abci.proto.ResponseQuery;
import io.leasechain.node.gateway.proto.StoreEntry;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Maps one GET request URI to its answer; every refusal is a {@link GatewayException}. */
final class Router {

  static final String OPENAPI_PATH = "/openapi.json";
  static final String OPENAPI_RESOURCE = "io/leasechain/node/gateway/openapi.json";

  private static final Pattern UNSIGNED = Pattern.compile("[0-9]{1,19}");

  private final Function<RequestQuery, ResponseQuery> state;
  private final ChainRoutes chain;
  private final JsonFormat.Printer printer =
      JsonFormat.printer().preservingProtoFieldNames().alwaysPrintFieldsWithNoPresence();

  /**
   * {@code state} answers ABCI queries in process, from the last committed state; {@code rpc} is
   * the node's own CometBFT.
   */
  Router(Function<RequestQuery, ResponseQuery> state, CometRpcClient rpc) {
    this.state = state;
    this.chain = new ChainRoutes(rpc, Gateway.RPC_TIMEOUT, printer);
  }

  /**
   * Whether {@code uri} names a chain path, which waits on CometBFT; a malformed one is not, as it
   * is refused without asking CometBFT.
   */
  static boolean isChain(String uri) {
    String raw = uri.split("[?#]", 2)[0];
    if (!raw.startsWith("/v1/")) {
      return false;
    }
    return ChainRoutes.RESOURCES.contains(raw.substring("/v1/".length()).split("/", 2)[0]);
  }

  Answer answer(String uri) {
    QueryStringDecoder decoder;
    String path;
    try {
      decoder = new QueryStringDecoder(uri);
      path = decoder.path();
      // Decoded here, not on first use: Netty decodes the parameters lazily, and a bad escape in
      // them must be this 400, not an exception out of a route.
      decoder.parameters();
    } catch (IllegalArgumentException e) {
      throw new GatewayException(
          GatewayError.INVALID_ARGUMENT, "malformed percent-encoding in the URI");
    }
    if (path.equals(OPENAPI_PATH)) {
      return openApi();
    }
    if (path.equals(ExplorerFiles.PREFIX) || path.startsWith(ExplorerFiles.PREFIX + "/")) {
      return ExplorerFiles.serve(path);
    }
    String raw = decoder.rawPath();
    if (!raw.startsWith("/v1/")) {
      throw unknown(path);
    }
    List<String> segments = List.of(raw.substring("/v1/".length()).split("/", -1));
    Answer answer = chain.answer(segments, decoder.parameters());
    if (answer != null) {
      return answer;
    }
    StateRoute route = StateRoutes.find(segments.get(0));
    if (route == null || segments.size() != 1 + route.pathParams().size()) {
      throw unknown(path);
    }
    return state(route, raw, uri, decoder);
  }

  private Answer state(StateRoute route, String rawPath, String uri, QueryStringDecoder decoder) {
    decoder
        .parameters()
        .forEach(
            (name, values) -> {
              // The document gives each parameter a format that "" does not meet; a filter is
              // left out, not sent empty.
              if (values.contains("")) {
                throw new GatewayException(
                    GatewayError.INVALID_ARGUMENT,
                    "parameter '" + name + "' is empty; leave it out for no filter");
              }
            });
    long height = 0;
    List<String> heights = decoder.parameters().get("height");
    if (heights != null) {
      String text = heights.get(heights.size() - 1);
      try {
        // Below 2^63: ABCI heights are int64.
        height = UNSIGNED.matcher(text).matches() ? Long.parseLong(text) : -1;
      } catch (NumberFormatException e) {
        height = -1;
      }
      if (height < 0) {
        throw new GatewayException(
            GatewayError.INVALID_ARGUMENT,
            "height '" + text + "' is not an integer from 0 to 2^63 - 1");
      }
    }
    // The ABCI path gets the parameters still percent-encoded, as a client of abci_query sends
    // them; the ledger decodes them itself.
    String query = uri.indexOf('?') < 0 ? "" : uri.substring(uri.indexOf('?') + 1);
    StringBuilder abciPath = new StringBuilder(rawPath.substring("/v1".length()));
    char separator = '?';
    for (String pair : query.split("&")) {
      if (!pair.isEmpty() && !pair.equals("height") && !pair.startsWith("height=")) {
        abciPath.append(separator).append(pair);
        separator = '&';
      }
    }
    ResponseQuery response =
        state.apply(
            RequestQuery.newBuilder().setPath(abciPath.toString()).setHeight(height).build());
    if (response.getCode() != 0) {
      throw new GatewayException(
          statusOf(response), response.getCode(), response.getCodespace(), response.getLog());
    }
    try {
      if (route.resource().equals(StateRoutes.STORE)) {
        // The value is raw state bytes, not a message: the answer wraps it.
        return Answer.json(
            printer.print(
                StoreEntry.newBuilder()
                    .setKey(response.getKey())
                    .setValue(response.getValue())
                    .setHeight(response.getHeight())
                    .build()));
      }
      return Answer.json(
          printer.print(route.answer().getParserForType().parseFrom(response.getValue())));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the ledger's answer to " + abciPath + " does not parse", e);
    }
  }

  /**
   * query/2, query/4 and query/5 (a pruned or future height: no state to answer from) are 404,
   * query/3 is 400, anything else 500.
   */
  private static HttpResponseStatus statusOf(ResponseQuery response) {
    if (!response.getCodespace().equals(QueryError.CODESPACE)) {
      return HttpResponseStatus.INTERNAL_SERVER_ERROR;
    }
    int code = response.getCode();
    if (code == QueryError.UNKNOWN_PATH.code()
        || code == QueryError.NOT_FOUND.code()
        || code == QueryError.HEIGHT_UNAVAILABLE.code()) {
      return HttpResponseStatus.NOT_FOUND;
    }
    if (code == QueryError.INVALID_ARGUMENT.code()) {
      return HttpResponseStatus.BAD_REQUEST;
    }
    return HttpResponseStatus.INTERNAL_SERVER_ERROR;
  }

  private static Answer openApi() {
    try (InputStream in = Router.class.getClassLoader().getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the jar");
      }
      return new Answer(HttpResponseStatus.OK, Answer.JSON, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static GatewayException unknown(String path) {
    return new GatewayException(
        GatewayError.NOT_FOUND, "no such path " + path + " (see /openapi.json)");
  }
}

package io.leasechain.node.gateway;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The web explorer's static files, served from the jar under {@code /explorer}. A path is looked up
 * only if each of its decoded segments is a plain file or folder name, so no {@code ..}, encoded
 * slash or backslash can leave the explorer's resource folder.
 */
final class ExplorerFiles {

  static final String PREFIX = "/explorer";
  private static final String ROOT = "io/leasechain/node/gateway/explorer/";
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("html", "text/html; charset=utf-8"),
          Map.entry("js", "text/javascript; charset=utf-8"),
          Map.entry("mjs", "text/javascript; charset=utf-8"),
          Map.entry("css", "text/css; charset=utf-8"),
          Map.entry("json", Answer.JSON),
          Map.entry("map", Answer.JSON),
          Map.entry("txt", "text/plain; charset=utf-8"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("ico", "image/x-icon"),
          Map.entry("woff2", "font/woff2"));

  private ExplorerFiles() {}

  /**
   * The file for {@code path} (decoded, starting with {@code /explorer}).
   *
   * @throws GatewayException 404 for anything that is not one of the explorer's files
   */
  static Answer serve(String path) {
    String relative = path.substring(PREFIX.length());
    if (relative.isEmpty() || relative.equals("/")) {
      relative = "/index.html";
    }
    String[] segments = relative.substring(1).split("/", -1);
    for (String segment : segments) {
      if (!SEGMENT.matcher(segment).matches()) {
        throw notFound(path);
      }
    }
    String name = segments[segments.length - 1];
    int dot = name.lastIndexOf('.');
    String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    if (type == null) {
      throw notFound(path);
    }
    try (InputStream in =
        ExplorerFiles.class.getClassLoader().getResourceAsStream(ROOT + relative.substring(1))) {
      if (in == null) {
        throw notFound(path);
      }
      return new Answer(HttpResponseStatus.OK, type, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static GatewayException notFound(String path) {
    return new GatewayException(GatewayError.NOT_FOUND, "no explorer file " + path);
  }
}

package io.leasechain.node.abci;

import com.google.protobuf.ByteString;
import io.leasechain.node.abci.proto.Request;
import io.leasechain.node.abci.proto.RequestCheckTx;
import io.leasechain.node.abci.proto.RequestEcho;
import io.leasechain.node.abci.proto.RequestFlush;
import io.leasechain.node.abci.proto.RequestInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Builds requests and their wire bytes the way CometBFT's socket client does. */
final class AbciMessages {

  private AbciMessages() {}

  static Request echo(String message) {
    return Request.newBuilder().setEcho(RequestEcho.newBuilder().setMessage(message)).build();
  }

  static Request flush() {
    return Request.newBuilder().setFlush(RequestFlush.getDefaultInstance()).build();
  }

  static Request info() {
    return Request.newBuilder().setInfo(RequestInfo.newBuilder().setVersion("test")).build();
  }

  static Request checkTx(ByteString tx) {
    return Request.newBuilder().setCheckTx(RequestCheckTx.newBuilder().setTx(tx)).build();
  }

  /** Each request preceded by its length as an unsigned varint. */
  static byte[] delimited(Request... requests) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (Request request : requests) {
        request.writeDelimitedTo(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}

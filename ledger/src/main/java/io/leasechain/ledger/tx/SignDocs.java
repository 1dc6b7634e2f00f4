package io.leasechain.ledger.tx;

import com.google.protobuf.ByteString;
import io.leasechain.ledger.tx.proto.SignDoc;

/** The bytes each signer signs: the body and auth_info exactly as on the wire, bound to a chain. */
public final class SignDocs {

  private SignDocs() {}

  public static byte[] bytes(ByteString body, ByteString authInfo, String chainId) {
    return SignDoc.newBuilder()
        .setBody(body)
        .setAuthInfo(authInfo)
        .setChainId(chainId)
        .build()
        .toByteArray();
  }
}

package io.leasechain.client;

import com.google.protobuf.InvalidProtocolBufferException;
import io.leasechain.client.rpc.AbciQueryResult;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.crypto.Address;
import io.leasechain.ledger.bank.proto.Account;
import io.leasechain.ledger.query.proto.AppHashResponse;
import io.leasechain.ledger.query.proto.ParamsResponse;
import io.leasechain.ledger.query.proto.SupplyResponse;
import java.nio.charset.StandardCharsets;

/** Typed leasechain queries over a node's CometBFT RPC (abci_query paths of docs/queries.md). */
public final class LeasechainClient {

  private final CometRpcClient rpc;

  public LeasechainClient(CometRpcClient rpc) {
    this.rpc = rpc;
  }

  public CometRpcClient rpc() {
    return rpc;
  }

  public Account account(Address address) {
    return parse(query("/account/" + address.toBech32()), Account.parser());
  }

  public ParamsResponse params() {
    return parse(query("/params"), ParamsResponse.parser());
  }

  public long supply() {
    return parse(query("/supply"), SupplyResponse.parser()).getTotal();
  }

  /** The app hash the node committed after {@code height}. */
  public byte[] appHashAt(long height) {
    return parse(query("/app_hash/" + height), AppHashResponse.parser()).getAppHash().toByteArray();
  }

  /** Runs a query and returns its raw answer, failing with the node's code and log if refused. */
  public AbciQueryResult query(String path) {
    AbciQueryResult result = rpc.abciQuery(path, new byte[0], 0, false);
    if (result.code() != 0) {
      throw new QueryException(path, result.codespace(), result.code(), result.log());
    }
    return result;
  }

  private static <T> T parse(AbciQueryResult result, com.google.protobuf.Parser<T> parser) {
    try {
      return parser.parseFrom(result.value());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(
          "undecodable answer: " + new String(result.value(), StandardCharsets.UTF_8), e);
    }
  }
}

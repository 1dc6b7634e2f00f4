package io.leasechain.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import io.leasechain.client.light.LightClient;
import io.leasechain.client.light.LightClientException;
import io.leasechain.client.light.LightClientException.Kind;
import io.leasechain.client.light.VerifiedHeader;
import io.leasechain.client.rpc.AbciQueryResult;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.commitment.ics23.Ics23Verifier;
import io.leasechain.commitment.ics23.ProofException;
import io.leasechain.commitment.ics23.ProofOpTypes;
import io.leasechain.commitment.ics23.proto.CommitmentProof;
import io.leasechain.crypto.Hex;
import io.leasechain.ledger.query.LedgerQueries;
import io.leasechain.ledger.query.QueryError;
import io.leasechain.ledger.query.QueryResult;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Ledger query answers checked without trusting the node: the proofs of the keys the answer read
 * must verify against the app hash of the light-verified header H+1, and the ledger's own query
 * code, re-run over exactly those proven reads, must give the node's answer byte for byte. A node
 * can still refuse to answer (an unproven query/2, query/3 or query/5 is passed on as a {@link
 * QueryException}); it cannot make a wrong answer pass. Not thread-safe (the light client is not).
 */
public final class ProvenQueries {

  /** Node refusals that claim nothing about state, so they need no proof. */
  private static final Set<QueryError> REFUSALS =
      Set.of(QueryError.UNKNOWN_PATH, QueryError.INVALID_ARGUMENT, QueryError.HEIGHT_UNAVAILABLE);

  private final CometRpcClient rpc;
  private final LightClient light;
  private final Duration headerWait;

  /** {@code headerWait} bounds waiting for the header H+1 that signs the state of height H. */
  public ProvenQueries(CometRpcClient rpc, LightClient light, Duration headerWait) {
    this.rpc = Objects.requireNonNull(rpc, "rpc");
    this.light = Objects.requireNonNull(light, "light");
    this.headerWait = Objects.requireNonNull(headerWait, "headerWait");
  }

  /** A verified answer: the node's result, the height it describes, the header that proves it. */
  public record ProvenAnswer(AbciQueryResult result, long height, VerifiedHeader header) {

    /** The share of the signing set's voting power that signed header H+1, e.g. "100". */
    public String signedPercent() {
      return header.signedPercent();
    }
  }

  /**
   * Answers the ledger path {@code path} at {@code height} (0 = latest) and verifies it; a refused
   * state answer (e.g. not found) is returned too, its absence proven. Throws LightClientException
   * when anything fails to verify.
   */
  public ProvenAnswer query(String path, long height) {
    AbciQueryResult result = rpc.abciQuery(path, new byte[0], height, true);
    Map<String, byte[]> ops = proofOps(result.proofOps());
    if (result.code() != 0 && ops.isEmpty() && isRefusal(result)) {
      throw new QueryException(path, result.codespace(), result.code(), result.log());
    }
    long h = result.height();
    checkHeight(path, height, h);
    rpc.waitForHeight(h + 1, headerWait);
    VerifiedHeader header = light.verifyTo(h + 1);
    Map<String, byte[]> reads = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> op : ops.entrySet()) {
      reads.put(op.getKey(), verifyOp(header.appHash(), Hex.decode(op.getKey()), op.getValue()));
    }
    QueryResult expected = LedgerQueries.answer(new ProvenState(reads), path, h);
    if (expected == null) {
      throw new IllegalArgumentException(
          "'" + path + "' is not a ledger query path; only those can be proven");
    }
    checkSame(path, expected, result);
    return new ProvenAnswer(result, h, header);
  }

  /**
   * The answer must describe the height asked (any kept height for 0): a node answering another
   * height would pass off an old or newer state as the one the wallet asked about.
   */
  private static void checkHeight(String path, long asked, long answered) {
    if (answered < 1 || answered == Long.MAX_VALUE || (asked != 0 && answered != asked)) {
      throw new LightClientException(
          Kind.WRONG_HEIGHT,
          "asked "
              + path
              + " at "
              + (asked == 0 ? "the latest height" : "height " + asked)
              + ", the node answered for height "
              + answered);
    }
  }

  private static boolean isRefusal(AbciQueryResult result) {
    return QueryError.CODESPACE.equals(result.codespace())
        && REFUSALS.stream().anyMatch(e -> e.code() == result.code());
  }

  /** ProofOps JSON ({@code {"ops":[{type,key,data}]}}) as hex key to proof bytes. */
  private static Map<String, byte[]> proofOps(JsonNode proofOps) {
    Map<String, byte[]> ops = new LinkedHashMap<>();
    if (proofOps == null) {
      return ops;
    }
    for (JsonNode op : proofOps.path("ops")) {
      String type = op.path("type").asText();
      if (!ProofOpTypes.LEASECHAIN.equals(type)) {
        throw new LightClientException(
            Kind.PROOF_INVALID, "proof type '" + type + "' is not " + ProofOpTypes.LEASECHAIN);
      }
      String key;
      byte[] data;
      try {
        key = Hex.encode(base64(op.path("key")));
        data = base64(op.path("data"));
      } catch (IllegalArgumentException e) {
        throw new LightClientException(
            Kind.PROOF_INVALID, "a proof op's key or data is not base64");
      }
      if (ops.put(key, data) != null) {
        // Only one of them would be checked; a proof per key read is all an honest node sends.
        throw new LightClientException(Kind.PROOF_INVALID, "two proofs for state key " + key);
      }
    }
    return ops;
  }

  /** The value the proof shows under {@code key} (null: proven absent) once it verified. */
  private static byte[] verifyOp(byte[] appHash, byte[] key, byte[] data) {
    try {
      CommitmentProof proof = CommitmentProof.parseFrom(data);
      if (proof.hasExist()) {
        byte[] value = proof.getExist().getValue().toByteArray();
        Ics23Verifier.verifyMembership(appHash, proof, key, value);
        return value;
      }
      Ics23Verifier.verifyNonMembership(appHash, proof, key);
      return null;
    } catch (InvalidProtocolBufferException e) {
      throw new LightClientException(
          Kind.PROOF_INVALID, "proof of key " + Hex.encode(key) + " is not an ICS-23 proof");
    } catch (ProofException e) {
      throw new LightClientException(
          Kind.PROOF_INVALID,
          "proof of key "
              + Hex.encode(key)
              + " does not verify against app hash "
              + Hex.encode(appHash)
              + ": "
              + e.getMessage());
    }
  }

  private static void checkSame(String path, QueryResult expected, AbciQueryResult actual) {
    int code = expected.isOk() ? 0 : expected.rejection().error().code();
    String codespace = expected.isOk() ? "" : expected.rejection().error().codespace();
    String log = expected.isOk() ? "" : expected.rejection().log();
    byte[] value = expected.isOk() ? expected.value() : new byte[0];
    boolean same =
        code == actual.code()
            && codespace.equals(actual.codespace())
            && log.equals(actual.log())
            && Arrays.equals(value, actual.value())
            && Arrays.equals(expected.key(), actual.key());
    if (!same) {
      throw new LightClientException(
          Kind.VALUE_MISMATCH,
          "the node's answer to "
              + path
              + " differs from the answer its proofs support"
              + (code == actual.code()
                  ? ""
                  : " (code " + actual.code() + ", proven " + code + ")"));
    }
  }

  private static byte[] base64(JsonNode n) {
    return n.isNull() || n.isMissingNode() ? new byte[0] : Base64.getDecoder().decode(n.asText());
  }
}

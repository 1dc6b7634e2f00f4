package io.leasechain.testnet;

import com.fasterxml.jackson.databind.JsonNode;
import io.leasechain.client.rpc.AbciQueryResult;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.commitment.ics23.Ics23Verifier;
import io.leasechain.commitment.ics23.ProofException;
import io.leasechain.commitment.ics23.ProofOpTypes;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Reads raw state through {@code /store/{hex key}} with {@code prove=true} and checks the answer's
 * ICS-23 proof against the app hash in the header of the next block, as fetched from CometBFT: what
 * a test needs to show a node's answer at a height is the committed one.
 */
public final class StoreProofs {

  private StoreProofs() {}

  /**
   * The bytes under {@code key} at {@code height} (null when absent), after checking their proof
   * against header {@code height + 1}'s app hash; fails with the verifier's reason otherwise.
   */
  public static byte[] provenRead(CometRpcClient rpc, byte[] key, long height) {
    AbciQueryResult result =
        rpc.abciQuery("/store/" + HexFormat.of().formatHex(key), new byte[0], height, true);
    if (result.code() != 0 && !(result.code() == 4 && "query".equals(result.codespace()))) {
      throw new IllegalStateException(
          "/store at "
              + height
              + " refused: "
              + result.codespace()
              + "/"
              + result.code()
              + ": "
              + result.log());
    }
    if (result.height() != height) {
      throw new IllegalStateException("asked height " + height + ", answered " + result.height());
    }
    byte[] value = result.code() == 0 ? result.value() : null;
    byte[] appHash = rpc.block(height + 1).appHash();
    JsonNode ops = result.proofOps() == null ? null : result.proofOps().path("ops");
    if (ops == null || ops.size() != 1) {
      throw new IllegalStateException("expected one ProofOp, got " + result.proofOps());
    }
    JsonNode op = ops.get(0);
    byte[] opKey = Base64.getDecoder().decode(op.path("key").asText());
    if (!ProofOpTypes.LEASECHAIN.equals(op.path("type").asText()) || !Arrays.equals(opKey, key)) {
      throw new IllegalStateException("a ProofOp for something else: " + op);
    }
    try {
      Ics23Verifier.verify(
          appHash, Base64.getDecoder().decode(op.path("data").asText()), key, value);
    } catch (ProofException e) {
      throw new IllegalStateException(
          "the proof at " + height + " does not verify: " + e.getMessage(), e);
    }
    return value;
  }
}

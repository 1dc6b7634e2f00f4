package io.leasechain.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leasechain.client.light.LightClient;
import io.leasechain.client.light.LightClientException;
import io.leasechain.client.light.LightClientException.Kind;
import io.leasechain.client.light.LightJson;
import io.leasechain.client.light.RpcLightSource;
import io.leasechain.client.light.TrustOptions;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.ledger.bank.proto.Account;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ProvenQueries against answers recorded from a real leasechain devnet (one validator), served by a
 * {@link RecordedNode} that can be made to lie.
 */
class ProvenQueriesTest {

  private RecordedNode node;
  private ObjectNode recording;
  private CometRpcClient rpc;

  @BeforeEach
  void startStub() throws IOException {
    node = new RecordedNode();
    recording = node.recording();
    rpc = new CometRpcClient(node.uri(), Duration.ofSeconds(5));
  }

  @AfterEach
  void stopStub() {
    node.close();
  }

  private ProvenQueries proven() {
    LightClient light =
        LightClient.fromGenesis(
            LightJson.genesis(recording.path("genesis")),
            new RpcLightSource(rpc),
            TrustOptions.DEFAULT,
            () -> Instant.parse(recording.path("recorded_at").asText()));
    return new ProvenQueries(rpc, light, Duration.ofSeconds(5));
  }

  private String accountPath() {
    return "/account/" + recording.path("account").asText();
  }

  @Test
  void anHonestAccount_verifies() throws Exception {
    ProvenQueries.ProvenAnswer answer = proven().query(accountPath(), 0);
    JsonNode query = recording.path("queries").path(accountPath()).path("response");
    assertEquals(query.path("height").asLong(), answer.height());
    assertEquals(answer.height() + 1, answer.header().height());
    assertEquals("100", answer.signedPercent());
    assertEquals(1_000_000_000_000L, Account.parseFrom(answer.result().value()).getBalance());
  }

  @Test
  void anHonestNotFound_isProvenAbsent() {
    ProvenQueries.ProvenAnswer answer = proven().query("/order/999", 0);
    assertEquals(4, answer.result().code());
  }

  @Test
  void aTypedVerifyingClient_throwsTheProvenNotFound() {
    LeasechainClient client = LeasechainClient.verifying(rpc, proven(), a -> {});
    assertEquals(4, assertThrows(QueryException.class, () -> client.order(999)).code());
  }

  @Test
  void aChangedValue_isAValueMismatch() {
    lie(
        accountPath(),
        response -> {
          byte[] value = Base64.getDecoder().decode(response.path("value").asText());
          value[value.length - 1] ^= 1;
          response.put("value", Base64.getEncoder().encodeToString(value));
        });
    assertKind(Kind.VALUE_MISMATCH, () -> proven().query(accountPath(), 0));
  }

  @Test
  void anAccountClaimedNotFound_isAValueMismatch() {
    lie(
        accountPath(),
        response -> response.put("code", 4).put("codespace", "query").put("log", "not found"));
    assertKind(Kind.VALUE_MISMATCH, () -> proven().query(accountPath(), 0));
  }

  @Test
  void aProofAgainstAnotherRoot_isInvalid() {
    lie(
        accountPath(),
        response -> {
          ObjectNode op = (ObjectNode) ops(response).get(0);
          byte[] data = Base64.getDecoder().decode(op.path("data").asText());
          data[data.length - 1] ^= 1;
          op.put("data", Base64.getEncoder().encodeToString(data));
        });
    assertKind(Kind.PROOF_INVALID, () -> proven().query(accountPath(), 0));
  }

  @Test
  void aMissingProof_isRefused() {
    lie(accountPath(), response -> ops(response).remove(0));
    assertKind(Kind.MISSING_PROOF, () -> proven().query(accountPath(), 0));
  }

  @Test
  void aNotFoundWithoutProof_isRefused() {
    lie("/order/999", response -> ops(response).removeAll());
    assertKind(Kind.MISSING_PROOF, () -> proven().query("/order/999", 0));
  }

  @Test
  void aForeignProofType_isInvalid() {
    lie(accountPath(), response -> ((ObjectNode) ops(response).get(0)).put("type", "iavl:v"));
    assertKind(Kind.PROOF_INVALID, () -> proven().query(accountPath(), 0));
  }

  @Test
  void aHeaderNotSignedByTheSet_isRefused() {
    long h = recording.path("queries").path(accountPath()).path("response").path("height").asLong();
    ObjectNode sig =
        (ObjectNode)
            recording
                .path("commits")
                .path(Long.toString(h + 1))
                .path("signed_header")
                .path("commit")
                .path("signatures")
                .get(0);
    sig.put("block_id_flag", 1).put("validator_address", "").putNull("signature");
    assertKind(Kind.NOT_ENOUGH_POWER, () -> proven().query(accountPath(), 0));
  }

  @Test
  void theProvenValueIsTheNodesValue() {
    ProvenQueries.ProvenAnswer answer = proven().query(accountPath(), 0);
    assertArrayEquals(
        Base64.getDecoder()
            .decode(
                recording
                    .path("queries")
                    .path(accountPath())
                    .path("response")
                    .path("value")
                    .asText()),
        answer.result().value());
  }

  @Test
  void anAnswerForAnotherHeightThanAsked_isRefused() {
    // The recorded answer is for height 30; asked for 25, the node must not pass it off as 25's.
    assertKind(Kind.WRONG_HEIGHT, () -> proven().query(accountPath(), 25));
  }

  @Test
  void anAnswerAtAnImpossibleHeight_isRefused() {
    for (long height : new long[] {0, -1, Long.MAX_VALUE}) {
      lie(accountPath(), response -> response.put("height", Long.toString(height)));
      assertKind(Kind.WRONG_HEIGHT, () -> proven().query(accountPath(), 0));
    }
  }

  @Test
  void twoProofsForOneKey_areRefused() {
    lie(accountPath(), response -> ops(response).add(ops(response).get(0).deepCopy()));
    assertKind(Kind.PROOF_INVALID, () -> proven().query(accountPath(), 0));
  }

  private void lie(String path, Consumer<ObjectNode> edit) {
    edit.accept((ObjectNode) recording.path("queries").path(path).path("response"));
  }

  private static ArrayNode ops(ObjectNode response) {
    return (ArrayNode) response.path("proofOps").path("ops");
  }

  private static void assertKind(Kind kind, org.junit.jupiter.api.function.Executable action) {
    LightClientException e = assertThrows(LightClientException.class, action);
    assertEquals(kind, e.kind(), e.getMessage());
  }
}

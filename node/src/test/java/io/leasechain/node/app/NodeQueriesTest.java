package io.leasechain.node.app;

import static io.leasechain.ledger.testing.MarketFixture.addressOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import io.leasechain.commitment.ics23.Ics23Verifier;
import io.leasechain.commitment.ics23.ProofException;
import io.leasechain.commitment.ics23.ProofOpTypes;
import io.leasechain.commitment.ics23.proto.CommitmentProof;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hex;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.proto.Account;
import io.leasechain.ledger.query.LedgerQueries;
import io.leasechain.ledger.query.QueryError;
import io.leasechain.ledger.query.QueryResult;
import io.leasechain.ledger.query.proto.AppHashResponse;
import io.leasechain.ledger.state.EmptyState;
import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.OverlayState;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.state.Write;
import io.leasechain.ledger.testing.MarketFixture;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.node.abci.proto.RequestQuery;
import io.leasechain.node.abci.proto.ResponseQuery;
import io.leasechain.node.abci.proto.crypto.ProofOp;
import io.leasechain.node.store.RocksStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Queries against a real RocksDB store: proofs of every key an answer read verify against the
 * height's app hash and reproduce the answer; past heights answer what was committed then.
 */
class NodeQueriesTest {

  private static final String RTX = "nvidia-rtx-4090";

  /** A market with every kind of record: providers, auditors, orders, bids, a lease, proofs. */
  private static MarketFixture market;

  private static long orderId;
  private static long bidId;
  private static long leaseId;
  private static long proofId;
  private static long disputeId;

  @TempDir Path dir;

  @BeforeAll
  static void buildMarket() {
    market = MarketFixture.create();
    Ed25519PrivateKey tenant = market.tenant();
    Ed25519PrivateKey provider = market.provider(0);
    market.councilDoes(Msgs.appointAuditor(addressOf(market.auditor())));
    market.registerProving(0, Msgs.gpus(RTX, 24, 4));
    orderId =
        market.order(tenant, Msgs.orderBody(addressOf(tenant), 4, 24, 300_000, false, 100_000));
    bidId = market.bid(provider, orderId, 4, 251_000);
    leaseId = market.nextLeaseId();
    market.ok(Msgs.accept(addressOf(tenant), orderId, bidId), tenant);
    market.chain().advanceTo(market.chain().height() + 29);
    proofId = market.proveNow(leaseId);
    disputeId = market.nextDisputeId();
    market.ok(
        Msgs.dispute(addressOf(tenant), proofId, market.proofParams().getMinDisputeDeposit()),
        tenant);
  }

  @Test
  void everySingleRecordPathIsProvenAndReproducedFromItsProofsAlone() throws Exception {
    String tenant = addressOf(market.tenant()).toBech32();
    String provider = addressOf(market.provider(0)).toBech32();
    String auditor = addressOf(market.auditor()).toBech32();
    String stranger = TestChain.addressOf(999).toBech32();
    List<String> present =
        List.of(
            "/account/" + tenant,
            "/params",
            "/supply",
            "/council",
            "/proposal/1",
            "/provider/" + provider,
            "/auditor/" + auditor,
            "/order/" + orderId,
            "/bid/" + orderId + "/" + bidId,
            "/lease/" + leaseId,
            "/escrow/" + orderId,
            "/proof/" + proofId,
            "/dispute/" + disputeId,
            "/emission",
            "/store/" + Hex.encode(BankKeeper.accountKey(addressOf(market.tenant()))));
    List<String> absent =
        List.of(
            "/proposal/999",
            "/provider/" + stranger,
            "/auditor/" + stranger,
            "/order/999",
            "/bid/" + orderId + "/999",
            "/lease/999",
            "/escrow/999",
            "/proof/999",
            "/dispute/999",
            "/validator/" + "00".repeat(20),
            "/store/00ff");
    try (RocksStore store = storeWithMarket()) {
      byte[] root = appHash(store, 1);
      for (String path : present) {
        ResponseQuery response = prove(store, path, 0);
        assertEquals(0, response.getCode(), path + ": " + response.getLog());
        assertEquals(1, response.getHeight(), path);
        assertReproduced(path, response, root);
      }
      for (String path : absent) {
        ResponseQuery response = prove(store, path, 0);
        assertEquals(
            QueryError.NOT_FOUND.code(), response.getCode(), path + ": " + response.getLog());
        assertReproduced(path, response, root);
        assertTrue(
            response.getProofOps().getOpsList().stream().anyMatch(op -> !parse(op).hasExist()),
            path + " proves an absence");
      }
    }
  }

  @Test
  void aProofForAnotherRootOrAnotherValueDoesNotVerify() throws Exception {
    try (RocksStore store = storeWithMarket()) {
      String path = "/account/" + addressOf(market.tenant()).toBech32();
      ProofOp op = prove(store, path, 0).getProofOps().getOps(0);
      CommitmentProof proof = parse(op);
      byte[] value = proof.getExist().getValue().toByteArray();
      byte[] root = appHash(store, 1);
      Ics23Verifier.verifyMembership(root, proof, op.getKey().toByteArray(), value);
      byte[] otherRoot = root.clone();
      otherRoot[0] ^= 1;
      assertThrows(
          ProofException.class,
          () -> Ics23Verifier.verifyMembership(otherRoot, proof, op.getKey().toByteArray(), value));
      byte[] otherValue = Arrays.copyOf(value, value.length + 1);
      assertThrows(
          ProofException.class,
          () -> Ics23Verifier.verifyMembership(root, proof, op.getKey().toByteArray(), otherValue));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/orders",
        "/orders?state=open",
        "/bids?order=1",
        "/leases",
        "/providers",
        "/auditors",
        "/proposals",
        "/proofs?lease=1",
        "/validators"
      })
  void listPathsAreNotProven(String path) {
    try (RocksStore store = storeWithMarket()) {
      ResponseQuery response = prove(store, path, 0);
      assertEquals(QueryError.INVALID_ARGUMENT.code(), response.getCode(), response.getLog());
      assertTrue(
          response.getLog().contains("proofs cover single-record paths; '" + path + "' lists"),
          response.getLog());
      assertEquals(0, response.getProofOps().getOpsCount());
      // Without prove the same path answers.
      assertEquals(0, query(store, path, 0, false).getCode(), path);
    }
  }

  @Test
  void pastHeightsAnswerWhatWasCommittedThenWithProofs() throws Exception {
    Address alice = addressOf(market.tenant());
    byte[] key = BankKeeper.accountKey(alice);
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      List<byte[]> roots = new ArrayList<>();
      roots.add(null);
      for (long height = 1; height <= 20; height++) {
        Account account =
            Account.newBuilder().setAddress(alice.toBech32()).setBalance(height).build();
        store.commit(store.prepare(height, List.of(new Write(key, account.toByteArray()))));
        roots.add(appHash(store, height));
      }
      long past = 20 - 10;
      String path = "/account/" + alice.toBech32();
      ResponseQuery response = prove(store, path, past);
      assertEquals(0, response.getCode(), response.getLog());
      assertEquals(past, response.getHeight());
      assertEquals(past, account(response).getBalance());
      assertReproduced(path, response, roots.get((int) past));
      assertThrows(
          ProofException.class,
          () -> assertReproduced(path, response, roots.get(20)),
          "the proof is of height 10's root, not the latest");

      ResponseQuery raw = query(store, "/store/" + Hex.encode(key), past, false);
      assertEquals(past, account(raw).getBalance());
      assertEquals(20, account(query(store, path, 0, false)).getBalance());
      assertEquals(20, query(store, path, 0, false).getHeight());

      AppHashResponse hash = parseAppHash(query(store, "/app_hash/" + past, 0, false));
      assertArrayEquals(roots.get((int) past), hash.getAppHash().toByteArray());

      assertUnavailable(
          query(store, "/orders", past, false),
          "height 10: '/orders' lists records, and list queries answer at the latest height only");
      assertUnavailable(
          query(store, path, 21, false), "height 21 is above the latest committed height 20");
      assertUnavailable(
          query(store, "/app_hash/21", 0, false),
          "height 21 is above the latest committed height 20");

      store.prune(15);
      assertUnavailable(
          query(store, path, past, false), "height 10 is pruned: this node keeps heights 15..20");
      assertUnavailable(
          prove(store, path, past), "height 10 is pruned: this node keeps heights 15..20");
      assertUnavailable(
          query(store, "/app_hash/" + past, 0, false),
          "height 10 is pruned: this node keeps heights 15..20");
      assertEquals(15, account(query(store, path, 15, false)).getBalance());
    }
  }

  @Test
  void beforeTheFirstCommitNothingIsProven() {
    OverlayState genesis = new OverlayState(EmptyState.INSTANCE);
    market.chain().genesisWrites().forEach(w -> genesis.put(w.key(), w.value()));
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      RequestQuery params = RequestQuery.newBuilder().setPath("/params").build();
      ResponseQuery staged = NodeQueries.answer(params, store, genesis);
      assertEquals(0, staged.getCode(), staged.getLog());
      assertEquals(0, staged.getHeight());
      assertUnavailable(
          NodeQueries.answer(params.toBuilder().setProve(true).build(), store, genesis),
          "no committed height to prove against yet");
    }
  }

  @Test
  void storeAnswersRawBytesInAnyHexCase() {
    byte[] key = {0x0a, (byte) 0xbc};
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      store.commit(
          store.prepare(1, List.of(new Write(key, "raw".getBytes(StandardCharsets.UTF_8)))));
      for (String hex : List.of("0abc", "0ABC", "0aBc")) {
        ResponseQuery response = query(store, "/store/" + hex, 0, false);
        assertEquals(0, response.getCode(), response.getLog());
        assertArrayEquals(key, response.getKey().toByteArray());
        assertEquals("raw", response.getValue().toStringUtf8());
      }
      ResponseQuery absent = query(store, "/store/0abd", 0, false);
      assertEquals(QueryError.NOT_FOUND.code(), absent.getCode());
      assertTrue(absent.getValue().isEmpty());
      assertEquals("query", absent.getCodespace());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/store/",
        "/store/0",
        "/store/abc",
        "/store/zz",
        "/store/0x00",
        "/store/00/",
        "/store/00/11",
        "/store/00?x=1",
        "/store/%30%30",
        "/store/ 00",
        "/store/00 ",
        "/store/+00",
        "/store/-1",
        "/store/\u0660\u0660",
        "/store/ｆｆ"
      })
  void storeRefusesAnythingButAKeyAsHex(String path) {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      store.commit(store.prepare(1, List.of()));
      for (boolean prove : List.of(false, true)) {
        ResponseQuery response = query(store, path, 0, prove);
        assertEquals(QueryError.INVALID_ARGUMENT.code(), response.getCode(), path);
        assertEquals("query", response.getCodespace());
        assertFalse(response.getLog().contains("Exception"), response.getLog());
      }
    }
  }

  @Test
  void storeKeysAreBoundedAndRandomPathsNeverThrow() {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      store.commit(store.prepare(1, List.of(new Write(new byte[] {7}, new byte[] {7}))));
      assertEquals(
          QueryError.NOT_FOUND.code(),
          query(store, "/store/" + "ab".repeat(NodeQueries.MAX_STORE_KEY), 0, true).getCode());
      assertEquals(
          QueryError.INVALID_ARGUMENT.code(),
          query(store, "/store/" + "ab".repeat(NodeQueries.MAX_STORE_KEY + 1), 0, true).getCode());
      Random random = new Random(9);
      String alphabet = "0123456789abcdefABCDEFxyz/?%+ .\u00e9";
      for (int i = 0; i < 2_000; i++) {
        StringBuilder tail = new StringBuilder();
        int length = random.nextInt(12);
        for (int j = 0; j < length; j++) {
          tail.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        ResponseQuery response = query(store, "/store/" + tail, 0, random.nextBoolean());
        assertTrue(
            List.of(0, QueryError.INVALID_ARGUMENT.code(), QueryError.NOT_FOUND.code())
                .contains(response.getCode()),
            tail + ": " + response.getLog());
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  /** The market's committed state written as height 1 of a fresh store. */
  private RocksStore storeWithMarket() {
    RocksStore store = RocksStore.open(dir.resolve("market"));
    List<Write> writes = new ArrayList<>();
    Iterator<KeyValue> entries = market.chain().committed().scan(new byte[0], null);
    entries.forEachRemaining(entry -> writes.add(new Write(entry.key(), entry.value())));
    // ICS-23 cannot prove an empty value, nor an absence next to one.
    writes.forEach(w -> assertTrue(w.value().length > 0, () -> Hex.encode(w.key()) + " is empty"));
    store.commit(store.prepare(1, writes));
    return store;
  }

  private static byte[] appHash(RocksStore store, long height) {
    try (RocksStore.View view = store.viewAt(height)) {
      return view.appHash();
    }
  }

  private static ResponseQuery prove(RocksStore store, String path, long height) {
    return query(store, path, height, true);
  }

  private static ResponseQuery query(RocksStore store, String path, long height, boolean prove) {
    return NodeQueries.answer(
        RequestQuery.newBuilder().setPath(path).setHeight(height).setProve(prove).build(),
        store,
        null);
  }

  /**
   * Verifies every ProofOp against {@code root} and re-runs the path over a state made only of the
   * proven reads: it must give the node's answer byte for byte.
   */
  private static void assertReproduced(String path, ResponseQuery response, byte[] root)
      throws ProofException {
    Map<String, byte[]> proven = new TreeMap<>();
    for (ProofOp op : response.getProofOps().getOpsList()) {
      assertEquals(ProofOpTypes.LEASECHAIN, op.getType());
      CommitmentProof proof = parse(op);
      byte[] key = op.getKey().toByteArray();
      byte[] value = proof.hasExist() ? proof.getExist().getValue().toByteArray() : null;
      Ics23Verifier.verify(root, op.getData().toByteArray(), key, value);
      proven.put(Hex.encode(key), value);
    }
    ReadableState onlyProven =
        new ReadableState() {
          @Override
          public byte[] get(byte[] key) {
            String hex = Hex.encode(key);
            assertTrue(proven.containsKey(hex), path + " read " + hex + " without a proof");
            return proven.get(hex);
          }

          @Override
          public Iterator<KeyValue> scan(byte[] from, byte[] to) {
            throw new AssertionError(path + " scanned");
          }
        };
    if (path.startsWith(NodeQueries.STORE)) {
      byte[] value = onlyProven.get(response.getKey().toByteArray());
      assertArrayEquals(
          value == null ? new byte[0] : value, response.getValue().toByteArray(), path);
      return;
    }
    QueryResult again = LedgerQueries.answer(onlyProven, path, response.getHeight());
    if (again.isOk()) {
      assertEquals(0, response.getCode(), path);
      assertArrayEquals(again.value(), response.getValue().toByteArray(), path);
    } else {
      assertEquals(again.rejection().error().code(), response.getCode(), path);
      assertEquals(again.rejection().log(), response.getLog(), path);
    }
  }

  private static void assertUnavailable(ResponseQuery response, String log) {
    assertEquals(QueryError.HEIGHT_UNAVAILABLE.code(), response.getCode(), response.getLog());
    assertEquals("query", response.getCodespace());
    assertTrue(response.getLog().endsWith(log), response.getLog());
  }

  private static CommitmentProof parse(ProofOp op) {
    try {
      return CommitmentProof.parseFrom(op.getData());
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static Account account(ResponseQuery response) {
    assertEquals(0, response.getCode(), response.getLog());
    try {
      return Account.parseFrom(response.getValue());
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static AppHashResponse parseAppHash(ResponseQuery response) {
    assertEquals(0, response.getCode(), response.getLog());
    try {
      return AppHashResponse.parseFrom(response.getValue());
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}

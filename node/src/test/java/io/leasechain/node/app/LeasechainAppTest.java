package io.leasechain.node.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.leasechain.client.tx.Messages;
import io.leasechain.client.tx.TxSigner;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hashes;
import io.leasechain.genesis.AppState;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.MsgCouncilPropose;
import io.leasechain.ledger.authority.proto.SetParams;
import io.leasechain.ledger.bank.BankError;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.BankParamsRules;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.bank.proto.Account;
import io.leasechain.ledger.bank.proto.MsgSend;
import io.leasechain.ledger.query.QueryError;
import io.leasechain.ledger.query.proto.AppHashResponse;
import io.leasechain.ledger.query.proto.ParamsResponse;
import io.leasechain.ledger.query.proto.SupplyResponse;
import io.leasechain.ledger.state.Write;
import io.leasechain.ledger.tx.Gas;
import io.leasechain.ledger.tx.TxError;
import io.leasechain.ledger.tx.TxParamsRules;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.ledger.tx.proto.TxParams;
import io.leasechain.node.CapturedLog;
import io.leasechain.node.abci.proto.CheckTxType;
import io.leasechain.node.abci.proto.ExecTxResult;
import io.leasechain.node.abci.proto.RequestCheckTx;
import io.leasechain.node.abci.proto.RequestCommit;
import io.leasechain.node.abci.proto.RequestFinalizeBlock;
import io.leasechain.node.abci.proto.RequestInfo;
import io.leasechain.node.abci.proto.RequestInitChain;
import io.leasechain.node.abci.proto.RequestPrepareProposal;
import io.leasechain.node.abci.proto.RequestProcessProposal;
import io.leasechain.node.abci.proto.RequestQuery;
import io.leasechain.node.abci.proto.ResponseCheckTx;
import io.leasechain.node.abci.proto.ResponseFinalizeBlock;
import io.leasechain.node.abci.proto.ResponseInfo;
import io.leasechain.node.abci.proto.ResponseProcessProposal.ProposalStatus;
import io.leasechain.node.abci.proto.ResponseQuery;
import io.leasechain.node.store.RocksStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LeasechainApp} driven directly with ABCI request protos over a real {@link RocksStore},
 * the way CometBFT drives it: InitChain, then per height FinalizeBlock and Commit, with CheckTx,
 * PrepareProposal, ProcessProposal and Query in between.
 */
class LeasechainAppTest {

  private static final String CHAIN_ID = "leasechain-app-test";
  private static final long BALANCE = 1_000_000_000L;
  private static final long FEE = 250;
  private static final long GAS = 200_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Ed25519PrivateKey ALICE = key("alice");
  private static final Ed25519PrivateKey BOB = key("bob");
  private static final Ed25519PrivateKey CAROL = key("carol");

  @TempDir Path dir;

  // ---------------------------------------------------------------- helpers

  private static Ed25519PrivateKey key(String name) {
    return Ed25519PrivateKey.fromSeed(Hashes.sha256(name.getBytes(StandardCharsets.UTF_8)));
  }

  private static Address address(Ed25519PrivateKey key) {
    return key.publicKey().address();
  }

  private static byte[] appState(List<Address> accounts) throws Exception {
    ObjectNode appState = AppState.defaults();
    // These tests account for every ulease: no emission minting new ones each block.
    ((ObjectNode) appState.path("params").path("rewards")).put("initial_emission", "0");
    for (Address account : accounts) {
      AppState.addAccount(appState, account, BALANCE);
    }
    return JSON.writeValueAsBytes(appState);
  }

  private static RequestInitChain initChain(byte[] appState) {
    return RequestInitChain.newBuilder()
        .setChainId(CHAIN_ID)
        .setInitialHeight(1)
        .setTime(Timestamp.newBuilder().setSeconds(1_700_000_000L))
        .setAppStateBytes(ByteString.copyFrom(appState))
        .build();
  }

  private static RequestInitChain initChain() throws Exception {
    return initChain(appState(List.of(address(ALICE), address(BOB), address(CAROL))));
  }

  private static byte[] send(
      Ed25519PrivateKey from, long sequence, Ed25519PrivateKey to, long amount) {
    return send(from, sequence, address(to).toBech32(), amount, CHAIN_ID);
  }

  private static byte[] send(
      Ed25519PrivateKey from, long sequence, String to, long amount, String chainId) {
    Msg msg =
        Msg.newBuilder()
            .setSend(
                MsgSend.newBuilder().setFrom(address(from).toBech32()).setTo(to).setAmount(amount))
            .build();
    return TxSigner.sign(
        List.of(msg),
        List.of(new TxSigner.SignerAccount(from, sequence)),
        TxSigner.Options.of(chainId, FEE, GAS));
  }

  private static Msg sendMsg(Ed25519PrivateKey from, Ed25519PrivateKey to, long amount) {
    return Msg.newBuilder()
        .setSend(
            MsgSend.newBuilder()
                .setFrom(address(from).toBech32())
                .setTo(address(to).toBech32())
                .setAmount(amount))
        .build();
  }

  private static byte[] sendWithMemo(
      Ed25519PrivateKey from, long sequence, Ed25519PrivateKey to, long amount, String memo) {
    Msg msg =
        Msg.newBuilder()
            .setSend(
                MsgSend.newBuilder()
                    .setFrom(address(from).toBech32())
                    .setTo(address(to).toBech32())
                    .setAmount(amount))
            .build();
    return TxSigner.sign(
        List.of(msg),
        List.of(new TxSigner.SignerAccount(from, sequence)),
        new TxSigner.Options(CHAIN_ID, FEE, GAS, memo, 0));
  }

  private static Timestamp time(long height) {
    return Timestamp.newBuilder().setSeconds(1_700_000_000L + 5 * height).setNanos(123).build();
  }

  private static RequestFinalizeBlock block(long height, byte[]... txs) {
    RequestFinalizeBlock.Builder builder =
        RequestFinalizeBlock.newBuilder().setHeight(height).setTime(time(height));
    for (byte[] tx : txs) {
      builder.addTxs(ByteString.copyFrom(tx));
    }
    return builder.build();
  }

  private static ResponseInfo info(LeasechainApp app) {
    return app.info(RequestInfo.newBuilder().setVersion("0.38.25").build());
  }

  private static ResponseCheckTx checkTx(LeasechainApp app, byte[] tx, CheckTxType type) {
    return app.checkTx(
        RequestCheckTx.newBuilder().setTx(ByteString.copyFrom(tx)).setType(type).build());
  }

  private static ResponseCheckTx checkTx(LeasechainApp app, byte[] tx) {
    return checkTx(app, tx, CheckTxType.NEW);
  }

  private static ResponseQuery query(LeasechainApp app, String path, long height) {
    return app.query(RequestQuery.newBuilder().setPath(path).setHeight(height).build());
  }

  private static Account account(LeasechainApp app, Ed25519PrivateKey key) {
    ResponseQuery response = query(app, "/account/" + address(key).toBech32(), 0);
    assertEquals(0, response.getCode(), response.getLog());
    try {
      return Account.parseFrom(response.getValue());
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static long supply(LeasechainApp app) throws Exception {
    ResponseQuery response = query(app, "/supply", 0);
    assertEquals(0, response.getCode(), response.getLog());
    return SupplyResponse.parseFrom(response.getValue()).getTotal();
  }

  /** Finalizes and commits one block; returns FinalizeBlock's response. */
  private static ResponseFinalizeBlock commitBlock(LeasechainApp app, long height, byte[]... txs) {
    ResponseFinalizeBlock response = app.finalizeBlock(block(height, txs));
    app.commit(RequestCommit.getDefaultInstance());
    return response;
  }

  private static void assertOk(ExecTxResult result) {
    assertEquals(
        0,
        result.getCode(),
        () -> result.getCodespace() + "/" + result.getCode() + ": " + result.getLog());
  }

  private static void assertOk(ResponseCheckTx result) {
    assertEquals(
        0,
        result.getCode(),
        () -> result.getCodespace() + "/" + result.getCode() + ": " + result.getLog());
  }

  private static void assertRejected(String codespace, int code, ResponseCheckTx result) {
    assertEquals(
        codespace + "/" + code,
        result.getCodespace() + "/" + result.getCode(),
        () -> "log: " + result.getLog());
    assertFalse(result.getLog().isEmpty(), "a rejection explains itself");
  }

  private static byte[] randomBytes(long seed, int length) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** A fresh app at height {@code 1} (one committed block with {@code txs}). */
  private static LeasechainApp chainAtHeightOne(
      RocksStore store, boolean checkInvariants, byte[]... txs) throws Exception {
    LeasechainApp app = new LeasechainApp(store, checkInvariants);
    app.initChain(initChain());
    for (ExecTxResult result : commitBlock(app, 1, txs).getTxResultsList()) {
      assertOk(result);
    }
    return app;
  }

  // ---------------------------------------------------------------- genesis, commit, info

  @Test
  void initChainFinalizeCommitThenInfoAndAReopenedStoreAgree() throws Exception {
    Path db = dir.resolve("db");
    byte[] genesisHash;
    byte[] appHash1;
    try (RocksStore store = RocksStore.open(db)) {
      LeasechainApp app = new LeasechainApp(store, true);
      ResponseInfo fresh = info(app);
      assertEquals(0, fresh.getLastBlockHeight());
      assertTrue(fresh.getLastBlockAppHash().isEmpty(), "no app hash before genesis");

      genesisHash = app.initChain(initChain()).getAppHash().toByteArray();
      assertEquals(32, genesisHash.length);
      // Genesis is staged until the first Commit: queries see it, the disk does not.
      assertEquals(BALANCE, account(app, ALICE).getBalance());
      assertEquals(3 * BALANCE, supply(app));
      assertEquals(0, store.lastCommit().height());
      assertEquals(null, store.get(BankKeeper.accountKey(address(ALICE))));
      assertEquals(0, info(app).getLastBlockHeight());

      ResponseFinalizeBlock finalized = app.finalizeBlock(block(1, send(ALICE, 0, BOB, 1_000)));
      assertEquals(1, finalized.getTxResultsCount());
      assertOk(finalized.getTxResults(0));
      appHash1 = finalized.getAppHash().toByteArray();
      assertEquals(32, appHash1.length);
      assertFalse(Arrays.equals(genesisHash, appHash1));
      // FinalizeBlock only stages: Info and queries still show the state before the block.
      assertEquals(0, info(app).getLastBlockHeight());
      assertEquals(BALANCE, account(app, BOB).getBalance());

      app.commit(RequestCommit.getDefaultInstance());
      ResponseInfo committed = info(app);
      assertEquals(1, committed.getLastBlockHeight());
      assertArrayEquals(appHash1, committed.getLastBlockAppHash().toByteArray());
      assertEquals(LeasechainApp.APP_PROTOCOL_VERSION, committed.getAppVersion());
      assertEquals(BALANCE + 1_000, account(app, BOB).getBalance());
      Account alice = account(app, ALICE);
      assertEquals(BALANCE - 1_000 - FEE, alice.getBalance());
      assertEquals(1, alice.getSequence());
      assertArrayEquals(
          ALICE.publicKey().bytes(), alice.getPublicKey().toByteArray(), "key bound by first tx");
      assertEquals(
          FEE, BankKeeper.account(store, ModuleAccount.FEE_COLLECTOR.address()).getBalance());
      assertEquals(3 * BALANCE, supply(app));
      assertArrayEquals(appHash1, store.appHashAt(1));
      // The app hash is the state tree's root over the whole committed state.
      List<Write> everything = new ArrayList<>();
      store
          .scan(new byte[0], null)
          .forEachRemaining(entry -> everything.add(new Write(entry.key(), entry.value())));
      assertArrayEquals(appHash1, RocksStore.rootOf(everything));
    }

    try (RocksStore store = RocksStore.open(db)) {
      LeasechainApp app = new LeasechainApp(store, true);
      ResponseInfo reopened = info(app);
      assertEquals(1, reopened.getLastBlockHeight());
      assertArrayEquals(appHash1, reopened.getLastBlockAppHash().toByteArray());
      // Genesis (chain id, params, balances) reached disk with block 1.
      assertEquals(BALANCE + 1_000, account(app, BOB).getBalance());
      assertEquals(1, account(app, ALICE).getSequence());
      assertOk(checkTx(app, send(ALICE, 1, BOB, 1)));
      ResponseQuery hash = query(app, "/app_hash/1", 0);
      assertArrayEquals(
          appHash1, AppHashResponse.parseFrom(hash.getValue()).getAppHash().toByteArray());
    }

    // Same genesis and block on another database: the same hashes (determinism).
    try (RocksStore store = RocksStore.open(dir.resolve("other"))) {
      LeasechainApp app = new LeasechainApp(store, false);
      assertArrayEquals(genesisHash, app.initChain(initChain()).getAppHash().toByteArray());
      assertArrayEquals(
          appHash1,
          app.finalizeBlock(block(1, send(ALICE, 0, BOB, 1_000))).getAppHash().toByteArray());
    }
  }

  @Test
  void initChainRejectsAnInvalidAppState() throws Exception {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      LeasechainApp app = new LeasechainApp(store, false);
      IllegalArgumentException error =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  app.initChain(
                      initChain(
                          "{\"accounts\": [{\"address\": \"lease1nope\", \"balance\": \"5\"}]}"
                              .getBytes(StandardCharsets.UTF_8))));
      assertTrue(error.getMessage().contains("app_state.accounts[0].address"), error.getMessage());
      assertEquals(0, info(app).getLastBlockHeight());
    }
  }

  @Test
  void onlyTheFirstInfoIsLoggedAtInfoLevelSoAbciInfoInALoopCannotFloodTheLog() throws Exception {
    List<ILoggingEvent> events =
        CapturedLog.during(
            LeasechainApp.class,
            () -> {
              try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
                LeasechainApp app = new LeasechainApp(store, false);
                for (int i = 0; i < 3; i++) {
                  info(app);
                }
              }
            });
    List<Level> infoLevels = CapturedLog.levels(events, "Info:");
    assertEquals(List.of(Level.INFO, Level.DEBUG, Level.DEBUG), infoLevels);
  }

  // ---------------------------------------------------------------- crash recovery

  @Test
  void crashBetweenFinalizeBlockAndCommitReexecutesTheBlockToTheSameResult() throws Exception {
    Path db = dir.resolve("db");
    RequestFinalizeBlock block2 =
        block(
            2,
            send(ALICE, 1, BOB, 5),
            send(BOB, 0, CAROL, 7),
            send(CAROL, 0, ALICE, 10 * BALANCE)); // fails in the message: fee and sequence only
    byte[] appHash1;
    ResponseFinalizeBlock first;
    try (RocksStore store = RocksStore.open(db)) {
      LeasechainApp app = chainAtHeightOne(store, true, send(ALICE, 0, BOB, 1_000));
      appHash1 = info(app).getLastBlockAppHash().toByteArray();
      first = app.finalizeBlock(block2);
      assertOk(first.getTxResults(0));
      assertOk(first.getTxResults(1));
      assertEquals(BankError.CODESPACE, first.getTxResults(2).getCodespace());
      assertEquals(BankError.INSUFFICIENT_FUNDS.code(), first.getTxResults(2).getCode());
      // The process dies here: no Commit.
    }

    try (RocksStore store = RocksStore.open(db)) {
      LeasechainApp app = new LeasechainApp(store, true);
      ResponseInfo info = info(app);
      assertEquals(1, info.getLastBlockHeight(), "the uncommitted block left nothing");
      assertArrayEquals(appHash1, info.getLastBlockAppHash().toByteArray());
      assertEquals(BALANCE + 1_000, account(app, BOB).getBalance());
      assertEquals(0, account(app, BOB).getSequence());
      assertEquals(0, account(app, CAROL).getSequence());
      assertEquals(null, store.appHashAt(2));

      ResponseFinalizeBlock again = app.finalizeBlock(block2);
      assertArrayEquals(first.getAppHash().toByteArray(), again.getAppHash().toByteArray());
      assertEquals(first, again, "same tx results and events, too");
      app.commit(RequestCommit.getDefaultInstance());

      assertEquals(2, info(app).getLastBlockHeight());
      assertArrayEquals(
          first.getAppHash().toByteArray(), info(app).getLastBlockAppHash().toByteArray());
      assertEquals(BALANCE - 1_000 - FEE - 5 - FEE + 0, account(app, ALICE).getBalance());
      assertEquals(BALANCE + 1_000 + 5 - 7 - FEE, account(app, BOB).getBalance());
      assertEquals(BALANCE + 7 - FEE, account(app, CAROL).getBalance());
      assertEquals(1, account(app, CAROL).getSequence());
      assertEquals(3 * BALANCE, supply(app));
    }
  }

  @Test
  void crashBeforeTheFirstCommitRestartsFromGenesis() throws Exception {
    Path db = dir.resolve("db");
    byte[] genesisHash;
    byte[] appHash1;
    try (RocksStore store = RocksStore.open(db)) {
      LeasechainApp app = new LeasechainApp(store, true);
      genesisHash = app.initChain(initChain()).getAppHash().toByteArray();
      appHash1 = app.finalizeBlock(block(1, send(ALICE, 0, BOB, 3))).getAppHash().toByteArray();
    }
    try (RocksStore store = RocksStore.open(db)) {
      LeasechainApp app = new LeasechainApp(store, true);
      assertEquals(0, info(app).getLastBlockHeight(), "nothing of genesis reached disk");
      assertTrue(info(app).getLastBlockAppHash().isEmpty());
      // CometBFT sees height 0 and runs InitChain again.
      assertArrayEquals(genesisHash, app.initChain(initChain()).getAppHash().toByteArray());
      assertArrayEquals(
          appHash1, commitBlock(app, 1, send(ALICE, 0, BOB, 3)).getAppHash().toByteArray());
      assertEquals(1, info(app).getLastBlockHeight());
      assertEquals(BALANCE + 3, account(app, BOB).getBalance());
    }
  }

  // ---------------------------------------------------------------- CheckTx

  @Test
  void checkTxRunsOnTheMempoolViewUntilCommitResetsIt() throws Exception {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      LeasechainApp app = chainAtHeightOne(store, true);
      byte[] seq0 = send(CAROL, 0, BOB, 100);
      byte[] seq1 = send(CAROL, 1, BOB, 100);
      byte[] seq1Again = send(CAROL, 1, BOB, 200);

      assertOk(checkTx(app, seq0));
      assertOk(checkTx(app, seq1)); // sees seq0's sequence bump before any Commit
      assertRejected(TxError.CODESPACE, TxError.WRONG_SEQUENCE.code(), checkTx(app, seq1Again));
      assertRejected(
          TxError.CODESPACE, TxError.WRONG_SEQUENCE.code(), checkTx(app, send(CAROL, 0, BOB, 300)));
      assertRejected(
          TxError.CODESPACE, TxError.WRONG_SEQUENCE.code(), checkTx(app, send(CAROL, 7, BOB, 300)));

      // Spent balances count too: after two admitted txs, more than what is left fails...
      long left = BALANCE - 200 - 2 * FEE;
      assertRejected(
          BankError.CODESPACE,
          BankError.INSUFFICIENT_FUNDS.code(),
          checkTx(app, send(CAROL, 2, BOB, left - FEE + 1)));
      // ...a rejected tx leaves the view alone (sequence 2 is still free), and exactly the rest
      // passes.
      assertOk(checkTx(app, send(CAROL, 2, BOB, left - FEE)));

      // Committed state is untouched by CheckTx.
      assertEquals(0, account(app, CAROL).getSequence());
      assertEquals(BALANCE, account(app, CAROL).getBalance());

      // Block 2 includes only seq0; after its Commit the view is rebuilt from committed state.
      assertOk(commitBlock(app, 2, seq0).getTxResults(0));
      assertRejected(
          TxError.CODESPACE,
          TxError.WRONG_SEQUENCE.code(),
          checkTx(app, seq0, CheckTxType.RECHECK));
      // With a stale view (CAROL at sequence 3) this would fail; rebuilt, CAROL is at 1.
      assertOk(checkTx(app, seq1, CheckTxType.RECHECK));
      assertRejected(
          TxError.CODESPACE,
          TxError.WRONG_SEQUENCE.code(),
          checkTx(app, seq1, CheckTxType.RECHECK));
    }
  }

  @Test
  void checkTxRejectsEnvelopeProblemsWithTheirCodes() throws Exception {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      LeasechainApp app = chainAtHeightOne(store, false);
      assertRejected(TxError.CODESPACE, TxError.DECODE.code(), checkTx(app, randomBytes(1, 200)));
      byte[] valid = send(ALICE, 0, BOB, 1);
      assertRejected(
          TxError.CODESPACE,
          TxError.DECODE.code(),
          checkTx(app, Arrays.copyOf(valid, valid.length / 2)));
      assertRejected(
          TxError.CODESPACE,
          TxError.UNAUTHORIZED.code(),
          checkTx(app, send(ALICE, 0, address(BOB).toBech32(), 1, "another-chain")));
      assertRejected(
          BankError.CODESPACE,
          BankError.INVALID_ADDRESS.code(),
          checkTx(app, send(ALICE, 0, "lease1notanaddress", 1, CHAIN_ID)));
      assertRejected(
          BankError.CODESPACE,
          BankError.INVALID_AMOUNT.code(),
          checkTx(app, send(ALICE, 0, address(BOB).toBech32(), Long.MIN_VALUE, CHAIN_ID)));
      // None of them used the sequence.
      assertOk(checkTx(app, valid));
    }
  }

  // ---------------------------------------------------------------- proposals

  @Test
  void processProposalRejectsEveryTxACorrectProposerWouldLeaveOut() throws Exception {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      LeasechainApp app = chainAtHeightOne(store, true);
      byte[] good = send(ALICE, 0, BOB, 10);
      byte[] valid = send(BOB, 0, ALICE, 1);
      byte[] badSignature = valid.clone();
      badSignature[badSignature.length - 1] ^= 1;
      byte[] zeroFee =
          TxSigner.sign(
              List.of(sendMsg(CAROL, BOB, 1)),
              List.of(new TxSigner.SignerAccount(CAROL, 0)),
              TxSigner.Options.of(CHAIN_ID, 0, GAS));
      byte[] malleated = Arrays.copyOf(valid, valid.length + 2);
      malleated[valid.length] = 0x78;
      malleated[valid.length + 1] = 0x01;
      List<byte[]> invalid =
          List.of(
              randomBytes(7, 120),
              Arrays.copyOf(valid, valid.length - 10),
              new byte[TxParamsRules.DEFAULTS.getMaxTxBytes() + 1],
              send(CAROL, 0, ALICE, 10 * BALANCE), // fails in its message
              send(BOB, 9, ALICE, 1), // wrong sequence
              send(BOB, 0, address(ALICE).toBech32(), 1, "other-chain"),
              badSignature,
              zeroFee,
              malleated);

      assertEquals(ProposalStatus.ACCEPT, process(app, 2).getStatus());
      assertEquals(ProposalStatus.ACCEPT, process(app, 2, good, valid).getStatus());
      assertEquals(ProposalStatus.REJECT, process(app, 2, good, good).getStatus(), "a replay");
      for (byte[] tx : invalid) {
        assertEquals(ProposalStatus.REJECT, process(app, 2, good, tx).getStatus());
        assertEquals(ProposalStatus.REJECT, process(app, 2, tx, valid).getStatus());
        assertEquals(List.of(), prepare(app, 2, 1_000_000, tx), "a correct proposer drops it");
      }
    }
  }

  /** tx.max_block_gas from the genesis JSON bounds both callbacks. */
  @Test
  void aBlockOverMaxBlockGasIsNeitherProposedNorAccepted() throws Exception {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      LeasechainApp app = twoTransfersPerBlock(store, ALICE, BOB, CAROL);
      byte[][] transfers = {
        send(ALICE, 0, BOB, 1), send(BOB, 0, CAROL, 1), send(CAROL, 0, ALICE, 1)
      };

      assertEquals(
          List.of(ByteString.copyFrom(transfers[0]), ByteString.copyFrom(transfers[1])),
          prepare(app, 2, 1_000_000, transfers));
      assertEquals(ProposalStatus.REJECT, process(app, 2, transfers).getStatus());
      assertEquals(ProposalStatus.ACCEPT, process(app, 2, transfers[1], transfers[2]).getStatus());
    }
  }

  /**
   * The stalling proposal: a council SetParams raising max_tx_bytes and a tx larger than the old
   * limit, in that order. PrepareProposal keeps both; ProcessProposal used to check sizes against
   * the committed params and refuse the block on every validator, round after round.
   */
  @Test
  void processProposalAcceptsATxThatAnEarlierTxOfTheBlockMadeValid() throws Exception {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      ObjectNode appState =
          (ObjectNode) JSON.readTree(appState(List.of(address(ALICE), address(BOB))));
      ((ObjectNode) appState.path("params").path("tx")).put("max_tx_bytes", 4_096);
      AppState.setCouncil(appState, List.of(address(ALICE), address(BOB)), 2);
      LeasechainApp app = new LeasechainApp(store, true);
      app.initChain(initChain(JSON.writeValueAsBytes(appState)));
      commitBlock(app, 1);

      TxParams raised =
          TxParamsRules.DEFAULTS.toBuilder().setMaxTxBytes(16_000).setMaxMsgs(64).build();
      Msg setParams =
          Msg.newBuilder()
              .setCouncilPropose(
                  MsgCouncilPropose.newBuilder()
                      .setProposer(address(ALICE).toBech32())
                      .addCoSigners(address(BOB).toBech32())
                      .setAction(
                          CouncilAction.newBuilder()
                              .setSetParams(SetParams.newBuilder().setTx(raised))))
              .build();
      byte[] council =
          TxSigner.sign(
              List.of(setParams),
              List.of(new TxSigner.SignerAccount(ALICE, 0), new TxSigner.SignerAccount(BOB, 0)),
              TxSigner.Options.of(CHAIN_ID, FEE, GAS));
      List<Msg> sends = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        sends.add(sendMsg(ALICE, BOB, 1 + i));
      }
      byte[] big =
          TxSigner.sign(
              sends,
              List.of(new TxSigner.SignerAccount(ALICE, 1)),
              TxSigner.Options.of(CHAIN_ID, 1_000, 1_000_000));
      assertTrue(big.length > 4_096 && big.length < 16_000, big.length + " bytes");

      assertOk(checkTx(app, council));
      assertOk(checkTx(app, big));
      List<ByteString> proposal = prepare(app, 2, 1_000_000, council, big);
      assertEquals(list(council, big), proposal);
      assertEquals(
          ProposalStatus.ACCEPT,
          process(app, 2, council, big).getStatus(),
          "the block a correct proposer made is refused");
      ResponseFinalizeBlock block = commitBlock(app, 2, council, big);
      assertOk(block.getTxResults(0));
      assertOk(block.getTxResults(1));
    }
  }

  /**
   * Each signature is verified once per node: in CheckTx. Rechecks after a block, PrepareProposal,
   * ProcessProposal and FinalizeBlock find it remembered.
   */
  @Test
  void signaturesAreVerifiedOnceAcrossCheckTxRecheckAndTheProposalCalls() throws Exception {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      LeasechainApp app = chainAtHeightOne(store, true);
      SignatureCache signatures = app.signatureCache();
      List<byte[]> txs = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        txs.add(send(ALICE, i, BOB, 1 + i));
      }
      long before = signatures.verifications();
      for (byte[] tx : txs) {
        assertOk(checkTx(app, tx));
      }
      assertEquals(before + txs.size(), signatures.verifications(), "one check per new tx");

      byte[][] firstHalf = txs.subList(0, 10).toArray(byte[][]::new);
      assertEquals(10, prepare(app, 2, 1_000_000, firstHalf).size());
      assertEquals(ProposalStatus.ACCEPT, process(app, 2, firstHalf).getStatus());
      commitBlock(app, 2, firstHalf);
      for (byte[] tx : txs.subList(10, 20)) {
        assertOk(checkTx(app, tx, CheckTxType.RECHECK));
      }
      assertEquals(before + txs.size(), signatures.verifications(), "no signature verified twice");

      // A state change a recheck must see still counts: the replayed txs now fail.
      for (byte[] tx : txs.subList(0, 10)) {
        assertRejected(
            TxError.CODESPACE,
            TxError.WRONG_SEQUENCE.code(),
            checkTx(app, tx, CheckTxType.RECHECK));
      }
    }
  }

  /**
   * A new tx's signature is verified before CheckTx takes the application lock; CheckTx, the
   * recheck and the block then find it remembered.
   */
  @Test
  void aSignatureVerifiedBeforeCheckTxIsNotVerifiedAgain() throws Exception {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      LeasechainApp app = chainAtHeightOne(store, true);
      SignatureCache signatures = app.signatureCache();
      byte[] tx = send(ALICE, 0, BOB, 5);
      long before = signatures.verifications();

      app.beforeCheckTx(RequestCheckTx.newBuilder().setTx(ByteString.copyFrom(tx)).build());
      assertEquals(before + 1, signatures.verifications(), "verified before the lock");
      assertOk(checkTx(app, tx));
      assertOk(commitBlock(app, 2, tx).getTxResults(0));
      assertEquals(before + 1, signatures.verifications(), "never verified again");
    }
  }

  /**
   * A block nobody saw in CheckTx (block sync, another proposer's txs): its signatures are checked
   * in parallel ahead of execution, and a bad one among them is still refused in its place, by
   * ProcessProposal and by FinalizeBlock, even when its correctly signed twin was verified.
   */
  @Test
  void aBadSignatureAmongABlockVerifiedInParallelIsStillRefused() throws Exception {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      LeasechainApp app = chainAtHeightOne(store, true);
      List<byte[]> txs = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        txs.add(send(ALICE, i, BOB, 1 + i));
      }
      byte[] twin = txs.get(25);
      byte[] forged = twin.clone();
      forged[forged.length - 1] ^= 1;
      List<byte[]> withForgery = new ArrayList<>(txs);
      withForgery.set(25, forged);
      byte[][] honest = txs.toArray(byte[][]::new);
      byte[][] byzantine = withForgery.toArray(byte[][]::new);

      assertEquals(ProposalStatus.ACCEPT, process(app, 2, honest).getStatus());
      assertEquals(ProposalStatus.REJECT, process(app, 2, byzantine).getStatus());
      ResponseFinalizeBlock block = commitBlock(app, 2, byzantine);
      for (int i = 0; i < 40; i++) {
        if (i < 25) {
          assertOk(block.getTxResults(i));
        } else {
          // The forged tx fails its signature; those after it carry the next sequences.
          assertEquals(
              i == 25 ? TxError.UNAUTHORIZED.code() : TxError.WRONG_SEQUENCE.code(),
              block.getTxResults(i).getCode(),
              "tx " + i + ": " + block.getTxResults(i).getLog());
        }
      }
    }
  }

  /**
   * A byzantine proposer's block of txs whose signatures are all bad, and that nobody can cache,
   * costs each validator a few verifications, not one per tx: the ledger refuses the block at its
   * first tx, and the parallel verification ahead stops as soon as one tx fails. Verified in full
   * ahead, every proposal of such a block cost every validator the whole block's verifications.
   */
  @Test
  void aBlockOfBadSignaturesCostsAFewVerificationsNotOnePerTx() throws Exception {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      LeasechainApp app = chainAtHeightOne(store, true);
      SignatureCache signatures = app.signatureCache();
      int count = 400;
      byte[][] forged = new byte[count][];
      for (int i = 0; i < count; i++) {
        forged[i] = send(ALICE, 0, BOB, 1 + i);
        forged[i][forged[i].length - 1] ^= 1;
      }
      long before = signatures.verifications();

      assertEquals(ProposalStatus.REJECT, process(app, 2, forged).getStatus());
      long spent = signatures.verifications() - before;
      int bound = 4 * Runtime.getRuntime().availableProcessors() + 2;
      assertTrue(spent <= bound, spent + " verifications for one refused block, at most " + bound);
    }
  }

  /**
   * A byzantine proposer's block of correctly signed txs far over max_block_gas: ProcessProposal
   * verifies ahead only the txs the gas cap lets the rule reach (two transfers fit, the third is
   * over), not the whole block, which it used to verify in full before refusing it.
   */
  @Test
  void aBlockFarOverTheGasCapIsRefusedAfterTheSignaturesThatFit() throws Exception {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      LeasechainApp app = twoTransfersPerBlock(store, ALICE, BOB);
      SignatureCache signatures = app.signatureCache();
      byte[][] block = new byte[400][];
      for (int i = 0; i < block.length; i++) {
        block[i] = send(ALICE, i, BOB, 1);
      }
      long before = signatures.verifications();

      assertEquals(ProposalStatus.REJECT, process(app, 2, block).getStatus());
      assertEquals(3, signatures.verifications() - before, "verifications for the refused block");
      assertEquals(
          ProposalStatus.ACCEPT, process(app, 2, block[0], block[1]).getStatus(), "two fit");
    }
  }

  /**
   * The same with txs of ten signers each (a council proposal by alice that nine members co-sign,
   * the only way a tx may carry that many signers): each signature pays for its check, so the cap
   * bounds the signatures verified ahead, not only the txs: those of the txs that fit and of the
   * first that does not, a tenth of the block's 1,000 signatures (counting one signature per tx,
   * the reach took in three quarters of them).
   */
  @Test
  void aBlockOfManySignerTxsIsRefusedAfterTheSignaturesTheCapPaysFor() throws Exception {
    List<Ed25519PrivateKey> council = new ArrayList<>(List.of(ALICE));
    for (int s = 1; s < 10; s++) {
      council.add(key("member-" + s));
    }
    List<Address> coSigners =
        council.subList(1, council.size()).stream().map(LeasechainAppTest::address).toList();
    List<byte[]> block = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      int sequence = i;
      Msg propose =
          Messages.councilPropose(
              address(ALICE), Messages.appointAuditor(address(key("auditor-" + i))), coSigners);
      block.add(
          TxSigner.sign(
              List.of(propose),
              council.stream().map(key -> new TxSigner.SignerAccount(key, sequence)).toList(),
              TxSigner.Options.of(CHAIN_ID, 1_000, 500_000)));
    }
    // The least cap the rules allow at max_tx_bytes 4,096 and one message: the largest tx of 65
    // signers.
    TxParams params = TxParamsRules.DEFAULTS.toBuilder().setMaxTxBytes(4_096).setMaxMsgs(1).build();
    params = params.toBuilder().setMaxBlockGas(TxParamsRules.largestGas(params)).build();
    int fit = 0;
    long gas = 0;
    while ((gas += Gas.required(params, block.get(fit).length, 1, 10)) <= params.getMaxBlockGas()) {
      fit++;
    }
    assertTrue(fit > 5 && fit < 20, fit + " txs fit");
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      LeasechainApp app =
          withTxParams(store, params, council, council.toArray(Ed25519PrivateKey[]::new));
      SignatureCache signatures = app.signatureCache();
      long before = signatures.verifications();

      assertEquals(
          ProposalStatus.REJECT, process(app, 2, block.toArray(byte[][]::new)).getStatus());
      assertEquals(
          10L * (fit + 1),
          signatures.verifications() - before,
          "verifications for the refused block");
      assertEquals(
          ProposalStatus.ACCEPT,
          process(app, 2, block.subList(0, fit).toArray(byte[][]::new)).getStatus(),
          fit + " fit");
    }
  }

  /**
   * ProcessProposal takes this node's own proposal as prepared without running it again, and
   * anything else at that height, however close, through the whole rule.
   */
  @Test
  void processProposalAcceptsItsOwnPreparedProposalAndJudgesAnyOther() throws Exception {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      LeasechainApp app = chainAtHeightOne(store, true);
      byte[] first = send(ALICE, 0, BOB, 1);
      byte[] replay = first.clone();
      byte[] second = send(ALICE, 1, BOB, 2);
      byte[] wrongSequence = send(BOB, 7, ALICE, 1);

      List<ByteString> chosen = prepare(app, 2, 1_000_000, first, replay, wrongSequence, second);
      assertEquals(list(first, second), chosen);
      assertEquals(ProposalStatus.ACCEPT, process(app, 2, first, second).getStatus());
      assertEquals(ProposalStatus.REJECT, process(app, 2, first, replay, second).getStatus());
      assertEquals(
          ProposalStatus.REJECT, process(app, 2, first, second, wrongSequence).getStatus());
      assertEquals(ProposalStatus.REJECT, process(app, 2, second, first).getStatus());
    }
  }

  /**
   * A chain at height 1 whose tx.max_block_gas is the least the rules accept at max_msgs 1 and
   * max_tx_bytes 4,096, with a message costing 150,000 gas, a signature 100 and a byte 1: 422,740,
   * the largest tx of 65 signers; two transfers (some 150,350 each) fit in a block, a third does
   * not.
   */
  private static LeasechainApp twoTransfersPerBlock(RocksStore store, Ed25519PrivateKey... keys)
      throws Exception {
    TxParams params =
        TxParamsRules.DEFAULTS.toBuilder()
            .setMaxTxBytes(4_096)
            .setMaxMsgs(1)
            .setBaseGas(100)
            .setGasPerByte(1)
            .setGasPerMsg(150_000)
            .build();
    return withTxParams(
        store, params.toBuilder().setMaxBlockGas(TxParamsRules.largestGas(params)).build(), keys);
  }

  /** A chain at height 1 with {@code tx} as its tx params. */
  private static LeasechainApp withTxParams(
      RocksStore store, TxParams tx, Ed25519PrivateKey... keys) throws Exception {
    return withTxParams(store, tx, List.of(), keys);
  }

  /** The same with a 2-of-n council of {@code council} (none if empty). */
  private static LeasechainApp withTxParams(
      RocksStore store, TxParams tx, List<Ed25519PrivateKey> council, Ed25519PrivateKey... keys)
      throws Exception {
    List<Address> accounts = new ArrayList<>();
    for (Ed25519PrivateKey key : keys) {
      accounts.add(address(key));
    }
    ObjectNode appState = (ObjectNode) JSON.readTree(appState(accounts));
    ((ObjectNode) appState.path("params").path("tx"))
        .put("min_gas_price", Long.toString(tx.getMinGasPrice()))
        .put("base_gas", Long.toString(tx.getBaseGas()))
        .put("gas_per_byte", Long.toString(tx.getGasPerByte()))
        .put("gas_per_msg", Long.toString(tx.getGasPerMsg()))
        .put("max_memo_bytes", tx.getMaxMemoBytes())
        .put("max_tx_bytes", tx.getMaxTxBytes())
        .put("max_msgs", tx.getMaxMsgs())
        .put("max_block_gas", Long.toString(tx.getMaxBlockGas()));
    if (!council.isEmpty()) {
      AppState.setCouncil(appState, council.stream().map(LeasechainAppTest::address).toList(), 2);
    }
    LeasechainApp app = new LeasechainApp(store, true);
    app.initChain(initChain(JSON.writeValueAsBytes(appState)));
    commitBlock(app, 1);
    return app;
  }

  private static io.leasechain.node.abci.proto.ResponseProcessProposal process(
      LeasechainApp app, long height, byte[]... txs) {
    RequestProcessProposal.Builder request =
        RequestProcessProposal.newBuilder().setHeight(height).setTime(time(height));
    for (byte[] tx : txs) {
      request.addTxs(ByteString.copyFrom(tx));
    }
    return app.processProposal(request.build());
  }

  private static List<ByteString> prepare(
      LeasechainApp app, long height, long maxTxBytes, byte[]... txs) {
    RequestPrepareProposal.Builder request =
        RequestPrepareProposal.newBuilder()
            .setHeight(height)
            .setTime(time(height))
            .setMaxTxBytes(maxTxBytes);
    for (byte[] tx : txs) {
      request.addTxs(ByteString.copyFrom(tx));
    }
    List<ByteString> chosen = app.prepareProposal(request.build()).getTxsList();
    long total = chosen.stream().mapToLong(ByteString::size).sum();
    assertTrue(
        total <= maxTxBytes, "proposal of " + total + " bytes exceeds max_tx_bytes " + maxTxBytes);
    return chosen;
  }

  private static List<ByteString> list(byte[]... txs) {
    List<ByteString> list = new ArrayList<>();
    for (byte[] tx : txs) {
      list.add(ByteString.copyFrom(tx));
    }
    return list;
  }

  @Test
  void prepareProposalDropsTxsThatFailAndRespectsMaxTxBytes() throws Exception {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      LeasechainApp app = chainAtHeightOne(store, true);
      byte[] a0 = send(ALICE, 0, BOB, 1);
      byte[] a1 = sendWithMemo(ALICE, 1, BOB, 2, "m".repeat(100)); // far larger than b0
      byte[] a2 = send(ALICE, 2, BOB, 3);
      byte[] overdraw = send(CAROL, 0, BOB, 10 * BALANCE);
      byte[] stale = send(BOB, 3, ALICE, 1);
      byte[] garbage = randomBytes(3, 90);
      byte[] b0 = send(BOB, 0, ALICE, 4);

      assertTrue(a1.length > b0.length + 50);
      assertEquals(
          list(a0, a1, a2), prepare(app, 2, 1 << 20, a0, overdraw, garbage, a1, stale, a2));
      // Order matters: a1 cannot pass before a0.
      assertEquals(list(a0), prepare(app, 2, 1 << 20, a1, a0));
      // Size: a0 fits, a1 would exceed the limit, the (failing) next one from ALICE is dropped,
      // BOB's fits.
      // (The limit leaves room for CometBFT's per-tx framing, see the test below.)
      assertEquals(list(a0, b0), prepare(app, 2, a0.length + b0.length + 10, a0, a1, a2, b0));
      assertEquals(list(a0), prepare(app, 2, a0.length + a1.length - 1, a0, a1));
      assertEquals(list(), prepare(app, 2, a0.length - 1, a0));
      assertEquals(list(), prepare(app, 2, 0, a0));

      // Preparing simulates on scratch state: neither committed state nor the mempool view moved.
      assertEquals(0, account(app, ALICE).getSequence());
      assertOk(checkTx(app, a0));
      ResponseFinalizeBlock block = commitBlock(app, 2, a0, a1, a2);
      block.getTxResultsList().forEach(LeasechainAppTest::assertOk);
    }
  }

  /**
   * CometBFT checks ResponsePrepareProposal.txs with {@code Txs.Validate(max_tx_bytes)}, which sums
   * each tx's size inside the block's Data proto (field tag + length varint + bytes), and panics
   * the proposer if the sum is above max_tx_bytes (state/execution.go CreateProposalBlock,
   * consensus/state.go createProposalBlock). The app must count the same way.
   */
  @Test
  void prepareProposalCountsTxBytesTheWayCometBftValidatesThem() throws Exception {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      LeasechainApp app = chainAtHeightOne(store, true);
      byte[] a0 = send(ALICE, 0, BOB, 1);
      byte[] b0 = send(BOB, 0, ALICE, 2);
      long exactRaw = a0.length + b0.length;
      List<ByteString> chosen = prepare(app, 2, exactRaw, a0, b0);
      long cometSize = chosen.stream().mapToLong(LeasechainAppTest::cometTxSize).sum();
      assertTrue(
          cometSize <= exactRaw,
          "CometBFT would see "
              + cometSize
              + " bytes of txs against max_tx_bytes "
              + exactRaw
              + " and panic creating the proposal; the app returned "
              + chosen.size()
              + " txs");
      assertEquals(list(a0, b0), prepare(app, 2, cometTxSize(a0) + cometTxSize(b0), a0, b0));
    }
  }

  /** types.ComputeProtoSizeForTxs for one tx: field 1 tag, length varint, the bytes. */
  private static long cometTxSize(ByteString tx) {
    return 1 + com.google.protobuf.CodedOutputStream.computeUInt32SizeNoTag(tx.size()) + tx.size();
  }

  private static long cometTxSize(byte[] tx) {
    return cometTxSize(ByteString.copyFrom(tx));
  }

  // ---------------------------------------------------------------- queries

  @Test
  void queriesAnswerStatePathsAndRefuseWhatTheyCannotAnswer() throws Exception {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      LeasechainApp app = chainAtHeightOne(store, true, send(ALICE, 0, BOB, 1_000));
      byte[] appHash1 = info(app).getLastBlockAppHash().toByteArray();

      ResponseQuery aliceAnswer = query(app, "/account/" + address(ALICE).toBech32(), 0);
      assertEquals(0, aliceAnswer.getCode());
      assertEquals(1, aliceAnswer.getHeight());
      assertArrayEquals(BankKeeper.accountKey(address(ALICE)), aliceAnswer.getKey().toByteArray());
      Account alice = Account.parseFrom(aliceAnswer.getValue());
      assertEquals(address(ALICE).toBech32(), alice.getAddress());
      assertEquals(BALANCE - 1_000 - FEE, alice.getBalance());
      assertEquals(1, alice.getSequence());

      // An address never seen reads as the zero account.
      Account stranger = account(app, key("stranger"));
      assertEquals(0, stranger.getBalance());
      assertEquals(0, stranger.getSequence());

      ParamsResponse params = ParamsResponse.parseFrom(query(app, "/params", 0).getValue());
      assertEquals(TxParamsRules.DEFAULTS, params.getTx());
      assertEquals(BankParamsRules.DEFAULTS, params.getBank());
      assertEquals(3 * BALANCE, supply(app));

      assertQueryRejected(QueryError.UNKNOWN_PATH, query(app, "/no/such/path", 0));
      assertQueryRejected(QueryError.UNKNOWN_PATH, query(app, "", 0));
      assertQueryRejected(QueryError.INVALID_ARGUMENT, query(app, "/account/lease1garbage", 0));
      assertQueryRejected(QueryError.INVALID_ARGUMENT, query(app, "/account", 0));
      // A list path cannot be proven key by key: refused, so no client takes it for a proven one.
      assertQueryRejected(
          QueryError.INVALID_ARGUMENT,
          app.query(RequestQuery.newBuilder().setPath("/orders").setProve(true).build()));
      assertEquals(
          1,
          app.query(RequestQuery.newBuilder().setPath("/supply").setProve(true).build())
              .getProofOps()
              .getOpsCount());

      // Height: 0 and every kept height are answered; a height not yet committed is refused.
      assertEquals(0, query(app, "/supply", 1).getCode());
      assertQueryRejected(QueryError.HEIGHT_UNAVAILABLE, query(app, "/supply", 2));
      commitBlock(app, 2);
      assertEquals(0, query(app, "/supply", 2).getCode());
      ResponseQuery old = query(app, "/account/" + address(ALICE).toBech32(), 1);
      assertEquals(0, old.getCode(), old.getLog());
      assertEquals(1, old.getHeight());
      assertEquals(alice, Account.parseFrom(old.getValue()));

      AppHashResponse hash1 = AppHashResponse.parseFrom(query(app, "/app_hash/1", 0).getValue());
      assertEquals(1, hash1.getHeight());
      assertArrayEquals(appHash1, hash1.getAppHash().toByteArray());
      assertArrayEquals(
          info(app).getLastBlockAppHash().toByteArray(),
          AppHashResponse.parseFrom(query(app, "/app_hash/2", 0).getValue())
              .getAppHash()
              .toByteArray());
      assertQueryRejected(QueryError.HEIGHT_UNAVAILABLE, query(app, "/app_hash/3", 0));
      assertQueryRejected(QueryError.INVALID_ARGUMENT, query(app, "/app_hash/one", 0));
    }
  }

  private static void assertQueryRejected(QueryError error, ResponseQuery response) {
    assertEquals(
        error.codespace() + "/" + error.code(),
        response.getCodespace() + "/" + response.getCode(),
        () -> "log: " + response.getLog());
    assertEquals("query", response.getCodespace());
    assertFalse(response.getLog().isEmpty());
  }

  // ---------------------------------------------------------------- invariants

  @Test
  void invariantsCheckedAtEveryCommitPassOnANormalChainAndCatchABrokenState() throws Exception {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      // More accounts than one store scan batch (256), so the supply invariant's scan refills.
      List<Ed25519PrivateKey> keys = new ArrayList<>();
      List<Address> addresses = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        keys.add(key("account-" + i));
        addresses.add(address(keys.get(i)));
      }
      LeasechainApp app = new LeasechainApp(store, true);
      app.initChain(initChain(appState(addresses)));
      for (long height = 1; height <= 3; height++) {
        List<byte[]> txs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          int from = (int) (height * 20 + i) % keys.size();
          txs.add(send(keys.get(from), 0, keys.get((from + 1) % keys.size()), 1_000 + i));
        }
        ResponseFinalizeBlock block = commitBlock(app, height, txs.toArray(byte[][]::new));
        block.getTxResultsList().forEach(LeasechainAppTest::assertOk);
      }
      assertEquals(3, info(app).getLastBlockHeight());
      assertEquals(300 * BALANCE, supply(app));

      // Corrupt committed state behind the ledger's back: one balance grows, supply does not.
      Account first = BankKeeper.account(store, addresses.get(0));
      store.commit(
          store.prepare(
              4,
              List.of(
                  new Write(
                      BankKeeper.accountKey(addresses.get(0)),
                      first.toBuilder()
                          .setBalance(first.getBalance() + 1)
                          .build()
                          .toByteArray()))));
      app.finalizeBlock(block(5));
      IllegalStateException broken =
          assertThrows(
              IllegalStateException.class, () -> app.commit(RequestCommit.getDefaultInstance()));
      assertTrue(broken.getMessage().contains("total-supply"), broken.getMessage());

      // The block that broke them never reached the disk, and the app goes no further.
      assertEquals(4, store.lastCommit().height());
      IllegalStateException halted =
          assertThrows(IllegalStateException.class, () -> app.finalizeBlock(block(5)));
      assertTrue(halted.getMessage().startsWith("halted"), halted.getMessage());
      assertThrows(
          IllegalStateException.class, () -> app.commit(RequestCommit.getDefaultInstance()));
      assertEquals(4, store.lastCommit().height());
    }
  }

  @Test
  void commitWithoutFinalizeBlockIsRefused() throws Exception {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      LeasechainApp app = chainAtHeightOne(store, false);
      assertThrows(
          IllegalStateException.class, () -> app.commit(RequestCommit.getDefaultInstance()));
      assertEquals(1, info(app).getLastBlockHeight());
    }
  }

  @Test
  void blockResultsCarryEventsAndGas() throws Exception {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      LeasechainApp app = chainAtHeightOne(store, false);
      ExecTxResult result = commitBlock(app, 2, send(ALICE, 0, BOB, 42)).getTxResults(0);
      assertOk(result);
      assertEquals(GAS, result.getGasWanted());
      assertTrue(result.getGasUsed() > 0 && result.getGasUsed() <= GAS);
      assertTrue(
          result.getEventsList().stream()
              .anyMatch(
                  event ->
                      event.getType().equals("transfer")
                          && event.getAttributesList().stream()
                              .anyMatch(
                                  a ->
                                      a.getKey().equals("amount")
                                          && a.getValue().equals("42ulease"))),
          result.getEventsList().toString());
      assertNotEquals(0, result.getEventsCount());
    }
  }

  // ---------------------------------------------------------------- heights

  @Test
  void finalizeBlockRefusesAnyHeightButTheNextOne() throws Exception {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      LeasechainApp fresh = new LeasechainApp(store, false);
      assertThrows(IllegalStateException.class, () -> fresh.finalizeBlock(block(1)));

      LeasechainApp app = new LeasechainApp(store, false);
      app.initChain(initChain());
      assertThrows(IllegalStateException.class, () -> app.finalizeBlock(block(2)));
      commitBlock(app, 1);
      for (long wrong : new long[] {0, 1, 3, Long.MAX_VALUE}) {
        IllegalStateException refused =
            assertThrows(IllegalStateException.class, () -> app.finalizeBlock(block(wrong)));
        assertTrue(refused.getMessage().contains("next height is 2"), refused.getMessage());
      }
      app.finalizeBlock(block(2));
      // CometBFT restarted alone re-executes the block it had not committed: that is allowed.
      app.finalizeBlock(block(2));
      app.commit(RequestCommit.getDefaultInstance());
      assertEquals(2, info(app).getLastBlockHeight());
    }
  }

  @Test
  void queriesReadGenesisBeforeTheFirstCommitAndTheLastCommitWhileABlockIsStaged()
      throws Exception {
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      LeasechainApp app = new LeasechainApp(store, false);
      app.initChain(initChain());
      ResponseQuery genesisAnswer = query(app, "/account/" + address(ALICE).toBech32(), 0);
      assertEquals(0, genesisAnswer.getHeight());
      assertEquals(BALANCE, Account.parseFrom(genesisAnswer.getValue()).getBalance());

      commitBlock(app, 1);
      app.finalizeBlock(block(2, send(ALICE, 0, BOB, 1_000)));
      // Block 2 is executed but not committed: queries still answer height 1's state.
      ResponseQuery staged = query(app, "/account/" + address(ALICE).toBech32(), 0);
      assertEquals(1, staged.getHeight());
      assertEquals(BALANCE, Account.parseFrom(staged.getValue()).getBalance());
      app.commit(RequestCommit.getDefaultInstance());
      assertEquals(BALANCE - 1_000 - FEE, account(app, ALICE).getBalance());
    }
  }
}

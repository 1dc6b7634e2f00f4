package io.leasechain.node.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.leasechain.client.tx.TxSigner;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hashes;
import io.leasechain.genesis.AppState;
import io.leasechain.ledger.bank.proto.MsgSend;
import io.leasechain.ledger.tx.SignDocs;
import io.leasechain.ledger.tx.SignedBytes;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.ledger.tx.proto.Tx;
import io.leasechain.ledger.tx.proto.TxBody;
import io.leasechain.node.abci.proto.CheckTxType;
import io.leasechain.node.abci.proto.RequestCheckTx;
import io.leasechain.node.abci.proto.RequestFinalizeBlock;
import io.leasechain.node.abci.proto.RequestInitChain;
import io.leasechain.node.abci.proto.RequestProcessProposal;
import io.leasechain.node.abci.proto.ResponseCheckTx;
import io.leasechain.node.abci.proto.ResponseFinalizeBlock;
import io.leasechain.node.abci.proto.ResponseProcessProposal;
import io.leasechain.node.abci.proto.ResponseProcessProposal.ProposalStatus;
import io.leasechain.node.store.RocksStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression: SignatureCache once keyed entries by sha256(key || signature || message) without
 * length framing and consulted the cache before checking the signature is 64 bytes. A signature S
 * over M is cached; then (S || M[0..k), M[k..]) hits the same entry. If an attacker chose the end
 * of the victim's body (a memo), M[k..] is the SignDoc of a tx of the attacker's choosing.
 */
class SignatureCacheForgeryTest {

  private static final String CHAIN_ID = "review-chain";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Ed25519PrivateKey ALICE = key("alice");
  private static final Ed25519PrivateKey MALLORY = key("mallory");
  private static final Timestamp BLOCK_TIME =
      Timestamp.newBuilder().setSeconds(1_700_000_005L).build();

  @TempDir Path dir;

  private static Ed25519PrivateKey key(String name) {
    return Ed25519PrivateKey.fromSeed(Hashes.sha256(name.getBytes(StandardCharsets.UTF_8)));
  }

  private static Address address(Ed25519PrivateKey key) {
    return key.publicKey().address();
  }

  @Test
  void aLongerSignatureOverAShorterMessageDoesNotHitTheEntry() {
    SignatureCache cache = new SignatureCache(10);
    byte[] message = "0123456789".getBytes(StandardCharsets.UTF_8);
    byte[] signature = ALICE.sign(message);
    cache.verify(ALICE.publicKey(), SignedBytes.of(message), signature);
    byte[] longer = Arrays.copyOf(signature, 65);
    longer[64] = message[0];
    assertFalse(
        cache.verify(
            ALICE.publicKey(),
            SignedBytes.of(Arrays.copyOfRange(message, 1, message.length)),
            longer),
        "a 65-byte signature over another message must not verify");
  }

  @Test
  void aMemoChosenByAnAttackerDoesNotLetHimForgeTheVictimsTx() throws Exception {
    // The forged body: Alice sends almost all her balance to Mallory.
    long amount = 0;
    byte[] forgedBody = null;
    // find an amount whose encoding is valid UTF-8 (so it can sit in a proto3 string memo)
    for (long a = 900_000_000L; a > 0; a -= 7) {
      byte[] b =
          TxBody.newBuilder()
              .addMessages(
                  Msg.newBuilder()
                      .setSend(
                          MsgSend.newBuilder()
                              .setFrom(address(ALICE).toBech32())
                              .setTo(address(MALLORY).toBech32())
                              .setAmount(a)))
              .build()
              .toByteArray();
      ByteArrayOutputStream memo = new ByteArrayOutputStream();
      memo.write(0x0a);
      memo.write(b.length); // < 128
      memo.write(b);
      byte[] mb = memo.toByteArray();
      if (Arrays.equals(
          mb, new String(mb, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8))) {
        amount = a;
        forgedBody = b;
        break;
      }
    }
    if (forgedBody == null) {
      // fall back to a small amount (always ASCII-safe)
      amount = 100;
      forgedBody =
          TxBody.newBuilder()
              .addMessages(
                  Msg.newBuilder()
                      .setSend(
                          MsgSend.newBuilder()
                              .setFrom(address(ALICE).toBech32())
                              .setTo(address(MALLORY).toBech32())
                              .setAmount(amount)))
              .build()
              .toByteArray();
    }
    byte[] memoBytes = new byte[forgedBody.length + 2];
    memoBytes[0] = 0x0a;
    memoBytes[1] = (byte) forgedBody.length;
    System.arraycopy(forgedBody, 0, memoBytes, 2, forgedBody.length);
    String memo = new String(memoBytes, StandardCharsets.UTF_8);

    // Alice pays Mallory 1 ulease with the memo Mallory asked for (a deposit reference).
    Msg pay =
        Msg.newBuilder()
            .setSend(
                MsgSend.newBuilder()
                    .setFrom(address(ALICE).toBech32())
                    .setTo(address(MALLORY).toBech32())
                    .setAmount(1))
            .build();
    byte[] victimTx =
        TxSigner.sign(
            List.of(pay),
            List.of(new TxSigner.SignerAccount(ALICE, 0)),
            new TxSigner.Options(CHAIN_ID, 250, 200_000, memo, 0));
    Tx victim = Tx.parseFrom(victimTx);
    byte[] signDoc = SignDocs.bytes(victim.getBody(), victim.getAuthInfo(), CHAIN_ID);
    byte[] forgedSignDoc =
        SignDocs.bytes(ByteString.copyFrom(forgedBody), victim.getAuthInfo(), CHAIN_ID);
    int k = signDoc.length - forgedSignDoc.length;
    assertArrayEquals(forgedSignDoc, Arrays.copyOfRange(signDoc, k, signDoc.length));
    byte[] forgedTx = forge(victim, signDoc, k, forgedBody);

    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      LeasechainApp app = new LeasechainApp(store, true);
      app.initChain(genesis());
      // Alice's tx reaches this node's mempool: its signature is now cached.
      var check = checkTx(app, victimTx);
      assertEquals(0, check.getCode(), check.getLog());
      // A byzantine proposer proposes the forged tx instead.
      var process = process(app, forgedTx);
      ResponseFinalizeBlock finalized = finalize(app, forgedTx);
      // A node that never saw Alice's tx (restarted, syncing, or not reached by gossip) decides
      // otherwise: the same block gets another app hash.
      try (RocksStore other = RocksStore.open(dir.resolve("db2"))) {
        LeasechainApp fresh = new LeasechainApp(other, true);
        fresh.initChain(genesis());
        var freshProcess = process(fresh, forgedTx);
        ResponseFinalizeBlock freshFinalized = finalize(fresh, forgedTx);
      }
      assertEquals(ProposalStatus.REJECT, process.getStatus(), "forged tx accepted via cache");
      assertNotEquals(0, finalized.getTxResults(0).getCode(), "forged tx executed via the cache");
    }
  }

  /**
   * Anyone with RPC access, no victim: Mallory signs T whose message fails (so CheckTx rejects it,
   * leaving the mempool sequence alone) but whose signature was verified and cached; T' (a suffix
   * of T's sign doc) then enters that node's mempool, its PrepareProposal keeps it, and every other
   * validator refuses the block. Done at each validator, no correct proposer's block is accepted.
   */
  @Test
  void aFailedCheckTxCannotPoisonTheMempool() throws Exception {
    byte[] forgedBody =
        TxBody.newBuilder()
            .addMessages(
                Msg.newBuilder()
                    .setSend(
                        MsgSend.newBuilder()
                            .setFrom(address(MALLORY).toBech32())
                            .setTo(address(ALICE).toBech32())
                            .setAmount(5)))
            .build()
            .toByteArray();
    byte[] memoBytes = new byte[forgedBody.length + 2];
    memoBytes[0] = 0x0a;
    memoBytes[1] = (byte) forgedBody.length;
    System.arraycopy(forgedBody, 0, memoBytes, 2, forgedBody.length);
    Msg tooMuch =
        Msg.newBuilder()
            .setSend(
                MsgSend.newBuilder()
                    .setFrom(address(MALLORY).toBech32())
                    .setTo(address(ALICE).toBech32())
                    .setAmount(999_999_999_999L))
            .build();
    byte[] t =
        TxSigner.sign(
            List.of(tooMuch),
            List.of(new TxSigner.SignerAccount(MALLORY, 0)),
            new TxSigner.Options(
                CHAIN_ID, 250, 200_000, new String(memoBytes, StandardCharsets.UTF_8), 0));
    Tx tx = Tx.parseFrom(t);
    byte[] signDoc = SignDocs.bytes(tx.getBody(), tx.getAuthInfo(), CHAIN_ID);
    byte[] forgedSignDoc =
        SignDocs.bytes(ByteString.copyFrom(forgedBody), tx.getAuthInfo(), CHAIN_ID);
    int k = signDoc.length - forgedSignDoc.length;
    byte[] forged = forge(tx, signDoc, k, forgedBody);
    RequestInitChain init = genesis();
    try (RocksStore a = RocksStore.open(dir.resolve("a"));
        RocksStore b = RocksStore.open(dir.resolve("b"))) {
      LeasechainApp proposer = new LeasechainApp(a, true);
      LeasechainApp voter = new LeasechainApp(b, true);
      proposer.initChain(init);
      voter.initChain(init);
      var first = checkTx(proposer, t);
      var second = checkTx(proposer, forged);
      var prepared =
          proposer.prepareProposal(
              io.leasechain.node.abci.proto.RequestPrepareProposal.newBuilder()
                  .setHeight(1)
                  .setTime(BLOCK_TIME)
                  .setMaxTxBytes(1 << 20)
                  .addTxs(ByteString.copyFrom(forged))
                  .build());
      var verdict =
          voter.processProposal(
              RequestProcessProposal.newBuilder()
                  .setHeight(1)
                  .setTime(BLOCK_TIME)
                  .addAllTxs(prepared.getTxsList())
                  .build());
      assertEquals(
          ProposalStatus.ACCEPT, verdict.getStatus(), "a correct proposer's block is refused");
    }
  }

  private static RequestInitChain genesis() throws Exception {
    ObjectNode appState = AppState.defaults();
    ((ObjectNode) appState.path("params").path("rewards")).put("initial_emission", "0");
    AppState.addAccount(appState, address(ALICE), 1_000_000_000L);
    AppState.addAccount(appState, address(MALLORY), 1_000_000_000L);
    return RequestInitChain.newBuilder()
        .setChainId(CHAIN_ID)
        .setInitialHeight(1)
        .setTime(Timestamp.newBuilder().setSeconds(1_700_000_000L))
        .setAppStateBytes(ByteString.copyFrom(JSON.writeValueAsBytes(appState)))
        .build();
  }

  /**
   * {@code signed}'s auth info with its signature extended by the first {@code k} sign-doc bytes.
   */
  private static byte[] forge(Tx signed, byte[] signDoc, int k, byte[] forgedBody) {
    return Tx.newBuilder()
        .setBody(ByteString.copyFrom(forgedBody))
        .setAuthInfo(signed.getAuthInfo())
        .addSignatures(signed.getSignatures(0).concat(ByteString.copyFrom(signDoc, 0, k)))
        .build()
        .toByteArray();
  }

  private static ResponseCheckTx checkTx(LeasechainApp app, byte[] tx) {
    return app.checkTx(
        RequestCheckTx.newBuilder()
            .setTx(ByteString.copyFrom(tx))
            .setType(CheckTxType.NEW)
            .build());
  }

  private static ResponseProcessProposal process(LeasechainApp app, byte[] tx) {
    return app.processProposal(
        RequestProcessProposal.newBuilder()
            .setHeight(1)
            .setTime(BLOCK_TIME)
            .addTxs(ByteString.copyFrom(tx))
            .build());
  }

  private static ResponseFinalizeBlock finalize(LeasechainApp app, byte[] tx) {
    return app.finalizeBlock(
        RequestFinalizeBlock.newBuilder()
            .setHeight(1)
            .setTime(BLOCK_TIME)
            .addTxs(ByteString.copyFrom(tx))
            .build());
  }
}

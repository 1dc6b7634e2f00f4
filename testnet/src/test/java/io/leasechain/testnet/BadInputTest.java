package io.leasechain.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.leasechain.client.LeasechainClient;
import io.leasechain.client.rpc.BroadcastResult;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.tx.TxSigner;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Bech32;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.bank.BankError;
import io.leasechain.ledger.bank.proto.Account;
import io.leasechain.ledger.bank.proto.MsgSend;
import io.leasechain.ledger.tx.SignDocs;
import io.leasechain.ledger.tx.TxError;
import io.leasechain.ledger.tx.proto.AuthInfo;
import io.leasechain.ledger.tx.proto.Fee;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.ledger.tx.proto.SignerInfo;
import io.leasechain.ledger.tx.proto.Tx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and broken transactions sent through a real chain's JSON-RPC {@code broadcast_tx_sync}:
 * each is refused by CheckTx with its documented (codespace, code) from TxError / BankError, and
 * none of them changes any balance or sequence.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(90)
class BadInputTest {

  private static final String CHAIN_ID = "leasechain-bad-input";
  private static final long BALANCE = 1_000_000_000L;

  /** Close to 2^63-1, leaving room for the other accounts within the total-supply limit. */
  private static final long WHALE_BALANCE = Long.MAX_VALUE - 10 * BALANCE;

  private static final long POOR_BALANCE = 100;
  private static final long FEE = 250;
  private static final long GAS = TestWallet.GAS_LIMIT;

  private static final int SENDER = 0;
  private static final int RECIPIENT = 1;
  private static final int WHALE = 2;
  private static final int POOR = 3;

  private final Binaries binaries = Binaries.fromSystemProperties();
  private final TestWallet wallet = new TestWallet(CHAIN_ID, 4, 2024);
  private LocalNode node;
  private CometRpcClient rpc;
  private LeasechainClient client;
  private Account[] baseline;
  private long baselineSupply;
  private long baselineFees;

  @BeforeAll
  void startChain(@TempDir Path temp) throws Exception {
    node =
        LocalNode.init(
            binaries, temp.resolve("node"), CHAIN_ID, "bad-input", Duration.ofMillis(200));
    node.addGenesisAccount(wallet.address(SENDER), BALANCE);
    node.addGenesisAccount(wallet.address(RECIPIENT), BALANCE);
    node.addGenesisAccount(wallet.address(WHALE), WHALE_BALANCE);
    node.addGenesisAccount(wallet.address(POOR), POOR_BALANCE);
    node.setRewards(TestRewards.FEES_TO_VALIDATORS);
    node.start();
    node.awaitHeight(1, Duration.ofSeconds(60));
    rpc = node.rpc();
    client = node.client();

    // One good transfer first, so that the sender has used sequence 0 and bound its key.
    BroadcastResult first =
        rpc.broadcastTxSync(send(SENDER, 0, wallet.address(RECIPIENT).toBech32(), 1_000, FEE));
    assertEquals(0, first.code(), () -> "the valid transfer was refused: " + first.log());
    Deadline.await(
        "the first transfer to be committed",
        Duration.ofSeconds(30),
        () -> client.account(wallet.address(SENDER)).getSequence() == 1);
    baseline = new Account[wallet.size()];
    for (int i = 0; i < wallet.size(); i++) {
      baseline[i] = client.account(wallet.address(i));
    }
    baselineSupply = client.supply();
    baselineFees = node.feesHeld();
    assertEquals(FEE, baselineFees);
    assertEquals(BALANCE - 1_000 - FEE, baseline[SENDER].getBalance());
    assertEquals(BALANCE + 1_000, baseline[RECIPIENT].getBalance());
  }

  @AfterAll
  void stopChain() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  // ---------------------------------------------------------------- tx builders

  private Ed25519PrivateKey key(int index) {
    return wallet.key(index);
  }

  private static Msg sendMsg(Address from, String to, long amount) {
    return Msg.newBuilder()
        .setSend(MsgSend.newBuilder().setFrom(from.toBech32()).setTo(to).setAmount(amount))
        .build();
  }

  private byte[] sign(
      int from, long sequence, List<Msg> messages, String chainId, long fee, long gas) {
    return TxSigner.sign(
        messages,
        List.of(new TxSigner.SignerAccount(key(from), sequence)),
        TxSigner.Options.of(chainId, fee, gas));
  }

  private byte[] send(int from, long sequence, String to, long amount, long fee) {
    return sign(
        from, sequence, List.of(sendMsg(wallet.address(from), to, amount)), CHAIN_ID, fee, GAS);
  }

  /** A good transfer from the sender at its current sequence: valid until someone breaks it. */
  private byte[] validFromSender(long amount) {
    return send(SENDER, 1, wallet.address(RECIPIENT).toBech32(), amount, FEE);
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[300];
    new Random(20240611L).nextBytes(bytes);
    return bytes;
  }

  private byte[] truncated() {
    byte[] valid = validFromSender(11);
    return Arrays.copyOf(valid, valid.length / 2);
  }

  /** A TxBody whose only Msg carries nothing but field 999: no message type this chain knows. */
  private byte[] unknownMessageType() {
    ByteString msg = encode(out -> out.writeUInt64(999, 1));
    ByteString body = encode(out -> out.writeBytes(1, msg));
    ByteString authInfo =
        AuthInfo.newBuilder()
            .addSigners(
                SignerInfo.newBuilder()
                    .setPublicKey(ByteString.copyFrom(key(SENDER).publicKey().bytes()))
                    .setSequence(1))
            .setFee(Fee.newBuilder().setAmount(FEE).setGasLimit(GAS))
            .build()
            .toByteString();
    byte[] signature = key(SENDER).sign(SignDocs.bytes(body, authInfo, CHAIN_ID));
    return Tx.newBuilder()
        .setBody(body)
        .setAuthInfo(authInfo)
        .addSignatures(ByteString.copyFrom(signature))
        .build()
        .toByteArray();
  }

  private interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  private static ByteString encode(Writer writer) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      writer.write(out);
      out.flush();
      return ByteString.copyFrom(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] badSignature() {
    Tx tx;
    try {
      tx = Tx.parseFrom(validFromSender(12));
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
    byte[] signature = tx.getSignatures(0).toByteArray();
    signature[10] ^= 0x01;
    return tx.toBuilder().setSignatures(0, ByteString.copyFrom(signature)).build().toByteArray();
  }

  // ---------------------------------------------------------------- cases

  private record Expected(String codespace, int code) {
    static Expected of(TxError error) {
      return new Expected(error.codespace(), error.code());
    }

    static Expected of(BankError error) {
      return new Expected(error.codespace(), error.code());
    }
  }

  private static Arguments bad(String name, Expected expected, Supplier<byte[]> tx) {
    return Arguments.of(Named.of(name, tx), expected);
  }

  Stream<Arguments> badTransactions() {
    String recipient = wallet.address(RECIPIENT).toBech32();
    String whale = wallet.address(WHALE).toBech32();
    return Stream.of(
        bad("random bytes", Expected.of(TxError.DECODE), BadInputTest::randomBytes),
        bad("a valid tx cut in half", Expected.of(TxError.DECODE), this::truncated),
        bad(
            "a message type no module knows",
            Expected.of(TxError.UNKNOWN_MESSAGE),
            this::unknownMessageType),
        bad(
            "a flipped bit in the signature",
            Expected.of(TxError.UNAUTHORIZED),
            this::badSignature),
        bad(
            "signed for another chain id",
            Expected.of(TxError.UNAUTHORIZED),
            () ->
                sign(
                    SENDER,
                    1,
                    List.of(sendMsg(wallet.address(SENDER), recipient, 13)),
                    "some-other-chain",
                    FEE,
                    GAS)),
        bad(
            "a sequence already used",
            Expected.of(TxError.WRONG_SEQUENCE),
            () -> send(SENDER, 0, recipient, 14, FEE)),
        bad(
            "a sequence from the future",
            Expected.of(TxError.WRONG_SEQUENCE),
            () -> send(SENDER, 5, recipient, 15, FEE)),
        bad(
            "fee 1 for gas 200000",
            Expected.of(TxError.INSUFFICIENT_FEE),
            () -> send(SENDER, 1, recipient, 16, 1)),
        bad(
            "a fee at 2^63 on the wire",
            Expected.of(TxError.ARITHMETIC_OVERFLOW),
            () -> send(SENDER, 1, recipient, 17, Long.MIN_VALUE)),
        bad(
            "a fee payer that cannot pay the fee",
            Expected.of(TxError.INSUFFICIENT_FEE_FUNDS),
            () -> send(POOR, 0, recipient, 1, FEE)),
        bad(
            "more than the balance",
            Expected.of(BankError.INSUFFICIENT_FUNDS),
            () -> send(SENDER, 1, recipient, BALANCE, FEE)),
        // The whale's balance plus this amount exceeds 2^63-1, but no sender can hold that much
        // while total supply fits in 2^63-1: the funds check refuses it first.
        bad(
            "an amount that would overflow the whale's balance",
            Expected.of(BankError.INSUFFICIENT_FUNDS),
            () -> send(SENDER, 1, whale, 10 * BALANCE + 1, FEE)),
        bad(
            "the whale sending 2^63-1",
            Expected.of(BankError.INSUFFICIENT_FUNDS),
            () -> send(WHALE, 0, recipient, Long.MAX_VALUE, FEE)),
        bad(
            "an amount of 2^63 on the wire",
            Expected.of(BankError.INVALID_AMOUNT),
            () -> send(SENDER, 1, recipient, Long.MIN_VALUE, FEE)),
        bad(
            "an amount of 2^64-1 on the wire",
            Expected.of(BankError.INVALID_AMOUNT),
            () -> send(SENDER, 1, recipient, -1L, FEE)),
        bad(
            "an amount of zero",
            Expected.of(BankError.INVALID_AMOUNT),
            () -> send(SENDER, 1, recipient, 0, FEE)),
        bad(
            "a malformed recipient address",
            Expected.of(BankError.INVALID_ADDRESS),
            () -> send(SENDER, 1, "lease1notanaddress", 18, FEE)),
        bad(
            "a recipient with another chain's prefix",
            Expected.of(BankError.INVALID_ADDRESS),
            () ->
                send(
                    SENDER,
                    1,
                    Bech32.encode("cosmos", wallet.address(RECIPIENT).bytes()),
                    19,
                    FEE)));
  }

  @Order(1)
  @ParameterizedTest(name = "{0}")
  @MethodSource("badTransactions")
  void checkTxRefusesWithTheDocumentedCode(Supplier<byte[]> tx, Expected expected) {
    BroadcastResult result = rpc.broadcastTxSync(tx.get());
    assertEquals(
        expected.codespace() + "/" + expected.code(),
        result.codespace() + "/" + result.code(),
        () -> "log: " + result.log());
    assertFalse(result.log().isBlank(), "a refusal says why");
  }

  @Order(2)
  @Test
  void nothingChangedAfterTwoMoreBlocks() throws Exception {
    long height = node.height();
    node.awaitHeight(height + 2, Duration.ofSeconds(30));
    for (int i = 0; i < wallet.size(); i++) {
      Account now = client.account(wallet.address(i));
      assertEquals(baseline[i].getBalance(), now.getBalance(), "balance of account " + i);
      assertEquals(baseline[i].getSequence(), now.getSequence(), "sequence of account " + i);
      assertEquals(baseline[i], now, "account " + i);
    }
    assertEquals(baselineSupply, client.supply());
    assertEquals(baselineFees, node.feesHeld(), "no fee was charged");
    assertEquals(1, client.account(wallet.address(SENDER)).getSequence());

    // The sender's sequence 1 is still free: the chain is fine and the valid tx goes through.
    BroadcastResult good = rpc.broadcastTxSync(validFromSender(7));
    assertEquals(0, good.code(), () -> "valid tx refused: " + good.log());
    Deadline.await(
        "the valid transfer to be committed",
        Duration.ofSeconds(30),
        () -> client.account(wallet.address(SENDER)).getSequence() == 2);
    assertEquals(
        baseline[RECIPIENT].getBalance() + 7,
        client.account(wallet.address(RECIPIENT)).getBalance());
    assertFalse(node.appLog().contains("invariants broken"), "no invariant broke");
  }
}

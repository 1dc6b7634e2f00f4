package io.leasechain.ledger.tx;

import static io.leasechain.ledger.testing.Outcomes.assertOk;
import static io.leasechain.ledger.testing.Outcomes.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.LedgerError;
import io.leasechain.ledger.TxOutcome;
import io.leasechain.ledger.authority.ProposeHandler;
import io.leasechain.ledger.bank.proto.Account;
import io.leasechain.ledger.provider.ProviderKeeper;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.testing.StateDump;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.ledger.testing.TxBuilder;
import io.leasechain.ledger.tx.proto.AuthInfo;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.ledger.tx.proto.SignerInfo;
import io.leasechain.ledger.tx.proto.Tx;
import io.leasechain.ledger.tx.proto.TxParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One test per rule of the tx envelope (codespace "tx"). Every rejection here happens before the
 * fee is charged, so it must leave state untouched both in CheckTx and in FinalizeBlock.
 */
class TxRejectionTest {

  private TestChain chain;
  private Address alice;
  private Address bob;

  @BeforeEach
  void setUp() {
    chain = TestChain.create(3);
    alice = chain.address(0);
    bob = chain.address(1);
  }

  private TxBuilder aliceSends(long amount) {
    return chain.tx().send(alice, bob, amount).signer(chain.keyAt(0));
  }

  /**
   * Asserts the exact (codespace, code) in CheckTx and in FinalizeBlock, that neither the mempool
   * view nor committed state changed, and that the block wrote nothing at all.
   */
  private TxOutcome assertRejectedWithoutEffect(LedgerError error, byte[] tx) {
    SortedMap<String, String> committedBefore = StateDump.of(chain.committed());
    SortedMap<String, String> mempoolBefore = StateDump.of(chain.mempoolView());
    Account aliceBefore = chain.mempoolAccount(alice);

    TxOutcome check = chain.checkTx(tx);
    assertRejected(error, check);
    assertEquals(
        aliceBefore.getSequence(),
        chain.mempoolAccount(alice).getSequence(),
        "sequence consumed by CheckTx");
    assertEquals(
        aliceBefore.getBalance(),
        chain.mempoolAccount(alice).getBalance(),
        "fee charged by CheckTx");
    assertEquals(
        mempoolBefore,
        StateDump.of(chain.mempoolView()),
        "CheckTx rejection changed the mempool view");

    BlockResult block = chain.finalizeBlock(tx);
    TxOutcome delivered = block.txs().get(0);
    assertRejected(error, delivered);
    assertEquals(check.log(), delivered.log(), "CheckTx and FinalizeBlock disagree on the reason");
    assertEquals(List.of(), block.writes(), "a tx rejected before its fee must write nothing");
    assertEquals(committedBefore, StateDump.of(chain.committed()));
    assertEquals(aliceBefore, chain.account(alice));
    return delivered;
  }

  // ---- decoding --------------------------------------------------------------------------

  @Test
  void randomBytesAreUndecodable() {
    Random random = new Random(7);
    byte[] garbage = new byte[180];
    random.nextBytes(garbage);
    garbage[0] = (byte) 0xFF; // field 31, wire type 7: an invalid tag whatever follows
    TxOutcome outcome = assertRejectedWithoutEffect(TxError.DECODE, garbage);
    assertEquals(0, outcome.gasWanted());
  }

  @Test
  void manySeededRandomInputsNeverSucceedOrChangeState() {
    Random random = new Random(42);
    SortedMap<String, String> before = StateDump.of(chain.committed());
    List<byte[]> txs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      byte[] garbage = new byte[1 + random.nextInt(400)];
      random.nextBytes(garbage);
      txs.add(garbage);
      TxOutcome check = chain.checkTx(garbage);
      assertFalse(check.isOk(), "random bytes admitted: " + Arrays.toString(garbage));
      assertEquals(TxError.CODESPACE, check.codespace());
    }
    BlockResult block = chain.finalizeBlock(txs);
    block.txs().forEach(outcome -> assertFalse(outcome.isOk()));
    assertEquals(List.of(), block.writes());
    assertEquals(before, StateDump.of(chain.committed()));
  }

  @Test
  void garbageAboveMaxTxBytesIsRefusedForItsSizeFirst() {
    byte[] garbage = new byte[TxParamsRules.DEFAULTS.getMaxTxBytes() + 1];
    java.util.Arrays.fill(garbage, (byte) 0xFF);
    assertRejectedWithoutEffect(TxError.TX_TOO_LARGE, garbage);
  }

  @Test
  void truncatedTxIsUndecodable() {
    byte[] valid = aliceSends(10).build();
    byte[] truncated = Arrays.copyOf(valid, valid.length - 1);
    assertRejectedWithoutEffect(TxError.DECODE, truncated);
  }

  @Test
  void truncatedBodyInsideAWellFormedEnvelopeIsUndecodable() {
    byte[] tx = aliceSends(10).mapBodyBytes(body -> body.substring(0, body.size() - 3)).build();
    assertRejectedWithoutEffect(TxError.DECODE, tx);
  }

  @Test
  void garbageAuthInfoIsUndecodable() {
    byte[] tx =
        aliceSends(10)
            .mapTx(
                t ->
                    t.toBuilder()
                        .setAuthInfo(ByteString.copyFrom(new byte[] {0x12, 0x7F, 0x01}))
                        .build())
            .build();
    assertRejectedWithoutEffect(TxError.DECODE, tx);
  }

  @Test
  void messageWithOnlyAnUnknownFieldIsAnUnknownMessageType() {
    // A message type from a newer chain version: field 200 of Msg, which this chain does not know.
    Msg future =
        Msg.newBuilder()
            .setUnknownFields(
                UnknownFieldSet.newBuilder()
                    .addField(
                        200,
                        UnknownFieldSet.Field.newBuilder()
                            .addLengthDelimited(ByteString.copyFromUtf8("future message"))
                            .build())
                    .build())
            .build();
    byte[] tx = chain.tx().msg(future).signer(chain.keyAt(0)).build();
    TxOutcome outcome = assertRejectedWithoutEffect(TxError.UNKNOWN_MESSAGE, tx);
    assertTrue(outcome.log().contains("message 0"), outcome.log());
  }

  @Test
  void emptyMsgIsAnUnknownMessageType() {
    byte[] tx =
        chain.tx().send(alice, bob, 1).msg(Msg.getDefaultInstance()).signer(chain.keyAt(0)).build();
    TxOutcome outcome = assertRejectedWithoutEffect(TxError.UNKNOWN_MESSAGE, tx);
    assertTrue(outcome.log().contains("message 1"), outcome.log());
  }

  @Test
  void txWithoutMessagesIsRejected() {
    assertRejectedWithoutEffect(TxError.NO_MESSAGES, chain.tx().signer(chain.keyAt(0)).build());
  }

  @Test
  void tooManyMessagesIsRejected() {
    TxBuilder builder = chain.tx().signer(chain.keyAt(0));
    for (int i = 0; i < TxParamsRules.DEFAULTS.getMaxMsgs() + 1; i++) {
      builder.send(alice, bob, 1);
    }
    assertRejectedWithoutEffect(TxError.TOO_MANY_MESSAGES, builder.build());
  }

  @Test
  void maxMessagesIsAllowed() {
    TxBuilder builder = chain.tx().signer(chain.keyAt(0)).gasLimit(1_000_000).fee(1_000);
    for (int i = 0; i < TxParamsRules.DEFAULTS.getMaxMsgs(); i++) {
      builder.send(alice, bob, 1);
    }
    byte[] tx = builder.build();
    assertOk(chain.checkTx(tx));
    assertOk(chain.deliver(tx));
    assertEquals(
        TestChain.DEFAULT_BALANCE + TxParamsRules.DEFAULTS.getMaxMsgs(), chain.balance(bob));
  }

  // ---- signers and signatures ------------------------------------------------------------

  @Test
  void fewerSignaturesThanSignersIsRejected() {
    byte[] tx = aliceSends(10).mapTx(t -> t.toBuilder().clearSignatures().build()).build();
    assertRejectedWithoutEffect(TxError.SIGNATURE_COUNT, tx);
  }

  @Test
  void moreSignaturesThanSignersIsRejected() {
    byte[] tx =
        aliceSends(10).mapTx(t -> t.toBuilder().addSignatures(t.getSignatures(0)).build()).build();
    assertRejectedWithoutEffect(TxError.SIGNATURE_COUNT, tx);
  }

  @Test
  void txWithoutSignersIsRejected() {
    byte[] tx = chain.tx().send(alice, bob, 10).build();
    assertRejectedWithoutEffect(TxError.NO_SIGNERS, tx);
  }

  @Test
  void publicKeyOfWrongLengthIsRejected() {
    byte[] tx =
        aliceSends(10)
            .mapAuthInfo(
                a ->
                    a.toBuilder()
                        .setSigners(
                            0,
                            a.getSigners(0).toBuilder()
                                .setPublicKey(a.getSigners(0).getPublicKey().substring(1)))
                        .build())
            .build();
    assertRejectedWithoutEffect(TxError.INVALID_PUBLIC_KEY, tx);
  }

  @Test
  void smallOrderPublicKeyIsRejected() {
    byte[] identity = new byte[32];
    identity[0] = 1; // the encoding of the neutral point
    byte[] tx =
        aliceSends(10)
            .mapAuthInfo(
                a ->
                    a.toBuilder()
                        .setSigners(
                            0,
                            a.getSigners(0).toBuilder().setPublicKey(ByteString.copyFrom(identity)))
                        .build())
            .build();
    assertRejectedWithoutEffect(TxError.INVALID_PUBLIC_KEY, tx);
  }

  @Test
  void flippedSignatureBitIsUnauthorized() {
    byte[] tx =
        aliceSends(10)
            .mapTx(
                t -> {
                  byte[] signature = t.getSignatures(0).toByteArray();
                  signature[10] ^= 0x01;
                  return t.toBuilder().setSignatures(0, ByteString.copyFrom(signature)).build();
                })
            .build();
    assertRejectedWithoutEffect(TxError.UNAUTHORIZED, tx);
  }

  @Test
  void signatureOfWrongLengthIsUnauthorized() {
    byte[] tx =
        aliceSends(10)
            .mapTx(t -> t.toBuilder().setSignatures(0, t.getSignatures(0).substring(0, 63)).build())
            .build();
    assertRejectedWithoutEffect(TxError.UNAUTHORIZED, tx);
  }

  @Test
  void bodyChangedAfterSigningIsUnauthorized() {
    byte[] other = aliceSends(999).buildTx().getBody().toByteArray();
    byte[] tx =
        aliceSends(10)
            .mapTx(t -> t.toBuilder().setBody(ByteString.copyFrom(other)).build())
            .build();
    assertRejectedWithoutEffect(TxError.UNAUTHORIZED, tx);
  }

  @Test
  void wrongChainIdIsUnauthorizedAndTheLogNamesTheChainId() {
    byte[] tx = aliceSends(10).chainId("some-other-chain").build();
    TxOutcome outcome = assertRejectedWithoutEffect(TxError.UNAUTHORIZED, tx);
    assertTrue(outcome.log().contains("'" + TestChain.CHAIN_ID + "'"), outcome.log());
    assertTrue(outcome.log().contains(alice.toBech32()), outcome.log());
  }

  @Test
  void signatureByAnotherKeyForTheSameSignerInfoIsUnauthorized() {
    Ed25519PrivateKey mallory = TestChain.key(99);
    // Auth info claims alice's key; the signature is mallory's.
    byte[] malloryTx = chain.tx().send(alice, bob, 10).signer(mallory, 0).build();
    byte[] tx = aliceSends(10).build();
    Tx forged = parse(tx).toBuilder().setSignatures(0, parse(malloryTx).getSignatures(0)).build();
    assertRejectedWithoutEffect(TxError.UNAUTHORIZED, forged.toByteArray());
  }

  @Test
  void reusedSequenceIsRejected() {
    byte[] first = aliceSends(10).build();
    assertOk(chain.deliver(first));
    assertEquals(1, chain.sequence(alice));
    // Replaying the committed tx, and a fresh tx that claims the old sequence.
    assertRejectedWithoutEffect(TxError.WRONG_SEQUENCE, first);
    TxOutcome outcome =
        assertRejectedWithoutEffect(
            TxError.WRONG_SEQUENCE,
            chain.tx().send(alice, bob, 20).signer(chain.keyAt(0), 0).build());
    assertTrue(outcome.log().contains("expects sequence 1, tx has 0"), outcome.log());
  }

  @Test
  void replayOfAnAdmittedTxIsRejectedByTheMempoolView() {
    byte[] tx = aliceSends(10).build();
    assertOk(chain.checkTx(tx));
    assertEquals(1, chain.nextSequence(alice));
    SortedMap<String, String> view = StateDump.of(chain.mempoolView());
    assertRejected(TxError.WRONG_SEQUENCE, chain.checkTx(tx));
    assertEquals(view, StateDump.of(chain.mempoolView()));
  }

  @Test
  void futureSequenceIsRejected() {
    TxOutcome outcome =
        assertRejectedWithoutEffect(
            TxError.WRONG_SEQUENCE,
            chain.tx().send(alice, bob, 10).signer(chain.keyAt(0), 5).build());
    assertTrue(outcome.log().contains("expects sequence 0, tx has 5"), outcome.log());
  }

  @Test
  void sequenceAtOrAbove2To63IsRejectedStatelessly() {
    byte[] tx = chain.tx().send(alice, bob, 10).signer(chain.keyAt(0), Long.MIN_VALUE).build();
    assertRejectedWithoutEffect(TxError.WRONG_SEQUENCE, tx);
  }

  @Test
  void messageSignerWhoDidNotSignIsMissing() {
    // Bob signs (and would pay) for a send out of alice's account.
    byte[] tx = chain.tx().send(alice, bob, 10).signer(chain.keyAt(1)).build();
    TxOutcome outcome = assertRejectedWithoutEffect(TxError.MISSING_SIGNER, tx);
    assertTrue(outcome.log().contains(alice.toBech32()), outcome.log());
    assertEquals(0, chain.sequence(bob));
  }

  @Test
  void sameKeySigningTwiceIsRejected() {
    byte[] tx =
        chain.tx().send(alice, bob, 10).signer(chain.keyAt(0)).signer(chain.keyAt(0)).build();
    assertRejectedWithoutEffect(TxError.DUPLICATE_SIGNER, tx);
  }

  /** Only the first signer, who pays the fee, may be one no message requires. */
  @Test
  void aSignerNoMessageRequiresIsRefused() {
    Address carol = chain.address(2);
    byte[] tx = aliceSends(10).signer(chain.keyAt(2)).build();
    TxOutcome outcome = assertRejectedWithoutEffect(TxError.UNEXPECTED_SIGNER, tx);
    assertTrue(outcome.log().contains("signer 1, " + carol.toBech32()), outcome.log());
    assertEquals(0, chain.sequence(carol));
    assertEquals(TestChain.DEFAULT_BALANCE, chain.balance(carol));
  }

  @Test
  void aSponsorSigningFirstPaysForAnothersMessage() {
    Address carol = chain.address(2);
    byte[] tx =
        chain.tx().send(alice, bob, 10).signer(chain.keyAt(2)).signer(chain.keyAt(0)).build();
    assertOk(chain.checkTx(tx));
    assertOk(chain.deliver(tx));
    assertEquals(1, chain.sequence(carol));
    assertEquals(1, chain.sequence(alice));
    assertEquals(TestChain.DEFAULT_BALANCE - TestChain.DEFAULT_FEE, chain.balance(carol));
    assertEquals(TestChain.DEFAULT_BALANCE - 10, chain.balance(alice));
  }

  /** A proposal's co-signers are required by it, so they sign the tx without a message each. */
  @Test
  void aCouncilProposalsCoSignersMaySign() {
    chain = TestChain.builder().accounts(3, TestChain.DEFAULT_BALANCE).council(2, 0, 1).build();
    Address auditor = chain.address(2);
    byte[] tx =
        chain.sign(
            Msgs.propose(chain.address(0), Msgs.appointAuditor(auditor), chain.address(1)),
            chain.keyAt(0),
            chain.keyAt(1));
    assertOk(chain.checkTx(tx));
    assertOk(chain.deliver(tx));
    assertNotNull(ProviderKeeper.auditor(chain.committed(), auditor), "the 2-of-2 action ran");
    assertEquals(1, chain.sequence(chain.address(1)));
  }

  // ---- memo, size, timeout ---------------------------------------------------------------

  @Test
  void memoOneByteOverTheLimitIsRejected() {
    int max = TxParamsRules.DEFAULTS.getMaxMemoBytes();
    assertRejectedWithoutEffect(
        TxError.MEMO_TOO_LONG, aliceSends(10).memo("m".repeat(max + 1)).build());
    byte[] atLimit = aliceSends(10).memo("m".repeat(max)).build();
    assertOk(chain.checkTx(atLimit));
  }

  @Test
  void memoLimitCountsUtf8BytesNotCharacters() {
    int max = TxParamsRules.DEFAULTS.getMaxMemoBytes();
    String memo = "\u00e9".repeat(max / 2 + 1); // fewer chars than the limit, more bytes
    assertTrue(memo.length() < max);
    assertRejectedWithoutEffect(TxError.MEMO_TOO_LONG, aliceSends(10).memo(memo).build());
  }

  @Test
  void txAboveMaxTxBytesIsRejectedBeforeAnythingElse() {
    // An oversize memo: size is checked first, so the code is TX_TOO_LARGE, not MEMO_TOO_LONG.
    byte[] tx = aliceSends(10).memo("x".repeat(TxParamsRules.DEFAULTS.getMaxTxBytes())).build();
    assertRejectedWithoutEffect(TxError.TX_TOO_LARGE, tx);
  }

  @Test
  void maxTxBytesBoundaryIsInclusive() {
    // The memo takes the tx above 4096 bytes, the least max_tx_bytes genesis accepts.
    TxParams params = TxParamsRules.DEFAULTS.toBuilder().setMaxMemoBytes(4_096).build();
    TestChain template = TestChain.create(3);
    byte[] tx =
        template
            .tx()
            .send(template.address(0), template.address(1), 10)
            .memo("m".repeat(4_000))
            .signer(template.keyAt(0))
            .build();
    assertTrue(tx.length > 4_097, "tx is " + tx.length + " bytes");
    TestChain exact =
        TestChain.builder()
            .accounts(3, TestChain.DEFAULT_BALANCE)
            .txParams(params.toBuilder().setMaxTxBytes(tx.length).build())
            .build();
    assertOk(exact.checkTx(tx));
    chain =
        TestChain.builder()
            .accounts(3, TestChain.DEFAULT_BALANCE)
            .txParams(params.toBuilder().setMaxTxBytes(tx.length - 1).build())
            .build();
    TxOutcome outcome = assertRejectedWithoutEffect(TxError.TX_TOO_LARGE, tx);
    assertTrue(
        outcome.log().contains(tx.length + " bytes, limit " + (tx.length - 1)), outcome.log());
  }

  @Test
  void timeoutHeightBelowTheBlockIsRejected() {
    chain.finalizeBlock();
    chain.finalizeBlock();
    assertEquals(2, chain.height());
    // The next block is 3: timeout 2 has passed, timeout 3 is still fine.
    TxOutcome outcome =
        assertRejectedWithoutEffect(
            TxError.TIMEOUT_HEIGHT, aliceSends(10).timeoutHeight(2).build());
    assertTrue(outcome.log().contains("timeout height 2, block height 3"), outcome.log());
    byte[] lastChance = aliceSends(10).timeoutHeight(chain.height() + 1).build();
    assertOk(chain.checkTx(lastChance));
    assertOk(chain.deliver(lastChance));
  }

  // ---- gas and fee -----------------------------------------------------------------------

  @Test
  void gasLimitBelowWhatTheTxNeedsIsOutOfGas() {
    TxOutcome outcome =
        assertRejectedWithoutEffect(TxError.OUT_OF_GAS, aliceSends(10).gasLimit(1_000).build());
    assertTrue(outcome.log().contains("gas limit 1000"), outcome.log());
  }

  @Test
  void gasLimitExactlyTheRequiredGasIsEnough() {
    // Gas limits 16384..2097151 all encode as a 3-byte varint, so the tx size does not move.
    byte[] probe = aliceSends(10).gasLimit(50_000).build();
    long required = Gas.required(TxParamsRules.DEFAULTS, probe.length, 1, 1);
    assertTrue(required > 16_384 && required < 2_097_151);
    byte[] exact = aliceSends(10).gasLimit(required).build();
    assertEquals(probe.length, exact.length);
    byte[] oneShort = aliceSends(10).gasLimit(required - 1).build();
    assertRejectedWithoutEffect(TxError.OUT_OF_GAS, oneShort);
    TxOutcome check = chain.checkTx(exact);
    assertOk(check);
    assertEquals(required, check.gasWanted());
    assertEquals(required, check.gasUsed());
  }

  /** Each signature pays base_gas and the bytes its check hashes; one signer pays them once. */
  @Test
  void eachSignaturePaysForItsCheck() {
    byte[] probe = threeSigners().gasLimit(500_000).build();
    TxParams params = TxParamsRules.DEFAULTS;
    long required =
        3 * (params.getBaseGas() + params.getGasPerByte() * probe.length)
            + 3 * params.getGasPerMsg();
    assertEquals(required, Gas.required(params, probe.length, 3, 3));
    // Gas limits 16384..2097151 all encode as a 3-byte varint, so the tx size does not move.
    assertTrue(required > 16_384 && required < 2_097_151);
    TxOutcome short1 =
        assertRejectedWithoutEffect(
            TxError.OUT_OF_GAS, threeSigners().gasLimit(required - 1).build());
    assertTrue(short1.log().contains("this tx needs " + required), short1.log());
    TxOutcome check = chain.checkTx(threeSigners().gasLimit(required).build());
    assertOk(check);
    assertEquals(required, check.gasUsed());
  }

  /**
   * At most 65 signers (a council proposal's proposer and 64 co-signers): one more is refused
   * before any key is read, and the rules keep a tx of 65 signers within a block.
   */
  @Test
  void aTxOfMoreSignersThanTheLimitIsRefused() {
    TxOutcome outcome = assertRejectedWithoutEffect(TxError.TOO_MANY_SIGNERS, signedBy(66));
    assertTrue(outcome.log().contains("66 signers, limit 65"), outcome.log());
    byte[] most = signedBy(65);
    long gas = Gas.required(TxParamsRules.DEFAULTS, most.length, 1, 65);
    assertTrue(gas <= TxParamsRules.largestGas(TxParamsRules.DEFAULTS));
    assertTrue(
        TxParamsRules.largestGas(TxParamsRules.DEFAULTS) <= TxParamsRules.MAX_BLOCK_GAS_DEFAULT);
    assertRejected(TxError.OUT_OF_GAS, chain.checkTx(most)); // decoded past the signer checks
  }

  /**
   * Alice's proposal signed by her and signers - 1 fresh keys, with room for 66 signers' gas. A
   * proposal names at most 64 co-signers, so the 66th signer is one no message requires: the signer
   * count is refused before that.
   */
  private byte[] signedBy(int signers) {
    List<Ed25519PrivateKey> keys = new ArrayList<>();
    for (int i = 1; i < signers; i++) {
      keys.add(TestChain.key(1_000 + i));
    }
    Address[] coSigners =
        keys.stream()
            .limit(ProposeHandler.MAX_CO_SIGNERS)
            .map(key -> key.publicKey().address())
            .toArray(Address[]::new);
    TxBuilder tx =
        chain
            .tx()
            .msg(Msgs.propose(alice, Msgs.appointAuditor(bob), coSigners))
            .signer(chain.keyAt(0));
    keys.forEach(key -> tx.signer(key, 0));
    return tx.gasLimit(1_000_000).fee(1_000).build();
  }

  // Three transfers, each out of its own signer's account.
  private TxBuilder threeSigners() {
    return aliceSends(10)
        .send(bob, alice, 1)
        .send(chain.address(2), alice, 1)
        .signer(chain.keyAt(1))
        .signer(chain.keyAt(2))
        .fee(1_000);
  }

  @Test
  void feeBelowMinimumGasPriceIsRejected() {
    TxOutcome outcome =
        assertRejectedWithoutEffect(TxError.INSUFFICIENT_FEE, aliceSends(10).fee(0).build());
    assertTrue(outcome.log().contains("at least 100 ulease"), outcome.log());
  }

  @Test
  void minimumFeeRoundsUp() {
    // 100_001 gas at 0.001 ulease per gas is 100.001 ulease: 100 is short, 101 suffices.
    assertEquals(101, Gas.minimumFee(TxParamsRules.DEFAULTS, 100_001));
    assertRejectedWithoutEffect(
        TxError.INSUFFICIENT_FEE, aliceSends(10).gasLimit(100_001).fee(100).build());
    assertOk(chain.checkTx(aliceSends(10).gasLimit(100_001).fee(101).build()));
  }

  @Test
  void feeAtOrAbove2To63IsAnArithmeticOverflow() {
    assertRejectedWithoutEffect(
        TxError.ARITHMETIC_OVERFLOW, aliceSends(10).fee(Long.MIN_VALUE).build());
    assertRejectedWithoutEffect(TxError.ARITHMETIC_OVERFLOW, aliceSends(10).fee(-1).build());
  }

  @Test
  void gasLimitWhoseMinimumFeeOverflowsIsAnArithmeticOverflow() {
    assertRejectedWithoutEffect(
        TxError.ARITHMETIC_OVERFLOW, aliceSends(10).gasLimit(Long.MAX_VALUE).build());
    assertRejectedWithoutEffect(TxError.ARITHMETIC_OVERFLOW, aliceSends(10).gasLimit(-1).build());
  }

  @Test
  void feePayerWhoCannotPayTheFeeIsRejected() {
    chain = TestChain.builder().accounts(2, TestChain.DEFAULT_BALANCE).account(50).build();
    alice = chain.address(2); // holds 50 ulease, the fee is 100
    bob = chain.address(0);
    byte[] tx = chain.tx().send(alice, bob, 1).signer(chain.keyAt(2)).build();
    TxOutcome outcome = assertRejectedWithoutEffect(TxError.INSUFFICIENT_FEE_FUNDS, tx);
    assertTrue(outcome.log().contains("has 50 ulease, needs 100"), outcome.log());
    assertEquals(50, chain.balance(alice));
  }

  @Test
  void unknownAccountCannotPayAFeeAndIsNotCreated() {
    Ed25519PrivateKey stranger = TestChain.key(1234);
    Address strangerAddress = stranger.publicKey().address();
    alice = strangerAddress;
    byte[] tx = chain.send(stranger, bob, 1);
    assertRejectedWithoutEffect(TxError.INSUFFICIENT_FEE_FUNDS, tx);
    assertEquals(
        Account.newBuilder().setAddress(strangerAddress.toBech32()).build(),
        chain.account(strangerAddress));
  }

  @Test
  void freeTxsWorkWhenTheMinimumGasPriceIsZero() {
    chain =
        TestChain.builder()
            .accounts(2, 1_000)
            .txParams(TxParamsRules.DEFAULTS.toBuilder().setMinGasPrice(0).build())
            .build();
    byte[] tx =
        chain
            .tx()
            .send(chain.address(0), chain.address(1), 1_000)
            .fee(0)
            .signer(chain.keyAt(0))
            .build();
    assertOk(chain.checkTx(tx));
    assertOk(chain.deliver(tx));
    assertEquals(0, chain.balance(chain.address(0)));
    assertEquals(2_000, chain.balance(chain.address(1)));
    assertEquals(1, chain.sequence(chain.address(0)));
  }

  // ---- helpers ---------------------------------------------------------------------------

  private static Tx parse(byte[] bytes) {
    try {
      return Tx.parseFrom(bytes);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void signerInfoRoundTripSanity() {
    // Guards the test builder itself: what it signs is what the ledger verifies.
    Tx tx = aliceSends(10).buildTx();
    AuthInfo authInfo = assertDoesNotThrowParse(tx.getAuthInfo());
    SignerInfo signer = authInfo.getSigners(0);
    assertEquals(ByteString.copyFrom(chain.keyAt(0).publicKey().bytes()), signer.getPublicKey());
    assertTrue(
        chain
            .keyAt(0)
            .publicKey()
            .verify(
                SignDocs.bytes(tx.getBody(), tx.getAuthInfo(), TestChain.CHAIN_ID),
                tx.getSignatures(0).toByteArray()));
  }

  private static AuthInfo assertDoesNotThrowParse(ByteString bytes) {
    try {
      return AuthInfo.parseFrom(bytes);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}

package io.leasechain.ledger.tx;

import static io.leasechain.ledger.testing.Outcomes.assertOk;
import static io.leasechain.ledger.testing.Outcomes.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.TxOutcome;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.ledger.testing.TxBuilder;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.ledger.tx.proto.Tx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Only the one canonical encoding of a tx is accepted (ADR-027 of the Cosmos SDK): any other
 * encoding that parses to the same tx would have another hash and the same effect, so a relayer
 * could front-run the owner's tx with it and make the original fail.
 */
class CanonicalEncodingTest {

  private TestChain chain;

  @BeforeEach
  void setUp() {
    chain = TestChain.create(2);
  }

  private TxBuilder aliceSends() {
    return chain.tx().send(chain.address(0), chain.address(1), 10).signer(chain.keyAt(0));
  }

  private static byte[] concat(byte[] a, int... tail) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + tail.length);
    for (int i = 0; i < tail.length; i++) {
      out[a.length + i] = (byte) tail[i];
    }
    return out;
  }

  /** Refused in CheckTx and in a block, with nothing charged; the original then still works. */
  private void assertNonCanonical(byte[] malleated, byte[] original, String logPart) {
    TxOutcome check = chain.checkTx(malleated);
    assertRejected(TxError.NON_CANONICAL_ENCODING, check);
    assertTrue(check.log().contains(logPart), check.log());
    BlockResult block = chain.finalizeBlock(malleated);
    assertRejected(TxError.NON_CANONICAL_ENCODING, block.txs().get(0));
    assertEquals(List.of(), block.writes(), "a non-canonical tx must change nothing");
    if (original != null) {
      assertOk(chain.checkTx(original));
      assertOk(chain.deliver(original));
    }
  }

  @Test
  void unknownFieldAppendedToTheSignedEnvelopeIsRefusedAndTheOriginalStillWorks() {
    byte[] original = aliceSends().build();
    // 0x78 0x01: field 15, varint 1. Signatures cover only body and auth_info, so this would be
    // a second valid tx with another hash.
    assertNonCanonical(concat(original, 0x78, 0x01), original, "unknown field 15 in");
  }

  @Test
  void unknownFieldInsideTheSignedBodyIsRefused() {
    byte[] tx = aliceSends().mapBodyBytes(body -> body.concat(bytes(0x78, 0x01))).build();
    assertNonCanonical(tx, null, "unknown field 15 in leasechain.tx.v1.TxBody");
  }

  @Test
  void unknownFieldInANestedMessageIsRefused() {
    UnaryOperator<io.leasechain.ledger.tx.proto.TxBody> hook =
        body -> {
          Msg msg = body.getMessages(0);
          Msg tampered =
              msg.toBuilder()
                  .setSend(
                      msg.getSend().toBuilder()
                          .setUnknownFields(
                              UnknownFieldSet.newBuilder()
                                  .addField(
                                      9, UnknownFieldSet.Field.newBuilder().addVarint(1).build())
                                  .build()))
                  .build();
          return body.toBuilder().setMessages(0, tampered).build();
        };
    byte[] tx = aliceSends().mapBody(hook).build();
    assertNonCanonical(tx, null, "unknown field 9 in leasechain.bank.v1.MsgSend");
  }

  @Test
  void reorderedEnvelopeFieldsAreRefused() throws IOException {
    byte[] original = aliceSends().build();
    Tx tx = Tx.parseFrom(original);
    // signatures (3), auth_info (2), body (1): the same fields in reverse order.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeBytes(3, tx.getSignatures(0));
    out.writeBytes(2, tx.getAuthInfo());
    out.writeBytes(1, tx.getBody());
    out.flush();
    assertNonCanonical(bytes.toByteArray(), original, "the Tx envelope re-encodes");
  }

  @Test
  void duplicatedEnvelopeFieldIsRefused() throws IOException {
    byte[] original = aliceSends().build();
    Tx tx = Tx.parseFrom(original);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    // body twice: protobuf keeps the last one, so this parses to the original tx.
    out.writeBytes(1, tx.getBody());
    out.flush();
    bytes.write(original);
    assertNonCanonical(bytes.toByteArray(), original, "the Tx envelope re-encodes");
  }

  @Test
  void defaultValueWrittenOutInTheSignedBodyIsRefused() {
    // timeout_height (3) = 0 written explicitly; canonical proto3 omits it.
    byte[] tx = aliceSends().mapBodyBytes(body -> body.concat(bytes(0x18, 0x00))).build();
    assertNonCanonical(tx, null, "body re-encodes");
  }

  @Test
  void overlongVarintInTheSignedBodyIsRefused() {
    // timeout_height (3) = 5 as the two-byte varint 0x85 0x00; canonical is the one byte 0x05.
    byte[] tx = aliceSends().mapBodyBytes(body -> body.concat(bytes(0x18, 0x85, 0x00))).build();
    assertNonCanonical(tx, null, "body re-encodes");
  }

  private static ByteString bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return ByteString.copyFrom(out);
  }
}

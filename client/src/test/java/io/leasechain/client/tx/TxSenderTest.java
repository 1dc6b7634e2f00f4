package io.leasechain.client.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.tx.Gas;
import io.leasechain.ledger.tx.TxParamsRules;
import io.leasechain.ledger.tx.proto.AuthInfo;
import io.leasechain.ledger.tx.proto.Fee;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.ledger.tx.proto.Tx;
import io.leasechain.ledger.tx.proto.TxParams;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The gas limit and fee TxSender picks when the caller leaves them out, offline. */
class TxSenderTest {

  private static final String CHAIN = "sender-chain";
  // Offline, the sender prices at the genesis-default tx params.
  private static final TxParams PARAMS = TxParamsRules.DEFAULTS;

  /**
   * Regression: without --gas the CLI signed with 200,000 gas, which a council tx of more than
   * about six signers outgrows (tx/12). Each signature pays for every byte of the tx, so the gas
   * must cover the signed tx's own length, gas and fee fields and memo included.
   */
  @ParameterizedTest
  @CsvSource({"1, 0", "1, 256", "10, 0", "10, 256", "64, 0", "64, 256"})
  void withoutAGasLimitTheTxCarriesTheGasItNeedsAndItsMinimumFee(int signers, int memoBytes)
      throws Exception {
    List<Ed25519PrivateKey> keys = keys(signers);
    List<Msg> messages = List.of(councilTx(keys));
    TxSender.Settings settings = new TxSender.Settings(CHAIN, null, null, "m".repeat(memoBytes), 0);

    TxSender.SignedTx signed =
        TxSender.offline().sign(messages, keys, Collections.nCopies(signers, 0L), settings);

    Fee fee = fee(signed.bytes());
    long needed = Gas.required(PARAMS, signed.bytes().length, messages.size(), signers);
    // The fixed point settles on exactly what the tx needs, never below the usual default.
    assertEquals(Math.max(TxSender.DEFAULT_GAS, needed), fee.getGasLimit(), "needed " + needed);
    assertEquals(Gas.minimumFee(PARAMS, fee.getGasLimit()), fee.getAmount());
    assertEquals(fee.getAmount(), signed.fee());
  }

  @ParameterizedTest
  @CsvSource({"1, 50000", "10, 200000", "64, 123456"})
  void anExplicitGasLimitIsKeptAsGivenEvenWhenTooLow(int signers, long gas) throws Exception {
    List<Ed25519PrivateKey> keys = keys(signers);
    TxSender.SignedTx signed =
        TxSender.offline()
            .sign(
                List.of(councilTx(keys)),
                keys,
                Collections.nCopies(signers, 0L),
                new TxSender.Settings(CHAIN, null, gas, "", 0));

    Fee fee = fee(signed.bytes());
    assertEquals(gas, fee.getGasLimit());
    assertEquals(Gas.minimumFee(PARAMS, gas), fee.getAmount());
  }

  private static List<Ed25519PrivateKey> keys(int count) {
    return IntStream.range(0, count)
        .mapToObj(
            i -> {
              byte[] seed = new byte[32];
              Arrays.fill(seed, (byte) (i + 1));
              return Ed25519PrivateKey.fromSeed(seed);
            })
        .toList();
  }

  /** A council proposal by the first key, every other key a co-signer. */
  private static Msg councilTx(List<Ed25519PrivateKey> keys) {
    List<Address> addresses = keys.stream().map(key -> key.publicKey().address()).toList();
    return Messages.councilPropose(
        addresses.get(0),
        Messages.approveProvider(addresses.get(0)),
        addresses.subList(1, addresses.size()));
  }

  private static Fee fee(byte[] tx) throws Exception {
    return AuthInfo.parseFrom(Tx.parseFrom(tx).getAuthInfo()).getFee();
  }
}

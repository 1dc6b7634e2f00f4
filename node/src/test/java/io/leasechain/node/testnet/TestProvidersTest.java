package io.leasechain.node.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.client.tx.Messages;
import io.leasechain.client.tx.TxSender;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hashes;
import io.leasechain.ledger.Ledger;
import io.leasechain.ledger.tx.Gas;
import io.leasechain.ledger.tx.TxParamsRules;
import io.leasechain.ledger.tx.proto.AuthInfo;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.ledger.tx.proto.Tx;
import io.leasechain.ledger.tx.proto.TxParams;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestProvidersTest {

  private static final String CHAIN_ID = "testnet-gas";
  private static final TxParams PARAMS = TxParamsRules.DEFAULTS;

  /**
   * Regression: the council's approval was signed with the default 200,000 gas, which seven
   * co-signers (a 12- or 13-validator testnet) outgrow, so the node refused it (tx/12).
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 3, 7, 13})
  void aCouncilApprovalOfKSignersCarriesTheGasItNeedsAtTheMinimumFee(int k) throws Exception {
    List<Ed25519PrivateKey> signers =
        IntStream.range(0, k)
            .mapToObj(
                i ->
                    Ed25519PrivateKey.fromSeed(
                        Hashes.sha256(("node" + i).getBytes(StandardCharsets.UTF_8))))
            .toList();
    List<Address> addresses = signers.stream().map(key -> key.publicKey().address()).toList();
    Msg propose =
        Messages.councilPropose(
            addresses.get(0), Messages.approveProvider(addresses.get(0)), addresses.subList(1, k));
    TxSender.SignedTx signed =
        TxSender.offline()
            .sign(
                List.of(propose),
                signers,
                Collections.nCopies(k, 0L),
                TxSender.Settings.defaults().withChainId(CHAIN_ID));
    long gas =
        AuthInfo.parseFrom(Tx.parseFrom(signed.bytes()).getAuthInfo()).getFee().getGasLimit();
    long needed = Gas.required(PARAMS, signed.bytes().length, 1, k);
    assertEquals(Math.max(TxSender.DEFAULT_GAS, needed), gas, "needed " + needed);
    assertEquals(Gas.minimumFee(PARAMS, gas), signed.fee());
    assertTrue(
        new Ledger().signaturesVerify(PARAMS, CHAIN_ID, signed.bytes()),
        "the ledger decodes the tx and its " + k + " signatures verify");
  }
}

package io.leasechain.ledger.tx;

import io.leasechain.ledger.Event;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.bank.proto.Account;
import io.leasechain.ledger.state.KeyValueState;
import java.util.ArrayList;
import java.util.List;

/**
 * The state-dependent admission of a decoded tx: timeout, each signer's sequence and signature,
 * then the fee. On success it charges the fee, binds first-time keys and bumps every signer's
 * sequence; these stay even if the messages then fail.
 */
public final class AnteHandler {

  private AnteHandler() {}

  /** The tx's "tx" events, or the rejection (in which case nothing in {@code state} changed). */
  public record Result(List<Event> events, Rejection rejection) {}

  public static Result apply(
      KeyValueState state,
      DecodedTx tx,
      String chainId,
      long height,
      SignatureVerifier signatures) {
    long timeout = tx.body().getTimeoutHeight();
    if (timeout != 0 && Long.compareUnsigned(height, timeout) > 0) {
      return reject(
          TxError.TIMEOUT_HEIGHT,
          "timeout height %s, block height %d",
          Long.toUnsignedString(timeout),
          height);
    }
    BankKeeper bank = new BankKeeper(state);
    SignedBytes document =
        SignedBytes.of(SignDocs.bytes(tx.tx().getBody(), tx.tx().getAuthInfo(), chainId));
    for (DecodedTx.Signer signer : tx.signers()) {
      Account account = bank.account(signer.address());
      if (signer.sequence() != account.getSequence()) {
        return reject(
            TxError.WRONG_SEQUENCE,
            "account %s expects sequence %d, tx has %d",
            signer.address(),
            account.getSequence(),
            signer.sequence());
      }
      if (!signatures.verify(signer.publicKey(), document, signer.signature())) {
        return reject(
            TxError.UNAUTHORIZED,
            "signer %s; check the chain id (this chain is '%s') and the sequence (%d)",
            signer.address(),
            chainId,
            signer.sequence());
      }
    }
    Rejection feeRejection =
        bank.transfer(tx.feePayer(), ModuleAccount.FEE_COLLECTOR.address(), tx.fee());
    if (feeRejection != null) {
      return reject(TxError.INSUFFICIENT_FEE_FUNDS, "%s", feeRejection.log());
    }
    List<Event> events = new ArrayList<>();
    events.add(
        Event.builder("tx").plain("fee", tx.fee()).indexed("fee_payer", tx.feePayer()).build());
    for (DecodedTx.Signer signer : tx.signers()) {
      bank.bindPublicKey(signer.address(), signer.publicKey().bytes());
      bank.incrementSequence(signer.address());
      events.add(
          Event.builder("tx")
              .indexed("acc_seq", signer.address() + "/" + signer.sequence())
              .build());
    }
    return new Result(events, null);
  }

  private static Result reject(TxError error, String format, Object... args) {
    return new Result(List.of(), Rejection.of(error, format, args));
  }
}

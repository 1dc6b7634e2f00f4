package io.leasechain.client.tx;

import com.google.protobuf.ByteString;
import io.leasechain.client.LeasechainClient;
import io.leasechain.client.rpc.CommitResult;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.ledger.tx.Gas;
import io.leasechain.ledger.tx.TxParamsRules;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.ledger.tx.proto.TxParams;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Signs transactions with what a wallet usually leaves to the node: each signer's sequence is asked
 * from the node unless given, the gas limit defaults to what the signed tx needs at the node's tx
 * params (at least {@link #DEFAULT_GAS}), the fee to the minimum for the gas limit at the node's
 * gas price, and the chain id to the node's network. Offline (no client), sequences and the chain
 * id must be given and gas and fee default at the genesis-default tx params. The first signer pays
 * the fee.
 */
public final class TxSender {

  public static final long DEFAULT_GAS = 200_000;

  // Each round can only lengthen the gas and fee varints (10 bytes at most each), so a handful of
  // rounds always settles; the bound turns a broken invariant into an error, not a hang.
  private static final int MAX_GAS_ROUNDS = 8;

  private final LeasechainClient client;

  private TxSender(LeasechainClient client) {
    this.client = client;
  }

  public static TxSender online(LeasechainClient client) {
    return new TxSender(Objects.requireNonNull(client, "client"));
  }

  public static TxSender offline() {
    return new TxSender(null);
  }

  /**
   * What to sign besides messages and signers; null chainId = ask the node, null gasLimit = what
   * the tx needs (at least {@link #DEFAULT_GAS}), null fee = the minimum for the gas limit.
   */
  public record Settings(String chainId, Long fee, Long gasLimit, String memo, long timeoutHeight) {

    public Settings {
      memo = memo == null ? "" : memo;
    }

    public static Settings defaults() {
      return new Settings(null, null, null, "", 0);
    }

    public Settings withChainId(String newChainId) {
      return new Settings(newChainId, fee, gasLimit, memo, timeoutHeight);
    }
  }

  /** A signed tx and what was filled in for it. */
  public record SignedTx(
      byte[] bytes, String chainId, List<Address> signers, List<Long> sequences, long fee) {}

  /**
   * Signs {@code messages} by {@code signers} (the first pays the fee); {@code sequences} gives the
   * sequences of the first signers, in order, and the node is asked for the rest.
   */
  public SignedTx sign(
      List<Msg> messages,
      List<Ed25519PrivateKey> signers,
      List<Long> sequences,
      Settings settings) {
    PartialTx tx =
        unsigned(
            messages,
            signers.stream().map(Ed25519PrivateKey::publicKey).toList(),
            sequences,
            settings);
    for (Ed25519PrivateKey signer : signers) {
      tx = tx.sign(signer, tx.chainId());
    }
    List<PartialTx.Signer> filled = tx.signers();
    return new SignedTx(
        tx.toWire(),
        tx.chainId(),
        filled.stream().map(PartialTx.Signer::address).toList(),
        filled.stream().map(PartialTx.Signer::sequence).toList(),
        tx.authInfo().getFee().getAmount());
  }

  /**
   * Builds the tx {@code signers} (public keys; the first pays the fee) are to sign, with every
   * signature slot empty and the chain id filled in; sequences and defaults as in {@link #sign}.
   */
  public PartialTx unsigned(
      List<Msg> messages, List<Ed25519PublicKey> signers, List<Long> sequences, Settings settings) {
    if (signers.isEmpty()) {
      throw new IllegalArgumentException("a transaction needs at least one signer");
    }
    if (sequences.size() > signers.size()) {
      throw new IllegalArgumentException(
          sequences.size() + " sequences given for " + signers.size() + " signer(s)");
    }
    List<Address> addresses = signers.stream().map(Ed25519PublicKey::address).toList();
    if (addresses.stream().distinct().count() != addresses.size()) {
      throw new IllegalArgumentException("a key signs a transaction at most once: " + addresses);
    }
    List<TxSigner.SignerKey> keys = new ArrayList<>(signers.size());
    for (int i = 0; i < signers.size(); i++) {
      long sequence =
          i < sequences.size()
              ? sequences.get(i)
              : online("the sequence of signer " + addresses.get(i))
                  .account(addresses.get(i))
                  .getSequence();
      keys.add(new TxSigner.SignerKey(signers.get(i), sequence));
    }
    String chainId =
        settings.chainId() != null
            ? settings.chainId()
            : online("the chain id").rpc().status().network();
    TxParams params = settings.fee() == null || settings.gasLimit() == null ? gasParams() : null;
    long gas = settings.gasLimit() != null ? settings.gasLimit() : DEFAULT_GAS;
    PartialTx tx = build(messages, keys, chainId, gas, params, settings);
    if (settings.gasLimit() != null) {
      return tx;
    }
    // The tx's size depends on its gas limit and fee, so settle both by fixed point: the gas
    // only rises, and with it the size, until the gas covers the signed tx it is written in.
    for (int round = 0; round < MAX_GAS_ROUNDS; round++) {
      long needed = Gas.required(params, signedSize(tx), messages.size(), keys.size());
      if (needed <= gas) {
        return tx;
      }
      gas = needed;
      tx = build(messages, keys, chainId, gas, params, settings);
    }
    throw new IllegalStateException(
        "the gas limit did not settle in " + MAX_GAS_ROUNDS + " rounds (last " + gas + ")");
  }

  private static PartialTx build(
      List<Msg> messages,
      List<TxSigner.SignerKey> keys,
      String chainId,
      long gas,
      TxParams params,
      Settings settings) {
    long fee = settings.fee() != null ? settings.fee() : Gas.minimumFee(params, gas);
    return TxSigner.unsigned(
        messages,
        keys,
        new TxSigner.Options(chainId, fee, gas, settings.memo(), settings.timeoutHeight()));
  }

  /** The size {@code tx} has once signed: every Ed25519 signature is the same length. */
  private static int signedSize(PartialTx tx) {
    ByteString signature = ByteString.copyFrom(new byte[Ed25519PublicKey.SIGNATURE_BYTES]);
    return new PartialTx(
            tx.body(),
            tx.authInfo(),
            Collections.nCopies(tx.signatures().size(), signature),
            tx.chainId())
        .toWire()
        .length;
  }

  /** Signs as {@link #sign} does and broadcasts with broadcast_tx_commit. */
  public CommitResult signAndCommit(
      List<Msg> messages, List<Ed25519PrivateKey> signers, Settings settings) {
    byte[] tx = sign(messages, signers, List.of(), settings).bytes();
    return online("broadcasting").rpc().broadcastTxCommit(tx);
  }

  /**
   * The tx params gas and fee are computed at; a node's are refused unless a chain could hold them,
   * so a lying node cannot make a `--yes` signer pay a fee no honest chain would ask for.
   */
  private TxParams gasParams() {
    if (client == null) {
      return TxParamsRules.DEFAULTS;
    }
    TxParams params = client.params().getTx();
    List<String> problems = TxParamsRules.validate(params);
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "the node's tx params are not ones a chain can hold, so no gas or fee is computed from"
              + " them (give --gas and --fees, or ask another node): "
              + String.join("; ", problems));
    }
    return params;
  }

  private LeasechainClient online(String what) {
    if (client == null) {
      throw new IllegalStateException("offline: " + what + " must be given");
    }
    return client;
  }
}

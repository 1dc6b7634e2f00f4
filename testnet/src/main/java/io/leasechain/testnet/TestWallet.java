package io.leasechain.testnet;

import io.leasechain.client.LeasechainClient;
import io.leasechain.client.tx.TxSigner;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hashes;
import io.leasechain.ledger.bank.proto.MsgSend;
import io.leasechain.ledger.tx.proto.Msg;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic test accounts (keys derived from a seed) that sign transfers the way a wallet does,
 * tracking each account's next sequence locally so many txs can be in flight.
 */
public final class TestWallet {

  public static final long GAS_LIMIT = 200_000;

  private final String chainId;
  private final List<Ed25519PrivateKey> keys = new ArrayList<>();
  private final long[] sequences;

  public TestWallet(String chainId, int accounts, long seed) {
    this.chainId = chainId;
    for (int i = 0; i < accounts; i++) {
      byte[] material = ByteBuffer.allocate(12).putLong(seed).putInt(i).array();
      keys.add(Ed25519PrivateKey.fromSeed(Hashes.sha256(material)));
    }
    this.sequences = new long[accounts];
  }

  public int size() {
    return keys.size();
  }

  public Address address(int index) {
    return keys.get(index).publicKey().address();
  }

  public Ed25519PrivateKey key(int index) {
    return keys.get(index);
  }

  public List<Address> addresses() {
    return keys.stream().map(key -> key.publicKey().address()).toList();
  }

  /** A signed MsgSend from account {@code from}, using and then advancing its local sequence. */
  public byte[] send(int from, Address to, long amount, long fee) {
    Msg msg =
        Msg.newBuilder()
            .setSend(
                MsgSend.newBuilder()
                    .setFrom(address(from).toBech32())
                    .setTo(to.toBech32())
                    .setAmount(amount))
            .build();
    return sign(from, List.of(msg), fee);
  }

  /** Signs arbitrary messages by account {@code from} at its current sequence, then advances it. */
  public byte[] sign(int from, List<Msg> messages, long fee) {
    return sign(List.of(from), messages, fee);
  }

  /** A tx signed by several accounts (the first pays the fee); advances each one's sequence. */
  public byte[] sign(List<Integer> signers, List<Msg> messages, long fee) {
    return sign(signers, messages, fee, GAS_LIMIT);
  }

  /** As {@link #sign(List, List, long)} with a gas limit of its own, for large txs. */
  public byte[] sign(List<Integer> signers, List<Msg> messages, long fee, long gasLimit) {
    return sign(signers, messages, TxSigner.Options.of(chainId, fee, gasLimit));
  }

  /** As {@link #sign(int, List, long)} with a memo. */
  public byte[] sign(int from, List<Msg> messages, long fee, String memo) {
    return sign(List.of(from), messages, new TxSigner.Options(chainId, fee, GAS_LIMIT, memo, 0));
  }

  private byte[] sign(List<Integer> signers, List<Msg> messages, TxSigner.Options options) {
    List<TxSigner.SignerAccount> accounts = new ArrayList<>();
    for (int signer : signers) {
      accounts.add(new TxSigner.SignerAccount(keys.get(signer), sequences[signer]++));
    }
    return TxSigner.sign(messages, accounts, options);
  }

  public long sequence(int index) {
    return sequences[index];
  }

  /** Reloads every account's sequence from the chain (after txs of unknown fate). */
  public void resync(LeasechainClient client) {
    for (int i = 0; i < keys.size(); i++) {
      sequences[i] = client.account(address(i)).getSequence();
    }
  }
}

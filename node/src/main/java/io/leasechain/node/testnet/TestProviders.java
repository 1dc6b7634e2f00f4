package io.leasechain.node.testnet;

import io.leasechain.client.LeasechainClient;
import io.leasechain.client.QueryException;
import io.leasechain.client.keys.KeyInfo;
import io.leasechain.client.keys.TestKeyring;
import io.leasechain.client.rpc.BroadcastResult;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.TxResult;
import io.leasechain.client.tx.Messages;
import io.leasechain.client.tx.TxSender;
import io.leasechain.client.tx.Wallet;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.authority.proto.Council;
import io.leasechain.ledger.provider.proto.Attributes;
import io.leasechain.ledger.provider.proto.Interconnect;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.tx.proto.Msg;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the {@code provider0..} keys of a testnet active providers once its nodes answer: genesis
 * has no provider records, so each is registered by its own key and approved by the council (the
 * validators' operator keys) in one multi-signer proposal, as an operator would by hand.
 */
public final class TestProviders {

  /** Every test provider's hardware: one host of eight 80 GiB GPUs. */
  public static final String GPU_MODEL = "nvidia-h100";

  public static final int GPU_COUNT = 8;

  /** Where tenants are told to reach a test provider (nothing listens there). */
  public static final String HOST_URI = "https://provider.testnet.invalid:8443";

  public static final String REGION = "testnet";

  private static final String PROVIDER_PREFIX = "provider";
  private static final String OPERATOR_PREFIX = "node";

  private TestProviders() {}

  /**
   * A test provider after {@link #ensure}: its state before (null: not registered) and whether this
   * call approved it. One a previous start made active, or the council suspended or retired since,
   * is left as it is.
   */
  public record Result(String name, Address owner, ProviderState before, boolean approvedNow) {}

  /** The attributes every test provider registers with. */
  public static Attributes attributes() {
    return Attributes.newBuilder()
        .setGpuModel(GPU_MODEL)
        .setVramGib(80)
        .setGpuCount(GPU_COUNT)
        .setInterconnect(Interconnect.INTERCONNECT_PCIE)
        .setCpuMillicores(64_000)
        .setMemoryMib(524_288)
        .setStorageGib(4_000)
        .build();
  }

  /**
   * Registers (bond: the chain's minimum) and approves every {@code providerI} key of the layout's
   * keyring that is not registered or still pending, through node0's RPC; each tx must commit
   * within {@code timeout}. Running it again changes nothing.
   */
  public static List<Result> ensure(TestnetLayout layout, Duration timeout) {
    TestKeyring keyring = new TestKeyring(layout.dir());
    CometRpcClient rpc = new CometRpcClient(Testnet.rpcUri(layout.nodes().get(0)), timeout);
    LeasechainClient client = new LeasechainClient(rpc);
    List<KeyInfo> providers = keys(keyring, PROVIDER_PREFIX);
    List<Result> results = new ArrayList<>();
    for (KeyInfo provider : providers) {
      Address owner = provider.address();
      ProviderState state = state(client, owner);
      if (state != null && state != ProviderState.PROVIDER_STATE_PENDING) {
        results.add(new Result(provider.name(), owner, state, false));
        continue;
      }
      if (state == null) {
        Wallet wallet = Wallet.open(client, keyring.privateKey(provider.name()));
        long bond = client.params().getProvider().getMinBond();
        committed(
            wallet.awaitCommit(
                wallet.submit(
                    Messages.registerProvider(
                        owner, Messages.Offer.of(HOST_URI, REGION, attributes()), bond)),
                timeout),
            "registering " + provider.name());
      }
      approve(client, keyring, owner, timeout, provider.name());
      results.add(new Result(provider.name(), owner, state, true));
    }
    return results;
  }

  /** node0 proposes the approval with enough other council members co-signing to pass at once. */
  private static void approve(
      LeasechainClient client,
      TestKeyring keyring,
      Address provider,
      Duration timeout,
      String name) {
    Council council = client.council();
    List<Ed25519PrivateKey> signers = new ArrayList<>();
    for (KeyInfo operator : keys(keyring, OPERATOR_PREFIX)) {
      if (signers.size() < council.getThreshold()
          && council.getMembersList().contains(operator.address().toBech32())) {
        signers.add(keyring.privateKey(operator.name()));
      }
    }
    if (signers.size() < council.getThreshold()) {
      throw new IllegalStateException(
          "the testnet keyring holds "
              + signers.size()
              + " council key(s); approving "
              + name
              + " needs "
              + council.getThreshold());
    }
    List<Address> addresses = signers.stream().map(key -> key.publicKey().address()).toList();
    Msg propose =
        Messages.councilPropose(
            addresses.get(0),
            Messages.approveProvider(provider),
            addresses.subList(1, addresses.size()));
    // No gas limit given: the sender sets what the k signatures need (seven outgrow 200,000).
    TxSender.SignedTx tx =
        TxSender.online(client)
            .sign(List.of(propose), signers, List.of(), TxSender.Settings.defaults());
    BroadcastResult sent = client.rpc().broadcastTxSync(tx.bytes());
    if (!sent.isOk()) {
      throw new IllegalStateException("approving " + name + " was refused: " + sent.log());
    }
    committed(Wallet.awaitCommit(client.rpc(), sent.hash(), timeout), "approving " + name);
  }

  private static void committed(TxResult result, String what) {
    if (!result.result().isOk()) {
      throw new IllegalStateException(what + " failed: " + result.result().log());
    }
  }

  /** The provider's state, or null if it never registered. */
  private static ProviderState state(LeasechainClient client, Address owner) {
    try {
      return client.provider(owner).getState();
    } catch (QueryException e) {
      return null;
    }
  }

  /** The keys named PREFIX0, PREFIX1, ... in index order (not the keyring's name order). */
  private static List<KeyInfo> keys(TestKeyring keyring, String prefix) {
    List<KeyInfo> keys = new ArrayList<>();
    for (int i = 0; keyring.get(prefix + i).isPresent(); i++) {
      keys.add(keyring.get(prefix + i).orElseThrow());
    }
    return keys;
  }
}

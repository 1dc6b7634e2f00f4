package io.leasechain.testnet;

import static io.leasechain.testnet.MarketMsgs.agentKeys;
import static io.leasechain.testnet.MarketMsgs.commit;
import static io.leasechain.testnet.MarketMsgs.parse;
import static io.leasechain.testnet.MarketMsgs.proof;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.client.LeasechainClient;
import io.leasechain.client.rpc.Block;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.client.rpc.Event;
import io.leasechain.client.rpc.TxResult;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.authority.proto.ApproveProvider;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.MsgCouncilPropose;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.escrow.proto.MsgTopUpEscrow;
import io.leasechain.ledger.escrow.proto.MsgWithdrawLease;
import io.leasechain.ledger.market.proto.BidState;
import io.leasechain.ledger.market.proto.CloseReason;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.Order;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.proof.ProofParamsRules;
import io.leasechain.ledger.provider.proto.Interconnect;
import io.leasechain.ledger.query.proto.BidsResponse;
import io.leasechain.ledger.query.proto.EscrowResponse;
import io.leasechain.ledger.query.proto.LeaseResponse;
import io.leasechain.ledger.query.proto.LeasesResponse;
import io.leasechain.ledger.tx.proto.Msg;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The market issue's story on a real chain (cometbft + node on RocksDB, every invariant checked
 * after every block by the node): a 2-of-3 council approves three providers in one multi-signer tx;
 * a split order is filled by the two cheapest; escrow pays them exactly; a top-up moves the run-dry
 * height; an order without split goes to the big provider alone and runs out of funds at exactly
 * the predicted height.
 */
class MarketStoryTest {

  private static final String CHAIN_ID = "leasechain-market-test";
  private static final long MICRO = 1_000_000L;

  /** The story's prices (100, 120, 300) are in thousands of ulease per GPU per block. */
  private static final long K = 1_000;

  private static final long FEE = 1_000;
  private static final long FUNDS = 10_000_000_000L;
  private static final long BOND = 1_000_000_000L;
  private static final long BID_DEPOSIT = 1_000_000L;
  private static final int C1 = 0, C2 = 1, C3 = 2, A = 3, B = 4, C = 5, TENANT = 6;

  @Test
  void councilProvidersSplitOrderEscrowAndRunningDry(@TempDir Path temp) throws Exception {
    TestWallet wallet = new TestWallet(CHAIN_ID, 7, 3);
    try (LocalNode node =
        LocalNode.init(
            Binaries.fromSystemProperties(),
            temp.resolve("node"),
            CHAIN_ID,
            "market",
            Duration.ofMillis(200))) {
      node.addGenesisAccounts(wallet, FUNDS);
      node.setRewards(TestRewards.FEES_TO_VALIDATORS);
      node.setParams(
          "proof",
          ProofParamsRules.DEFAULTS.toBuilder()
              .setChallengeWindow(CHALLENGE_WINDOW)
              .setGracePeriod(10_000)
              .setMaxUnprovenBlocks(20_000)
              .build());
      node.setCouncil(List.of(wallet.address(C1), wallet.address(C2), wallet.address(C3)), 2);
      node.start();
      node.awaitHeight(1, Duration.ofSeconds(60));
      CometRpcClient rpc = node.rpc();
      LeasechainClient client = node.client();

      commit(
          rpc,
          wallet.sign(
              A,
              List.of(
                  register(
                      wallet.address(A), "nvidia-rtx-4090", 24, 4, Interconnect.INTERCONNECT_PCIE)),
              FEE));
      commit(
          rpc,
          wallet.sign(
              B,
              List.of(
                  register(
                      wallet.address(B), "nvidia-rtx-4090", 24, 4, Interconnect.INTERCONNECT_PCIE)),
              FEE));
      commit(
          rpc,
          wallet.sign(
              C,
              List.of(
                  register(
                      wallet.address(C),
                      "nvidia-h100-80gb",
                      80,
                      8,
                      Interconnect.INTERCONNECT_NVLINK)),
              FEE));

      // Two of three council members approve all three providers in one tx they both sign.
      List<Msg> approvals = new ArrayList<>();
      for (int provider : new int[] {A, B, C}) {
        approvals.add(
            Msg.newBuilder()
                .setCouncilPropose(
                    MsgCouncilPropose.newBuilder()
                        .setProposer(wallet.address(C1).toBech32())
                        .addCoSigners(wallet.address(C2).toBech32())
                        .setAction(
                            CouncilAction.newBuilder()
                                .setApproveProvider(
                                    ApproveProvider.newBuilder()
                                        .setProvider(wallet.address(provider).toBech32()))))
                .build());
      }
      commit(rpc, wallet.sign(List.of(C1, C2), approvals, FEE));
      for (int provider : new int[] {A, B, C}) {
        assertEquals(
            "PROVIDER_STATE_ACTIVE",
            client.query("/provider/" + wallet.address(provider)).value().length > 0
                ? parse(
                        client,
                        "/provider/" + wallet.address(provider),
                        io.leasechain.ledger.provider.proto.Provider.parser())
                    .getState()
                    .name()
                : "");
      }

      // The tenant orders 8 GPUs with at least 24 GiB each, split allowed; prices in 1000 ulease
      // per GPU per block.
      long deposit = 100_000_000;
      long orderHeight =
          commit(
              rpc,
              wallet.sign(
                  TENANT,
                  List.of(order(wallet.address(TENANT), 8, 24, true, 500, 4, deposit)),
                  FEE));
      long orderId = 1;
      long cBefore = client.account(wallet.address(C)).getBalance();
      commit(rpc, wallet.sign(A, List.of(bid(wallet.address(A), orderId, 4, 100)), FEE));
      commit(rpc, wallet.sign(B, List.of(bid(wallet.address(B), orderId, 4, 120)), FEE));
      commit(rpc, wallet.sign(C, List.of(bid(wallet.address(C), orderId, 8, 300)), FEE));

      long windowEnd = orderHeight + 4;
      node.awaitHeight(windowEnd + 1, Duration.ofSeconds(60));
      Order matched = parse(client, "/order/" + orderId, Order.parser());
      assertEquals(OrderState.ORDER_STATE_MATCHED, matched.getState());
      List<Lease> leases =
          parse(client, "/leases?order=" + orderId, LeasesResponse.parser()).getLeasesList();
      assertEquals(2, leases.size(), "A and B share the order");
      Lease leaseA = leases.get(0);
      Lease leaseB = leases.get(1);
      assertEquals(wallet.address(A).toBech32(), leaseA.getProvider());
      assertEquals(wallet.address(B).toBech32(), leaseB.getProvider());
      assertEquals(4, leaseA.getGpuUnits());
      assertEquals(windowEnd, leaseA.getStartHeight());
      var bids = parse(client, "/bids?order=" + orderId, BidsResponse.parser()).getBidsList();
      assertEquals(BidState.BID_STATE_LOST, bids.get(2).getState(), "C lost");
      assertEquals(
          cBefore - FEE,
          client.account(wallet.address(C)).getBalance(),
          "C's bid deposit came back; only its fee is gone");

      // A proves its work since the lease started; once the challenge window has passed it
      // withdraws exactly 4 x 100 x 1000 ulease per proven block, less 2%.
      long provenTo = node.height();
      long proofHeight =
          commit(
              rpc,
              wallet.sign(
                  A,
                  List.of(
                      agentKeys(wallet.address(A), AGENT),
                      proof(
                          wallet.address(A),
                          AGENT,
                          CHAIN_ID,
                          leaseA.getId(),
                          windowEnd,
                          provenTo,
                          4,
                          "nvidia-rtx-4090")),
                  FEE));
      node.awaitHeight(proofHeight + CHALLENGE_WINDOW + 1, Duration.ofSeconds(60));
      long poolBefore = client.account(ModuleAccount.COMMUNITY_POOL.address()).getBalance();
      long aBefore = client.account(wallet.address(A)).getBalance();
      long withdrawHeight =
          commit(
              rpc,
              wallet.sign(
                  A,
                  List.of(
                      Msg.newBuilder()
                          .setWithdrawLease(
                              MsgWithdrawLease.newBuilder()
                                  .setProvider(wallet.address(A).toBech32())
                                  .setLeaseId(leaseA.getId()))
                          .build()),
                  FEE));
      long accrued = 4 * 100 * K * (provenTo - windowEnd);
      assertTrue(withdrawHeight > proofHeight + CHALLENGE_WINDOW, "withdrawn after the window");
      long take = accrued * 200 / 10_000;
      assertEquals(
          aBefore - FEE + accrued - take,
          client.account(wallet.address(A)).getBalance(),
          "A is paid units x price x blocks less the take");
      assertEquals(
          poolBefore + take,
          client.account(ModuleAccount.COMMUNITY_POOL.address()).getBalance(),
          "the take reaches the community pool");
      LeaseResponse b = parse(client, "/lease/" + leaseB.getId(), LeaseResponse.parser());
      assertEquals(
          4 * 120 * K * MICRO * (b.getHeight() - windowEnd),
          b.getOwedMicro(),
          "B accrues 4 x 120 ulease per block, to the micro-ulease");

      // The escrow holds the deposit less 880 ulease per block; a top-up moves the run-dry height.
      long rate = (4 * 100 + 4 * 120) * K * MICRO;
      EscrowResponse escrow = parse(client, "/escrow/" + orderId, EscrowResponse.parser());
      assertEquals(
          deposit * MICRO - rate * (escrow.getHeight() - windowEnd), escrow.getAvailableMicro());
      assertEquals(windowEnd + deposit * MICRO / rate, escrow.getEscrow().getDepletionHeight());
      long topUp = 50_000_000;
      commit(
          rpc,
          wallet.sign(
              TENANT,
              List.of(
                  Msg.newBuilder()
                      .setTopUpEscrow(
                          MsgTopUpEscrow.newBuilder()
                              .setOwner(wallet.address(TENANT).toBech32())
                              .setOrderId(orderId)
                              .setAmount(topUp))
                      .build()),
              FEE));
      assertEquals(
          windowEnd + (deposit + topUp) * MICRO / rate,
          parse(client, "/escrow/" + orderId, EscrowResponse.parser())
              .getEscrow()
              .getDepletionHeight(),
          "top-up moved the run-dry height");

      // A second order without split goes to C alone; its small deposit runs dry at a predictable
      // height.
      long smallDeposit = 10_000_000;
      long secondHeight =
          commit(
              rpc,
              wallet.sign(
                  TENANT,
                  List.of(order(wallet.address(TENANT), 8, 24, false, 500, 3, smallDeposit)),
                  FEE));
      long secondId = 2;
      long tenantBefore = client.account(wallet.address(TENANT)).getBalance();
      commit(rpc, wallet.sign(C, List.of(bid(wallet.address(C), secondId, 8, 300)), FEE));
      long start = secondHeight + 3;
      long cRate = 8 * 300 * K;
      long dry = start + smallDeposit / cRate;
      node.awaitHeight(dry + 1, Duration.ofSeconds(60));
      Lease leaseC =
          parse(client, "/leases?order=" + secondId, LeasesResponse.parser()).getLeases(0);
      assertEquals(wallet.address(C).toBech32(), leaseC.getProvider());
      assertEquals(8, leaseC.getGpuUnits());
      assertEquals(start, leaseC.getStartHeight());
      assertEquals(LeaseState.LEASE_STATE_CLOSED, leaseC.getState());
      assertEquals(CloseReason.CLOSE_REASON_OUT_OF_FUNDS, leaseC.getCloseReason());
      assertEquals(dry, leaseC.getClosedHeight(), "closed at exactly the predicted height");
      // C never proved a block, so it is paid nothing; what the lease drew stays provable up to
      // the close for the grace period (10,000 blocks here) before it goes back to the tenant.
      assertEquals(0, leaseC.getPaid());
      assertEquals(cRate * MICRO * (dry - start), leaseC.getUnpaidMicro(), "held for a late proof");
      assertEquals(dry + 10_000, leaseC.getProofDeadline());
      assertEquals(
          tenantBefore,
          client.account(wallet.address(TENANT)).getBalance(),
          "nothing comes back before the grace period ends");
      assertEquals(
          OrderState.ORDER_STATE_CLOSED,
          parse(client, "/order/" + secondId, Order.parser()).getState());

      node.awaitHeight(node.height() + 2, Duration.ofSeconds(30));
      assertFalse(
          node.appLog().contains("invariants broken"), "every invariant held after every block");
      explorerFindsTheStory(rpc, wallet, leaseA.getId(), leaseC.getId(), dry);
    }
  }

  /**
   * What an explorer finds through CometBFT's own kv indexer: the story's txs by lease, tenant,
   * provider and message, and the end-block's coin movements (a lost bid's deposit refunded, a
   * lease closed when its escrow ran dry) in block_search and block_results.
   */
  private static void explorerFindsTheStory(
      CometRpcClient rpc, TestWallet wallet, long leaseA, long leaseC, long dry) {
    String tenant = wallet.address(TENANT).toBech32();
    String providerA = wallet.address(A).toBech32();
    String providerC = wallet.address(C).toBech32();
    assertEquals(
        Set.of("set_agent_keys", "submit_proof", "withdraw_lease"),
        actions(rpc, "lease.id='" + leaseA + "'"),
        "the proof (its tx also set the agent keys) and the withdrawal touched lease A");
    assertEquals(
        Set.of("create_order", "create_bid", "top_up_escrow", "withdraw_lease"),
        actions(rpc, "order.id='1'"),
        "order 1 was created, bid on, topped up and paid from");
    assertEquals(
        Set.of("create_order", "top_up_escrow", "withdraw_lease"),
        actions(rpc, "order.tenant='" + tenant + "'"),
        "every tx about the tenant's orders");
    assertEquals(
        Set.of(
            "register_provider",
            "council_propose",
            "create_bid",
            "set_agent_keys",
            "submit_proof",
            "withdraw_lease"),
        actions(rpc, "provider.address='" + providerA + "'"),
        "every tx about provider A");
    assertEquals(4, rpc.txSearch("message.action='create_bid'", 1, 30).totalCount());
    assertEquals(
        2,
        rpc.txSearch("message.action='create_bid' AND message.sender='" + providerC + "'", 1, 30)
            .totalCount());
    assertEquals(
        Set.of("withdraw_lease"),
        actions(
            rpc,
            "transfer.recipient='"
                + providerA
                + "' AND transfer.sender='"
                + ModuleAccount.ESCROW.address().toBech32()
                + "'"),
        "A's pay leaves the escrow in its withdrawal");

    // End-block payouts are block events: C's lost bid deposit comes back when the window ends.
    List<Long> refunds =
        rpc.blockSearch("coin_received.receiver='" + providerC + "'", 1, 30).blocks().stream()
            .map(Block::height)
            .toList();
    assertTrue(
        refunds.stream()
            .anyMatch(
                height ->
                    rpc.blockResults(height).finalizeBlockEvents().stream()
                        .anyMatch(
                            e ->
                                e.type().equals("transfer")
                                    && e.attribute("recipient").orElse("").equals(providerC)
                                    && e.attribute("amount")
                                        .orElse("")
                                        .equals(BID_DEPOSIT + "ulease"))),
        "C's deposit refund is in block_results at one of " + refunds);
    List<Long> leaseCBlocks =
        rpc.blockSearch("lease.id='" + leaseC + "'", 1, 30).blocks().stream()
            .map(Block::height)
            .toList();
    assertTrue(leaseCBlocks.contains(dry), "block_search finds lease C's close: " + leaseCBlocks);
    assertTrue(
        rpc.blockResults(dry).finalizeBlockEvents().stream()
            .anyMatch(
                e ->
                    e.type().equals("lease_closed")
                        && e.attribute("close_reason")
                            .orElse("")
                            .equals(CloseReason.CLOSE_REASON_OUT_OF_FUNDS.name())));
  }

  /** The message.action values of every tx {@code query} finds. */
  private static Set<String> actions(CometRpcClient rpc, String query) {
    Set<String> actions = new TreeSet<>();
    for (TxResult tx : rpc.txSearch(query, 1, 100).txs()) {
      for (Event event : tx.result().events()) {
        if (event.type().equals("message")) {
          event.attribute("action").ifPresent(actions::add);
        }
      }
    }
    return actions;
  }

  private static final long CHALLENGE_WINDOW = 3;
  private static final Ed25519PrivateKey AGENT = Ed25519PrivateKey.fromSeed(new byte[32]);

  private static Msg register(
      Address owner, String model, int vram, int count, Interconnect interconnect) {
    return MarketMsgs.register(owner, model, vram, count, interconnect, BOND, List.of());
  }

  private static Msg order(
      Address tenant,
      int units,
      int minVram,
      boolean split,
      long maxPriceUlease,
      long window,
      long deposit) {
    return MarketMsgs.order(
        tenant, units, minVram, split, maxPriceUlease * K * MICRO, window, 0, deposit);
  }

  private static Msg bid(Address provider, long orderId, int units, long priceUlease) {
    return MarketMsgs.bid(provider, orderId, units, priceUlease * K * MICRO, BID_DEPOSIT);
  }
}

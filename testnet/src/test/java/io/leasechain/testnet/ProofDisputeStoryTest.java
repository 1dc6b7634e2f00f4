package io.leasechain.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.leasechain.client.LeasechainClient;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hashes;
import io.leasechain.ledger.authority.proto.AppointAuditor;
import io.leasechain.ledger.authority.proto.ApproveProvider;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.market.proto.CloseReason;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.MsgCreateBid;
import io.leasechain.ledger.market.proto.MsgCreateOrder;
import io.leasechain.ledger.market.proto.ResourceSpec;
import io.leasechain.ledger.proof.ProofParamsRules;
import io.leasechain.ledger.proof.proto.Dispute;
import io.leasechain.ledger.proof.proto.DisputeState;
import io.leasechain.ledger.proof.proto.MsgDisputeProof;
import io.leasechain.ledger.proof.proto.MsgResolveDispute;
import io.leasechain.ledger.proof.proto.Proof;
import io.leasechain.ledger.proof.proto.ProofParams;
import io.leasechain.ledger.proof.proto.ProofState;
import io.leasechain.ledger.proof.proto.Verdict;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.query.proto.LeasesResponse;
import io.leasechain.ledger.rewards.proto.EmissionState;
import io.leasechain.ledger.tx.proto.Msg;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's story on a real chain: a 60-block lease; the provider proves blocks 0-20 and 20-40 and
 * skips the rest; the tenant disputes 20-40 and an auditor upholds it. The 0-20 payment arrives
 * after its challenge window, 20-40 goes back to the tenant, the bond is slashed by exactly the
 * param fraction (half to the tenant, half burnt), the lease closes dispute_lost and the provider,
 * now under the minimum bond, is suspended. Every figure is asserted to the ulease.
 */
class ProofDisputeStoryTest {

  private static final String CHAIN_ID = "leasechain-proof-test";
  private static final long FEE = 1_000;
  private static final long FUNDS = 10_000_000_000L;
  private static final long BOND = 1_000_000_000L;
  private static final long BID_DEPOSIT = 1_000_000L;
  private static final long DISPUTE_DEPOSIT = 2_000_000L;
  private static final long DEPOSIT = 500_000_000L;

  /** 1,000 ulease per GPU per block, in micro-ulease. */
  private static final long PRICE = 1_000_000_000L;

  private static final long WINDOW = 6;
  private static final int COUNCIL = 0, PROVIDER = 1, TENANT = 2, AUDITOR = 3;
  private static final Ed25519PrivateKey AGENT =
      Ed25519PrivateKey.fromSeed(Hashes.sha256("agent".getBytes(StandardCharsets.UTF_8)));
  private static final ProofParams PROOF =
      ProofParamsRules.DEFAULTS.toBuilder()
          .setChallengeWindow(WINDOW)
          .setGracePeriod(200)
          .setMaxUnprovenBlocks(400)
          .setMinDisputeDeposit(DISPUTE_DEPOSIT)
          .setDisputeTimeout(1_000)
          .setSlashBps(1_000)
          .setSlashToTenantBps(5_000)
          .build();

  @Test
  void provenPaidDisputedReturnedSlashedClosedSuspended(@TempDir Path temp) throws Exception {
    TestWallet wallet = new TestWallet(CHAIN_ID, 4, 21);
    try (LocalNode node =
        LocalNode.init(
            Binaries.fromSystemProperties(),
            temp.resolve("node"),
            CHAIN_ID,
            "proofs",
            Duration.ofMillis(200))) {
      node.addGenesisAccounts(wallet, FUNDS);
      node.setCouncil(List.of(wallet.address(COUNCIL)), 1);
      node.setRewards(TestRewards.FEES_TO_VALIDATORS);
      node.setParams("proof", PROOF);
      node.start();
      node.awaitHeight(1, Duration.ofSeconds(60));
      CometRpcClient rpc = node.rpc();
      LeasechainClient client = node.client();
      Address provider = wallet.address(PROVIDER);
      Address tenant = wallet.address(TENANT);

      commit(rpc, wallet.sign(PROVIDER, List.of(register(provider), agentKeys(provider)), FEE));
      commit(
          rpc,
          wallet.sign(
              COUNCIL,
              List.of(
                  council(
                      wallet.address(COUNCIL),
                      CouncilAction.newBuilder()
                          .setApproveProvider(
                              ApproveProvider.newBuilder().setProvider(provider.toBech32()))
                          .build()),
                  council(
                      wallet.address(COUNCIL),
                      CouncilAction.newBuilder()
                          .setAppointAuditor(
                              AppointAuditor.newBuilder()
                                  .setAuditor(wallet.address(AUDITOR).toBech32()))
                          .build())),
              FEE));

      long tenantStart = balance(client, tenant);
      long orderHeight =
          commit(
              rpc,
              wallet.sign(
                  TENANT,
                  List.of(
                      Msg.newBuilder()
                          .setCreateOrder(
                              MsgCreateOrder.newBuilder()
                                  .setTenant(tenant.toBech32())
                                  .setSpec(
                                      ResourceSpec.newBuilder().setGpuUnits(1).setMinVramGib(24))
                                  .setMaxPrice(PRICE)
                                  .setBidWindow(2)
                                  .setDuration(60)
                                  .setDeposit(DEPOSIT))
                          .build()),
                  FEE));
      commit(
          rpc,
          wallet.sign(
              PROVIDER,
              List.of(
                  Msg.newBuilder()
                      .setCreateBid(
                          MsgCreateBid.newBuilder()
                              .setProvider(provider.toBech32())
                              .setOrderId(1)
                              .setGpuUnits(1)
                              .setPrice(PRICE)
                              .setDeposit(BID_DEPOSIT))
                      .build()),
              FEE));
      long start = orderHeight + 2;
      node.awaitHeight(start + 40, Duration.ofSeconds(60));
      Lease lease = parse(client, "/leases?order=1", LeasesResponse.parser()).getLeases(0);
      assertEquals(start, lease.getStartHeight());
      assertEquals(start + 60, lease.getEndHeight(), "a 60-block lease");

      long providerBeforeProofs = balance(client, provider);
      long proof1Height =
          commit(
              rpc,
              wallet.sign(
                  PROVIDER, List.of(proof(provider, lease.getId(), start, start + 20)), FEE));
      long proof2Height =
          commit(
              rpc,
              wallet.sign(
                  PROVIDER, List.of(proof(provider, lease.getId(), start + 20, start + 40)), FEE));
      long perBlock = PRICE / 1_000_000;
      Proof second = parse(client, "/proof/2", Proof.parser());
      assertEquals(20 * PRICE, second.getAmountMicro(), "20 blocks x 1000 ulease, in micro-ulease");
      assertEquals(ProofState.PROOF_STATE_PENDING, second.getState());

      long supplyBefore = client.supply();
      commit(
          rpc,
          wallet.sign(
              TENANT,
              List.of(
                  Msg.newBuilder()
                      .setDisputeProof(
                          MsgDisputeProof.newBuilder()
                              .setTenant(tenant.toBech32())
                              .setProofId(2)
                              .setDeposit(DISPUTE_DEPOSIT)
                              .setEvidenceUri("https://evidence.example/lease-1")
                              .setEvidenceHash(
                                  ByteString.copyFrom(
                                      Hashes.sha256("evidence".getBytes(StandardCharsets.UTF_8)))))
                      .build()),
              FEE));
      assertEquals(
          ProofState.PROOF_STATE_DISPUTED,
          parse(client, "/proof/2", Proof.parser()).getState(),
          "payment frozen");
      // Proof 1 (blocks 0-20) passes its window undisputed before the verdict: accepted, it stays
      // paid. (Were it still pending, the upheld dispute would send it back to the tenant too.)
      node.awaitHeight(proof1Height + WINDOW + 1, Duration.ofSeconds(60));
      assertEquals(
          ProofState.PROOF_STATE_ACCEPTED, parse(client, "/proof/1", Proof.parser()).getState());
      long resolveHeight =
          commit(
              rpc,
              wallet.sign(
                  AUDITOR,
                  List.of(
                      Msg.newBuilder()
                          .setResolveDispute(
                              MsgResolveDispute.newBuilder()
                                  .setAuditor(wallet.address(AUDITOR).toBech32())
                                  .setDisputeId(1)
                                  .setVerdict(Verdict.VERDICT_UPHELD))
                          .build()),
                  FEE));

      // The bond is slashed by exactly 10%: half to the tenant, half burnt out of the supply.
      long slashed = BOND * 1_000 / 10_000;
      long toTenant = slashed * 5_000 / 10_000;
      Dispute dispute = parse(client, "/dispute/1", Dispute.parser());
      assertEquals(DisputeState.DISPUTE_STATE_UPHELD, dispute.getState());
      assertEquals(slashed, dispute.getSlashed());
      assertEquals(toTenant, dispute.getSlashedToTenant());
      Provider suspended = parse(client, "/provider/" + provider, Provider.parser());
      assertEquals(BOND - slashed, suspended.getBond());
      assertEquals(
          ProviderState.PROVIDER_STATE_SUSPENDED, suspended.getState(), "under the minimum bond");
      assertEquals(1, suspended.getReputation().getDisputesLost());
      assertEquals(
          supplyBefore - (slashed - toTenant), client.supply(), "the burnt half left the supply");
      assertEquals(
          slashed - toTenant, parse(client, "/emission", EmissionState.parser()).getBurntTotal());

      Lease closed =
          parse(
                  client,
                  "/lease/" + lease.getId(),
                  io.leasechain.ledger.query.proto.LeaseResponse.parser())
              .getLease();
      assertEquals(LeaseState.LEASE_STATE_CLOSED, closed.getState());
      assertEquals(CloseReason.CLOSE_REASON_DISPUTE_LOST, closed.getCloseReason());
      assertEquals(resolveHeight, closed.getClosedHeight());
      assertEquals(
          ProofState.PROOF_STATE_REJECTED, parse(client, "/proof/2", Proof.parser()).getState());

      // The closed lease paid proof 1's 0-20 blocks, less the 2% take.
      assertEquals(
          ProofState.PROOF_STATE_ACCEPTED, parse(client, "/proof/1", Proof.parser()).getState());
      long earned = 20 * perBlock;
      long take = earned * 200 / 10_000;
      assertEquals(
          earned - take,
          parse(
                  client,
                  "/lease/" + lease.getId(),
                  io.leasechain.ledger.query.proto.LeaseResponse.parser())
              .getLease()
              .getPaid());
      assertEquals(
          providerBeforeProofs - 2 * FEE + (earned - take),
          balance(client, provider),
          "the provider got the proven 0-20 payment, nothing for 20-40 or the unproven rest, and"
              + " forfeited its bid deposit");

      // The tenant paid only for the 20 proven blocks: deposit back minus that, plus its dispute
      // deposit, its share of the slash and the provider's bid deposit.
      assertEquals(
          tenantStart - 2 * FEE - earned + toTenant + BID_DEPOSIT,
          balance(client, tenant),
          "every other ulease of the escrow came back, with the dispute deposit, the slash share and"
              + " the bid deposit");
      assertTrue(proof2Height > proof1Height);
      node.awaitHeight(node.height() + 2, Duration.ofSeconds(30));
      assertFalse(
          node.appLog().contains("invariants broken"), "every invariant held after every block");
      assertEquals(
          0, balance(client, ModuleAccount.ESCROW.address()), "the escrow account is empty again");
    }
  }

  private static long balance(LeasechainClient client, Address address) {
    return client.account(address).getBalance();
  }

  private static long commit(CometRpcClient rpc, byte[] tx) {
    return MarketMsgs.commit(rpc, tx);
  }

  private static <T> T parse(LeasechainClient client, String path, Parser<T> parser)
      throws InvalidProtocolBufferException {
    return parser.parseFrom(client.query(path).value());
  }

  private static Msg council(Address member, CouncilAction action) {
    return MarketMsgs.council(member, action);
  }

  private static Msg register(Address owner) {
    return MarketMsgs.register(owner, BOND);
  }

  private static Msg agentKeys(Address owner) {
    return MarketMsgs.agentKeys(owner, AGENT);
  }

  private static Msg proof(Address provider, long leaseId, long from, long to) {
    return MarketMsgs.proof(provider, AGENT, CHAIN_ID, leaseId, from, to);
  }
}

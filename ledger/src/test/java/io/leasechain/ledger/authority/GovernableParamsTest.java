package io.leasechain.ledger.authority;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.TxOutcome;
import io.leasechain.ledger.authority.proto.SetParams;
import io.leasechain.ledger.bank.BankParamsRules;
import io.leasechain.ledger.escrow.EscrowParamsRules;
import io.leasechain.ledger.market.MarketParamsRules;
import io.leasechain.ledger.params.ParamBound;
import io.leasechain.ledger.proof.ProofParamsRules;
import io.leasechain.ledger.provider.ProviderParamsRules;
import io.leasechain.ledger.rewards.RewardsParamsRules;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.testing.Outcomes;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.ledger.testing.TxBuilder;
import io.leasechain.ledger.tx.Gas;
import io.leasechain.ledger.tx.TxParamsRules;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.ledger.tx.proto.TxParams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;

/**
 * Whatever params the rules accept, the chain stays governable: a 2-of-3 council whose members hold
 * no more than {@link TxParamsRules#MAX_TX_FEE} can set any accepted params, the defaults included,
 * in one co-signed tx that fits max_tx_bytes and whose fee is computed without overflow. Genesis
 * and the council share the rules, so the chain under test starts from the generated params.
 */
class GovernableParamsTest {

  private static final long PURSE = TxParamsRules.MAX_TX_FEE;

  private static final SetParams DEFAULTS =
      SetParams.newBuilder()
          .setTx(TxParamsRules.DEFAULTS)
          .setBank(BankParamsRules.DEFAULTS)
          .setProvider(ProviderParamsRules.DEFAULTS)
          .setMarket(MarketParamsRules.DEFAULTS)
          .setEscrow(EscrowParamsRules.DEFAULTS)
          .setAuthority(AuthorityParamsRules.DEFAULTS)
          .setRewards(RewardsParamsRules.DEFAULTS)
          .setProof(ProofParamsRules.DEFAULTS)
          .build();

  // ---- generators -----------------------------------------------------------------------------

  /** Every module's params, each field anywhere in its bound, kept when the rules accept them. */
  @Provide
  Arbitrary<SetParams> accepted() {
    List<FieldDescriptor> modules = SetParams.getDescriptor().getFields();
    List<Arbitrary<Message>> each = new ArrayList<>();
    for (FieldDescriptor module : modules) {
      each.add(
          moduleParams(module)
              .filter(
                  params ->
                      ChainParams.problems(SetParams.newBuilder().setField(module, params).build())
                          .isEmpty()));
    }
    return Combinators.combine(each)
        .as(
            values -> {
              SetParams.Builder all = SetParams.newBuilder();
              for (int i = 0; i < modules.size(); i++) {
                all.setField(modules.get(i), values.get(i));
              }
              return all.build();
            });
  }

  @Provide
  Arbitrary<SetParams> targets() {
    return Arbitraries.oneOf(Arbitraries.just(DEFAULTS), accepted());
  }

  private static Arbitrary<Message> moduleParams(FieldDescriptor module) {
    List<FieldDescriptor> fields = module.getMessageType().getFields();
    List<Arbitrary<Object>> values = new ArrayList<>();
    for (FieldDescriptor field : fields) {
      values.add(value(module.getName(), field));
    }
    return Combinators.combine(values)
        .as(
            chosen -> {
              Message.Builder params = SetParams.newBuilder().newBuilderForField(module);
              for (int i = 0; i < fields.size(); i++) {
                params.setField(fields.get(i), chosen.get(i));
              }
              return params.build();
            });
  }

  private static Arbitrary<Object> value(String module, FieldDescriptor field) {
    if (field.getJavaType() == FieldDescriptor.JavaType.BOOLEAN) {
      return Arbitraries.of(true, false);
    }
    ParamBound bound = bound(module, field.getName());
    // Small values, values spread over the whole range, and the ends of the range: the last two
    // reach the combinations (a high price with large txs) where liveness is at stake.
    Arbitrary<Long> value =
        Arbitraries.oneOf(
            Arbitraries.longs().between(bound.min(), bound.max()),
            Arbitraries.longs()
                .between(bound.min(), bound.max())
                .withDistribution(RandomDistribution.uniform()),
            Arbitraries.of(bound.min(), bound.max()));
    return field.getJavaType() == FieldDescriptor.JavaType.INT
        ? value.map(v -> (Object) v.intValue())
        : value.map(v -> (Object) v);
  }

  private static ParamBound bound(String module, String field) {
    return ChainParams.BOUNDS.get(module).stream()
        .filter(b -> b.field().equals(field))
        .findFirst()
        .orElseThrow(() -> new AssertionError(module + "." + field + " has no bound"));
  }

  // ---- the property ---------------------------------------------------------------------------

  @Property(tries = 150)
  void theCouncilCanAlwaysSetAcceptedParams(
      @ForAll("accepted") SetParams current, @ForAll("targets") SetParams target) {
    TestChain chain = councilChain(current);
    // Members 0 and 1 co-sign one proposal, paying gas for both signatures; the rules keep a tx of
    // up to 65 signers within a block, so it must pass CheckTx and fit the block's gas as well.
    byte[] tx =
        leastGasTx(
            chain,
            current.getTx(),
            Msgs.propose(chain.address(0), Msgs.setParams(target), chain.address(1)),
            0,
            1);
    assertTrue(tx.length <= current.getTx().getMaxTxBytes(), tx.length + " bytes");
    Outcomes.assertOk(chain.checkTx(tx));
    io.leasechain.ledger.Proposal proposal =
        chain
            .ledger()
            .selectProposal(
                chain.committed(), chain.nextBlockContext(), List.of(tx), Long.MAX_VALUE);
    assertEquals(List.of(0), proposal.included(), () -> "left out: " + proposal.excluded());
    BlockResult block = chain.finalizeBlock(List.of(tx));
    Outcomes.assertOk(block.txs().get(0));
    assertEquals(target, stored(chain.committed()));
  }

  @Example
  void paramsThatWouldBrickTheChainAreRefusedBeforeTheFee() {
    TestChain chain = councilChain(DEFAULTS);
    TxParams tx = TxParamsRules.DEFAULTS;
    List<SetParams> bricks =
        List.of(
            // Every proof impossible: no period fits a grace period of 0.
            SetParams.newBuilder()
                .setProof(ProofParamsRules.DEFAULTS.toBuilder().setGracePeriod(0))
                .build(),
            // Every fee overflows, the council's revert included.
            SetParams.newBuilder().setTx(tx.toBuilder().setMinGasPrice(1L << 62)).build(),
            SetParams.newBuilder().setTx(tx.toBuilder().setBaseGas(1L << 62)).build(),
            SetParams.newBuilder().setTx(tx.toBuilder().setGasPerByte(1L << 40)).build(),
            // Free signatures or bytes: max_block_gas would bound neither.
            SetParams.newBuilder().setTx(tx.toBuilder().setBaseGas(0)).build(),
            SetParams.newBuilder().setTx(tx.toBuilder().setGasPerByte(0)).build(),
            // A block paying for 100,000 signature checks, or for hashing 2 GiB.
            SetParams.newBuilder()
                .setTx(tx.toBuilder().setMaxBlockGas(100_000 * tx.getBaseGas()))
                .build(),
            SetParams.newBuilder()
                .setTx(
                    tx.toBuilder()
                        .setBaseGas(10_000_000)
                        .setMaxBlockGas(2L * (1 << 30) * tx.getGasPerByte()))
                .build(),
            // Affordable gas, unaffordable price: 64 KiB at 1 ulease per gas is 100+ LEASE.
            SetParams.newBuilder()
                .setTx(tx.toBuilder().setMinGasPrice(1_000_000).setGasPerByte(10_000))
                .build(),
            // No council proposal fits.
            SetParams.newBuilder().setTx(tx.toBuilder().setMaxTxBytes(300)).build(),
            SetParams.newBuilder().setTx(tx.toBuilder().setMaxTxBytes(64 << 20)).build(),
            // Free disputes freeze every payment for nothing.
            SetParams.newBuilder()
                .setProof(ProofParamsRules.DEFAULTS.toBuilder().setMinDisputeDeposit(0))
                .build(),
            SetParams.newBuilder()
                .setProvider(ProviderParamsRules.DEFAULTS.toBuilder().setMinBond(1L << 62))
                .build());
    for (SetParams brick : bricks) {
      TxOutcome outcome =
          chain.checkTx(
              leastGasTx(chain, tx, Msgs.propose(chain.address(0), Msgs.setParams(brick)), 0));
      Outcomes.assertRejected(AuthorityError.INVALID_PARAMS, outcome);
    }
  }

  @Example
  void everyNumericParamHasABoundDocumentedInGenesisMd() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "genesis.md"), StandardCharsets.UTF_8);
    List<String> missing = new ArrayList<>();
    for (FieldDescriptor module : SetParams.getDescriptor().getFields()) {
      for (FieldDescriptor field : module.getMessageType().getFields()) {
        if (field.getJavaType() == FieldDescriptor.JavaType.BOOLEAN) {
          continue;
        }
        ParamBound bound = bound(module.getName(), field.getName());
        String row =
            String.format(
                Locale.ROOT,
                "| `%s.%s` | %,d | %,d |",
                module.getName(),
                field.getName(),
                bound.min(),
                bound.max());
        if (!doc.contains(row)) {
          missing.add(row);
        }
      }
    }
    assertEquals(List.of(), missing, "docs/genesis.md lacks these rows of the bounds table");
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** A chain started from {@code params} whose 2-of-3 council members hold {@link #PURSE} each. */
  private static TestChain councilChain(SetParams params) {
    return TestChain.builder()
        .accounts(3, PURSE)
        .council(2, 0, 1, 2)
        .txParams(params.getTx())
        .bankParams(params.getBank())
        .providerParams(params.getProvider())
        .marketParams(params.getMarket())
        .escrowParams(params.getEscrow())
        .authorityParams(params.getAuthority())
        .rewardsParams(params.getRewards())
        .proofParams(params.getProof())
        .build();
  }

  /**
   * {@code msg} signed by {@code members}, with the least gas and fee the chain's tx params demand
   * (the gas limit's own bytes count, so it is found by iteration).
   */
  private static byte[] leastGasTx(TestChain chain, TxParams params, Msg msg, int... members) {
    long gas = 0;
    while (true) {
      TxBuilder tx = chain.tx().msg(msg);
      for (int member : members) {
        tx.signer(chain.keyAt(member));
      }
      byte[] signed = tx.gasLimit(gas).fee(Gas.minimumFee(params, gas)).build();
      long needed = Gas.required(params, signed.length, 1, members.length);
      if (needed <= gas) {
        return signed;
      }
      gas = needed;
    }
  }

  private static SetParams stored(ReadableState state) {
    return SetParams.newBuilder()
        .setTx(TxParamsRules.STORE.get(state))
        .setBank(BankParamsRules.STORE.get(state))
        .setProvider(ProviderParamsRules.STORE.get(state))
        .setMarket(MarketParamsRules.STORE.get(state))
        .setEscrow(EscrowParamsRules.STORE.get(state))
        .setAuthority(AuthorityParamsRules.STORE.get(state))
        .setRewards(RewardsParamsRules.STORE.get(state))
        .setProof(ProofParamsRules.STORE.get(state))
        .build();
  }
}

package io.leasechain.ledger.market;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankAddresses;
import io.leasechain.ledger.escrow.EscrowKeeper;
import io.leasechain.ledger.market.proto.MarketParams;
import io.leasechain.ledger.market.proto.MsgCreateOrder;
import io.leasechain.ledger.market.proto.Order;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.market.proto.ResourceSpec;
import io.leasechain.ledger.provider.ProviderKeeper;
import io.leasechain.ledger.provider.ProviderRules;
import io.leasechain.ledger.provider.proto.Interconnect;
import io.leasechain.ledger.tx.MsgContext;
import io.leasechain.ledger.tx.MsgHandler;
import java.util.List;

/** MsgCreateOrder: a tenant asks for GPUs at a maximum price and funds the order's escrow. */
public final class CreateOrderHandler implements MsgHandler<MsgCreateOrder> {

  /**
   * About 30,000 years of 1-second blocks: far beyond any lease, far below an overflow of height +
   * duration.
   */
  public static final long MAX_DURATION = 1_000_000_000_000L;

  /** An order is stored for good, so the gpu models it accepts are a short list. */
  public static final int MAX_GPU_MODELS = 16;

  @Override
  public Rejection validate(MsgCreateOrder msg) {
    Rejection tenant = BankAddresses.check("tenant", msg.getTenant());
    if (tenant != null) {
      return tenant;
    }
    if (!msg.getRequiredAuditor().isEmpty()) {
      Rejection auditor = BankAddresses.check("required_auditor", msg.getRequiredAuditor());
      if (auditor != null) {
        return auditor;
      }
    }
    ResourceSpec spec = msg.getSpec();
    if (spec.getGpuUnits() <= 0 || spec.getGpuUnits() > 65_536) {
      return Rejection.of(MarketError.INVALID_ORDER, "gpu_units must be 1..65536");
    }
    if (spec.getGpuModelsCount() > MAX_GPU_MODELS) {
      return Rejection.of(
          MarketError.INVALID_ORDER,
          "%d gpu models, at most %d",
          spec.getGpuModelsCount(),
          MAX_GPU_MODELS);
    }
    for (String model : spec.getGpuModelsList()) {
      if (!ProviderRules.GPU_MODEL.matcher(model).matches()) {
        return Rejection.of(
            MarketError.INVALID_ORDER,
            "gpu model '%s': a lower-case slug such as nvidia-h100-80gb",
            model);
      }
    }
    if (!spec.getRegion().isEmpty() && !ProviderRules.REGION.matcher(spec.getRegion()).matches()) {
      return Rejection.of(
          MarketError.INVALID_ORDER,
          "region: lower-case letters, digits and '-', at most 32 characters (%d given)",
          spec.getRegion().length());
    }
    if (spec.getInterconnect() == Interconnect.UNRECOGNIZED) {
      return Rejection.of(MarketError.INVALID_ORDER, "unknown interconnect");
    }
    if (spec.getCpuMillicoresPerUnit() < 0
        || spec.getMemoryMibPerUnit() < 0
        || spec.getStorageGibPerUnit() < 0
        || spec.getMinVramGib() < 0
        || spec.getPublicIps() < 0) {
      return Rejection.of(MarketError.INVALID_ORDER, "resources must be below 2^63");
    }
    if (msg.getMaxPrice() <= 0) {
      return Rejection.of(
          MarketError.INVALID_ORDER, "max_price must be between 1 and 2^63-1 micro-ulease");
    }
    if (msg.getDuration() < 0 || msg.getDuration() > MAX_DURATION || msg.getBidWindow() <= 0) {
      return Rejection.of(
          MarketError.INVALID_ORDER,
          "bid_window must be at least 1 block and duration at most %d blocks",
          MAX_DURATION);
    }
    if (msg.getMinUnitsPerProvider() < 0 || msg.getMinUnitsPerProvider() > spec.getGpuUnits()) {
      return Rejection.of(
          MarketError.INVALID_ORDER, "min_units_per_provider must be at most gpu_units");
    }
    if (msg.getDeposit() <= 0) {
      return Rejection.of(
          MarketError.DEPOSIT_TOO_LOW, "deposit must be between 1 and 2^63-1 ulease");
    }
    try {
      Math.multiplyExact(
          Math.multiplyExact((long) spec.getGpuUnits(), msg.getMaxPrice()),
          Math.max(1, msg.getDuration()));
    } catch (ArithmeticException e) {
      return Rejection.of(
          MarketError.INVALID_ORDER,
          "gpu_units x max_price x duration exceeds 2^63-1 micro-ulease");
    }
    return null;
  }

  @Override
  public List<Address> signers(MsgCreateOrder msg) {
    return List.of(Address.fromBech32(msg.getTenant()));
  }

  @Override
  public Outcome execute(MsgContext context, MsgCreateOrder msg) {
    MarketParams params = MarketParamsRules.STORE.get(context.state());
    if (msg.getBidWindow() < params.getMinBidWindow()
        || msg.getBidWindow() > params.getMaxBidWindow()) {
      return Outcome.reject(
          MarketError.INVALID_ORDER,
          "bid_window %d outside %d..%d",
          msg.getBidWindow(),
          params.getMinBidWindow(),
          params.getMaxBidWindow());
    }
    if (msg.getDeposit() < params.getMinOrderDeposit()) {
      return Outcome.reject(
          MarketError.DEPOSIT_TOO_LOW,
          "deposit %d ulease, minimum %d",
          msg.getDeposit(),
          params.getMinOrderDeposit());
    }
    if (!msg.getRequiredAuditor().isEmpty()
        && ProviderKeeper.auditor(context.state(), Address.fromBech32(msg.getRequiredAuditor()))
            == null) {
      return Outcome.reject(
          MarketError.INVALID_ORDER,
          "required_auditor %s is not an appointed auditor",
          msg.getRequiredAuditor());
    }
    long height = context.block().height();
    long id = MarketKeeper.ORDER_IDS.next(context.state());
    Rejection funded =
        new EscrowKeeper(context.state())
            .open(id, Address.fromBech32(msg.getTenant()), msg.getDeposit(), height);
    if (funded != null) {
      return Outcome.reject(funded);
    }
    Order order =
        Order.newBuilder()
            .setId(id)
            .setTenant(msg.getTenant())
            .setSpec(msg.getSpec())
            .setRequiredAuditor(msg.getRequiredAuditor())
            .setMaxPrice(msg.getMaxPrice())
            .setBidWindow(msg.getBidWindow())
            .setDuration(msg.getDuration())
            .setAllowSplit(msg.getAllowSplit())
            .setMinUnitsPerProvider(
                msg.getAllowSplit()
                    ? Math.max(1, msg.getMinUnitsPerProvider())
                    : msg.getSpec().getGpuUnits())
            .setState(OrderState.ORDER_STATE_OPEN)
            .setCreatedHeight(height)
            .setWindowEndHeight(Math.addExact(height, msg.getBidWindow()))
            .build();
    new MarketKeeper(context.state()).save(order);
    return Outcome.ok(MarketEvents.order("order_created", order));
  }
}

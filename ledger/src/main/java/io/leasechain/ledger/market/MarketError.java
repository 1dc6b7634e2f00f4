package io.leasechain.ledger.market;

import io.leasechain.ledger.ErrorCode;
import io.leasechain.ledger.LedgerError;

/** Rejections of the market module (codespace "market"). */
public enum MarketError implements LedgerError {
  INVALID_ORDER(2, "invalid order"),
  ORDER_NOT_FOUND(3, "order not found"),
  ORDER_NOT_OPEN(4, "order is not open"),
  BID_WINDOW_CLOSED(5, "bid window has closed"),
  PRICE_ABOVE_MAX(6, "bid price above the order's max price"),
  PROVIDER_NOT_ACTIVE(7, "provider is not active"),
  REQUIREMENTS_NOT_MET(8, "provider does not meet the order's requirements"),
  DUPLICATE_BID(9, "provider already has an open bid on this order"),
  TOO_MANY_BIDS(10, "order has the most bids allowed"),
  DEPOSIT_TOO_LOW(11, "deposit below the minimum"),
  INVALID_BID(12, "invalid bid"),
  BID_NOT_FOUND(13, "bid not found"),
  BID_NOT_OPEN(14, "bid is not open"),
  UNAUTHORIZED(15, "sender may not do this"),
  UNITS_DO_NOT_ADD_UP(16, "accepted bids do not add up to the order's GPU units"),
  SPLIT_NOT_ALLOWED(17, "order does not allow split fills"),
  LEASE_NOT_FOUND(18, "lease not found"),
  LEASE_NOT_ACTIVE(19, "lease is not active"),
  INSUFFICIENT_CAPACITY(20, "provider has too few free GPUs"),
  ORDER_CLOSED(21, "order is already closed"),
  CLOSE_ALREADY_PENDING(22, "lease already closes at the end of its notice period");

  public static final String CODESPACE = "market";

  private final ErrorCode spec;

  MarketError(int code, String description) {
    this.spec = new ErrorCode(CODESPACE, code, description);
  }

  @Override
  public ErrorCode spec() {
    return spec;
  }
}

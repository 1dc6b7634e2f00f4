package io.leasechain.ledger.state;

/**
 * Every key prefix the ledger writes, in one place so that no two record types can share one. The
 * byte values are part of the state layout (and so of the app hash): never renumber.
 */
public enum KeySpace {
  /** Chain-wide facts fixed at genesis, such as the chain id. */
  CHAIN(0x00),
  /** bank: 0x01 | address(20) -> Account. */
  ACCOUNT(0x01),
  /** market: 0x02 | order_id(8) -> Order. */
  ORDER(0x02),
  /** market: 0x03 | order_id(8) | bid_id(8) -> Bid. */
  BID(0x03),
  /** market: 0x04 | lease_id(8) -> Lease. */
  LEASE(0x04),
  /** escrow: 0x05 | order_id(8) -> Escrow. */
  ESCROW(0x05),
  /** provider: 0x06 | address(20) -> Provider. */
  PROVIDER(0x06),
  /** provider: 0x07 | address(20) -> Auditor. */
  AUDITOR(0x07),
  /** authority: 0x08 | 0x00 -> Council; 0x08 | 0x01 | proposal_id(8) -> Proposal. */
  AUTHORITY(0x08),
  /** Module parameters: 0x0A | module name -> that module's params message. */
  PARAMS(0x0A),
  /** bank: 0x0B -> Supply. */
  SUPPLY(0x0B),
  /** Next-id counters: 0x0C | name -> uint64. */
  COUNTER(0x0C),
  /** proof: 0x09 | proof_id(8) -> Proof. */
  PROOF(0x09),
  /** proof: 0x0E | dispute_id(8) -> Dispute. */
  DISPUTE(0x0E),
  /** rewards: 0x0F -> EmissionState. */
  EMISSION(0x0F),
  /** rewards: 0x10 | validator address(20) -> Validator. */
  VALIDATOR(0x10),
  /**
   * rewards: 0x11 | public key(32) -> uint64: the keys whose power changed in the current block,
   * each with the power CometBFT had for it when the block began; the net changes go to CometBFT
   * and the entries are cleared at the block's end. (0x12 held a per-block power tally until the
   * net rule made it redundant: never reuse it.)
   */
  VALIDATOR_UPDATE(0x11),
  /** rewards: 0x13 | epoch(8) | provider(20) -> EpochWork of proofs accepted in that epoch. */
  PROVEN_WORK(0x13),
  /**
   * proof: 0x14 -> the oldest height whose time may still be kept; 0x14 | height(8) -> that block's
   * time in nanoseconds since the Unix epoch, for recent heights once the chain has had an order.
   */
  BLOCK_TIME(0x14),
  /**
   * upgrade: 0x15 | 0x00 -> UpgradePlan pending; 0x15 | 0x01 | name -> AppliedUpgrade; 0x15 | 0x02
   * -> the latest AppliedUpgrade.
   */
  UPGRADE(0x15),

  // Secondary indexes: keys whose value is the one-byte marker Index.ENTRY (no ICS-23 proof carries
  // an empty value), written in the same block as their record.
  /** 0x20 | tenant(20) | order_id(8). */
  ORDERS_BY_TENANT(0x20),
  /** 0x21 | state(1) | order_id(8). */
  ORDERS_BY_STATE(0x21),
  /** 0x22 | window_end_height(8) | order_id(8): orders whose bid window closes at that height. */
  ORDER_WINDOW_END(0x22),
  /** 0x23 | provider(20) | order_id(8) | bid_id(8). */
  BIDS_BY_PROVIDER(0x23),
  /** 0x24 | order_id(8) | provider(20) -> bid_id: the provider's open bid on that order. */
  OPEN_BID_BY_PROVIDER(0x24),
  /** 0x25 | tenant(20) | lease_id(8). */
  LEASES_BY_TENANT(0x25),
  /** 0x26 | provider(20) | lease_id(8). */
  LEASES_BY_PROVIDER(0x26),
  /** 0x27 | state(1) | lease_id(8). */
  LEASES_BY_STATE(0x27),
  /** 0x28 | order_id(8) | lease_id(8). */
  LEASES_BY_ORDER(0x28),
  /** 0x29 | end_height(8) | lease_id(8): leases that end by themselves at that height. */
  LEASE_END(0x29),
  /** 0x2A | depletion_height(8) | order_id(8): escrows that run dry at that height. */
  ESCROW_DEPLETION(0x2A),
  /** 0x2B | state(1) | address(20). */
  PROVIDERS_BY_STATE(0x2B),
  /** 0x2C | gpu_model | 0x00 | address(20). */
  PROVIDERS_BY_GPU_MODEL(0x2C),
  /** 0x2D | unbonding_height(8) | address(20): retired providers whose bond returns then. */
  PROVIDER_UNBONDING(0x2D),
  /** 0x2E | expires_height(8) | proposal_id(8). */
  PROPOSAL_EXPIRY(0x2E),
  /** 0x2F | state(1) | proposal_id(8). */
  PROPOSALS_BY_STATE(0x2F),
  /** 0x30 | challenge_end_height(8) | proof_id(8): proofs whose challenge window ends then. */
  PROOF_RELEASE(0x30),
  /** 0x31 | deadline_height(8) | dispute_id(8): disputes that lapse then if unresolved. */
  DISPUTE_DEADLINE(0x31),
  /** 0x32 | proof_deadline(8) | lease_id(8): active leases that close proof_missing then. */
  PROOF_DEADLINE(0x32),
  /** 0x33 | lease_id(8) | proof_id(8). */
  PROOFS_BY_LEASE(0x33);

  private final byte prefix;

  KeySpace(int prefix) {
    this.prefix = (byte) prefix;
  }

  public byte prefix() {
    return prefix;
  }
}

package io.leasechain.ledger.tx;

import io.leasechain.ledger.BlockContext;
import io.leasechain.ledger.state.KeyValueState;

/** What a message handler may see and change: the block's facts and the tx's staged state. */
public record MsgContext(BlockContext block, KeyValueState state) {}

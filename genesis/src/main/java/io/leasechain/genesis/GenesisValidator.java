package io.leasechain.genesis;

import io.leasechain.crypto.Ed25519PublicKey;

/** One entry of CometBFT's genesis {@code validators}: consensus key, voting power and a name. */
public record GenesisValidator(Ed25519PublicKey key, long power, String name) {}

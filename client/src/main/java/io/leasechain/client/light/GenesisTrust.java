package io.leasechain.client.light;

/** Trust from genesis.json: the chain id, its first height and the validators that sign it. */
public record GenesisTrust(String chainId, long initialHeight, ValidatorSet validators) {}

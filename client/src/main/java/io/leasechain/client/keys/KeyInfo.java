package io.leasechain.client.keys;

import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PublicKey;

/** The public side of a named key: what `keys list` and `keys show` print. */
public record KeyInfo(String name, Address address, Ed25519PublicKey publicKey) {}

package io.leasechain.client.light;

/** A header with the commit that signed it. */
public record SignedHeader(Header header, Commit commit) {}

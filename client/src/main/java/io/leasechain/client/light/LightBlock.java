package io.leasechain.client.light;

/** A signed header with the validator set of its height: what one verification step needs. */
public record LightBlock(SignedHeader signedHeader, ValidatorSet validators) {

  public Header header() {
    return signedHeader.header();
  }

  public long height() {
    return signedHeader.header().height();
  }
}

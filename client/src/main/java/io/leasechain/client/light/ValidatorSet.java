package io.leasechain.client.light;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** A validator set in CometBFT's order (power descending, then address ascending). */
public record ValidatorSet(List<Validator> validators) {

  public ValidatorSet {
    validators = List.copyOf(validators);
  }

  /** Sorts {@code validators} as CometBFT's NewValidatorSet does, e.g. for genesis validators. */
  public static ValidatorSet sorted(List<Validator> validators) {
    List<Validator> copy = new ArrayList<>(validators);
    copy.sort(
        Comparator.comparingLong(Validator::votingPower)
            .reversed()
            .thenComparing(Validator::address, Arrays::compareUnsigned));
    return new ValidatorSet(copy);
  }

  /** types.ValidatorSet.Hash. */
  public byte[] hash() {
    return SimpleMerkle.root(validators.stream().map(Validator::simpleValidatorBytes).toList());
  }

  public long totalPower() {
    long total = 0;
    for (Validator v : validators) {
      total = Math.addExact(total, v.votingPower());
    }
    return total;
  }

  /** The validator with {@code address}, or null. */
  public Validator byAddress(byte[] address) {
    for (Validator v : validators) {
      if (Arrays.equals(v.address(), address)) {
        return v;
      }
    }
    return null;
  }
}

package io.leasechain.ledger.params;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * The documented range {@code min..max} of one numeric params field (docs/genesis.md lists them
 * all). Values outside it could stall the chain, e.g. a zero grace period makes every proof
 * impossible and a huge gas price makes every fee overflow.
 */
public record ParamBound(String field, long min, long max) {

  /**
   * The ceiling of every minimum amount (bond, deposits): 10^15 ulease, a billion LEASE. A higher
   * minimum would only shut everyone out of the market.
   */
  public static final long MAX_MINIMUM_AMOUNT = 1_000_000_000_000_000L;

  public ParamBound {
    if (min < 0 || max < min) {
      throw new IllegalArgumentException(field + ": bad bound " + min + ".." + max);
    }
  }

  /** One problem for every field of {@code params} outside its bound, naming field and range. */
  public static List<String> check(Message params, List<ParamBound> bounds) {
    List<String> problems = new ArrayList<>();
    for (ParamBound bound : bounds) {
      FieldDescriptor field = params.getDescriptorForType().findFieldByName(bound.field());
      if (field == null) {
        throw new IllegalStateException(
            params.getDescriptorForType().getName() + " has no field " + bound.field());
      }
      if (!bound.contains(unsigned(field, params.getField(field)))) {
        problems.add(bound.field() + ": must be " + bound.min() + ".." + bound.max());
      }
    }
    return problems;
  }

  /** Whether {@code value} (unsigned; negative stands for 2^63 and above) is in range. */
  public boolean contains(long value) {
    return value >= min && value <= max;
  }

  // uint32 arrives as a signed int and uint64 as a signed long; above 2^63 stays negative,
  // which every bound (min >= 0) refuses.
  private static long unsigned(FieldDescriptor field, Object value) {
    return switch (field.getType()) {
      case UINT32 -> Integer.toUnsignedLong((Integer) value);
      case UINT64 -> (Long) value;
      default ->
          throw new IllegalStateException(field.getFullName() + " is not a uint32 or uint64");
    };
  }
}

package io.leasechain.node.cli;

import com.google.protobuf.ProtocolMessageEnum;
import io.leasechain.client.Amounts;
import io.leasechain.client.ProtoEnums;
import io.leasechain.ledger.authority.proto.ProposalState;
import io.leasechain.ledger.market.proto.BidState;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.market.proto.OrderState;
import io.leasechain.ledger.provider.proto.Interconnect;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.provider.proto.StorageClass;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option converters: protobuf uint32/uint64 (no minus sign, full range), ulease amounts, protobuf
 * enums.
 */
final class Converters {

  private Converters() {}

  /**
   * Lets options of the protobuf enum types be typed by short name ({@code --interconnect nvlink},
   * {@code --state active}); applies to every subcommand already added to {@code commandLine}.
   */
  static void registerProtoEnums(CommandLine commandLine) {
    register(commandLine, Interconnect.class);
    register(commandLine, StorageClass.class);
    register(commandLine, ProviderState.class);
    register(commandLine, OrderState.class);
    register(commandLine, BidState.class);
    register(commandLine, LeaseState.class);
    register(commandLine, ProposalState.class);
  }

  private static <E extends Enum<E> & ProtocolMessageEnum> void register(
      CommandLine commandLine, Class<E> type) {
    commandLine.registerConverter(
        type,
        text -> {
          try {
            return ProtoEnums.parse(type, text);
          } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
          }
        });
  }

  /** uint32, 0 … 4294967295, held in an int as protobuf-java does. */
  static final class U32 implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        return Integer.parseUnsignedInt(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a whole number from 0 to 4294967295");
      }
    }
  }

  /** uint64, 0 … 18446744073709551615, held in a long as protobuf-java does. */
  static final class U64 implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return Long.parseUnsignedLong(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a whole number from 0 to 18446744073709551615");
      }
    }
  }

  /**
   * A positive duration in days, hours, minutes and seconds: {@code 14d}, {@code 336h}, {@code
   * 1h30m}.
   */
  static final class Period implements ITypeConverter<Duration> {
    private static final Pattern WHOLE = Pattern.compile("(?:[0-9]{1,9}[dhms])+");
    private static final Pattern PART = Pattern.compile("([0-9]+)([dhms])");

    @Override
    public Duration convert(String value) {
      String text = value.trim();
      Duration total = Duration.ZERO;
      if (WHOLE.matcher(text).matches()) {
        Matcher part = PART.matcher(text);
        while (part.find()) {
          long n = Long.parseLong(part.group(1));
          total =
              total.plus(
                  switch (part.group(2)) {
                    case "d" -> Duration.ofDays(n);
                    case "h" -> Duration.ofHours(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                  });
        }
      }
      if (total.isZero()) {
        throw new TypeConversionException(
            "'" + value + "' is not a duration like 14d, 336h or 90m");
      }
      return total;
    }

    /** {@code period} as this converter reads it back, e.g. "168h" or "90m". */
    static String format(Duration period) {
      if (period.toSecondsPart() != 0) {
        return period.toSeconds() + "s";
      }
      return period.toMinutesPart() != 0 ? period.toMinutes() + "m" : period.toHours() + "h";
    }
  }

  /** An amount of ulease as {@link Amounts} reads it, with its unit: 1000000ulease or 1.5lease. */
  static final class Ulease implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return Amounts.parseUlease(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}

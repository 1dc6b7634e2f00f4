package io.leasechain.client.query;

import com.google.protobuf.ProtocolMessageEnum;
import io.leasechain.client.ProtoEnums;
import io.leasechain.crypto.Address;
import io.leasechain.ledger.authority.proto.ProposalState;
import java.nio.charset.StandardCharsets;

/**
 * The ABCI query paths of docs/queries.md. Path segments and parameter values are percent-encoded
 * (UTF-8; only RFC 3986 unreserved characters are left as they are), parameters without a value are
 * left out, ids are unsigned 64-bit decimals and enum values their short names ({@code active}, not
 * {@code PROVIDER_STATE_ACTIVE}).
 */
public final class QueryPaths {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private QueryPaths() {}

  public static String provider(Address address) {
    return "/provider/" + encode(address.toBech32());
  }

  public static String providers(ProviderFilter filter, PageRequest page) {
    return new Builder("providers")
        .param("state", filter.state())
        .param("gpu_model", filter.gpuModel())
        .page(page)
        .toString();
  }

  public static String auditor(Address address) {
    return "/auditor/" + encode(address.toBech32());
  }

  public static String auditors(PageRequest page) {
    return new Builder("auditors").page(page).toString();
  }

  public static String order(long id) {
    return "/order/" + Long.toUnsignedString(id);
  }

  public static String orders(OrderFilter filter, PageRequest page) {
    return new Builder("orders")
        .param("tenant", filter.tenant())
        .param("state", filter.state())
        .page(page)
        .toString();
  }

  public static String bid(long orderId, long bidId) {
    return "/bid/" + Long.toUnsignedString(orderId) + "/" + Long.toUnsignedString(bidId);
  }

  public static String bids(BidFilter filter, PageRequest page) {
    return new Builder("bids")
        .param("order", filter.orderId())
        .param("provider", filter.provider())
        .param("state", filter.state())
        .page(page)
        .toString();
  }

  public static String lease(long id) {
    return "/lease/" + Long.toUnsignedString(id);
  }

  public static String leases(LeaseFilter filter, PageRequest page) {
    return new Builder("leases")
        .param("tenant", filter.tenant())
        .param("provider", filter.provider())
        .param("order", filter.orderId())
        .param("state", filter.state())
        .page(page)
        .toString();
  }

  public static String escrow(long orderId) {
    return "/escrow/" + Long.toUnsignedString(orderId);
  }

  public static String proposal(long id) {
    return "/proposal/" + Long.toUnsignedString(id);
  }

  /** {@code state} null or UNSPECIFIED lists every proposal. */
  public static String proposals(ProposalState state, PageRequest page) {
    return new Builder("proposals").param("state", state).page(page).toString();
  }

  public static String council() {
    return "/council";
  }

  /** A validator by its address, upper-case hex as CometBFT prints it. */
  public static String validator(Address address) {
    return "/validator/" + address.toHex();
  }

  /** {@code text} percent-encoded for a path segment or a parameter value. */
  public static String encode(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
      }
    }
    return out.toString();
  }

  /** "/resource?name=value&…": the filters in the order added, then limit and after. */
  private static final class Builder {
    private final StringBuilder path;
    private boolean first = true;

    Builder(String resource) {
      path = new StringBuilder("/").append(resource);
    }

    Builder param(String name, Object value) {
      String text = text(value);
      if (text == null || text.isEmpty()) {
        return this;
      }
      path.append(first ? '?' : '&').append(name).append('=').append(encode(text));
      first = false;
      return this;
    }

    Builder page(PageRequest page) {
      return param("limit", page.limit() == 0 ? null : Integer.toString(page.limit()))
          .param("after", page.after());
    }

    private static String text(Object value) {
      if (value == null) {
        return null;
      }
      if (value instanceof Address address) {
        return address.toBech32();
      }
      if (value instanceof Long number) {
        return Long.toUnsignedString(number);
      }
      if (value instanceof ProtocolMessageEnum constant) {
        return constant.getNumber() == 0 ? null : ProtoEnums.name(constant);
      }
      return value.toString();
    }

    @Override
    public String toString() {
      return path.toString();
    }
  }
}

package io.leasechain.node.gateway;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A gateway path answered from the node's committed state: {@code /v1} + an ABCI query path of
 * docs/queries.md, whose protobuf answer is {@code answer}.
 */
public record StateRoute(
    String resource,
    List<Param> pathParams,
    List<Param> queryParams,
    Message answer,
    String summary) {

  /** The path as OpenAPI writes it, e.g. {@code /v1/bid/{order_id}/{bid_id}}. */
  public String template() {
    StringBuilder template = new StringBuilder("/v1/").append(resource);
    pathParams.forEach(p -> template.append("/{").append(p.name()).append('}'));
    return template.toString();
  }

  /** Whether the answer is a page with {@code next}, taking {@code limit} and {@code after}. */
  public boolean paged() {
    return answer.getDescriptorForType().findFieldByName("next") != null;
  }

  /** What a parameter holds, for the OpenAPI document. */
  public enum Kind {
    ADDRESS,
    UINT64,
    VALIDATOR_HEX,
    HEX_KEY,
    CURSOR,
    LIMIT,
    TEXT,
    STATE
  }

  /** One path or query parameter; {@code values} lists the allowed ones of a STATE. */
  public record Param(String name, Kind kind, List<String> values, String description) {

    static Param of(String name, Kind kind, String description) {
      return new Param(name, kind, List.of(), description);
    }

    /** A state filter whose values are {@code states}'s names without prefix, lower case. */
    static Param state(EnumDescriptor states, String description) {
      String prefix = states.getValues().get(0).getName().replaceFirst("UNSPECIFIED$", "");
      List<String> names = new ArrayList<>();
      states.getValues().stream()
          .filter(v -> v.getNumber() != 0)
          .forEach(v -> names.add(v.getName().substring(prefix.length()).toLowerCase(Locale.ROOT)));
      return new Param("state", Kind.STATE, List.copyOf(names), description);
    }
  }
}

package io.leasechain.genesis;

import java.util.List;

/** A genesis file that cannot start a chain; each problem names the JSON field it is about. */
public final class GenesisException extends Exception {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public GenesisException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}

package io.leasechain.node.cli;

/** A command failed for a reason its message already says in users' words: exit 1. */
final class CommandFailed extends RuntimeException {

  private static final long serialVersionUID = 1L;

  CommandFailed(String message) {
    super(message);
  }
}

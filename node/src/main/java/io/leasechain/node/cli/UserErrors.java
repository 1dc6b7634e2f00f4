package io.leasechain.node.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.protobuf.InvalidProtocolBufferException;
import io.leasechain.client.Amounts;
import io.leasechain.client.light.LightClientException;
import io.leasechain.client.rpc.CometRpcException;
import io.leasechain.genesis.GenesisException;
import java.io.FileNotFoundException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Says what went wrong as one line {@code Error: …} on stderr, in users' words: exit 1 when a
 * command fails, 2 when it was called wrongly. A stack trace only with LEASECHAIN_DEBUG=1.
 */
final class UserErrors {

  /** What CometBFT answers for a tx already waiting in its mempool. */
  private static final String TX_IN_CACHE = "tx already exists in cache";

  // A Java class name, possibly followed by ": ", as Throwable.toString() puts it into messages.
  private static final Pattern CLASS_NAME =
      Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error)(?::\\s*)?");
  private static final Pattern POSITIONAL =
      Pattern.compile("positional parameter at index \\d+(?:\\.\\.\\S+)? \\((\\S+)\\)");
  private static final Pattern NEGATIVE = Pattern.compile("-[0-9][0-9.]*[A-Za-z]*");

  private UserErrors() {}

  /** A parameter error (picocli's or a converter's): one line naming the help to read. */
  static int usageError(ParameterException error, String[] args) {
    CommandLine command = error.getCommandLine();
    String message = POSITIONAL.matcher(error.getMessage()).replaceAll("$1");
    // Picocli takes "-5lease" for an unknown option, then misses the parameter it was meant as.
    if (error instanceof CommandLine.MissingParameterException
        || error instanceof CommandLine.UnmatchedArgumentException) {
      for (String arg : args) {
        if (NEGATIVE.matcher(arg).matches()) {
          message = negative(arg);
          break;
        }
      }
    }
    command
        .getErr()
        .println(
            "Error: "
                + oneLine(message)
                + " (see: "
                + command.getCommandSpec().qualifiedName()
                + " --help)");
    command.getErr().flush();
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** The amount's own message for a negative amount, else a word on negative numbers. */
  private static String negative(String arg) {
    try {
      Amounts.parseUlease(arg);
    } catch (IllegalArgumentException e) {
      if (e.getMessage().endsWith("is negative")) {
        return e.getMessage();
      }
    }
    return "'" + arg + "' is negative: amounts, ids and counts never are";
  }

  /** A command failed: one line, exit 1. */
  static int executionError(Exception error, CommandLine command, ParseResult parseResult) {
    command.getErr().println("Error: " + message(error));
    if ("1".equals(System.getenv("LEASECHAIN_DEBUG"))) {
      error.printStackTrace(command.getErr());
    }
    command.getErr().flush();
    return 1;
  }

  /** {@code error} in users' words, on one line. */
  static String message(Throwable error) {
    String known = known(error);
    if (known != null) {
      return oneLine(known);
    }
    // A wrapped node or file failure says more than its wrapper ("--json: /x" is "no such file:
    // /x").
    for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof CometRpcException
          || cause instanceof FileSystemException
          || cause instanceof FileNotFoundException) {
        return oneLine(known(cause));
      }
    }
    String message = error.getMessage();
    return message == null || message.isBlank()
        ? "unexpected internal failure (run with LEASECHAIN_DEBUG=1 for details)"
        : oneLine(message);
  }

  private static String known(Throwable error) {
    if (error instanceof CometRpcException rpc) {
      return rpc(rpc);
    }
    if (error instanceof NoSuchFileException missing) {
      return "no such file: " + missing.getFile();
    }
    if (error instanceof AccessDeniedException denied) {
      return "permission denied: " + denied.getFile();
    }
    if (error instanceof FileSystemException file) {
      return file.getFile() + ": " + file.getReason();
    }
    if (error instanceof FileNotFoundException missing && missing.getMessage() != null) {
      // java.io says "PATH (No such file or directory)".
      return missing.getMessage().endsWith(" (No such file or directory)")
          ? "no such file: " + missing.getMessage().replace(" (No such file or directory)", "")
          : missing.getMessage();
    }
    if (error instanceof JsonProcessingException json) {
      JsonLocation at = json.getLocation();
      return "bad JSON: "
          + json.getOriginalMessage()
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }
    if (error instanceof InvalidProtocolBufferException proto) {
      return "bad JSON: " + proto.getMessage();
    }
    if (error instanceof GenesisException genesis) {
      return String.join("; ", genesis.problems());
    }
    if (error instanceof LightClientException light) {
      // The node's answer, headers or proofs did not verify: it lied, or serves another chain.
      return "verification failed (" + light.kind() + "): " + light.getMessage();
    }
    return null;
  }

  private static String rpc(CometRpcException error) {
    if (error.kind() != CometRpcException.Kind.RPC_ERROR) {
      return error.getMessage();
    }
    String reason = error.data() != null ? error.data() : error.rpcMessage();
    if (reason.contains(TX_IN_CACHE)) {
      return "tx already in the mempool";
    }
    return "the node refused the request: " + reason;
  }

  /** One line, no class names, no terminal controls (a node's answer is the node's choice). */
  private static String oneLine(String message) {
    return TerminalText.escapeControls(
        CLASS_NAME.matcher(message.strip()).replaceAll("").replaceAll("\\s*\\R\\s*", "; "));
  }
}

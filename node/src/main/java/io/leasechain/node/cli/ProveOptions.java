package io.leasechain.node.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leasechain.client.LeasechainClient;
import io.leasechain.client.ProvenQueries;
import io.leasechain.client.light.LightClient;
import io.leasechain.client.light.LightClientException;
import io.leasechain.client.light.LightJson;
import io.leasechain.client.light.RpcLightSource;
import io.leasechain.client.light.TrustOptions;
import io.leasechain.client.light.TrustedStore;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.crypto.Hex;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * --prove and its trust root: answers checked by the light client against a header signed by the
 * validators, trusted from genesis or from a (height, hash) the user got out of band.
 */
final class ProveOptions {

  // Header H+1, which signs the state of H, comes one block after the answer.
  private static final Duration HEADER_WAIT = Duration.ofSeconds(30);

  @Option(
      names = "--height",
      paramLabel = "H",
      converter = Converters.U64.class,
      description =
          "Answer from the state after block H (default: the latest); the node keeps the last"
              + " [state] keep_recent heights, and list queries answer at the latest only")
  long height;

  @Option(
      names = "--prove",
      description =
          "Verify the answer with a light client: Merkle proofs against a header signed by the"
              + " validators (single-record queries only)")
  boolean prove;

  @Option(
      names = "--trust-height",
      paramLabel = "H",
      converter = Converters.U64.class,
      description = "With --prove: trust the header at this height (with --trust-hash)")
  Long trustHeight;

  @Option(
      names = "--trust-hash",
      paramLabel = "HEX",
      description = "With --prove: the hash of the header at --trust-height, obtained out of band")
  String trustHash;

  @Option(
      names = "--trusting-period",
      paramLabel = "DURATION",
      converter = Converters.Period.class,
      description =
          "With --prove: how long a verified header stays trusted, e.g. 336h or 14d (default:"
              + " 168h); keep it shorter than the time a removed validator's key stays safe")
  Duration trustingPeriod;

  @Option(
      names = "--genesis",
      paramLabel = "FILE",
      description =
          "With --prove: trust the validators of this genesis.json (default:"
              + " <home>/config/genesis.json)")
  Path genesis;

  private final List<ProvenQueries.ProvenAnswer> verified = new ArrayList<>();

  /** The client to query with: a verifying one under --prove. */
  LeasechainClient client(CommandSpec spec, NodeOptions node, HomeOptions home) {
    boolean trustOptions =
        trustHeight != null || trustHash != null || genesis != null || trustingPeriod != null;
    if (!prove) {
      if (trustOptions) {
        throw new ParameterException(
            spec.commandLine(),
            "--trust-height, --trust-hash, --trusting-period and --genesis need --prove");
      }
      return new LeasechainClient(new CometRpcClient(node.uri()), height);
    }
    if ((trustHeight == null) != (trustHash == null)) {
      throw new ParameterException(
          spec.commandLine(), "--trust-height and --trust-hash go together");
    }
    if (trustHeight != null && genesis != null) {
      throw new ParameterException(
          spec.commandLine(), "trust either --genesis or --trust-height/--trust-hash, not both");
    }
    CometRpcClient rpc = new CometRpcClient(node.uri());
    RpcLightSource source = new RpcLightSource(rpc);
    TrustOptions options =
        trustingPeriod == null
            ? TrustOptions.DEFAULT
            : new TrustOptions(trustingPeriod, TrustOptions.DEFAULT.maxClockDrift());
    TrustedStore store = new TrustedStore(home.home().resolve("light"));
    LightClient light;
    try {
      light =
          trustHeight != null
              ? LightClient.fromTrustedHash(
                  trustHeight, hash(spec), source, options, Instant::now, store)
              : LightClient.fromGenesis(
                  LightJson.genesis(readGenesis(home)), source, options, Instant::now, store);
    } catch (LightClientException e) {
      if (e.kind() != LightClientException.Kind.TRUST_EXPIRED) {
        throw e;
      }
      // Nothing trusted is recent enough to follow the validator set from: only the user can
      // bring a new root, from someone they trust rather than from the node they are checking.
      throw new CommandFailed(
          "trust expired: "
              + e.getMessage()
              + " (trusting period "
              + Converters.Period.format(options.trustingPeriod())
              + ") and "
              + store.directory()
              + " holds no newer header for this chain; pass --trust-height H --trust-hash HASH of"
              + " a recent header taken from a source you trust (e.g. a validator operator's `curl"
              + " http://<their-node>:26657/commit?height=H`, field"
              + " signed_header.commit.block_id.hash)");
    }
    return LeasechainClient.verifying(
        rpc, new ProvenQueries(rpc, light, HEADER_WAIT), height, verified::add);
  }

  /** Refuses --prove on a list query: proofs cover single records. */
  void refuseForList(CommandSpec spec) {
    if (prove) {
      throw new ParameterException(
          spec.commandLine(),
          "--prove covers single-record queries; '"
              + spec.name()
              + "' lists records, which proofs do not cover");
    }
  }

  /** Prints {@code shown}, with what verified it when --prove was given. */
  void print(PrintWriter out, OutputFormat output, ObjectNode shown) {
    if (verified.isEmpty()) {
      output.print(out, shown);
      return;
    }
    ProvenQueries.ProvenAnswer first = verified.get(0);
    if (output == OutputFormat.json) {
      ObjectNode v = shown.putObject("verified");
      v.put("height", Long.toString(first.height()));
      v.put("header_height", Long.toString(first.header().height()));
      v.put("app_hash", Hex.encode(first.header().appHash()));
      v.put("signed_percent", first.signedPercent());
      output.print(out, shown);
      return;
    }
    output.print(out, shown);
    out.println(
        "verified at height "
            + first.height()
            + ", signed by "
            + first.signedPercent()
            + "% of voting power");
  }

  private byte[] hash(CommandSpec spec) {
    try {
      byte[] bytes = Hex.decode(trustHash.strip());
      if (bytes.length == 32) {
        return bytes;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new ParameterException(
        spec.commandLine(), "--trust-hash '" + trustHash + "' is not a 32-byte hex header hash");
  }

  private com.fasterxml.jackson.databind.JsonNode readGenesis(HomeOptions home) {
    Path file = genesis != null ? genesis : home.genesisFile();
    try {
      return new ObjectMapper().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new CommandFailed("cannot read genesis " + file + ": " + UserErrors.message(e));
    }
  }
}

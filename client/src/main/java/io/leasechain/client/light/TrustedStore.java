package io.leasechain.client.light;

import static io.leasechain.client.light.LightClientException.Kind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leasechain.client.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * CometBFT's trusted store: the newest light block verified for each chain, kept in {@code
 * <directory>/<chain-id>.json} so trust moves forward between runs instead of restarting from its
 * root. Files are owner-only and replaced whole (temp file, then rename), like the keyring's.
 */
public final class TrustedStore {

  private static final ObjectMapper JSON = new ObjectMapper();
  // Chain ids become file names: nothing that could leave the folder or hide the file.
  private static final Pattern CHAIN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,49}");

  private final Path directory;

  public TrustedStore(Path directory) {
    this.directory = directory;
  }

  /** The folder of the files. */
  public Path directory() {
    return directory;
  }

  /** The file that holds {@code chainId}'s newest verified block. */
  public Path file(String chainId) {
    if (!CHAIN_ID.matcher(chainId).matches()) {
      throw new LightClientException(
          Kind.TRUST_STORE_INVALID,
          "chain id '" + chainId + "' cannot name a trusted-store file in " + directory);
    }
    return directory.resolve(chainId + ".json");
  }

  /**
   * The stored block of {@code chainId}, checked to be whole, of that chain and signed by more than
   * 2/3 of its own validator set; empty when none was stored.
   */
  public Optional<LightBlock> load(String chainId) {
    Path file = file(chainId);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    LightBlock block;
    try {
      JsonNode json = JSON.readTree(file.toFile());
      block = LightJson.lightBlock(json);
      if (!block.header().chainId().equals(chainId)) {
        throw invalid(file, "it holds chain '" + block.header().chainId() + "'");
      }
      if (json.path("height").asLong() != block.height()
          || !Arrays.equals(HexText.parse(json.path("hash").asText()), block.header().hash())) {
        throw invalid(file, "its height or hash does not match its header");
      }
      Verifier.verifyCommit(block);
    } catch (LightClientException e) {
      throw e.kind() == Kind.TRUST_STORE_INVALID ? e : invalid(file, e.getMessage());
    } catch (IOException | RuntimeException e) {
      throw invalid(file, "it is not a stored light block");
    }
    return Optional.of(block);
  }

  /** Replaces the stored block of {@code block}'s chain with {@code block}. */
  public void save(LightBlock block) {
    Header h = block.header();
    Path file = file(h.chainId());
    ObjectNode json = JSON.createObjectNode();
    json.put("chain_id", h.chainId())
        .put("height", Long.toString(h.height()))
        .put("hash", HexText.of(h.hash()))
        .put("time", h.time().toString())
        .put("next_validators_hash", HexText.of(h.nextValidatorsHash()));
    json.setAll(LightJson.toJson(block));
    try {
      OwnerOnlyFiles.createDirectory(directory);
      Path temp = OwnerOnlyFiles.createTempFile(directory);
      try {
        Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static LightClientException invalid(Path file, String why) {
    return new LightClientException(
        Kind.TRUST_STORE_INVALID,
        "the trusted store "
            + file
            + " cannot be used: "
            + why
            + "; delete it to trust from genesis or --trust-height/--trust-hash again");
  }
}

package io.leasechain.client.light;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * /commit and /validators answers of heights 1..30 recorded from a real single-node CometBFT
 * v0.38.25 chain (kvstore app, chain "light-test"); a second validator of power 3 that never signs
 * joins at height 26, so the set changes and commits carry an absent signature.
 */
final class RecordedChain implements LightSource {

  static final int LAST = 30;
  static final int SET_CHANGE = 26;

  private final ObjectNode recording;

  RecordedChain() {
    try (InputStream in = RecordedChain.class.getResourceAsStream("/light/kvstore-chain.json")) {
      recording = (ObjectNode) new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonNode genesisJson() {
    return recording.get("genesis");
  }

  /** A copy of the recording with {@code edit} applied to the /commit answer at {@code height}. */
  RecordedChain withCommit(long height, Consumer<ObjectNode> edit) {
    RecordedChain copy = new RecordedChain();
    edit.accept((ObjectNode) copy.recording.get("commits").get(Long.toString(height)));
    return copy;
  }

  /** A copy with {@code edit} applied to the /validators answer at {@code height}. */
  RecordedChain withValidators(long height, Consumer<ObjectNode> edit) {
    RecordedChain copy = new RecordedChain();
    edit.accept((ObjectNode) copy.recording.get("validators").get(Long.toString(height)));
    return copy;
  }

  @Override
  public LightBlock lightBlock(long height) {
    String h = Long.toString(height);
    if (!recording.get("commits").has(h)) {
      throw new IllegalArgumentException("no recorded block " + height);
    }
    List<Validator> vals = new ArrayList<>();
    for (JsonNode v : recording.get("validators").get(h).get("validators")) {
      vals.add(LightJson.validator(v));
    }
    return new LightBlock(
        LightJson.signedHeader(recording.get("commits").get(h)), new ValidatorSet(vals));
  }
}

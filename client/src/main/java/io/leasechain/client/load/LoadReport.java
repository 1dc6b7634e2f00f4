package io.leasechain.client.load;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.leasechain.client.load.FundsAccounting.FundsCheck;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;

/**
 * What a load run saw. {@code offered}: txs sent with broadcast_tx_sync; {@code acknowledged}:
 * those CheckTx accepted (code 0); {@code rejectedByCode}: CheckTx refusals by "codespace/code";
 * {@code transportErrors}: broadcasts without an answer (their fate unknown); {@code skipped}: pace
 * slots with no tx ready (market stories waiting for a block); {@code committed}: offered txs found
 * in a block, {@code failedByCode} those of them whose execution failed; {@code lost}: hashes
 * acknowledged but not in any block after the drain. Rates are per second of wall time: offered
 * over the offering, committed from the first broadcast to the block that held the last committed
 * tx. Latency is from sending the broadcast to seeing its block committed (polled every 50 ms).
 * {@code funds} is null for the kvstore mix.
 */
public record LoadReport(
    String mix,
    long ratePerSecond,
    long offered,
    long acknowledged,
    SortedMap<String, Long> rejectedByCode,
    long transportErrors,
    long skipped,
    long committed,
    SortedMap<String, Long> failedByCode,
    long firstHeight,
    long lastHeight,
    List<String> lost,
    double offeredPerSecond,
    double committedPerSecond,
    long latencyP50Millis,
    long latencyP99Millis,
    long offerMillis,
    long elapsedMillis,
    @JsonIgnore List<CommittedTx> committedTxs,
    FundsCheck funds) {

  /** An offered tx found in block {@code height} with execution result {@code code}. */
  public record CommittedTx(String hash, long height, int code, long latencyMillis) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The report as JSON (without the per-tx list). */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a load report could not be written as JSON", e);
    }
  }

  /** The report for a terminal. */
  public String toText() {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT, "mix %s at %d tx/s%n", mix.toLowerCase(Locale.ROOT), ratePerSecond));
    text.append(
        String.format(
            Locale.ROOT,
            "offered       %d in %.1f s (%.1f tx/s)%n",
            offered,
            offerMillis / 1000.0,
            offeredPerSecond));
    text.append(String.format(Locale.ROOT, "acknowledged  %d%n", acknowledged));
    text.append(
        String.format(
            Locale.ROOT, "rejected      %d%s%n", sum(rejectedByCode), byCode(rejectedByCode)));
    if (transportErrors > 0) {
      text.append(String.format(Locale.ROOT, "no answer     %d%n", transportErrors));
    }
    if (skipped > 0) {
      text.append(String.format(Locale.ROOT, "skipped       %d (no tx ready)%n", skipped));
    }
    text.append(
        String.format(
            Locale.ROOT,
            "committed     %d (%.1f tx/s), heights %d-%d, failed in block %d%s%n",
            committed,
            committedPerSecond,
            firstHeight,
            lastHeight,
            sum(failedByCode),
            byCode(failedByCode)));
    text.append(
        String.format(
            Locale.ROOT,
            "latency       p50 %d ms, p99 %d ms%n",
            latencyP50Millis,
            latencyP99Millis));
    text.append(String.format(Locale.ROOT, "lost          %d%n", lost.size()));
    for (String hash : lost.subList(0, Math.min(10, lost.size()))) {
      text.append("  ").append(hash).append('\n');
    }
    if (funds != null) {
      text.append(funds.toText()).append('\n');
    }
    return text.toString();
  }

  private static long sum(SortedMap<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  private static String byCode(SortedMap<String, Long> counts) {
    if (counts.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder(" (");
    counts.forEach(
        (code, n) ->
            text.append(text.length() > 2 ? ", " : "").append(code).append(": ").append(n));
    return text.append(')').toString();
  }
}

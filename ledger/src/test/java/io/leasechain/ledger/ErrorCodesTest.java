package io.leasechain.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.ledger.authority.AuthorityError;
import io.leasechain.ledger.bank.BankError;
import io.leasechain.ledger.escrow.EscrowError;
import io.leasechain.ledger.market.MarketError;
import io.leasechain.ledger.provider.ProviderError;
import io.leasechain.ledger.query.QueryError;
import io.leasechain.ledger.tx.TxError;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Codes are part of the public interface: unique, never 0, stable, and documented. */
class ErrorCodesTest {

  private static final List<Class<? extends Enum<?>>> ERROR_ENUMS =
      List.of(
          TxError.class,
          BankError.class,
          QueryError.class,
          ProviderError.class,
          MarketError.class,
          EscrowError.class,
          AuthorityError.class,
          io.leasechain.ledger.proof.ProofError.class);

  private static List<LedgerError> constants(Class<? extends Enum<?>> type) {
    return List.of(type.getEnumConstants()).stream().map(e -> (LedgerError) e).toList();
  }

  @Test
  void everyRegisteredErrorEnumIsPinnedAndDocumented() {
    assertEquals(
        List.<Object>copyOf(ErrorRegistry.ENUMS),
        List.<Object>copyOf(ERROR_ENUMS),
        "add the new enum to ERROR_ENUMS, pin its codes below and document them in docs/errors.md");
  }

  @Test
  void codesAreUniqueWithinTheirCodespaceAndNeverZero() throws ReflectiveOperationException {
    Set<String> codespaces = new HashSet<>();
    for (Class<? extends Enum<?>> type : ERROR_ENUMS) {
      Field codespaceField = type.getField("CODESPACE");
      String codespace = (String) codespaceField.get(null);
      assertFalse(codespace.isEmpty());
      assertTrue(codespaces.add(codespace), "codespace " + codespace + " used by two enums");
      Map<Integer, LedgerError> byCode = new HashMap<>();
      for (LedgerError error : constants(type)) {
        assertEquals(codespace, error.codespace(), error + " reports another codespace");
        assertNotEquals(0, error.code(), error + " uses code 0, which means OK");
        assertTrue(error.code() > 0, error + " has a negative code");
        LedgerError clash = byCode.put(error.code(), error);
        assertEquals(null, clash, error + " and " + clash + " share code " + error.code());
        assertFalse(error.description().isBlank(), error + " has no description");
      }
    }
  }

  @Test
  void codesAreStable() {
    // Wallets and explorers match on these numbers: append new codes, never renumber.
    Map<String, Integer> expected = new LinkedHashMap<>();
    String[] pinned = {
      "tx/DECODE=2",
      "tx/NO_MESSAGES=3",
      "tx/UNKNOWN_MESSAGE=4",
      "tx/SIGNATURE_COUNT=5",
      "tx/INVALID_PUBLIC_KEY=6",
      "tx/UNAUTHORIZED=7",
      "tx/WRONG_SEQUENCE=8",
      "tx/MISSING_SIGNER=9",
      "tx/INSUFFICIENT_FEE=10",
      "tx/INSUFFICIENT_FEE_FUNDS=11",
      "tx/OUT_OF_GAS=12",
      "tx/TIMEOUT_HEIGHT=13",
      "tx/MEMO_TOO_LONG=14",
      "tx/TX_TOO_LARGE=15",
      "tx/DUPLICATE_SIGNER=16",
      "tx/TOO_MANY_MESSAGES=17",
      "tx/ARITHMETIC_OVERFLOW=18",
      "tx/NO_SIGNERS=19",
      "tx/INVALID_MESSAGE=20",
      "tx/NON_CANONICAL_ENCODING=21",
      "tx/OVERDUE=22",
      "tx/INTERNAL=23",
      "tx/TOO_MANY_SIGNERS=24",
      "tx/UNEXPECTED_SIGNER=25",
      "bank/INSUFFICIENT_FUNDS=2",
      "bank/INVALID_ADDRESS=3",
      "bank/INVALID_AMOUNT=4",
      "bank/BALANCE_OVERFLOW=5",
      "bank/SEND_DISABLED=6",
      "bank/BLOCKED_RECIPIENT=7",
      "query/UNKNOWN_PATH=2",
      "query/INVALID_ARGUMENT=3",
      "query/NOT_FOUND=4",
      "query/HEIGHT_UNAVAILABLE=5",
      "query/INTERNAL=6",
      "provider/INVALID_ATTRIBUTES=2",
      "provider/BOND_TOO_LOW=3",
      "provider/ALREADY_REGISTERED=4",
      "provider/NOT_FOUND=5",
      "provider/WRONG_STATE=6",
      "provider/HAS_ACTIVE_LEASES=7",
      "provider/NOT_AUDITOR=8",
      "provider/UNKNOWN_ATTRIBUTE=9",
      "provider/INVALID_LABELS=10",
      "provider/INVALID_HOST_URI=11",
      "provider/ALREADY_AUDITOR=12",
      "provider/AUDITOR_NOT_FOUND=13",
      "provider/AUDITOR_IS_PARTY=14",
      "market/INVALID_ORDER=2",
      "market/ORDER_NOT_FOUND=3",
      "market/ORDER_NOT_OPEN=4",
      "market/BID_WINDOW_CLOSED=5",
      "market/PRICE_ABOVE_MAX=6",
      "market/PROVIDER_NOT_ACTIVE=7",
      "market/REQUIREMENTS_NOT_MET=8",
      "market/DUPLICATE_BID=9",
      "market/TOO_MANY_BIDS=10",
      "market/DEPOSIT_TOO_LOW=11",
      "market/INVALID_BID=12",
      "market/BID_NOT_FOUND=13",
      "market/BID_NOT_OPEN=14",
      "market/UNAUTHORIZED=15",
      "market/UNITS_DO_NOT_ADD_UP=16",
      "market/SPLIT_NOT_ALLOWED=17",
      "market/LEASE_NOT_FOUND=18",
      "market/LEASE_NOT_ACTIVE=19",
      "market/INSUFFICIENT_CAPACITY=20",
      "market/ORDER_CLOSED=21",
      "market/CLOSE_ALREADY_PENDING=22",
      "escrow/NOT_FOUND=2",
      "escrow/CLOSED=3",
      "escrow/UNAUTHORIZED=4",
      "escrow/INVALID_AMOUNT=5",
      "escrow/LEASE_NOT_FOUND=6",
      "escrow/NOT_LEASE_PROVIDER=7",
      "escrow/NOTHING_TO_WITHDRAW=8",
      "authority/NOT_A_MEMBER=2",
      "authority/PROPOSAL_NOT_FOUND=3",
      "authority/PROPOSAL_NOT_OPEN=4",
      "authority/ALREADY_APPROVED=5",
      "authority/NOT_APPROVED=6",
      "authority/INVALID_ACTION=7",
      "authority/INVALID_PARAMS=8",
      "authority/INVALID_VALIDATOR=9",
      "authority/VALIDATOR_NOT_FOUND=10",
      "authority/VALIDATOR_EXISTS=11",
      "authority/VALIDATOR_SET_EMPTY=12",
      "authority/POWER_CHANGE_TOO_LARGE=13",
      "authority/TOTAL_POWER_TOO_LARGE=14",
      "authority/POWER_GAIN_TOO_LARGE=15",
      "authority/INVALID_UPGRADE=16",
      "authority/UPGRADE_PENDING=17",
      "authority/UPGRADE_NOT_FOUND=18",
      "authority/UPGRADE_ALREADY_APPLIED=19",
      "proof/INVALID_PROOF=2",
      "proof/LEASE_NOT_FOUND=3",
      "proof/NOT_LEASE_PROVIDER=4",
      "proof/LEASE_NOT_ACTIVE=5",
      "proof/PERIOD_NOT_CONTIGUOUS=6",
      "proof/PERIOD_IN_FUTURE=7",
      "proof/UNKNOWN_AGENT_KEY=8",
      "proof/BAD_AGENT_SIGNATURE=9",
      "proof/IMPLAUSIBLE_USAGE=10",
      "proof/PROOF_NOT_FOUND=11",
      "proof/NOT_TENANT=12",
      "proof/NOT_DISPUTABLE=13",
      "proof/DEPOSIT_TOO_LOW=14",
      "proof/DISPUTE_NOT_FOUND=15",
      "proof/DISPUTE_NOT_OPEN=16",
      "proof/NOT_AUDITOR=17",
      "proof/INVALID_VERDICT=18",
      "proof/INVALID_AGENT_KEYS=19",
      "proof/AUDITOR_IS_PARTY=20",
      "proof/NOT_REQUIRED_AUDITOR=21",
      "proof/PERIOD_AFTER_CLOSE=22",
      "proof/PROVIDER_RETIRED=23",
    };
    for (String entry : pinned) {
      String[] parts = entry.split("=");
      expected.put(parts[0], Integer.parseInt(parts[1]));
    }
    Map<String, Integer> actual = new LinkedHashMap<>();
    for (Class<? extends Enum<?>> type : ERROR_ENUMS) {
      for (LedgerError error : constants(type)) {
        actual.put(error.codespace() + "/" + error, error.code());
      }
    }
    assertEquals(expected, actual);
  }

  @Test
  void everyCodeIsDocumentedInErrorsMd() throws IOException {
    Path doc = Path.of("..", "docs", "errors.md");
    assertTrue(
        Files.exists(doc), "docs/errors.md is missing (looked at " + doc.toAbsolutePath() + ")");
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    // Rows look like: | 8 | `WRONG_SEQUENCE` | ... under a "## Codespace `tx`" heading.
    Pattern heading = Pattern.compile("^## Codespace `([a-z]+)`", Pattern.MULTILINE);
    Matcher m = heading.matcher(text);
    Map<String, String> sections = new HashMap<>();
    List<int[]> spans = new java.util.ArrayList<>();
    List<String> names = new java.util.ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
      spans.add(new int[] {m.end(), 0});
    }
    for (int i = 0; i < spans.size(); i++) {
      int end =
          i + 1 < spans.size()
              ? text.lastIndexOf("## Codespace", spans.get(i + 1)[0])
              : text.length();
      sections.put(names.get(i), text.substring(spans.get(i)[0], end));
    }
    for (Class<? extends Enum<?>> type : ERROR_ENUMS) {
      for (LedgerError error : constants(type)) {
        String section = sections.get(error.codespace());
        assertTrue(section != null, "no section for codespace " + error.codespace());
        Pattern row =
            Pattern.compile(
                "^\\|\\s*" + error.code() + "\\s*\\|\\s*`" + error + "`\\s*\\|", Pattern.MULTILINE);
        assertTrue(
            row.matcher(section).find(),
            "docs/errors.md lacks the row '| "
                + error.code()
                + " | `"
                + error
                + "` |' in codespace "
                + error.codespace());
      }
    }
  }
}

package io.leasechain.testnet;

import static io.leasechain.ledger.provider.proto.Interconnect.INTERCONNECT_NVLINK;
import static io.leasechain.ledger.provider.proto.Interconnect.INTERCONNECT_PCIE;
import static io.leasechain.testnet.MarketMsgs.accept;
import static io.leasechain.testnet.MarketMsgs.agentKeys;
import static io.leasechain.testnet.MarketMsgs.approve;
import static io.leasechain.testnet.MarketMsgs.bid;
import static io.leasechain.testnet.MarketMsgs.commit;
import static io.leasechain.testnet.MarketMsgs.order;
import static io.leasechain.testnet.MarketMsgs.proof;
import static io.leasechain.testnet.MarketMsgs.register;
import static io.leasechain.testnet.MarketMsgs.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leasechain.client.rpc.CometRpcClient;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hashes;
import io.leasechain.ledger.proof.ProofParamsRules;
import io.leasechain.ledger.provider.proto.Label;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web explorer in Debian's headless Chromium against a real chain with market activity (two
 * providers bid, the tenant accepts one, the winner proves blocks): the home page follows new
 * blocks live, search finds the lease, and clicking from the lease to its provider and its proof
 * shows what the gateway answers. Chain text that carries markup (a provider label, a memo) shows
 * as text and runs nothing. Screenshots go to target/explorer-screenshots.
 */
class ExplorerBrowserTest {

  private static final String CHAIN_ID = "leasechain-explorer-test";
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static final long FEE = 1_000;
  private static final long FUNDS = 10_000_000_000L;
  private static final long BOND = 1_000_000_000L;
  private static final long BID_DEPOSIT = 1_000_000L;
  private static final long DEPOSIT = 500_000_000L;
  private static final long MICRO = 1_000_000L;
  private static final long MAX_PRICE = 1_000 * MICRO;
  private static final long WIN_PRICE = 900 * MICRO;
  private static final int COUNCIL = 0, PROVIDER = 1, RIVAL = 2, TENANT = 3;
  private static final String MODEL = "nvidia-rtx-4090";
  private static final Ed25519PrivateKey AGENT =
      Ed25519PrivateKey.fromSeed(Hashes.sha256("explorer agent".getBytes(StandardCharsets.UTF_8)));

  /** Markup an attacker puts in chain text: it must show as these characters and never run. */
  private static final String MARKUP = "<img src=x onerror=\"window.pwned=1\">";

  private static final DecimalFormat DECIMAL =
      new DecimalFormat("#,##0.######", DecimalFormatSymbols.getInstance(Locale.ROOT));

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void clicksFromTheLeaseToItsProviderAndProofsAndShowsWhatTheChainHolds(@TempDir Path temp)
      throws Exception {
    assertTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Debian's chromium and chromium-driver are needed: run scripts/setup.sh");
    TestWallet wallet = new TestWallet(CHAIN_ID, 4, 8);
    Address provider = wallet.address(PROVIDER);
    Address tenant = wallet.address(TENANT);
    try (LocalNode node =
        LocalNode.init(
            Binaries.fromSystemProperties(),
            temp.resolve("node"),
            CHAIN_ID,
            "explorer",
            Duration.ofMillis(300))) {
      node.addGenesisAccounts(wallet, FUNDS);
      node.setCouncil(List.of(wallet.address(COUNCIL)), 1);
      node.setParams(
          "proof",
          // The proof stays pending all through the test, so what the page and the JSON show
          // cannot change between the two reads.
          ProofParamsRules.DEFAULTS.toBuilder()
              .setChallengeWindow(10_000)
              .setGracePeriod(10_000)
              .setMaxUnprovenBlocks(20_000)
              .build());
      node.start();
      node.awaitHeight(1, Duration.ofSeconds(60));
      long leaseStart = marketActivity(node.rpc(), wallet);
      long provenTo = node.awaitHeight(leaseStart + 3, Duration.ofSeconds(60));
      commit(
          node.rpc(),
          wallet.sign(
              PROVIDER,
              List.of(proof(provider, AGENT, CHAIN_ID, 1, leaseStart, provenTo, 1, MODEL)),
              FEE));
      byte[] memoTx =
          wallet.sign(COUNCIL, List.of(send(wallet.address(COUNCIL), tenant, MICRO)), FEE, MARKUP);
      commit(node.rpc(), memoTx);
      String memoHash = HexFormat.of().withUpperCase().formatHex(Hashes.sha256(memoTx));

      Browser browser = new Browser(node.gatewayUri());
      try {
        browser.followsNewBlocksLive(memoHash);
        browser.showsTheLease(1, provider);
        browser.showsItsProvider(provider);
        browser.showsItsProof(1);
        browser.showsItsOrder(1);
        browser.showsTheTenantsAccountAndMemo(tenant, memoHash);
      } catch (AssertionError | RuntimeException e) {
        browser.screenshotOnFailure(e);
        throw e;
      } finally {
        browser.quit();
      }
    }
  }

  /**
   * Registers and approves two providers; the tenant orders one GPU, both bid and the tenant
   * accepts the cheaper bid, which opens lease 1. Answers the lease's start height.
   */
  private static long marketActivity(CometRpcClient rpc, TestWallet wallet) {
    Address council = wallet.address(COUNCIL);
    Address provider = wallet.address(PROVIDER);
    Address rival = wallet.address(RIVAL);
    Address tenant = wallet.address(TENANT);
    Label markup = Label.newBuilder().setKey("note").setValue(MARKUP).build();
    commit(
        rpc,
        wallet.sign(
            PROVIDER,
            List.of(
                register(provider, MODEL, 24, 4, INTERCONNECT_PCIE, BOND, List.of(markup)),
                agentKeys(provider, AGENT)),
            FEE));
    commit(
        rpc,
        wallet.sign(
            RIVAL,
            List.of(
                register(rival, "nvidia-h100-80gb", 80, 8, INTERCONNECT_NVLINK, BOND, List.of())),
            FEE));
    commit(
        rpc,
        wallet.sign(COUNCIL, List.of(approve(council, provider), approve(council, rival)), FEE));
    commit(
        rpc,
        wallet.sign(TENANT, List.of(order(tenant, 1, 24, false, MAX_PRICE, 500, 0, DEPOSIT)), FEE));
    commit(rpc, wallet.sign(PROVIDER, List.of(bid(provider, 1, 1, WIN_PRICE, BID_DEPOSIT)), FEE));
    commit(rpc, wallet.sign(RIVAL, List.of(bid(rival, 1, 1, MAX_PRICE, BID_DEPOSIT)), FEE));
    return commit(rpc, wallet.sign(TENANT, List.of(accept(tenant, 1, 1L)), FEE));
  }

  /** The headless browser on the gateway's explorer, with the gateway's JSON to compare with. */
  private final class Browser {

    private final URI gateway;
    private final WebDriver driver;
    private final WebDriverWait wait;
    private final Path screenshots =
        Path.of(System.getProperty("explorer.screenshots", "target/explorer-screenshots"));

    Browser(URI gateway) throws IOException {
      this.gateway = gateway;
      Files.createDirectories(screenshots);
      // A failure of an earlier run must not be taken for this run's.
      Files.deleteIfExists(screenshots.resolve("failure.png"));
      Files.deleteIfExists(screenshots.resolve("failure.html"));
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments(
          "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1300");
      // A driver given explicitly keeps Selenium Manager from looking for (or downloading) one.
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(CHROMEDRIVER.toFile())
              .usingAnyFreePort()
              .build();
      this.driver = new ChromeDriver(service, options);
      this.wait = new WebDriverWait(driver, WAIT);
      // Live updates replace rows under the test's feet: look again rather than fail.
      wait.ignoring(StaleElementReferenceException.class);
      driver.get(gateway.resolve("/explorer").toString());
    }

    void followsNewBlocksLive(String lastTx) throws IOException {
      wait.until(d -> !d.findElements(By.cssSelector("[data-testid=block-row]")).isEmpty());
      long first = topBlock();
      wait.until(d -> topBlock() > first + 1);
      wait.until(d -> lastTx.equals(attribute("[data-testid=txs-list] tr", "data-hash")));
      assertEquals(
          "leasechain-explorer-test",
          text("[data-testid=chain-id]"),
          "the chain's id in the header");
      screenshot("home");
    }

    private long topBlock() {
      return Long.parseLong(
          driver
              .findElement(By.cssSelector("[data-testid=block-row]"))
              .getAttribute("data-height"));
    }

    void showsTheLease(long id, Address provider) throws IOException, InterruptedException {
      // A bare number may be an order, a lease or a block: the explorer asks which.
      search(Long.toString(id));
      wait.until(d -> !d.findElements(By.linkText("Lease " + id)).isEmpty());
      driver.findElement(By.linkText("Lease " + id)).click();
      awaitTitle("Lease " + id);
      JsonNode lease = get("/v1/lease/" + id).path("lease");
      JsonNode escrow = get("/v1/escrow/" + lease.path("order_id").asText()).path("escrow");
      assertEquals(Long.toString(id), field("id"));
      assertEquals(provider.toBech32(), lease.path("provider").asText());
      assertEquals(provider.toBech32(), field("provider"));
      assertEquals(lease.path("tenant").asText(), field("tenant"));
      assertEquals(WIN_PRICE, lease.path("price").asLong());
      assertEquals(microUlease(WIN_PRICE) + " / GPU / block", field("price"));
      assertEquals("900 ulease / GPU / block", field("price"));
      assertEquals("active", field("state"));
      assertEquals(ulease(escrow.path("deposited").asLong()), field("escrow-deposited"));
      assertEquals("500,000,000 ulease (500 LEASE)", field("escrow-deposited"));
      assertEquals(
          microUlease(escrow.path("rate_micro").asLong()) + " / block", field("escrow-rate"));
      assertEquals(
          DECIMAL.format(escrow.path("depletion_height").asLong()), field("escrow-depletion"));
      assertEquals(escrow.path("owner").asText(), field("escrow-owner"));
      screenshot("lease");
    }

    void showsItsProvider(Address provider) throws IOException, InterruptedException {
      driver.findElement(By.cssSelector("[data-testid=field-provider] a")).click();
      awaitTitle("Provider");
      JsonNode chain = get("/v1/provider/" + provider.toBech32());
      assertEquals(MODEL, chain.path("attributes").path("gpu_model").asText());
      assertEquals(MODEL, field("gpu-model"));
      assertEquals("4", field("gpu-count"));
      assertEquals("24 GiB", field("vram"));
      assertEquals("active", field("state"));
      assertEquals(ulease(BOND), field("bond"));
      assertEquals(
          Long.toString(chain.path("reputation").path("proofs_accepted").asLong()),
          field("proofs-accepted"));
      assertEquals(
          Long.toString(chain.path("reputation").path("disputes_lost").asLong()),
          field("disputes-lost"));
      assertEquals(MARKUP, field("label-0"), "a label with markup shows as its characters");
      assertShowsNoMarkup();
      wait.until(d -> !d.findElements(By.cssSelector("[data-testid=lease-row]")).isEmpty());
      screenshot("provider");
      driver.navigate().back();
      awaitTitle("Lease 1");
    }

    void showsItsProof(long id) throws IOException, InterruptedException {
      driver.findElement(By.cssSelector("[data-testid=proof-row] a")).click();
      awaitTitle("Proof " + id);
      JsonNode proof = get("/v1/proof/" + id);
      assertEquals(
          DECIMAL.format(proof.path("from_height").asLong())
              + "–"
              + DECIMAL.format(proof.path("to_height").asLong()),
          field("period"));
      String state = stateName(proof, "PROOF_STATE_");
      assertEquals("pending", state);
      assertEquals(state, field("state"));
      assertEquals("lease 1", field("lease"));
      screenshot("proof");
    }

    /** From the proof, back to its lease and on to its order, with both bids and the lease. */
    void showsItsOrder(long id) throws IOException, InterruptedException {
      driver.findElement(By.cssSelector("[data-testid=field-lease] a")).click();
      awaitTitle("Lease 1");
      driver.findElement(By.cssSelector("[data-testid=field-order] a")).click();
      awaitTitle("Order " + id);
      JsonNode bids = get("/v1/bids?order=" + id).path("bids");
      List<WebElement> rows = driver.findElements(By.cssSelector("[data-testid=bid-row]"));
      assertEquals(2, bids.size());
      assertEquals(bids.size(), rows.size(), "one row per bid");
      for (int i = 0; i < bids.size(); i++) {
        String state = stateName(bids.get(i), "BID_STATE_");
        assertTrue(rows.get(i).getText().endsWith(state), rows.get(i).getText());
      }
      assertEquals("won", stateName(bids.get(0), "BID_STATE_"), "the accepted bid");
      assertEquals(
          List.of("1"),
          driver.findElements(By.cssSelector("[data-testid=lease-row] td:first-child")).stream()
              .map(WebElement::getText)
              .toList());
      assertEquals(microUlease(MAX_PRICE) + " / GPU / block", field("max-price"));
      screenshot("order");
    }

    void showsTheTenantsAccountAndMemo(Address tenant, String memoTx)
        throws IOException, InterruptedException {
      search(tenant.toBech32());
      awaitTitle("Account");
      JsonNode account = get("/v1/account/" + tenant.toBech32());
      assertEquals(ulease(account.path("balance").asLong()), field("balance"));
      assertEquals(Long.toString(account.path("sequence").asLong()), field("sequence"));
      wait.until(d -> !d.findElements(By.cssSelector("[data-testid=history-list] a")).isEmpty());
      screenshot("account");
      // The memo tx is in the tenant's history: it received the transfer.
      driver
          .findElement(By.cssSelector("[data-testid=tx-row][data-hash='" + memoTx + "'] a"))
          .click();
      awaitTitle("Transaction");
      assertEquals(MARKUP, field("memo"), "a memo with markup shows as its characters");
      assertShowsNoMarkup();
      screenshot("tx");
      driver.findElement(By.cssSelector("[data-testid=field-height] a")).click();
      awaitTitle("Block " + DECIMAL.format(get("/v1/txs/" + memoTx).path("height").asLong()));
      assertEquals(1, driver.findElements(By.cssSelector("[data-testid=tx-row] a")).size());
      assertEquals(
          memoTx.substring(0, 10),
          driver.findElement(By.cssSelector("[data-testid=tx-row] a")).getText().substring(0, 10));
    }

    private void assertShowsNoMarkup() {
      assertTrue(
          driver.findElements(By.cssSelector("main img")).isEmpty(),
          "no element made of chain text");
      assertEquals(
          null,
          ((JavascriptExecutor) driver).executeScript("return window.pwned ?? null"),
          "no chain text ran as script");
    }

    private void search(String query) {
      WebElement input = driver.findElement(By.cssSelector("[data-testid=search-input]"));
      input.clear();
      input.sendKeys(query);
      driver.findElement(By.cssSelector("[data-testid=search-button]")).click();
    }

    private void awaitTitle(String title) {
      wait.until(d -> title.equals(text("[data-testid=title]")));
    }

    private String field(String key) {
      return driver.findElement(By.cssSelector("[data-testid=field-" + key + "] td")).getText();
    }

    private String attribute(String css, String name) {
      List<WebElement> found = driver.findElements(By.cssSelector(css));
      return found.isEmpty() ? "" : found.get(0).getAttribute(name);
    }

    private String text(String css) {
      List<WebElement> found = driver.findElements(By.cssSelector(css));
      return found.isEmpty() ? "" : found.get(0).getText();
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(gateway.resolve(path)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), path + " answered " + response.body());
      return json.readTree(response.body());
    }

    void screenshot(String name) throws IOException {
      Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(shot, screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Keeps what the page showed when the test failed, without hiding the failure. */
    void screenshotOnFailure(Throwable failure) {
      try {
        screenshot("failure");
        Files.writeString(screenshots.resolve("failure.html"), driver.getPageSource());
      } catch (IOException | RuntimeException e) {
        failure.addSuppressed(e);
      }
    }

    void quit() {
      driver.quit();
    }
  }

  /** An enum as the explorer shows it: "BID_STATE_WON" is "won". */
  private static String stateName(JsonNode object, String prefix) {
    return object.path("state").asText().replace(prefix, "").toLowerCase(Locale.ROOT);
  }

  /** As the explorer shows ulease: "1,500,000 ulease (1.5 LEASE)". */
  private static String ulease(long amount) {
    return DECIMAL.format(amount)
        + " ulease ("
        + DECIMAL.format(BigDecimal.valueOf(amount, 6))
        + " LEASE)";
  }

  /** As the explorer shows micro-ulease, in ulease: "900 ulease". */
  private static String microUlease(long micro) {
    return DECIMAL.format(BigDecimal.valueOf(micro, 6)) + " ulease";
  }
}

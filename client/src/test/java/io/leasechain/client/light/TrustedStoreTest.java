package io.leasechain.client.light;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leasechain.client.light.LightClientException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class TrustedStoreTest {

  private static final String CHAIN = "light-test";

  // The recorded chain spans nine seconds: with an eight-second trusting period, one second after
  // block 30 the genesis block has expired but block 20 has not (it had not one second after 20).
  private static final TrustOptions EIGHT_SECONDS =
      new TrustOptions(Duration.ofSeconds(8), Duration.ofSeconds(10));

  private final RecordedChain chain = new RecordedChain();

  @TempDir Path home;

  private TrustedStore store() {
    return new TrustedStore(home.resolve("light"));
  }

  private Instant justAfter(long height) {
    return chain.lightBlock(height).header().time().plusSeconds(1);
  }

  private LightClient fromGenesis(RecordedChain source, Instant now) {
    return LightClient.fromGenesis(
        LightJson.genesis(chain.genesisJson()), source, EIGHT_SECONDS, () -> now, store());
  }

  @Test
  void aStoredBlock_roundTrips_ownerOnly() throws IOException {
    LightBlock block = chain.lightBlock(RecordedChain.LAST);
    store().save(block);
    LightBlock loaded = store().load(CHAIN).orElseThrow();
    assertArrayEquals(block.header().hash(), loaded.header().hash());
    assertArrayEquals(block.validators().hash(), loaded.validators().hash());
    assertEquals(LightJson.toJson(block), LightJson.toJson(loaded));
    assertEquals(Verifier.verifyCommit(block), Verifier.verifyCommit(loaded));
    Path file = store().file(CHAIN);
    assertEquals(home.resolve("light").resolve(CHAIN + ".json"), file);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    assertTrue(store().load("other-chain").isEmpty());
  }

  @Test
  void aChainOlderThanTheTrustingPeriod_verifiesFromAFreshStoredBlock_notFromGenesisAlone() {
    Instant late = justAfter(RecordedChain.LAST);
    assertKind(Kind.TRUST_EXPIRED, () -> fromGenesis(chain, late));

    // An earlier run verified block 20 while genesis was still trusted, and stored it.
    fromGenesis(chain, justAfter(20)).verifyTo(20);
    assertEquals(20, store().load(CHAIN).orElseThrow().height());

    LightClient resumed = fromGenesis(chain, late);
    assertEquals(20, resumed.trusted().height());
    assertEquals(RecordedChain.LAST, resumed.verifyTo(RecordedChain.LAST).height());
    assertEquals(RecordedChain.LAST, store().load(CHAIN).orElseThrow().height());
    // Below the stored height the hash chain still leads back; the store keeps the newest.
    assertEquals(5, fromGenesis(chain, late).verifyTo(5).height());
    assertEquals(RecordedChain.LAST, store().load(CHAIN).orElseThrow().height());
  }

  @Test
  void anExpiredStoredBlock_fallsBackToTheConfiguredRoot() {
    fromGenesis(chain, justAfter(2)).verifyTo(2);
    LightClient client =
        LightClient.fromTrustedHash(
            25,
            chain.lightBlock(25).header().hash(),
            chain,
            EIGHT_SECONDS,
            () -> justAfter(RecordedChain.LAST),
            store());
    assertEquals(25, client.trusted().height());
    client.verifyTo(RecordedChain.LAST);
    assertEquals(RecordedChain.LAST, store().load(CHAIN).orElseThrow().height());
  }

  @Test
  void aFresherStoredBlock_winsOverALowerTrustedHash() {
    store().save(chain.lightBlock(25));
    LightClient client =
        LightClient.fromTrustedHash(
            10,
            chain.lightBlock(10).header().hash(),
            chain,
            EIGHT_SECONDS,
            () -> justAfter(RecordedChain.LAST),
            store());
    assertEquals(25, client.trusted().height());
  }

  @Test
  void aCorruptStoredFile_isRefusedClearly() throws IOException {
    Path file = store().file(CHAIN);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"chain_id\": \"light-te");
    LightClientException e = assertKind(Kind.TRUST_STORE_INVALID, () -> store().load(CHAIN));
    assertTrue(e.getMessage().contains(file + " cannot be used"), e.getMessage());
    assertTrue(e.getMessage().contains("delete it"), e.getMessage());
  }

  @Test
  void aTamperedStoredHeader_isRefused() throws IOException {
    store().save(chain.lightBlock(20));
    Path file = store().file(CHAIN);
    Files.writeString(
        file, Files.readString(file).replace("\"app_hash\" : \"", "\"app_hash\" : \"00"));
    assertKind(Kind.TRUST_STORE_INVALID, () -> store().load(CHAIN));
  }

  @Test
  void anotherChainsBlock_isRefused() throws IOException {
    store().save(chain.lightBlock(20));
    Files.copy(store().file(CHAIN), store().file("other-chain"));
    LightClientException e =
        assertKind(Kind.TRUST_STORE_INVALID, () -> store().load("other-chain"));
    assertTrue(e.getMessage().contains("holds chain 'light-test'"), e.getMessage());
    assertKind(Kind.TRUST_STORE_INVALID, () -> store().file("../etc"));
  }

  @Test
  void aTrustHashConflictingWithTheStoredHeader_isRefused() {
    store().save(chain.lightBlock(10));
    // A node on a fork serves another header 10 and the user was given its hash.
    RecordedChain fork =
        chain.withCommit(
            10,
            commit -> {
              ObjectNode header = (ObjectNode) commit.get("signed_header").get("header");
              header.put("app_hash", "00".repeat(32));
            });
    byte[] forkHash = fork.lightBlock(10).header().hash();
    LightClientException e =
        assertKind(
            Kind.CONFLICTING_TRUST,
            () ->
                LightClient.fromTrustedHash(
                    10, forkHash, fork, EIGHT_SECONDS, () -> justAfter(10), store()));
    assertTrue(e.getMessage().contains(HexFormat.of().withUpperCase().formatHex(forkHash)));
    // The same hash as stored is no conflict.
    byte[] hash = chain.lightBlock(10).header().hash();
    assertEquals(
        10,
        LightClient.fromTrustedHash(10, hash, chain, EIGHT_SECONDS, () -> justAfter(10), store())
            .trusted()
            .height());
  }

  private static LightClientException assertKind(Kind kind, Executable call) {
    LightClientException e = assertThrows(LightClientException.class, call);
    assertEquals(kind, e.kind(), e.getMessage());
    return e;
  }
}

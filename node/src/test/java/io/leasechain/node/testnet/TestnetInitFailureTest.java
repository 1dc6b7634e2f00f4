package io.leasechain.node.testnet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A `testnet init` that fails half-way leaves no half-made folder that the next init refuses. */
class TestnetInitFailureTest {

  @TempDir Path temp;

  @Test
  void aFailedInitRemovesWhatItWrote() throws Exception {
    // A cometbft whose `init --home HOME` writes a genesis.json that is not one: init fails after
    // the folder and the first home exist.
    Path cometbft = temp.resolve("cometbft");
    Files.writeString(
        cometbft,
        "#!/bin/sh\nmkdir -p \"$3/config\" && echo garbage > \"$3/config/genesis.json\"\n");
    Files.setPosixFilePermissions(cometbft, PosixFilePermissions.fromString("rwx------"));
    Path dir = temp.resolve("my net");
    Testnet.Spec spec =
        new Testnet.Spec(dir, "half-made", 2, 0, 27800, 1, 1, cometbft, Duration.ofSeconds(1));

    assertThrows(Exception.class, () -> Testnet.init(spec));

    assertFalse(Files.exists(dir), "left behind: " + dir);
  }
}

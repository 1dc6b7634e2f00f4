package io.leasechain.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Commands refuse files no tx, key export or params file can be, with one clear line. */
class InputFilesTest {

  @TempDir Path temp;

  @Test
  void aFileLargerThanAnyTxOrExportIsRefusedWithoutReadingItWhole() throws Exception {
    Path huge = temp.resolve("disk.img");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(1L << 32); // sparse: 4 GiB that a whole read would try to hold in memory
    }
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> InputFiles.read(huge));
    assertTrue(refused.getMessage().contains("is larger than 16 MiB"), refused.getMessage());

    Cli result =
        Cli.run("tx", "sign", huge.toString(), "--from", "alice", "--home", temp.toString());
    assertEquals(1, result.exit(), result.err());
    assertEquals(1, result.err().lines().count(), result.err());
    assertTrue(result.err().contains("is larger than 16 MiB"), result.err());
  }

  @Test
  void aMissingOrBinaryFileGetsItsOwnMessage() throws Exception {
    assertEquals(
        "no such file: " + temp.resolve("nope.json"),
        assertThrows(
                IllegalArgumentException.class, () -> InputFiles.read(temp.resolve("nope.json")))
            .getMessage());
    Path binary = Files.write(temp.resolve("key.bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> InputFiles.read(binary))
            .getMessage()
            .endsWith("is not UTF-8 text"));
  }

  /** One in-process run of the command line. */
  private record Cli(int exit, String out, String err) {
    static Cli run(String... args) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cli = LeasechainCommand.commandLine();
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(err, true));
      return new Cli(cli.execute(args), out.toString(), err.toString());
    }
  }
}

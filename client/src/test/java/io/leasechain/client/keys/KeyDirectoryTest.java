package io.leasechain.client.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyDirectoryTest {

  @TempDir Path home;

  // Two `keys add alice` at once both pass the "name is free" check; the later must not replace
  // the key whose mnemonic the earlier one just showed (nor a keyring's passphrase check file).
  @Test
  void aFileThatAppearedAfterTheCheckIsNeverReplaced() throws Exception {
    KeyDirectory directory = new KeyDirectory(home.resolve("keyring"));
    ObjectNode first = JsonNodeFactory.instance.objectNode().put("name", "first");
    ObjectNode second = JsonNodeFactory.instance.objectNode().put("name", "second");
    directory.writeFile(directory.file("alice"), first);

    KeyringException e =
        assertThrows(
            KeyringException.class, () -> directory.writeFile(directory.file("alice"), second));

    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    assertEquals(first, directory.read("alice"));
    try (Stream<Path> files = Files.list(directory.path())) {
      assertEquals(1, files.count(), "no temporary file left behind");
    }
  }
}

package io.leasechain.testnet.upgrade;

import io.leasechain.ledger.upgrade.Migration;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * The "new build" of the upgrade test: a jar holding {@link ProviderSchemaMigration} and the {@code
 * META-INF/services} entry that lets the node's ServiceLoader find it. Made at test time from the
 * compiled class, so the test classpath itself has no migration registered.
 */
final class UpgradeBuild {

  private UpgradeBuild() {}

  static Path jar(Path dir) throws IOException {
    Class<?> migration = ProviderSchemaMigration.class;
    String entry = migration.getName().replace('.', '/') + ".class";
    Path classes;
    try {
      classes = Path.of(migration.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    Path jar = dir.resolve("v2-provider-schema.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry(entry));
      out.write(Files.readAllBytes(classes.resolve(entry)));
      out.closeEntry();
      out.putNextEntry(new JarEntry("META-INF/services/" + Migration.class.getName()));
      out.write((migration.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }
}

package io.leasechain.ledger;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ledger is a pure, deterministic state machine (DESIGN.md "Modules", "Determinism rules"): it
 * may use the JDK, protobuf, our crypto module and itself, and nothing that does I/O, reads a
 * clock, draws randomness or starts threads.
 */
class LedgerArchitectureTest {

  private static JavaClasses ledger;

  @BeforeAll
  static void importLedger() {
    ledger =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.leasechain.ledger");
  }

  /** Hand-written classes; protoc's output is checked by the package rule only. */
  private static final String[] GENERATED = {"io.leasechain.ledger..proto.."};

  @Test
  void ledgerWasImported() {
    if (ledger.stream().noneMatch(c -> c.getName().equals(Ledger.class.getName()))) {
      throw new AssertionError(
          "ArchUnit imported no ledger classes: the rules below would pass vacuously");
    }
  }

  @Test
  void dependsOnlyOnJdkProtobufCryptoAndItself() {
    ArchRule rule =
        classes()
            .that()
            .resideInAPackage("io.leasechain.ledger..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(
                "java..",
                "com.google.protobuf..",
                "io.leasechain.crypto..",
                "io.leasechain.ledger..")
            .because("ledger is pure Java with no I/O; the node adapts the outside world to it");
    rule.check(ledger);
  }

  @Test
  void neverTouchesNodeNettyRocksDbOrOtherModules() {
    noClasses()
        .that()
        .resideInAPackage("io.leasechain.ledger..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.netty..",
            "org.rocksdb..",
            "io.leasechain.node..",
            "io.leasechain.client..",
            "io.leasechain.genesis..",
            "io.leasechain.testnet..",
            "com.fasterxml..",
            "org.slf4j..")
        .check(ledger);
  }

  @Test
  void doesNoFileOrNetworkIo() {
    noClasses()
        .that()
        .resideInAPackage("io.leasechain.ledger..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.nio.file..", "java.net..", "java.nio.channels..")
        .orShould()
        .dependOnClassesThat()
        .haveNameMatching("java\\.io\\.File.*")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.RandomAccessFile")
        .check(ledger);
  }

  @Test
  void hasNoThreadsOrConcurrency() {
    noClasses()
        .that()
        .resideInAPackage("io.leasechain.ledger..")
        .and()
        .resideOutsideOfPackages(GENERATED)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.util.concurrent..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName(Thread.class.getName())
        .check(ledger);
  }

  @Test
  void readsNoClockAndDrawsNoRandomness() {
    noClasses()
        .that()
        .resideInAPackage("io.leasechain.ledger..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName(Clock.class.getName())
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethod(Instant.class, "now")
        .orShould()
        .callMethod(LocalDateTime.class, "now")
        .orShould()
        .callMethod(LocalDate.class, "now")
        .orShould()
        .callMethod(ZonedDateTime.class, "now")
        .orShould()
        .callMethod(OffsetDateTime.class, "now")
        .orShould()
        .callMethod(Math.class, "random")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName(java.util.Random.class.getName())
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName(java.security.SecureRandom.class.getName())
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName(java.util.UUID.class.getName())
        .check(ledger);
  }

  @Test
  void usesNoFloatingPointOrHashOrderedCollections() {
    noClasses()
        .that()
        .resideInAPackage("io.leasechain.ledger..")
        .and()
        .resideOutsideOfPackages(GENERATED)
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName(java.util.HashMap.class.getName())
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName(java.util.HashSet.class.getName())
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName(Double.class.getName())
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName(Float.class.getName())
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName(java.math.BigDecimal.class.getName())
        .because("DESIGN.md: no HashMap iteration order, no floating point")
        .check(ledger);
    // Primitive types are not class dependencies, so check declarations directly.
    noFields()
        .that()
        .areDeclaredInClassesThat()
        .resideInAPackage("io.leasechain.ledger..")
        .and()
        .areDeclaredInClassesThat()
        .resideOutsideOfPackages(GENERATED)
        .should()
        .haveRawType(double.class)
        .orShould()
        .haveRawType(float.class)
        .check(ledger);
    noMethods()
        .that()
        .areDeclaredInClassesThat()
        .resideInAPackage("io.leasechain.ledger..")
        .and()
        .areDeclaredInClassesThat()
        .resideOutsideOfPackages(GENERATED)
        .should()
        .haveRawReturnType(double.class)
        .orShould()
        .haveRawReturnType(float.class)
        .check(ledger);
  }
}

package io.leasechain.ledger.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.crypto.Hex;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeysTest {

  private static byte[] b(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  @Test
  void prefixEndIncrementsTheLastByte() {
    assertArrayEquals(b(0x02), Keys.prefixEnd(b(0x01)));
    assertArrayEquals(b(0x01, 0xFF), Keys.prefixEnd(b(0x01, 0xFE)));
    assertArrayEquals(b(0x80), Keys.prefixEnd(b(0x7F)));
    assertArrayEquals(b(0x00, 0x01), Keys.prefixEnd(b(0x00, 0x00)));
  }

  @Test
  void prefixEndCarriesPastTrailingFfBytes() {
    assertArrayEquals(b(0x02), Keys.prefixEnd(b(0x01, 0xFF)));
    assertArrayEquals(b(0x02), Keys.prefixEnd(b(0x01, 0xFF, 0xFF, 0xFF)));
    assertArrayEquals(b(0x01, 0x03), Keys.prefixEnd(b(0x01, 0x02, 0xFF)));
    assertArrayEquals(b(0xFF, 0xFF), Keys.prefixEnd(b(0xFF, 0xFE, 0xFF)));
  }

  @Test
  void prefixEndOfAllOnesOrEmptyIsUnbounded() {
    assertNull(Keys.prefixEnd(b(0xFF)));
    assertNull(Keys.prefixEnd(b(0xFF, 0xFF, 0xFF)));
    assertNull(Keys.prefixEnd(new byte[0]));
  }

  @Test
  void prefixEndDoesNotModifyItsArgument() {
    byte[] prefix = b(0x01, 0xFF);
    Keys.prefixEnd(prefix);
    assertArrayEquals(b(0x01, 0xFF), prefix);
  }

  @Test
  void prefixEndIsAboveEveryExtensionAndTheLeastSuch() {
    byte[] prefix = b(0x03, 0xFF);
    byte[] end = Keys.prefixEnd(prefix);
    assertTrue(Arrays.compareUnsigned(b(0x03, 0xFF, 0xFF, 0xFF, 0xFF), end) < 0);
    assertTrue(Arrays.compareUnsigned(prefix, end) < 0);
    assertTrue(Arrays.compareUnsigned(b(0x04), end) >= 0);
  }

  @Test
  void ofConcatenatesPrefixAndParts() {
    assertEquals("01", Hex.encode(Keys.of(KeySpace.ACCOUNT)));
    assertEquals("0aaabbcc", Hex.encode(Keys.of(KeySpace.PARAMS, b(0xAA), b(), b(0xBB, 0xCC))));
  }

  @Test
  void uint64IsBigEndianSoByteOrderIsNumericOrder() {
    assertEquals("0000000000000001", Hex.encode(Keys.uint64(1)));
    assertEquals("0000000000000100", Hex.encode(Keys.uint64(256)));
    assertEquals("7fffffffffffffff", Hex.encode(Keys.uint64(Long.MAX_VALUE)));
    long[] ids = {0, 1, 255, 256, 65_535, 1L << 40, Long.MAX_VALUE};
    for (int i = 1; i < ids.length; i++) {
      assertTrue(Arrays.compareUnsigned(Keys.uint64(ids[i - 1]), Keys.uint64(ids[i])) < 0);
    }
  }

  @Test
  void keySpacePrefixesAreUnique() {
    Set<Byte> seen = new HashSet<>();
    for (KeySpace space : KeySpace.values()) {
      assertTrue(
          seen.add(space.prefix()), "prefix " + space.prefix() + " of " + space + " is reused");
    }
  }

  @Test
  void keySpacePrefixesArePinned() {
    // The prefixes are part of the state layout and so of the app hash: never renumber.
    assertEquals(0x00, KeySpace.CHAIN.prefix());
    assertEquals(0x01, KeySpace.ACCOUNT.prefix());
    assertEquals(0x0A, KeySpace.PARAMS.prefix());
    assertEquals(0x0B, KeySpace.SUPPLY.prefix());
    assertEquals(0x02, KeySpace.ORDER.prefix());
    assertEquals(0x03, KeySpace.BID.prefix());
    assertEquals(0x04, KeySpace.LEASE.prefix());
    assertEquals(0x05, KeySpace.ESCROW.prefix());
    assertEquals(0x06, KeySpace.PROVIDER.prefix());
    assertEquals(0x07, KeySpace.AUDITOR.prefix());
    assertEquals(0x08, KeySpace.AUTHORITY.prefix());
    assertEquals(0x0C, KeySpace.COUNTER.prefix());
    assertEquals(0x0F, KeySpace.EMISSION.prefix());
    assertEquals(0x10, KeySpace.VALIDATOR.prefix());
    assertEquals(0x11, KeySpace.VALIDATOR_UPDATE.prefix());
    assertEquals(0x09, KeySpace.PROOF.prefix());
    assertEquals(0x0E, KeySpace.DISPUTE.prefix());
    assertEquals(0x13, KeySpace.PROVEN_WORK.prefix());
    assertEquals(0x14, KeySpace.BLOCK_TIME.prefix());
    assertEquals(0x15, KeySpace.UPGRADE.prefix());
    int index = 0x20;
    for (KeySpace space : KeySpace.values()) {
      if (space.prefix() >= 0x20) {
        assertEquals(
            index++,
            space.prefix(),
            space + ": indexes are numbered from 0x20 in declaration order");
      }
    }
    assertEquals(40, KeySpace.values().length, "a new KeySpace: pin its prefix here");
  }
}

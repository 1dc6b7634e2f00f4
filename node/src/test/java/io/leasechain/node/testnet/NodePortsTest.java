package io.leasechain.node.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class NodePortsTest {

  @Test
  void nodeIHasItsOwnBlockOfPorts() {
    assertEquals(List.of(26730, 26731, 26732, 26733, 26734, 26735), NodePorts.at(26700, 3).all());
    TreeSet<Integer> ports = new TreeSet<>();
    for (int i = 0; i < 20; i++) {
      ports.addAll(NodePorts.at(26700, i).all());
    }
    assertEquals(20 * 6, ports.size());
  }

  @Test
  void portsOutsideTheRangeAreRefusedNamingTheNode() {
    IllegalArgumentException high =
        assertThrows(IllegalArgumentException.class, () -> NodePorts.at(65500, 4));
    assertEquals("--base-port 65500 leaves node4 outside the ports 1024..65535", high.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NodePorts.at(80, 0));
  }
}

package io.leasechain.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leasechain.node.abci.AbciApplication;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeteredApplicationTest {

  /**
   * The wrapper must pass every call on: one it left to the interface's default would silently
   * replace the application's own answer (it once dropped beforeCheckTx, so CheckTx verified
   * signatures under the lock again).
   */
  @Test
  void everyApplicationCallIsPassedOn() throws Exception {
    List<String> notOverridden = new ArrayList<>();
    for (Method method : AbciApplication.class.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      Method implementation =
          MeteredApplication.class.getMethod(method.getName(), method.getParameterTypes());
      if (implementation.getDeclaringClass() != MeteredApplication.class) {
        notOverridden.add(method.getName());
      }
    }
    assertEquals(List.of(), notOverridden);
  }
}

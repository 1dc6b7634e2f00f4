package io.leasechain.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.ledger.authority.proto.SetParams;
import io.leasechain.ledger.market.proto.MarketParams;
import io.leasechain.ledger.query.proto.ParamsResponse;
import io.leasechain.ledger.tx.proto.TxParams;
import org.junit.jupiter.api.Test;

class ParamsUpdateTest {

  private static final MarketParams MARKET =
      MarketParams.newBuilder()
          .setMinBidDeposit(5)
          .setMaxBidsPerOrder(7)
          .setMinBidWindow(3)
          .setMaxBidWindow(100)
          .setProviderCloseNotice(20)
          .setMinOrderDeposit(9)
          .setMaxEndBlockItems(500)
          .build();
  private static final ParamsResponse CURRENT =
      ParamsResponse.newBuilder()
          .setMarket(MARKET)
          .setTx(TxParams.newBuilder().setMaxMsgs(8).setMinGasPrice(3))
          .build();

  @Test
  void onlyTheFieldsGivenChange() {
    SetParams update = ParamsUpdate.merge(CURRENT, "{\"market\": {\"min_bid_deposit\": \"1000\"}}");
    assertEquals(MARKET.toBuilder().setMinBidDeposit(1000).build(), update.getMarket());
    // Modules not named are left out: the ledger keeps them as they are.
    assertFalse(update.hasTx());
  }

  @Test
  void aFieldSetToZeroIsChangedToZero() {
    SetParams update =
        ParamsUpdate.merge(CURRENT, "{\"market\": {\"maxBidsPerOrder\": 0}, \"tx\": {}}");
    assertEquals(MARKET.toBuilder().setMaxBidsPerOrder(0).build(), update.getMarket());
    assertEquals(CURRENT.getTx(), update.getTx());
  }

  @Test
  void badJsonIsRefusedInWords() {
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> ParamsUpdate.merge(CURRENT, "{\"market\": {\"nope\": 1}}"))
            .getMessage()
            .contains("nope"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> ParamsUpdate.merge(CURRENT, "{"))
            .getMessage()
            .startsWith("bad params JSON"));
  }
}

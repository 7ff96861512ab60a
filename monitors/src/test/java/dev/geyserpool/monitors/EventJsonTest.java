package dev.geyserpool.monitors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.monitors.pump.PriceUpdated;
import dev.geyserpool.monitors.pump.TradeExecuted;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class EventJsonTest {
  @Test
  void writesSnakeCaseFieldsRawIntegersAndPlainDecimalsWithoutNulls() {
    TradeExecuted trade = new TradeExecuted("M1nt", "Curve", "User", "sell", 607L, 12_550_942L, null, null, 6L, 2L,
        "sell_v2", 42L, "Sig");
    assertThat(EventJson.toJson("pump-transactions", trade)).isEqualTo("{\"monitor\":\"pump-transactions\","
        + "\"type\":\"trade\",\"mint\":\"M1nt\",\"bonding_curve\":\"Curve\",\"user\":\"User\",\"side\":\"sell\","
        + "\"sol_amount\":607,\"token_amount\":12550942,\"fee\":6,\"creator_fee\":2,\"instruction\":\"sell_v2\","
        + "\"slot\":42,\"signature\":\"Sig\"}");
  }

  @Test
  void decimalsNeverUseExponents() {
    PriceUpdated price = new PriceUpdated("M", "C", "trade", new BigDecimal("2.7959E-8"), new BigDecimal("27.959"),
        null, null, null, BigDecimal.ZERO, 1L, 2L, 3L, 4L, "S");
    String json = EventJson.toJson("pump-price", price);
    assertThat(json).contains("\"price_sol\":0.000000027959").doesNotContain("E-");
    assertThat(EventJson.read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)).path("market_cap_sol").decimalValue())
        .isEqualByComparingTo("27.959");
  }
}

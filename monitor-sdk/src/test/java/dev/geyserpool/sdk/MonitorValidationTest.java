package dev.geyserpool.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geyserpool.wire.MonitorGroup;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MonitorValidationTest {
  private static final String ID = "pump-check";

  private static Monitor.Builder valid() {
    return Monitor.builder().id(ID).group(MonitorGroup.HIGH).bootstrapServers("127.0.0.1:9")
        .handler(new UpdateHandler() {}).filter(TestKafka.trades());
  }

  static Stream<Arguments> oneProblem() {
    String id64 = "m".repeat(64);
    String name64 = "n".repeat(64);
    return Stream.of(
        Arguments.of((UnaryOperator<Monitor.Builder>) b -> b.id("Pump"),
            "monitor 'Pump' cannot be declared (1 problem):\n- monitor id 'Pump' must be 1-64 characters of a-z, 0-9,"
                + " '.', '_' or '-', starting with a letter or digit"),
        Arguments.of((UnaryOperator<Monitor.Builder>) b -> b.group("hgh"),
            "monitor 'pump-check' cannot be declared (1 problem):\n- unknown monitor group 'hgh'; use one of high, medium,"
                + " low"),
        Arguments.of((UnaryOperator<Monitor.Builder>) b -> b.group((MonitorGroup) null),
            "monitor 'pump-check' cannot be declared (1 problem):\n- unknown monitor group ''; use one of high, medium,"
                + " low"),
        Arguments.of((UnaryOperator<Monitor.Builder>) b -> b.filter(AccountFilter.named("curves").owner(TestKafka.PUMP)
                .datasize(151).memcmp(0, new byte[8]).memcmp(8, new byte[8]).lamportsGt(0).lamportsLt(10)),
            "monitor 'pump-check' cannot be declared (1 problem):\n- monitor pump-check: accounts.curves has 5 data"
                + " filters; Yellowstone allows at most 4: split it into several account filters"),
        Arguments.of((UnaryOperator<Monitor.Builder>) b -> b.filter(AccountFilter.named("curves").memcmp(0, new byte[129])),
            "monitor 'pump-check' cannot be declared (1 problem):\n- monitor pump-check: accounts.curves.memcmp compares"
                + " 129 bytes; Yellowstone allows at most 128: compare a shorter prefix"),
        Arguments.of((UnaryOperator<Monitor.Builder>) b -> b.id(id64).filter(BlockMetaFilter.named(name64)),
            "monitor '" + id64 + "' cannot be declared (1 problem):\n- filter name '" + id64 + "/" + name64 + "' is 129"
                + " bytes; Yellowstone allows at most 128: shorten the monitor id or filter name"),
        Arguments.of((UnaryOperator<Monitor.Builder>) b -> b.filter(SlotFilter.named("my slots")),
            "monitor 'pump-check' cannot be declared (1 problem):\n- filter name 'my slots' must be 1-64 characters of"
                + " A-Z, a-z, 0-9, '.', '_' or '-'"),
        Arguments.of((UnaryOperator<Monitor.Builder>) b -> b.handler(null),
            "monitor 'pump-check' cannot be declared (1 problem):\n- handler is not set; call handler(UpdateHandler) with"
                + " what the monitor does with its updates"),
        Arguments.of((UnaryOperator<Monitor.Builder>) b -> b.bootstrapServers(" "),
            "monitor 'pump-check' cannot be declared (1 problem):\n- bootstrapServers is ' ', but must be"
                + " host:port[,host:port]"),
        Arguments.of((UnaryOperator<Monitor.Builder>) b -> b.statusTimeout(Duration.ZERO),
            "monitor 'pump-check' cannot be declared (1 problem):\n- statusTimeout is PT0S, but must be positive"),
        Arguments.of((UnaryOperator<Monitor.Builder>) b -> b.heartbeatInterval(Duration.ofSeconds(-5)),
            "monitor 'pump-check' cannot be declared (1 problem):\n- heartbeatInterval is PT-5S, but must be positive"));
  }

  @ParameterizedTest
  @MethodSource("oneProblem")
  void buildNamesTheFieldAndTheFix(UnaryOperator<Monitor.Builder> change, String message) {
    assertThatThrownBy(() -> change.apply(valid()).build())
        .isInstanceOf(InvalidDeclarationException.class)
        .hasMessage(message);
  }

  @Test
  void buildListsEveryProblemAtOnce() {
    Monitor.Builder builder = Monitor.builder().id("monitor-x").group("huge").bootstrapServers("127.0.0.1:9");

    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(InvalidDeclarationException.class, e -> assertThat(e.problems()).hasSize(3))
        .hasMessage("monitor 'monitor-x' cannot be declared (3 problems):\n"
            + "- unknown monitor group 'huge'; use one of high, medium, low\n"
            + "- monitor monitor-x declares no filter; add at least one accounts, transactions, transactions_status,"
            + " blocks, blocks_meta or slots filter\n"
            + "- handler is not set; call handler(UpdateHandler) with what the monitor does with its updates");
  }

  @Test
  void aValidMonitorIsNewAndCannotBeClosedIntoTrouble() {
    Monitor monitor = valid().build();
    assertThat(monitor.state()).isEqualTo(MonitorState.NEW);
    monitor.close();
    assertThat(monitor.state()).isEqualTo(MonitorState.STOPPED);
    assertThatThrownBy(monitor::start).isInstanceOf(IllegalStateException.class)
        .hasMessage("monitor pump-check is STOPPED, so it cannot become STARTING; a Monitor starts once: build a new one"
            + " to start again");
  }

  @Test
  void replayerListsEveryProblem() {
    assertThatThrownBy(() -> Replayer.builder().monitorId("Bad").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("replay of monitor 'Bad' cannot start:\n"
            + "- bootstrapServers is 'null', but must be host:port[,host:port]\n"
            + "- monitor id 'Bad' must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit\n"
            + "- group is not set; call group(MonitorGroup.HIGH), MEDIUM or LOW, as the monitor declared\n"
            + "- no topic kind to read; call filters(SubscribeRequest) with the monitor's filters, or kinds(...)\n"
            + "- the start is not set; call from(Instant), fromSlot(long) or fromEarliest()");
  }
}

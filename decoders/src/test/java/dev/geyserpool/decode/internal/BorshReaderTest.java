package dev.geyserpool.decode.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.decode.Fields;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tolerant reader on hand-made bytes. */
class BorshReaderTest {
  private static final LayoutParser PARSER = new LayoutParser(Map.of());

  @Test
  void stopsCleanlyAtAFieldBoundary() {
    BorshReader.Result r = read("a:u16 b:u8 c:u64", "0102 03");

    assertThat(r.fields().asMap()).containsExactly(Map.entry("a", 0x0201L), Map.entry("b", 3L));
    assertThat(r.missing()).containsExactly("c");
    assertThat(r.unread()).isZero();
    assertThat(r.malformed()).isFalse();
  }

  @Test
  void countsBytesAfterTheLastField() {
    BorshReader.Result r = read("a:u8", "01 ffff");

    assertThat(r.fields().u64("a")).isEqualTo(1);
    assertThat(r.unread()).isEqualTo(2);
    assertThat(r.missing()).isEmpty();
  }

  @Test
  void paddingIsSkippedAndNeverMissing() {
    BorshReader.Result r = read("a:u8 p:pad[2] b:u8", "01 0000");

    assertThat(r.fields().asMap()).containsOnlyKeys("a");
    assertThat(r.missing()).containsExactly("b");
  }

  @Test
  void readsNestedValues() {
    BorshReader.Result r = read("v:Vec<u16> o:Option<u8> n:Option<u8> s:string t:text[4] big:u128",
        "02000000 0100 0200 01 07 00 02000000 6869 6f6b0000 "
            + "ffffffffffffffff 0100000000000000");

    Fields f = r.fields();
    assertThat(f.get("v")).isEqualTo(List.of(1L, 2L));
    assertThat(f.u64("o")).isEqualTo(7);
    assertThat(f.has("n")).isFalse();
    assertThat(f.string("s")).isEqualTo("hi");
    assertThat(f.string("t")).isEqualTo("ok");
    assertThat(f.bigInteger("big")).isEqualTo(new java.math.BigInteger("36893488147419103231"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "a:u8 b:u64   | 01 0203         | b at payload byte 1: data ends 2 bytes into u64 (8 bytes)",
      "a:bool       | 02              | a at payload byte 0: bool byte 2 (must be 0 or 1)",
      "a:Option<u8> | 05              | a at payload byte 0: option tag 5 (must be 0 or 1)",
      "a:string     | 09000000 6869   | a at payload byte 0: string of 9 bytes is truncated, 2 left",
      "a:Vec<u64>   | 02000000 01     | a at payload byte 0: vector of 2 items needs at least 16 bytes, 1 left",
      "a:[bool;2]   | 01 03           | a at payload byte 0: item 1: bool byte 3 (must be 0 or 1)"})
  void malformedDataStopsAtTheFieldWithAProblem(String layout, String hex, String problem) {
    BorshReader.Result r = read(layout, hex);

    assertThat(r.problem()).isEqualTo(problem);
    assertThat(r.malformed()).isTrue();
  }

  private static BorshReader.Result read(String layout, String hex) {
    return BorshReader.read(PARSER.fields(layout), Hex.decode(hex.replace(" ", "")), 0);
  }
}

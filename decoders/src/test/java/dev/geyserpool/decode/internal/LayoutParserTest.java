package dev.geyserpool.decode.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geyserpool.decode.internal.BorshType.ArrayOf;
import dev.geyserpool.decode.internal.BorshType.Field;
import dev.geyserpool.decode.internal.BorshType.OptionOf;
import dev.geyserpool.decode.internal.BorshType.Padding;
import dev.geyserpool.decode.internal.BorshType.Primitive;
import dev.geyserpool.decode.internal.BorshType.Text;
import dev.geyserpool.decode.internal.BorshType.VecOf;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The layout notation: what it accepts, and the exact message for what it refuses. */
class LayoutParserTest {
  private final LayoutParser parser = new LayoutParser(Map.of("Shareholder", Primitive.U16));

  @Test
  void readsEveryTypeForm() {
    List<Field> fields = parser.fields("""
        a:u64 b:OptionBool c:Vec<Shareholder> d:[pubkey;7] e:Option<u64>
        f:text[64] g:pad[3] h:Option<Vec<[u8;2]>>
        """);

    assertThat(fields).containsExactly(
        new Field("a", Primitive.U64),
        new Field("b", Primitive.BOOL),
        new Field("c", new VecOf(Primitive.U16)),
        new Field("d", new ArrayOf(Primitive.PUBKEY, 7)),
        new Field("e", new OptionOf(Primitive.U64)),
        new Field("f", new Text(64)),
        new Field("g", new Padding(3)),
        new Field("h", new OptionOf(new VecOf(new ArrayOf(Primitive.U8, 2)))));
    assertThat(parser.fields("  ")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "amount        | layout entry 'amount' is not name:type in: amount",
      "a:u64 a:u8    | layout names 'a' twice: a:u64 a:u8",
      "a:u63         | unknown type 'u63' in: a:u63 (named: [Shareholder])",
      "a:[u8]        | array type '[u8]' lacks ';N' in: a:[u8]",
      "a:[u8;0]      | length 0 must be positive in: a:[u8;0]",
      "a:pad[x]      | length 'x' is not a number in: a:pad[x]"})
  void refusesMalformedLayoutsNamingTheEntry(String spec, String message) {
    assertThatThrownBy(() -> parser.fields(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}

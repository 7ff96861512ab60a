package dev.geyserpool.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Base58Test {
  @ParameterizedTest
  @CsvSource({
    "'', ''",
    "00, 1",
    "0000000000000000000000000000000000000000000000000000000000000000, 11111111111111111111111111111111",
    "61, 2g",
    "626262, a3gV",
    "00eb15231dfceb60925886b67d065299925915aeb172c06647, 1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L",
  })
  void encodesAndDecodesKnownVectors(String hex, String base58) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    assertThat(Base58.encode(bytes)).isEqualTo(base58);
    assertThat(Base58.decode(base58)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource({
    "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P, true",
    "11111111111111111111111111111111, true",
    "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6, false",
    "0EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P, false",
  })
  void recognisesPubkeys(String input, boolean pubkey) {
    assertThat(Base58.isPubkey(input)).isEqualTo(pubkey);
  }

  @ParameterizedTest
  @CsvSource({
    "0EF8, 'has ''0'' at position 0, which is not base58 (0, O, I and l are never used)'",
    "abcl, 'has ''l'' at position 3, which is not base58 (0, O, I and l are never used)'",
  })
  void namesTheBadCharacter(String input, String message) {
    assertThatThrownBy(() -> Base58.decode(input)).hasMessage(message);
    assertThat(Base58.pubkeyProblem(input)).contains(message);
  }

  @org.junit.jupiter.api.Test
  void encodesEveryLengthAndLeadingZeroCountLikeTheTextbookBigIntegerConversion() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(58);
    String alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    for (int n = 0; n < 20_000; n++) {
      byte[] bytes = new byte[random.nextInt(0, 80)];
      random.nextBytes(bytes);
      int zeros = bytes.length == 0 ? 0 : random.nextInt(0, Math.min(4, bytes.length) + 1);
      java.util.Arrays.fill(bytes, 0, zeros, (byte) 0);
      if (n % 97 == 0) {
        java.util.Arrays.fill(bytes, (byte) (n % 2 == 0 ? 0 : 0xFF)); // all zero, all ones
      }
      StringBuilder expected = new StringBuilder();
      java.math.BigInteger value = new java.math.BigInteger(1, bytes);
      java.math.BigInteger base = java.math.BigInteger.valueOf(58);
      while (value.signum() > 0) {
        java.math.BigInteger[] qr = value.divideAndRemainder(base);
        expected.append(alphabet.charAt(qr[1].intValue()));
        value = qr[0];
      }
      for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
        expected.append('1');
      }
      String encoded = Base58.encode(bytes);
      assertThat(encoded).as("%d bytes", bytes.length).isEqualTo(expected.reverse().toString());
      assertThat(Base58.decode(encoded)).isEqualTo(bytes);
    }
  }
}

package dev.geyserpool.decode;

import dev.geyserpool.proto.Base58;
import java.util.ArrayList;
import java.util.List;

/** Addresses for synthetic tests: the well-known ones of the fact sheet, and numbered fakes. */
final class Keys {
  static final String PUMP = Program.PUMP.id();
  static final String PUMP_AMM = Program.PUMP_AMM.id();
  static final String LAUNCHLAB = Program.LAUNCHLAB.id();
  static final String ROUTER = fake(200);
  static final String WSOL = "So11111111111111111111111111111111111111112";
  static final String PUMP_EVENT_AUTHORITY = "Ce6TQqeHC9p8KetsN6JsjHK7UTZk7nasjjnr7XxXp9F1";
  static final String PUMP_AMM_EVENT_AUTHORITY = "GS4CU59F31iL7aR2Q8zVS8DRrcRnXX1yjQ66TqNVQnaR";
  static final String LAUNCHLAB_EVENT_AUTHORITY = "2DPAtwB8L12vrMRExbLuyGnC7n2J5LNoZQSejeQGpwkr";

  private Keys() {}

  /** A valid, recognisable 32-byte address: byte 0 = 0xEE, byte 31 = n. */
  static String fake(int n) {
    byte[] b = new byte[32];
    b[0] = (byte) 0xEE;
    b[30] = (byte) (n >> 8);
    b[31] = (byte) n;
    return Base58.encode(b);
  }

  /** {@code count} accounts named by position: fake(base), fake(base + 1), ... */
  static List<String> fakes(int base, int count) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add(fake(base + i));
    }
    return keys;
  }
}

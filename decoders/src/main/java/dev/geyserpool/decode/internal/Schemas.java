package dev.geyserpool.decode.internal;

import dev.geyserpool.decode.Program;

/** The schema of each {@link Program}. Stateless and thread-safe. */
public final class Schemas {
  private Schemas() {}

  /** The layouts of {@code program}. */
  public static Schema of(Program program) {
    switch (program) {
      case PUMP: return PumpSchema.SCHEMA;
      case PUMP_AMM: return PumpAmmSchema.SCHEMA;
      case LAUNCHLAB: return LaunchLabSchema.SCHEMA;
      default: throw new IllegalArgumentException("no schema for " + program);
    }
  }
}

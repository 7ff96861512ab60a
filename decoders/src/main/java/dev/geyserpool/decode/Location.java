package dev.geyserpool.decode;

/**
 * Where an instruction sits in its transaction.
 *
 * @param instruction the top-level instruction index (for an inner instruction: the top-level
 *     instruction that caused it, {@code InnerInstructions.index})
 * @param inner the position in that top-level instruction's inner list, or -1 for the top-level
 *     instruction itself
 * @param stackHeight 1 for top level, 2 for its first CPI level, and so on (0 when the
 *     provider did not say)
 */
public record Location(int instruction, int inner, int stackHeight) {

  /** A top-level instruction. */
  public static Location top(int instruction) {
    return new Location(instruction, -1, 1);
  }

  /** Whether this is a top-level instruction. */
  public boolean topLevel() {
    return inner < 0;
  }

  /** {@code top[2]} or {@code inner[2][14]}, the notation of the fixtures. */
  public String path() {
    return topLevel() ? "top[" + instruction + "]" : "inner[" + instruction + "][" + inner + "]";
  }
}

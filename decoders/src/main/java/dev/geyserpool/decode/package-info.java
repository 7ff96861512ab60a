/**
 * Decoders for Pump.fun, PumpSwap and Raydium LaunchLab data carried in Yellowstone updates.
 *
 * <p>The API: {@link dev.geyserpool.decode.SolanaDecoder} turns a transaction or account update
 * into {@link dev.geyserpool.decode.DecodedTransaction} / {@link dev.geyserpool.decode.DecodedAccount}
 * (immutable values, IDL names throughout); {@link dev.geyserpool.decode.PumpCurve} and
 * {@link dev.geyserpool.decode.LaunchLabCurve} hold the curves' integer math and exact decimal
 * prices; {@link dev.geyserpool.decode.DecodedJson} writes the one-line JSON monitors publish.
 * Everything here is stateless or immutable and thread-safe. The layouts, the Borsh reader and the
 * transaction walk live in {@code dev.geyserpool.decode.internal}, which is not API.
 */
package dev.geyserpool.decode;

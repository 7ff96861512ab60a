/**
 * Internals of the decoders, not API: the per-program layouts written in a small notation
 * ({@code PumpSchema}, {@code PumpAmmSchema}, {@code LaunchLabSchema}), the one tolerant Borsh
 * reader that interprets them, the transaction walk with event attribution and the log fallback,
 * account decoding, and derived values.
 */
package dev.geyserpool.decode.internal;

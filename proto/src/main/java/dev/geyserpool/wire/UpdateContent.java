package dev.geyserpool.wire;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * Whether two copies of one update carry the same content. Two streams can deliver the same
 * update (same {@link UpdateIdentity}) with different bytes: an account under another
 * {@code accounts_data_slice}, a block with or without its transactions. Only copies with equal
 * content may share one record; the fingerprint tells them apart.
 *
 * <p>The fingerprint covers every field of the {@code SubscribeUpdate} except those that differ
 * between streams for the same content: {@code filters} (1), the stream's own filter names, and
 * {@code created_at} (11), when the server sent it. It is 64 bits (CRC-32C and CRC-32 of the same
 * bytes, both hardware-accelerated), never 0.
 */
public final class UpdateContent {
  private static final int FILTERS = 1;
  private static final int CREATED_AT = 11;

  private UpdateContent() {}

  /** The fingerprint of a serialized {@code SubscribeUpdate}; 0 is never returned. */
  public static long fingerprint(byte[] wire) {
    CRC32C c = new CRC32C();
    CRC32 d = new CRC32();
    CodedInputStream in = CodedInputStream.newInstance(wire);
    try {
      while (!in.isAtEnd()) {
        int start = in.getTotalBytesRead();
        int tag = in.readTag();
        int field = WireFormat.getTagFieldNumber(tag);
        in.skipField(tag);
        if (field != FILTERS && field != CREATED_AT) {
          int end = in.getTotalBytesRead();
          c.update(wire, start, end - start);
          d.update(wire, start, end - start);
        }
      }
    } catch (IOException e) {
      // Not a well-formed update (the gateway parsed it, so this does not happen): all of it.
      c.reset();
      d.reset();
      c.update(wire, 0, wire.length);
      d.update(wire, 0, wire.length);
    }
    long fingerprint = (c.getValue() << 32) | d.getValue();
    return fingerprint == 0 ? 1 : fingerprint;
  }
}

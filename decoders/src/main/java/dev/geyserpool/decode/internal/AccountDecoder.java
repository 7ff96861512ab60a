package dev.geyserpool.decode.internal;

import dev.geyserpool.decode.DecodedAccount;
import dev.geyserpool.decode.Fields;
import dev.geyserpool.decode.Program;
import dev.geyserpool.decode.internal.Schema.LayoutDef;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import java.util.Optional;

/**
 * Decodes an account update by owner program, then account discriminator: the owner check is what
 * keeps a Raydium CPMM/CLMM {@code PoolState} (same 8 bytes as LaunchLab's) or any foreign account
 * from being read as ours. Shorter (older) accounts decode the fields they hold; longer ones count
 * the bytes after the last known field. Data cut inside a field (a zero tail shorter than the
 * next field) leaves that field absent.
 *
 * <p>Stateless and thread-safe.
 */
public final class AccountDecoder {
  private AccountDecoder() {}

  /** The decoded account, or empty when the owner is not ours or the type is unknown. */
  public static Optional<DecodedAccount> decode(SubscribeUpdateAccountInfo info, long slot) {
    Optional<Program> program = Program.byId(info.getOwner());
    byte[] data = info.getData().toByteArray();
    if (program.isEmpty() || data.length < 8) {
      return Optional.empty();
    }
    LayoutDef def = Schemas.of(program.get()).account(Discriminator.read(data, 0));
    if (def == null) {
      return Optional.empty();
    }
    BorshReader.Result r = BorshReader.read(def.fields(), data, 8);
    Fields derived = Derived.account(program.get(), def.name(), r.fields());
    String signature = info.hasTxnSignature() ? Base58.encode(info.getTxnSignature().toByteArray()) : null;
    return Optional.of(new DecodedAccount(program.get(), def.name(),
        Base58.encode(info.getPubkey().toByteArray()), slot, info.getLamports(), r.fields(), derived,
        data.length, r.unread(), signature));
  }
}

package dev.geyserpool.bench.jmh;

import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.wire.UpdateContent;
import dev.geyserpool.wire.UpdateIdentity;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the gateway computes per update before publishing it: the dedup identity
 * ({@link UpdateIdentity#of}, on the gRPC thread) and the Kafka record key
 * ({@link UpdateIdentity#recordKey}, on the publisher thread). For a transaction both are the
 * base58 of its 64-byte signature, so {@link #base58Signature} is most of their cost. And the
 * content fingerprint ({@link UpdateContent#fingerprint}, on the gRPC thread).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IdentityBench {
  private SubscribeUpdate update;
  private byte[] signature;
  private byte[] wire;

  @Setup
  public void setUp() {
    update = Fixtures.pumpCreateAndBuy();
    signature = update.getTransaction().getTransaction().getSignature().toByteArray();
    wire = update.toByteArray();
    if (signature.length != 64) {
      throw new IllegalStateException("fixture signature is " + signature.length + " bytes, expected 64");
    }
  }

  @Benchmark
  public Optional<String> identity() {
    return UpdateIdentity.of(update);
  }

  /** Per published update: identity (dedup) and record key (Kafka), as the gateway computes both. */
  @Benchmark
  public void identityAndRecordKey(Blackhole bh) {
    bh.consume(UpdateIdentity.of(update));
    bh.consume(UpdateIdentity.recordKey(update));
  }

  /** The content fingerprint that tells a second stream's copy with the same bytes from one with others. */
  @Benchmark
  public long contentFingerprint() {
    return UpdateContent.fingerprint(wire);
  }

  @Benchmark
  public String base58Signature() {
    return Base58.encode(signature);
  }
}

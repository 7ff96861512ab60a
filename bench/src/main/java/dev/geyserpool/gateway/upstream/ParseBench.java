package dev.geyserpool.gateway.upstream;

import dev.geyserpool.bench.jmh.Fixtures;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import io.grpc.MethodDescriptor;
import io.grpc.internal.ReadableBuffers;
import io.grpc.protobuf.ProtoUtils;
import java.io.InputStream;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reading one real {@code SubscribeUpdate} (the 11 KB Pump.fun create_v2 + buy fixture) off a gRPC
 * stream, three ways:
 *
 * <ul>
 *   <li>{@link #rawUpdateMarshaller}: the gateway's {@link RawUpdateMarshaller}, which keeps the
 *       wire bytes (published to Kafka as they are) and parses them, plus the receive timestamp;
 *   <li>{@link #protoMarshaller}: gRPC's stock protobuf marshaller, which parses and keeps no
 *       bytes (what the gateway would use if it re-encoded on publish);
 *   <li>{@link #parseFromBytes}: {@code SubscribeUpdate.parseFrom(byte[])}, the floor.
 * </ul>
 *
 * <p>The marshallers read the same kind of stream gRPC's deframer hands them
 * ({@code ReadableBuffers.openStream}, which is {@code KnownLength}). This class sits in the
 * gateway's package because {@code RawUpdateMarshaller} is package-private: the benchmark measures
 * that very class, not a copy.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ParseBench {
  private byte[] wire;
  private RawUpdateMarshaller keepWire;
  private MethodDescriptor.Marshaller<SubscribeUpdate> protoOnly;

  @Setup
  public void setUp() {
    wire = Fixtures.pumpCreateAndBuyBytes();
    keepWire = new RawUpdateMarshaller(Clock.systemUTC());
    protoOnly = ProtoUtils.marshaller(SubscribeUpdate.getDefaultInstance());
  }

  private InputStream grpcStream() {
    return ReadableBuffers.openStream(ReadableBuffers.wrap(wire), true);
  }

  @Benchmark
  public RawUpdate rawUpdateMarshaller() {
    return keepWire.parse(grpcStream());
  }

  @Benchmark
  public SubscribeUpdate protoMarshaller() {
    return protoOnly.parse(grpcStream());
  }

  @Benchmark
  public SubscribeUpdate parseFromBytes() throws Exception {
    return SubscribeUpdate.parseFrom(wire);
  }
}

package dev.geyserpool.aggregator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.aggregator.AggregatorConfig;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The live-session cap is shared by every client, so one client must not be able to take all of
 * it: a client well inside its request limit opens sessions up to api.maxLiveSessions, and a
 * second client (another loopback address, a real WebSocket handshake) is then still served.
 */
class LiveSessionsPerClientTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void oneClientHoldingEverySessionDoesNotLockOutAnotherClient() throws Exception {
    ApiConfig config = ApiConfig.builder().port(0).bindHost("127.0.0.1").requestsPerSecond(1000).burst(1000)
        .maxLiveSessions(4).maxLiveSessionsPerClient(2).build();
    try (AggregatorApi api = AggregatorApi.start(config, AggregatorConfig.builder().build(), Clock.systemUTC())) {
      List<WebSocket> hog = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        CompletableFuture<String> first = new CompletableFuture<>();
        hog.add(http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + api.port() + AggregatorApi.LIVE_PATH),
            new WebSocket.Listener() {
              @Override
              public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                first.complete(data.toString());
                ws.request(1);
                return null;
              }
            }).get(10, TimeUnit.SECONDS));
        first.get(10, TimeUnit.SECONDS); // admitted and served
      }
      // A third from the same client is refused, naming the per-client cap.
      assertThat(firstFrameFrom(InetAddress.getByName("127.0.0.1"), api.port()))
          .startsWith("close 1013 127.0.0.1 has 2 live sessions open, the most one client may");
      // 127.0.0.2 is another client to the limiter (loopback answers the whole 127/8 on Linux).
      String firstFrame = firstFrameFrom(InetAddress.getByName("127.0.0.2"), api.port());
      assertThat(firstFrame).as("the other client's first frame").startsWith("text ");
      hog.forEach(WebSocket::abort);
    }
  }

  /** Opens a WebSocket from {@code local} by hand and answers its first frame: "text ..." or "close CODE reason". */
  static String firstFrameFrom(InetAddress local, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(local, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + AggregatorApi.LIVE_PATH + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
          + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      String head = headers(in);
      assertThat(head).startsWith("HTTP/1.1 101");
      int opcode = in.readUnsignedByte() & 0x0f;
      int length = in.readUnsignedByte() & 0x7f;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = (int) in.readLong();
      }
      byte[] payload = in.readNBytes(length);
      if (opcode == 0x8) {
        int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        return "close " + code + " " + new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
      }
      return "text " + new String(payload, StandardCharsets.UTF_8);
    }
  }

  private static String headers(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the server closed before the handshake ended: " + head);
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }
}

package dev.geyserpool.aggregator.api;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own error answers (requests it refuses before the API sees them: a path that is not
 * valid percent-encoding, a header too large) as {@code {"status":N,"error":"..."}}, like every
 * other error of the API, instead of an HTML page. Stateless.
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    return ByteBuffer.wrap(body(status, "the request could not be read: " + (reason == null ? "bad message" : reason)
        + "; check the path's percent-encoding and the headers' size"));
  }

  @Override
  protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
      HttpServletResponse response, int code, String message) throws IOException {
    baseRequest.setHandled(true);
    response.setContentType("application/json");
    response.getOutputStream().write(body(code, message == null ? "error " + code : message));
  }

  private static byte[] body(int status, String message) {
    String escaped = new String(JsonStringEncoder.getInstance().quoteAsString(message));
    return ("{\"status\":" + status + ",\"error\":\"" + escaped + "\"}").getBytes(StandardCharsets.UTF_8);
  }
}

package openloop;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;

// One keep-alive HTTP/1.1 connection on a blocking socket, as wrk's: writes a pre-built request, reads the
// status line, the headers and the body (Content-Length, chunked, or until the server closes) and discards it.
// The JDK's HttpClient cost more CPU per request than the node it measured, on the same cores; this costs
// little more than the system calls.
final class HttpConnection {
  private static final int CONNECT_TIMEOUT_MS = 5000;

  private final InetSocketAddress address;
  private final int readTimeoutMs;
  private final byte[] line = new byte[8192];
  private final byte[] scratch = new byte[16384];
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  HttpConnection(InetSocketAddress address, int readTimeoutMs) {
    this.address = address;
    this.readTimeoutMs = readTimeoutMs;
  }

  // Sends the request and returns the response's status; on any failure the connection is closed (the next
  // request opens a new one) and the exception is thrown.
  int exchange(byte[] request) throws IOException {
    try {
      if (socket == null) {
        open();
      }
      out.write(request);
      out.flush();
      return readResponse();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a broken connection: nothing left to do with it
      }
      socket = null;
    }
  }

  private void open() throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.setSoTimeout(readTimeoutMs);
    s.connect(address, CONNECT_TIMEOUT_MS);
    socket = s;
    in = new BufferedInputStream(s.getInputStream(), 65536);
    out = s.getOutputStream();
  }

  private int readResponse() throws IOException {
    String status = readLine();
    if (!status.startsWith("HTTP/1.") || status.length() < 12) {
      throw new ProtocolException("bad status line");
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean closes = status.startsWith("HTTP/1.0");
    for (String header = readLine(); !header.isEmpty(); header = readLine()) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new ProtocolException("bad header line");
      }
      String name = header.substring(0, colon).trim();
      String value = header.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
      } else if (name.equalsIgnoreCase("Connection")) {
        closes = value.equalsIgnoreCase("close");
      }
    }
    if (code == 204 || code == 304 || (code >= 100 && code < 200)) {
      length = 0;
    }
    if (chunked) {
      readChunked();
    } else if (length >= 0) {
      skip(length);
    } else {
      // Neither: the body ends when the server closes the connection.
      while (in.read(scratch) >= 0) {
        // discard
      }
      closes = true;
    }
    if (closes) {
      close();
    }
    return code;
  }

  private void readChunked() throws IOException {
    while (true) {
      String size = readLine();
      int extension = size.indexOf(';');
      long n = Long.parseLong((extension >= 0 ? size.substring(0, extension) : size).trim(), 16);
      if (n == 0) {
        break;
      }
      skip(n);
      if (!readLine().isEmpty()) {
        throw new ProtocolException("no CRLF after a chunk");
      }
    }
    while (!readLine().isEmpty()) {
      // trailers, discarded
    }
  }

  private void skip(long n) throws IOException {
    while (n > 0) {
      int read = in.read(scratch, 0, (int) Math.min(scratch.length, n));
      if (read < 0) {
        throw new EOFException("connection closed in a response body");
      }
      n -= read;
    }
  }

  // A line without its CRLF (headers are ASCII).
  private String readLine() throws IOException {
    int n = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException(n == 0 ? "connection closed" : "connection closed in a line");
      }
      if (b == '\n') {
        break;
      }
      if (n == line.length) {
        throw new ProtocolException("line longer than " + line.length + " bytes");
      }
      line[n++] = (byte) b;
    }
    if (n > 0 && line[n - 1] == '\r') {
      n--;
    }
    return new String(line, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}

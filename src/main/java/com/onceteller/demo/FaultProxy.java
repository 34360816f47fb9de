package com.onceteller.demo;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fault-injecting HTTP proxy on loopback, between desks and the branch server, so the failure
 * cases of a demonstration happen on a real network: the request is dropped before the server sees
 * it (the connection is reset), the response is dropped after the server committed (the server's
 * answer is read in full, then the desk's connection is reset), or the request is held back before
 * it is forwarded (a slow network; the desk's timeout fires while the server has not started).
 *
 * <p>It listens with plain HTTP on 127.0.0.1 only and forwards to the branch over TLS (pinned), one
 * request per connection. A fault is armed for the next request ({@link #arm}) or, by a trainer,
 * with {@code POST /_fault/request-lost|response-lost|delay?ms=N|none} on the proxy itself.
 */
public final class FaultProxy implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FaultProxy.class);

  /** What happens to the next request. */
  public enum Kind {
    NONE,
    /** Reset the desk's connection without forwarding: the server never sees the request. */
    REQUEST_LOST,
    /** Forward, wait for the server's whole answer (it committed), then reset the desk's side. */
    RESPONSE_LOST,
    /** Hold the request back for a while, then forward it. */
    DELAY
  }

  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "transfer-encoding",
          "upgrade",
          "host",
          "content-length",
          "te",
          "trailer",
          "expect");

  private final ServerSocket listener;
  private final URI upstream;
  private final HttpClient client;
  private final ExecutorService threads;
  private final AtomicReference<Kind> next = new AtomicReference<>(Kind.NONE);
  private volatile long delayMillis;
  private final AtomicInteger forwarded = new AtomicInteger();
  private volatile boolean closed;

  private FaultProxy(ServerSocket listener, URI upstream, HttpClient client) {
    this.listener = listener;
    this.upstream = upstream;
    this.client = client;
    this.threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fault-proxy");
              t.setDaemon(true);
              return t;
            });
    threads.execute(this::acceptLoop);
  }

  /**
   * Starts a proxy on 127.0.0.1:{@code port} (0: any free port) in front of {@code upstream}.
   *
   * @param tls the TLS context that trusts the branch (the desk's pinned certificate); null when
   *     the branch itself is plain HTTP on loopback
   */
  public static FaultProxy start(int port, URI upstream, SSLContext tls) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5));
    if (tls != null) {
      b.sslContext(tls);
    }
    FaultProxy p = new FaultProxy(s, upstream, b.build());
    log.info("Fault proxy on http://127.0.0.1:{} -> {}", s.getLocalPort(), upstream);
    return p;
  }

  public int port() {
    return listener.getLocalPort();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** Arms {@code kind} for the next request ({@code delay} for {@link Kind#DELAY}). */
  public void arm(Kind kind, Duration delay) {
    delayMillis = delay == null ? 0 : delay.toMillis();
    next.set(kind);
  }

  /** Requests forwarded to the branch so far. */
  public int forwarded() {
    return forwarded.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = listener.accept();
        threads.execute(() -> serve(s));
      } catch (IOException e) {
        if (!closed) {
          log.warn("Fault proxy accept failed: {}", e.toString());
        }
      }
    }
  }

  private void serve(Socket desk) {
    try (desk) {
      desk.setSoTimeout(60_000);
      InputStream in = new BufferedInputStream(desk.getInputStream());
      Request r = Request.read(in);
      if (r == null) {
        return;
      }
      if (r.path.startsWith("/_fault/")) {
        control(r, desk.getOutputStream());
        return;
      }
      Kind kind = next.getAndSet(Kind.NONE);
      if (kind == Kind.REQUEST_LOST) {
        log.info("Fault proxy: request {} {} dropped before the branch", r.method, r.path);
        reset(desk);
        return;
      }
      if (kind == Kind.DELAY) {
        log.info("Fault proxy: request {} {} held back {} ms", r.method, r.path, delayMillis);
        Thread.sleep(delayMillis);
      }
      HttpResponse<byte[]> answer = forward(r);
      forwarded.incrementAndGet();
      if (kind == Kind.RESPONSE_LOST) {
        log.info(
            "Fault proxy: the branch answered {} to {} {}; the answer is dropped",
            answer.statusCode(),
            r.method,
            r.path);
        reset(desk);
        return;
      }
      write(desk.getOutputStream(), answer);
    } catch (IOException e) {
      // The branch could not be reached or the desk went away: close, as a network would.
      log.debug("Fault proxy: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private HttpResponse<byte[]> forward(Request r) throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(upstream.resolve(r.path))
            .timeout(Duration.ofSeconds(60))
            .method(r.method, HttpRequest.BodyPublishers.ofByteArray(r.body));
    for (String[] h : r.headers) {
      if (!HOP_BY_HOP.contains(h[0].toLowerCase(Locale.ROOT))) {
        b.header(h[0], h[1]);
      }
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static void write(OutputStream out, HttpResponse<byte[]> answer) throws IOException {
    StringBuilder head =
        new StringBuilder("HTTP/1.1 ").append(answer.statusCode()).append(" -\r\n");
    answer
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                for (String v : values) {
                  head.append(name).append(": ").append(v).append("\r\n");
                }
              }
            });
    head.append("Content-Length: ").append(answer.body().length).append("\r\n");
    head.append("Connection: close\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(answer.body());
    out.flush();
  }

  private void control(Request r, OutputStream out) throws IOException {
    String what = r.path.substring("/_fault/".length());
    int q = what.indexOf('?');
    String query = q < 0 ? "" : what.substring(q + 1);
    what = q < 0 ? what : what.substring(0, q);
    long ms = 0;
    if (query.startsWith("ms=")) {
      ms = Long.parseLong(query.substring(3));
    }
    Kind kind =
        switch (what) {
          case "request-lost" -> Kind.REQUEST_LOST;
          case "response-lost" -> Kind.RESPONSE_LOST;
          case "delay" -> Kind.DELAY;
          default -> Kind.NONE;
        };
    arm(kind, Duration.ofMillis(ms));
    byte[] body = ("armed " + kind + "\n").getBytes(StandardCharsets.UTF_8);
    out.write(
        ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                + body.length
                + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  /** An RST rather than a clean close: what a desk sees when the network drops the connection. */
  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
    } catch (SocketException e) {
      log.debug("SO_LINGER: {}", e.toString());
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      log.debug("Closing the fault proxy: {}", e.toString());
    }
    threads.shutdownNow();
  }

  /** One HTTP/1.1 request with a Content-Length body (what the desk's client sends). */
  private record Request(String method, String path, List<String[]> headers, byte[] body) {

    static Request read(InputStream in) throws IOException {
      String line = line(in);
      if (line == null || line.isEmpty()) {
        return null;
      }
      String[] start = line.split(" ");
      if (start.length < 3) {
        throw new IOException("not an HTTP request: " + line);
      }
      List<String[]> headers = new ArrayList<>();
      int length = 0;
      for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
        int colon = h.indexOf(':');
        if (colon > 0) {
          String name = h.substring(0, colon).trim();
          String value = h.substring(colon + 1).trim();
          headers.add(new String[] {name, value});
          if (name.equalsIgnoreCase("Content-Length")) {
            length = Integer.parseInt(value);
          }
        }
      }
      byte[] body = in.readNBytes(length);
      return new Request(start[0], start[1], headers, body);
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) >= 0) {
        if (c == '\n') {
          break;
        }
        if (c != '\r') {
          b.write(c);
        }
      }
      if (c < 0 && b.size() == 0) {
        return null;
      }
      return b.toString(StandardCharsets.ISO_8859_1);
    }
  }
}

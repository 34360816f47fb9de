package com.onceteller.desk.remote;

import com.onceteller.desk.client.NoResponseException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLHandshakeException;

/**
 * The desk's connection to the branch server: the JDK {@link HttpClient} (HTTP/1.1, TLS with the
 * pinned certificate), a connect timeout and a per-request timeout, and — once a teller has signed
 * on ({@link #as}) — who the requests are made as: HTTP Basic with the user id and password they
 * signed on with, and the desk's workstation name. The server checks the password against the
 * ledger's users (Argon2id, once per server process) and acts as that user, their role and keys; a
 * connection without a teller reaches only the public {@code GET /v1/ledger}. Every way an exchange
 * can end without an answer is a {@link NoResponseException} of the kind the retry panel and the
 * timeline already show.
 */
public final class BranchConnection {

  /** The request header that names the desk a teller works at (the audit trail's origin). */
  public static final String WORKSTATION = "Workstation";

  private final URI base;
  private final HttpClient http;
  private final String tellerId;
  private final String authorization;
  private final String workstation;
  private final Duration requestTimeout;

  /**
   * A connection without a teller: only {@code GET /v1/ledger} and the sign-on answer on it.
   *
   * @param base {@code https://branch:8443} ({@code http://} only on loopback)
   * @param pinned the branch's certificate; null for plain HTTP on loopback
   */
  public BranchConnection(
      URI base, PinnedCertificate pinned, Duration connectTimeout, Duration requestTimeout) {
    this.base = Objects.requireNonNull(base, "base");
    this.tellerId = null;
    this.authorization = null;
    this.workstation = null;
    this.requestTimeout = requestTimeout;
    boolean tls = "https".equals(base.getScheme());
    if (tls && pinned == null) {
      throw new IllegalArgumentException(
          "An https branch needs its certificate pinned (--server-cert FILE).");
    }
    if (!tls && !isLoopback(base.getHost())) {
      throw new IllegalArgumentException(
          "Plain http is only for a server on this machine (127.0.0.1); use https.");
    }
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER);
    if (tls) {
      b.sslContext(pinned.sslContext());
    }
    this.http = b.build();
  }

  private BranchConnection(
      BranchConnection of, String tellerId, String authorization, String workstation) {
    this.base = of.base;
    this.http = of.http;
    this.requestTimeout = of.requestTimeout;
    this.tellerId = tellerId;
    this.authorization = authorization;
    this.workstation = workstation;
  }

  /**
   * The same connection (same client and connections), every request made as {@code userId} signed
   * on with {@code password} at {@code workstation}. The password is encoded once here; the caller
   * may clear its array afterwards.
   */
  public BranchConnection as(String userId, char[] password, String workstation) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(password, "password");
    return new BranchConnection(this, userId, basic(userId, password), workstation);
  }

  /**
   * The same connection, every request made in {@code userId}'s session at the branch ({@code
   * Authorization: Bearer token}, from {@code POST /v1/sign-on}): the desk keeps the token, not the
   * password.
   */
  public BranchConnection inSession(String userId, String token, String workstation) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(token, "token");
    return new BranchConnection(this, userId, "Bearer " + token, workstation);
  }

  /** {@code Basic base64(user:password)}, UTF-8 (RFC 7617). */
  static String basic(String userId, char[] password) {
    java.nio.ByteBuffer pw = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
    byte[] user = (userId + ":").getBytes(StandardCharsets.UTF_8);
    byte[] both = new byte[user.length + pw.remaining()];
    System.arraycopy(user, 0, both, 0, user.length);
    pw.get(both, user.length, pw.remaining());
    try {
      return "Basic " + java.util.Base64.getEncoder().encodeToString(both);
    } finally {
      java.util.Arrays.fill(both, (byte) 0);
    }
  }

  private static boolean isLoopback(String host) {
    return host != null
        && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
  }

  public URI base() {
    return base;
  }

  /** Who the requests are made as, or null before a teller signed on. */
  public String tellerId() {
    return tellerId;
  }

  /** An HTTP answer: status, body and the headers the desk reads. */
  public record Answer(int status, String body, boolean replayed, String serverTiming) {}

  /** A request with the teller's credentials (if any), the workstation and the timeout. */
  HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(requestTimeout)
            .header("Accept", "application/json, application/problem+json");
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (workstation != null) {
      b.header(WORKSTATION, workstation);
    }
    return b;
  }

  /**
   * Sends and waits. Connection refused, reset or closed, a TLS failure and a timeout are all "no
   * answer": the request may or may not have reached the ledger.
   */
  Answer exchange(HttpRequest request) throws NoResponseException {
    try {
      HttpResponse<String> r =
          http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(
          r.statusCode(),
          r.body(),
          r.headers().firstValue("Idempotent-Replayed").map("true"::equalsIgnoreCase).orElse(false),
          r.headers().firstValue("Server-Timing").orElse(null));
    } catch (HttpTimeoutException e) {
      throw new NoResponseException(
          NoResponseException.Kind.TIMEOUT,
          "No answer from the branch within "
              + requestTimeout.toMillis()
              + " ms; the server may still be working on it.");
    } catch (ConnectException e) {
      throw new NoResponseException(
          NoResponseException.Kind.CONNECTION_LOST,
          "The branch server refused the connection (" + base + "): nothing was sent.");
    } catch (SSLHandshakeException e) {
      throw new NoResponseException(
          NoResponseException.Kind.CONNECTION_LOST,
          "TLS with the branch failed: " + e.getMessage());
    } catch (IOException e) {
      throw new NoResponseException(
          NoResponseException.Kind.CONNECTION_LOST,
          "The connection to the branch broke before an answer ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + ").");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NoResponseException(
          NoResponseException.Kind.CONNECTION_LOST, "Interrupted while waiting for the branch.");
    }
  }
}

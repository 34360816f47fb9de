package com.onceteller.http;

import com.onceteller.TestLedger;
import com.onceteller.app.AppContext;
import com.onceteller.branch.http.BranchServer;
import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.desk.remote.BranchConnection;
import com.onceteller.desk.remote.PinnedCertificate;
import com.onceteller.domain.SignOnResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A branch server over TLS on loopback, on a fresh database of the tests' PostgreSQL server (fsync
 * and synchronous_commit on), with the demo accounts; and raw HTTP clients that pin its
 * certificate.
 */
public final class BranchFixture implements AutoCloseable {

  public final TestLedger ledger;
  public final BranchServer server;
  public final TestTls tls;
  public final PinnedCertificate pinned;

  private BranchFixture(TestLedger ledger, BranchServer server, TestTls tls) {
    this.ledger = ledger;
    this.server = server;
    this.tls = tls;
    this.pinned = PinnedCertificate.load(tls.certificate());
  }

  public static BranchFixture start(Path dir, ServiceObserver observer) {
    TestTls tls = TestTls.create(dir);
    TestLedger ledger = TestLedger.openPostgres();
    BranchServer server =
        BranchServer.start(
            ledger.database,
            new BranchServer.Config(
                "127.0.0.1", 0, tls.keystore(), tls.password(), Duration.ofDays(7)),
            observer);
    return new BranchFixture(ledger, server, tls);
  }

  public URI base() {
    return URI.create("https://127.0.0.1:" + server.port());
  }

  /** A new client (its own connections), as one desk. */
  public HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(pinned.sslContext())
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /**
   * A request made as {@code teller} (HTTP Basic with their password; a teller the ledger does not
   * know yet is added first, see {@link TestLedger#addTeller}), or without a user when null.
   */
  public HttpRequest.Builder request(String path, String teller) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(30));
    if (teller != null) {
      b.header("Authorization", basic(teller));
    }
    return b;
  }

  /** The Authorization header of {@code teller}, added to the ledger if new. */
  public String basic(String teller) {
    TestLedger.addTeller(ledger.database, teller);
    return basic(teller, TestLedger.passwordOf(teller));
  }

  /** A desk's connection to {@code base} made as {@code teller} (added to the ledger if new). */
  public BranchConnection connection(
      URI base, PinnedCertificate pin, String teller, Duration requestTimeout) {
    TestLedger.addTeller(ledger.database, teller);
    return new BranchConnection(base, pin, Duration.ofSeconds(2), requestTimeout)
        .as(teller, TestLedger.passwordOf(teller).toCharArray(), "test-" + teller);
  }

  /**
   * A desk of this branch (its own store {@code store}) whose teller {@code teller} signed on, as
   * the app's sign-on screen does it: the password is checked by the branch.
   */
  public AppContext desk(String teller, Path store, AppContext.ClientSettings settings) {
    TestLedger.addTeller(ledger.database, teller);
    AppContext desk =
        AppContext.connect(
            new AppContext.ServerSettings(base(), tls.certificate(), teller, store),
            false,
            settings);
    SignOnResult r =
        desk.identity()
            .signOn(teller, TestLedger.passwordOf(teller).toCharArray(), "desk-of-" + teller);
    if (!(r instanceof SignOnResult.SignedOn s)) {
      desk.close();
      throw new IllegalStateException("sign-on of " + teller + " refused: " + r);
    }
    desk.signedOn(s.actor());
    return desk;
  }

  public static String basic(String user, String password) {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString(
                (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public static HttpResponse<String> send(HttpClient client, HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
    ledger.close();
  }
}

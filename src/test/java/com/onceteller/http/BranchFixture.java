package com.onceteller.http;

import com.onceteller.TestLedger;
import com.onceteller.branch.http.BranchServer;
import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.desk.remote.PinnedCertificate;
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

  public HttpRequest.Builder request(String path, String teller) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(30));
    if (teller != null) {
      b.header("Teller-Id", teller);
    }
    return b;
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

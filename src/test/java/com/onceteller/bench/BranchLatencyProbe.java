package com.onceteller.bench;

import com.onceteller.TestLedger;
import com.onceteller.branch.http.BranchServer;
import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Where a posting's time goes on PostgreSQL: the service alone, then over HTTP (Server-Timing). */
public final class BranchLatencyProbe {
  public static void main(String[] args) throws Exception {
    try (TestLedger ledger = TestLedger.openPostgres()) {
      TransferService service = new TransferService(ledger.database);
      for (int round = 0; round < 3; round++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < 100; i++) {
          service.submit(
              com.onceteller.TestActors.TELLER,
              IdempotencyKey.mint(),
              new TransferRequest(TestLedger.number(0), TestLedger.number(1), 1, "EUR", "probe"));
        }
        System.out.printf("service: %.2f ms per posting%n", (System.nanoTime() - t0) / 100 / 1e6);
      }
      try (BranchServer server =
          BranchServer.start(
              ledger.database,
              new BranchServer.Config("127.0.0.1", 0, null, null, Duration.ofDays(7)),
              ServiceObserver.NONE)) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 40; i++) {
          String body =
              "{\"from\":\""
                  + TestLedger.number(0)
                  + "\",\"to\":\""
                  + TestLedger.number(1)
                  + "\",\"amount_minor\":1,\"currency\":\"EUR\",\"memo\":\"p\"}";
          long t0 = System.nanoTime();
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.port() + "/v1/transfers"))
                      .header(
                          "Authorization",
                          com.onceteller.http.BranchFixture.basic("anna", "anna-teller-1"))
                      .header("Idempotency-Key", "\"" + IdempotencyKey.mint() + "\"")
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          if (i % 8 == 0) {
            System.out.printf(
                "http %d: %.2f ms, %s%n",
                r.statusCode(),
                (System.nanoTime() - t0) / 1e6,
                r.headers().firstValue("Server-Timing").orElse(""));
          }
        }
        // The desk's own transport (BranchConnection: request timeout, HTTP Basic), as the
        // benchmark.
        var conn =
            new com.onceteller.desk.remote.BranchConnection(
                    URI.create("http://127.0.0.1:" + server.port()),
                    null,
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(30))
                .as("ben", "ben-teller-22".toCharArray(), "probe");
        java.util.List<String> seen = new java.util.ArrayList<>();
        var transport =
            new com.onceteller.desk.remote.HttpTransport(
                conn, st -> seen.add(String.valueOf(st.millis().get("total"))));
        for (int i = 0; i < 40; i++) {
          long t0 = System.nanoTime();
          transport.send(
              new com.onceteller.desk.client.Envelope(
                  IdempotencyKey.mint(),
                  new TransferRequest(TestLedger.number(0), TestLedger.number(1), 1, "EUR", "p2"),
                  1));
          if (i % 8 == 0) {
            System.out.printf(
                "transport: %.2f ms, server total %s%n",
                (System.nanoTime() - t0) / 1e6, seen.get(seen.size() - 1));
          }
        }
      }
    }
    System.exit(0);
  }
}

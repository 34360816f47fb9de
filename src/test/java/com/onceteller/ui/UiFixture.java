package com.onceteller.ui;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.branch.service.TransferService;
import com.onceteller.desk.client.LocalTransport;
import com.onceteller.desk.client.RetryPolicy;
import com.onceteller.desk.client.TransferClient;
import com.onceteller.desk.store.SqliteOutbox;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A real ledger on an H2 file, the real service, client and outbox, short timeouts for fast tests.
 */
public final class UiFixture implements AutoCloseable {

  public final TestLedger ledger;
  public final GatedTransport transport;
  public final SqliteOutbox outbox;
  public final ScheduledExecutorService retryWorker =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "test-retry"));
  public final ExecutorService io = Executors.newCachedThreadPool(r -> daemon(r, "test-io"));
  public final ExecutorService background =
      Executors.newFixedThreadPool(2, r -> daemon(r, "test-bg"));
  public final TellerServices services;

  public UiFixture(Path dir, Duration timeout, RetryPolicy policy) {
    try {
      java.nio.file.Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    this.ledger = TestLedger.open(dir);
    this.outbox =
        SqliteOutbox.open(ledger.file.resolveSibling("desk.sqlite"), java.time.Clock.systemUTC());
    TransferService service = new TransferService(ledger.database);
    this.transport = new GatedTransport(new LocalTransport(service, TestActors.TELLER));
    // Abandoning fences the key in this ledger first, as the app does.
    TellerServices.Abandoner abandoner =
        new com.onceteller.desk.client.Abandonment(
                new com.onceteller.desk.client.LocalLedgerInquiry(
                    service, ledger.queries, TestActors.TELLER),
                outbox,
                Clock.systemUTC(),
                TestActors.TELLER.userId())
            ::abandon;
    long seed = 42;
    System.out.println("retry jitter seed " + seed);
    TellerServices s =
        new TellerServices(
            ledger.file.toString(),
            ledger.queries,
            new TransferClient(transport, timeout, io, Clock.systemUTC()),
            outbox,
            policy,
            null,
            abandoner,
            Clock.systemUTC(),
            ZoneId.systemDefault());
    this.services =
        new TellerServices(
            s.databaseLabel(),
            s.queries(),
            s.client(),
            s.outbox(),
            s.policy(),
            TellerServices.Submissions.direct(
                s.client(), s.outbox(), policy, retryWorker, new Random(seed), s.clock()),
            abandoner,
            s.clock(),
            s.zone());
  }

  public static UiFixture standard(Path dir) {
    return new UiFixture(
        dir,
        Duration.ofSeconds(3),
        new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200), 5));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() throws Exception {
    retryWorker.shutdownNow();
    background.shutdownNow();
    transport.open();
    // let attempts still inside the service finish their transaction before the store closes
    io.shutdown();
    io.awaitTermination(15, TimeUnit.SECONDS);
    retryWorker.awaitTermination(5, TimeUnit.SECONDS);
    outbox.close();
    ledger.close();
  }
}

package com.onceteller.crash;

import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.DatabaseOpenException;
import com.onceteller.branch.ledger.DatabaseSettings;
import com.onceteller.branch.ledger.DemoData;
import com.onceteller.branch.ledger.HibernateOutbox;
import com.onceteller.branch.service.TransferService;
import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.Outbox;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * The process the {@link KillHarness} kills: the real {@link Database}, {@link TransferService} and
 * {@link HibernateOutbox} doing a stream of transfers between demo accounts, each recorded in the
 * outbox before its first attempt and retried with the same key until decided. At start-up it first
 * resolves every in-doubt outbox entry by resending its key. Protocol on stdout, one flushed line
 * each:
 *
 * <pre>
 * INDOUBT n            in-doubt entries found at start-up
 * ACK key reference    a transfer acknowledged as posted (also when resolved after a restart)
 * REJ key              a transfer acknowledged as rejected
 * ODD key outcome      any other decision (key reused, invalid): a harness violation
 * READY                start-up done, streaming
 * DONE                 (--drain) in-doubt entries resolved, exiting normally
 * REFUSED message      the ledger would not open
 * </pre>
 */
public final class KillChild {

  static final int[] EUR_OPEN = {0, 1, 2, 4, 6};
  private static final PrintStream out = System.out;

  public static void main(String[] args) {
    Path db = null;
    long seed = 1;
    boolean drain = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--db" -> db = Path.of(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--drain" -> drain = true;
        default -> throw new IllegalArgumentException(args[i]);
      }
    }
    Database database;
    try {
      database = Database.open(DatabaseSettings.h2File(db));
    } catch (DatabaseOpenException e) {
      line("REFUSED " + e.reason() + " " + e.getMessage().replace('\n', ' '));
      System.exit(3);
      return;
    }
    DemoData.installIfEmpty(database);
    TransferService service = new TransferService(database);
    HibernateOutbox outbox = new HibernateOutbox(database, Clock.systemUTC(), "kill-test");
    var inDoubt = outbox.inDoubt();
    line("INDOUBT " + inDoubt.size());
    for (Outbox.OutboxEntry e : inDoubt) {
      outbox.pending(e.key(), e.request(), Instant.now()); // resent: same key, same request
      sendUntilDecided(service, outbox, e.key(), e.request(), e.attempts());
    }
    if (drain) {
      line("DONE " + outbox.inDoubt().size());
      database.close();
      System.exit(0);
      return;
    }
    line("READY");
    Random random = new Random(seed);
    while (true) {
      int from = EUR_OPEN[random.nextInt(EUR_OPEN.length)];
      int to = from;
      while (to == from) {
        to = EUR_OPEN[random.nextInt(EUR_OPEN.length)];
      }
      TransferRequest request =
          new TransferRequest(
              DemoData.ACCOUNTS.get(from).number(),
              DemoData.ACCOUNTS.get(to).number(),
              1 + random.nextInt(500),
              "EUR",
              "Kill test");
      IdempotencyKey key = IdempotencyKey.mint();
      outbox.pending(key, request, Instant.now());
      sendUntilDecided(service, outbox, key, request, 0);
    }
  }

  private static void sendUntilDecided(
      TransferService service,
      HibernateOutbox outbox,
      IdempotencyKey key,
      TransferRequest request,
      int attemptsBefore) {
    for (int attempt = attemptsBefore + 1; ; attempt++) {
      Instant start = Instant.now();
      long t0 = System.nanoTime();
      TransferOutcome o = service.submit(key, request);
      if (o instanceof TransferOutcome.Posted p) {
        line("ACK " + key + " " + p.reference());
      } else if (o instanceof TransferOutcome.Rejected) {
        line("REJ " + key);
      } else if (!o.retryable()) {
        line("ODD " + key + " " + o.toString().replace('\n', ' '));
      }
      outbox.attempted(
          key,
          new AttemptResult.Answered(attempt, start, Duration.ofNanos(System.nanoTime() - t0), o));
      if (!o.retryable()) {
        outbox.resolved(key, o, Instant.now());
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void line(String s) {
    out.println(s);
    out.flush();
  }
}

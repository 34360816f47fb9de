package com.onceteller.crash;

import com.onceteller.TestActors;
import com.onceteller.app.AppContext;
import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.DatabaseOpenException;
import com.onceteller.branch.ledger.DemoData;
import com.onceteller.branch.ledger.StoreCompactor;
import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.Outbox;
import com.onceteller.desk.client.RetryPolicy;
import com.onceteller.desk.client.RetryingSubmission;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The process the {@link KillHarness} kills: the app's own composition root ({@link AppContext},
 * the production ledger settings, the desk store, the start-up audit) doing a stream of transfers
 * between demo accounts from 1–4 writer threads. Each writer alternates between the teller form's
 * path (a {@link RetryingSubmission}: recorded in the desk store before its first attempt,
 * acknowledged there before it is "shown") and a bare {@code TransferService.submit} retried with
 * the same key, so that a lost posting cannot hide behind the desk's audit. Protocol on stdout, one
 * flushed line each:
 *
 * <pre>
 * RECOVERING / RECOVERED ms   H2 crash recovery of the ledger, start and end
 * COMPACTING bytes            a compaction starts (at open or while streaming)
 * COMPACTED swapped before after ms
 * AUDIT checked incidents     the acknowledgement audit at start-up
 * INDOUBT n                   in-doubt submissions found at start-up (then resent)
 * READY                       start-up done, streaming
 * ACK key reference           a posting shown to the "teller" (or answered to the bare path)
 * REJ key                     a rejection
 * ODD key outcome             any other decision (key reused, invalid): a harness violation
 * DONE n                      (--drain) in-doubt submissions left after resending, exiting
 * POWERCUT                    (--power-cut-at n [--tear]) the simulated power cut struck
 * REFUSED message             the ledger would not open
 * </pre>
 */
public final class KillChild {

  static final int[] EUR_OPEN = {0, 1, 2, 4, 6};
  private static final PrintStream out = System.out;

  public static void main(String[] args) throws Exception {
    Path db = null;
    long seed = 1;
    boolean drain = false;
    int writers = 1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--db" -> db = Path.of(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--writers" -> writers = Integer.parseInt(args[++i]);
        case "--drain" -> drain = true;
        case "--power-cut-at" -> {
          long at = Long.parseLong(args[++i]);
          boolean tear = i + 1 < args.length && args[i + 1].equals("--tear");
          PowerCutFilePath.register(at, tear, () -> line("POWERCUT"));
          System.setProperty("onceteller.h2.fileSystem", PowerCutFilePath.SCHEME);
        }
        case "--tear" -> {
          // read with --power-cut-at
        }
        default -> throw new IllegalArgumentException(args[i]);
      }
    }
    AppContext ctx;
    try {
      ctx =
          AppContext.open(
              db,
              false,
              new AppContext.ClientSettings(
                  Duration.ofSeconds(5),
                  new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(200), 50)),
              events());
    } catch (DatabaseOpenException | Outbox.OutboxException e) {
      line("REFUSED " + e.getMessage().replace('\n', ' '));
      System.exit(3);
      return;
    }
    com.onceteller.TestLedger.prepare(ctx.database());
    ctx.signedOn(TestActors.TELLER);
    AppContext.StartUpReport report = ctx.startUp();
    line("AUDIT " + report.audit().checked() + " " + report.audit().incidents().size());
    line("INDOUBT " + report.inDoubtFound());
    if (drain) {
      line("DONE " + ctx.outbox().inDoubt().size());
      ctx.close();
      System.exit(0);
      return;
    }
    line("READY");
    for (int w = 0; w < writers; w++) {
      long writerSeed = seed * 31 + w;
      Thread t = new Thread(() -> stream(ctx, writerSeed), "writer-" + w);
      t.start();
    }
  }

  private static Database.StoreEvents events() {
    return new Database.StoreEvents() {
      @Override
      public void recovering(Path file) {
        line("RECOVERING");
      }

      @Override
      public void recovered(Path file, long millis) {
        line("RECOVERED " + millis);
      }

      @Override
      public void compacting(Path file, long bytes) {
        line("COMPACTING " + bytes);
      }

      @Override
      public void compacted(Path file, StoreCompactor.Result r) {
        line(
            "COMPACTED "
                + r.swapped()
                + " "
                + r.bytesBefore()
                + " "
                + r.bytesAfter()
                + " "
                + r.millis());
      }
    };
  }

  private static void stream(AppContext ctx, long seed) {
    Random random = new Random(seed);
    for (long n = 0; ; n++) {
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
      if (n % 2 == 0) {
        throughTheForm(ctx, key, request);
      } else {
        throughTheService(ctx, key, request);
      }
    }
  }

  /** The teller form's path: desk store first, acknowledgement recorded before it is shown. */
  private static void throughTheForm(AppContext ctx, IdempotencyKey key, TransferRequest request) {
    CountDownLatch done = new CountDownLatch(1);
    RetryingSubmission s =
        ctx.newSubmission(
            key,
            request,
            new RetryingSubmission.Listener() {
              @Override
              public void attemptFinished(AttemptResult result) {
                if (result instanceof AttemptResult.Answered a) {
                  report(key, a.outcome());
                }
              }

              @Override
              public void finished(RetryingSubmission.Final state, AttemptResult last) {
                done.countDown();
              }
            });
    s.start();
    try {
      done.await(5, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A bare service call retried with the same key until decided: no desk store involved. */
  private static void throughTheService(
      AppContext ctx, IdempotencyKey key, TransferRequest request) {
    while (true) {
      TransferOutcome o = ctx.service().submit(TestActors.TELLER, key, request);
      report(key, o);
      if (!o.retryable()) {
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

  private static void report(IdempotencyKey key, TransferOutcome o) {
    if (o instanceof TransferOutcome.Posted p) {
      line("ACK " + key + " " + p.reference());
    } else if (o instanceof TransferOutcome.Rejected) {
      line("REJ " + key);
    } else if (!o.retryable()) {
      line("ODD " + key + " " + o.toString().replace('\n', ' '));
    }
  }

  static void line(String s) {
    synchronized (out) {
      out.println(s);
      out.flush();
    }
  }
}

package com.onceteller.bench;

import com.onceteller.TestActors;
import com.onceteller.app.AppConfig;
import com.onceteller.app.AppContext;
import com.onceteller.app.AppPaths;
import com.onceteller.app.OnceTellerApp;
import com.onceteller.domain.AccountSummary;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import com.onceteller.ui.FxUiThread;
import com.onceteller.ui.TaskRunner;
import com.onceteller.ui.TellerDesktop;
import com.onceteller.ui.transfer.FormState;
import com.onceteller.ui.transfer.TransferFormViewModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/**
 * Case 6 (issue 5), desktop latency under headless Monocle.
 *
 * <p><b>6a, submit to Posted on screen.</b> The real desktop ({@link OnceTellerApp#build} on an
 * {@link AppContext} with production wiring, demo mode off) on a fresh demo ledger in a real {@link
 * Stage}. Per transfer, on the FX thread: the "New transfer" button is fired (new key), the two
 * accounts are chosen and the amount typed into the view-model; after one pulse (so the filled
 * form's layout is not counted), {@code t0} is taken and the "Send" button is fired. The end mark
 * is the first post-layout pulse of the scene in which the form's state is POSTED and the status
 * headline label reads "Posted": the frame that shows it has been laid out and is handed to the
 * renderer. In the same round, interleaved one for one, the same transfer is posted by calling
 * {@code TransferService.submit} directly on the same ledger: the service's own p50/p99 under the
 * same load, to which the target compares.
 *
 * <p><b>6b, cold start to interactive.</b> A child JVM ({@link ColdStartProbe}) runs the real
 * launcher with {@code ONCETELLER_DATA_DIR} set to a new empty directory (so the first run creates
 * the demo ledger, as on a teller's first start), under Monocle. Time from just before {@code
 * ProcessBuilder.start()} in this JVM until the child's line saying the first frame with the form
 * focused has been laid out is read; the median of several runs.
 */
final class DesktopLatencyCase {

  private DesktopLatencyCase() {}

  /** Sizes of case 6 derived from the bench size. */
  record Size(int warmup, int timed, int rounds, int coldStarts) {
    static Size of(BenchSize size) {
      return size.label().equals("smoke")
          ? new Size(3, 10, size.rounds(), 1)
          : new Size(30, 200, Math.min(3, size.rounds()), 5); // ~3 min per round when loaded
    }
  }

  static List<CaseResult> run(Path workDir, BenchSize benchSize, long seed, Path jfrDir) {
    Size size = Size.of(benchSize);
    List<CaseResult> out = new ArrayList<>();
    out.add(submitToScreen(workDir, size));
    out.add(coldStart(workDir, size, jfrDir));
    return out;
  }

  // ---- 6a -------------------------------------------------------------------------------------

  /** What one round of 6a measured. */
  private record SubmitRound(Round desktop, Latencies service, Latencies toState) {}

  static CaseResult submitToScreen(Path workDir, Size size) {
    HeadlessFx.start();
    List<SubmitRound> rounds = new ArrayList<>();
    for (int r = 0; r < size.rounds(); r++) {
      System.gc();
      rounds.add(submitRound(workDir, size));
    }
    List<Round> desktop = rounds.stream().map(SubmitRound::desktop).toList();
    double[] serviceP50 = rounds.stream().mapToDouble(s -> s.service().p50()).toArray();
    double[] serviceP99 = rounds.stream().mapToDouble(s -> s.service().p99()).toArray();
    double[] stateP50 = rounds.stream().mapToDouble(s -> s.toState().p50()).toArray();
    double[] stateP99 = rounds.stream().mapToDouble(s -> s.toState().p99()).toArray();
    double sp50 = CaseResult.median(serviceP50);
    double sp99 = CaseResult.median(serviceP99);
    CaseResult row = CaseResult.fromRounds("6a", "desktop: submit to Posted on screen", desktop);
    return row.withRatio(row.p99Millis() - sp99, "ms p99 over service p99")
        .withNote(
            String.format(
                Locale.ROOT,
                "same run, same ledger, interleaved: TransferService.submit direct p50 %.3f ms,"
                    + " p99 %.3f ms; Send fired -> form state POSTED p50 %.3f ms, p99 %.3f ms;"
                    + " the rest is the wait for the next pulse (frame); ops/s = 1 / mean"
                    + " submit-to-screen",
                sp50,
                sp99,
                CaseResult.median(stateP50),
                CaseResult.median(stateP99)));
  }

  /** The desktop's handles the round drives, all touched on the FX thread only. */
  private static final class Window {
    Stage stage;
    Scene scene;
    TransferFormViewModel form;
    Button send;
    Button newTransfer;
    Label headline;
    Runnable nextPulse; // run (once) by the next post-layout pulse
  }

  private static SubmitRound submitRound(Path workDir, Size size) {
    Path dir;
    try {
      dir = Files.createTempDirectory(workDir, "case6a-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path ledger = dir.resolve(AppPaths.DEMO_DATABASE_FILE);
    AppConfig config = new AppConfig(ledger, false, dir, dir.resolve("onceteller.log"));
    ExecutorService background =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "bench-ui-background");
              t.setDaemon(true);
              return t;
            });
    Window w = new Window();
    try (AppContext ctx = AppContext.open(ledger, false, AppContext.ClientSettings.DEFAULT)) {
      com.onceteller.TestLedger.prepare(ctx.database());
      ctx.signedOn(TestActors.TELLER);
      AccountSummary a = ctx.queries().searchAccounts("Hartmann", 8).get(0);
      AccountSummary b = ctx.queries().searchAccounts("Weber", 8).get(0);
      Map<String, Long> totals = ctx.queries().totalsByCurrency();
      long before = ctx.queries().countTransfers();
      HeadlessFx.run(
          () -> {
            TaskRunner tasks = new TaskRunner(background, FxUiThread.INSTANCE);
            TellerDesktop desktop = OnceTellerApp.build(ctx, tasks, config);
            w.stage = new Stage();
            w.scene = desktop.attach(w.stage);
            w.form = desktop.form();
            w.scene.addPostLayoutPulseListener(
                () -> {
                  Runnable r = w.nextPulse;
                  w.nextPulse = null;
                  if (r != null) {
                    r.run();
                  }
                });
            w.stage.show();
            desktop.start();
          });
      awaitPulse(w);
      // after the first pulse: controls inside skins (scroll panes) exist only once skinned
      HeadlessFx.run(
          () -> {
            w.send = (Button) w.scene.lookup("#submitButton");
            w.newTransfer = (Button) w.scene.lookup("#newTransferButton");
            w.headline = (Label) w.scene.lookup("#statusHeadline");
            if (w.send == null || w.newTransfer == null || w.headline == null) {
              throw new IllegalStateException("case 6a: the transfer form's controls are missing");
            }
          });

      Latencies desktopLat = new Latencies(size.timed());
      Latencies serviceLat = new Latencies(size.timed());
      Latencies toState = new Latencies(size.timed());
      long desktopNanos = 0;
      int n = size.warmup() + size.timed();
      for (int i = 0; i < n; i++) {
        boolean timed = i >= size.warmup();
        // alternate direction so no balance runs down; 1 cent each
        AccountSummary from = i % 2 == 0 ? a : b;
        AccountSummary to = i % 2 == 0 ? b : a;
        long s = postDirect(ctx, from, to);
        long[] d = submitOnce(w, from, to);
        if (timed) {
          serviceLat.add(s);
          desktopLat.add(d[0]);
          toState.add(d[1]);
          desktopNanos += d[0];
        }
      }
      HeadlessFx.run(() -> w.stage.close());
      drain(background); // the refreshes after the last decision finish before the ledger closes
      verify(ctx, before + 2L * n, totals);
      return new SubmitRound(
          new Round(size.timed(), desktopNanos, desktopLat), serviceLat, toState);
    } finally {
      drain(background);
      BenchLedger.deleteRecursively(dir);
    }
  }

  private static void drain(ExecutorService background) {
    background.shutdown();
    try {
      if (!background.awaitTermination(30, TimeUnit.SECONDS)) {
        background.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long postDirect(AppContext ctx, AccountSummary from, AccountSummary to) {
    TransferRequest request =
        new TransferRequest(from.number(), to.number(), 1, from.currency(), BenchLedger.MEMO);
    IdempotencyKey key = IdempotencyKey.mint();
    long t0 = System.nanoTime();
    TransferOutcome outcome = ctx.service().submit(TestActors.TELLER, key, request);
    long t = System.nanoTime() - t0;
    if (!(outcome instanceof TransferOutcome.Posted p) || p.replayed()) {
      throw new BenchFailure("case 6a: a new key was not freshly posted: " + outcome);
    }
    return t;
  }

  /** One transfer through the window: {submit-to-screen, submit-to-state} in nanoseconds. */
  private static long[] submitOnce(Window w, AccountSummary from, AccountSummary to) {
    HeadlessFx.run(
        () -> {
          w.newTransfer.fire(); // the "New transfer" action: clears the form, mints a new key
          w.form.from().choose(from);
          w.form.to().choose(to);
          w.form.amountTextProperty().set("0.01");
          w.form.memoProperty().set(BenchLedger.MEMO);
        });
    awaitPulse(w);
    CompletableFuture<long[]> done = new CompletableFuture<>();
    HeadlessFx.run(
        () -> {
          if (w.form.state() != FormState.DRAFT || w.send.isDisabled()) {
            throw new BenchFailure("case 6a: the form is not ready to send: " + w.form);
          }
          long[] t = new long[2];
          ChangeListener<FormState> listener =
              new ChangeListener<>() {
                @Override
                public void changed(
                    javafx.beans.value.ObservableValue<? extends FormState> o,
                    FormState old,
                    FormState s) {
                  if (s == FormState.SENDING || s == FormState.RETRY_WAIT) {
                    return;
                  }
                  w.form.stateProperty().removeListener(this);
                  if (s != FormState.POSTED) {
                    done.completeExceptionally(
                        new BenchFailure(
                            "case 6a: expected Posted, the form shows "
                                + s
                                + ": "
                                + w.form.headlineProperty().get()));
                    return;
                  }
                  t[1] = System.nanoTime() - t[0];
                  w.nextPulse = () -> framed(w, t, done);
                }
              };
          w.form.stateProperty().addListener(listener);
          t[0] = System.nanoTime();
          w.send.fire();
        });
    return HeadlessFx.await(done, "Posted on screen");
  }

  private static void framed(Window w, long[] t, CompletableFuture<long[]> done) {
    if (w.headline.getText().startsWith("Posted") && w.headline.isVisible()) {
      done.complete(new long[] {System.nanoTime() - t[0], t[1]});
    } else {
      w.nextPulse = () -> framed(w, t, done);
    }
  }

  private static void awaitPulse(Window w) {
    CompletableFuture<Void> pulse = new CompletableFuture<>();
    HeadlessFx.run(
        () -> {
          w.nextPulse = () -> pulse.complete(null);
          Platform.requestNextPulse();
        });
    HeadlessFx.await(pulse, "a pulse");
  }

  private static void verify(AppContext ctx, long expected, Map<String, Long> totals) {
    List<String> problems = new ArrayList<>();
    long transfers = ctx.queries().countTransfers();
    if (transfers != expected) {
      problems.add("expected " + expected + " transfers, found " + transfers);
    }
    try (Connection c = ctx.database().dataSource().getConnection()) {
      long twice =
          BenchLedger.single(c, "select count(*) - count(distinct idempotency_key) from transfer");
      if (twice != 0) {
        problems.add(twice + " key(s) posted twice");
      }
      c.rollback();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    if (!ctx.queries().totalsByCurrency().equals(totals)) {
      problems.add("money not conserved: " + ctx.queries().totalsByCurrency() + " != " + totals);
    }
    if (!problems.isEmpty()) {
      throw new BenchFailure("case 6a: " + String.join("; ", problems));
    }
  }

  // ---- 6b -------------------------------------------------------------------------------------

  static CaseResult coldStart(Path workDir, Size size, Path jfrDir) {
    Latencies total = new Latencies(size.coldStarts());
    Latencies beforeMain = new Latencies(size.coldStarts());
    Latencies mainToShown = new Latencies(size.coldStarts());
    long elapsed = 0;
    for (int i = 0; i < size.coldStarts(); i++) {
      double[] run = coldStartOnce(workDir, jfrDir == null ? null : jfrDir.resolve("case-6b.jfr"));
      total.add((long) (run[0] * 1e6));
      beforeMain.add((long) ((run[0] - run[2]) * 1e6));
      mainToShown.add((long) (run[1] * 1e6));
      elapsed += (long) (run[0] * 1e6);
    }
    return CaseResult.fromRounds(
            "6b",
            "desktop: cold start to interactive",
            List.of(new Round(size.coldStarts(), elapsed, total)))
        .withNote(
            String.format(
                Locale.ROOT,
                "%d child JVMs, each on a new data dir (first run: demo ledger created); p50 ="
                    + " median run, max = slowest; median split: process start -> main %.0f ms,"
                    + " main -> stage shown %.0f ms, shown -> first frame with the form focused"
                    + " %.0f ms",
                size.coldStarts(),
                beforeMain.p50(),
                mainToShown.p50(),
                total.p50() - beforeMain.p50() - mainToShown.p50()));
  }

  /** One child JVM: {total, main->shown, main->frame} in milliseconds. */
  private static double[] coldStartOnce(Path workDir, Path jfr) {
    Path data;
    try {
      data = Files.createTempDirectory(workDir, "case6b-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(HeadlessFx.jvmArguments());
    if (jfr != null) {
      cmd.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
      cmd.add("-D" + ColdStartProbe.EXIT_PROPERTY + "=true");
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ColdStartProbe.class.getName());
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put(AppPaths.DATA_DIR_VARIABLE, data.toString());
    pb.redirectErrorStream(true);
    Process p = null;
    try {
      long t0 = System.nanoTime();
      p = pb.start();
      Process child = p;
      CompletableFuture.delayedExecutor(120, TimeUnit.SECONDS).execute(child::destroyForcibly);
      List<String> seen = new ArrayList<>();
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.startsWith(ColdStartProbe.MARK)) {
            double totalMs = (System.nanoTime() - t0) / 1e6;
            String[] f = line.split(" ");
            return new double[] {totalMs, Double.parseDouble(f[2]), Double.parseDouble(f[4])};
          }
          seen.add(line);
        }
      }
      throw new BenchFailure(
          "case 6b: the app exited (status "
              + p.waitFor()
              + ") before an interactive frame: "
              + String.join(" | ", seen));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      if (p != null) {
        try {
          if (jfr != null) {
            p.waitFor(60, TimeUnit.SECONDS); // the child writes its recording while exiting
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        p.destroyForcibly();
        try {
          p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      BenchLedger.deleteRecursively(data);
    }
  }
}

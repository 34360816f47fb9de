package com.onceteller.app;

import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.StoreCompactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the store is doing while the ledger opens, and for how long: a recovery after a crash or a
 * compaction can take seconds on a large file, and a still "Opening…" line looks like a hang. Shown
 * in the main window (the sign-on screen, which is usable meanwhile). Recovery time is logged
 * against the file's size.
 *
 * <p>The opening starts before the JavaFX toolkit does; the screen subscribes with {@link #showOn}
 * once it exists and gets the current state at once.
 */
final class OpeningProgress implements Database.StoreEvents {

  private static final Logger log = LoggerFactory.getLogger(OpeningProgress.class);

  private volatile Consumer<String> sink;
  private final long started = System.nanoTime();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "opening-progress");
            t.setDaemon(true);
            return t;
          });
  private volatile String doing;

  OpeningProgress(Path file) {
    this.doing = "Opening the ledger " + file.getFileName();
    ticker.scheduleAtFixedRate(this::show, 250, 250, TimeUnit.MILLISECONDS);
  }

  /** From now on, each state (and every 250 ms the elapsed time) goes to {@code fxSink}. */
  void showOn(Consumer<String> fxSink) {
    this.sink = fxSink;
    show();
  }

  @Override
  public void recovering(Path f) {
    doing =
        "Recovering "
            + f.getFileName()
            + " ("
            + megabytes(size(f))
            + ") after an unclean stop: keeping every committed transfer, undoing what was not"
            + " committed";
    show();
  }

  @Override
  public void recovered(Path f, long millis) {
    log.info("Recovery of {} ({}) took {} ms", f, megabytes(size(f)), millis);
    doing = "Opening the ledger " + f.getFileName() + " (recovered in " + millis + " ms)";
    show();
  }

  @Override
  public void compacting(Path f, long bytes) {
    doing = "Compacting " + f.getFileName() + " (" + megabytes(bytes) + "): a verified copy";
    show();
  }

  @Override
  public void compacted(Path f, StoreCompactor.Result result) {
    doing = "Opening the ledger " + f.getFileName();
    show();
  }

  void stop() {
    ticker.shutdownNow();
  }

  private void show() {
    Consumer<String> to = sink;
    if (to == null) {
      return; // no window yet
    }
    String text = text();
    Platform.runLater(() -> to.accept(text));
  }

  /** The current state with the elapsed time. */
  String text() {
    double seconds = (System.nanoTime() - started) / 1e9;
    return seconds < 1 ? doing + " …" : String.format(Locale.ROOT, "%s … %.0f s", doing, seconds);
  }

  private static long size(Path f) {
    try {
      return Files.size(f);
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  private static String megabytes(long bytes) {
    return bytes < 0 ? "size unknown" : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}

package com.onceteller.app;

import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.StoreCompactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Label;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The opening frame says what the store is doing and for how long: a recovery after a crash or a
 * compaction can take seconds on a large file, and a still "Opening…" box looks like a hang.
 * Recovery time is logged against the file's size.
 */
final class OpeningProgress implements Database.StoreEvents {

  private static final Logger log = LoggerFactory.getLogger(OpeningProgress.class);

  private final Label label;
  private final long started = System.nanoTime();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "opening-progress");
            t.setDaemon(true);
            return t;
          });
  private volatile String doing;

  OpeningProgress(Label label, Path file) {
    this.label = label;
    this.doing = "Opening " + file;
    ticker.scheduleAtFixedRate(this::show, 250, 250, TimeUnit.MILLISECONDS);
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
    doing = "Checking " + f.getFileName();
    show();
  }

  @Override
  public void compacting(Path f, long bytes) {
    doing = "Compacting " + f.getFileName() + " (" + megabytes(bytes) + "): a verified copy";
    show();
  }

  @Override
  public void compacted(Path f, StoreCompactor.Result result) {
    doing = "Opening " + f.getFileName();
    show();
  }

  void stop() {
    ticker.shutdownNow();
  }

  private void show() {
    double seconds = (System.nanoTime() - started) / 1e9;
    String text =
        seconds < 1 ? doing + " …" : String.format(Locale.ROOT, "%s … %.0f s", doing, seconds);
    Platform.runLater(() -> label.setText(text));
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

package com.onceteller.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs blocking work (database reads, service calls) away from the UI thread and hands the result
 * back on it. View-models take one of these, never a thread: the app passes a background executor
 * and the FX thread, tests pass {@link #direct()}.
 */
public final class TaskRunner {

  private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

  private final Executor background;
  private final UiThread ui;

  public TaskRunner(Executor background, UiThread ui) {
    this.background = background;
    this.ui = ui;
  }

  /** Same-thread work and delivery: for view-model tests without the toolkit. */
  public static TaskRunner direct() {
    return new TaskRunner(Runnable::run, UiThread.DIRECT);
  }

  public UiThread ui() {
    return ui;
  }

  /** Runs {@code work} in the background; {@code onDone} or {@code onError} on the UI thread. */
  public <T> void run(Callable<T> work, Consumer<? super T> onDone, Consumer<Throwable> onError) {
    background.execute(
        () -> {
          T result;
          try {
            result = work.call();
          } catch (Throwable e) {
            log.warn("Background task failed: {}", e.toString());
            ui.run(() -> onError.accept(e));
            return;
          }
          ui.run(() -> onDone.accept(result));
        });
  }

  /** Runs {@code work} in the background; failures are logged. */
  public void run(Runnable work) {
    run(
        () -> {
          work.run();
          return null;
        },
        ignored -> {},
        e -> {});
  }
}

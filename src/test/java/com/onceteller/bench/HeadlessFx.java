package com.onceteller.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import org.testfx.api.FxToolkit;

/**
 * The JavaFX toolkit under headless Monocle for case 6, in the benchmark's own JVM (the bench
 * profile's {@code java} call sets no system properties, so they are set here before the toolkit
 * starts) and in the cold-start child (as {@code -D} arguments). Started through TestFX's {@link
 * FxToolkit} so that, when the smoke test runs inside the surefire JVM, it shares the one toolkit
 * with the UI tests whichever runs first.
 */
final class HeadlessFx {

  /** The same properties surefire sets for the UI tests. */
  static final Map<String, String> PROPERTIES = new LinkedHashMap<>();

  static {
    PROPERTIES.put("testfx.headless", "true");
    PROPERTIES.put("glass.platform", "Monocle");
    PROPERTIES.put("monocle.platform", "Headless");
    PROPERTIES.put("prism.order", "sw");
    PROPERTIES.put("prism.text", "t2k");
    PROPERTIES.put("java.awt.headless", "true");
  }

  private HeadlessFx() {}

  /** Starts the toolkit once (or joins the one already running). */
  static synchronized void start() {
    PROPERTIES.forEach(
        (k, v) -> {
          if (System.getProperty(k) == null) {
            System.setProperty(k, v);
          }
        });
    try {
      FxToolkit.registerPrimaryStage();
    } catch (TimeoutException e) {
      throw new IllegalStateException("the JavaFX toolkit did not start", e);
    }
    Platform.setImplicitExit(false);
  }

  /** The properties as {@code -Dk=v} arguments for a child JVM. */
  static List<String> jvmArguments() {
    List<String> args = new ArrayList<>();
    PROPERTIES.forEach((k, v) -> args.add("-D" + k + "=" + v));
    return args;
  }

  /** Runs {@code work} on the FX thread and waits for its result. */
  static <T> T call(Callable<T> work) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Platform.runLater(
        () -> {
          try {
            f.complete(work.call());
          } catch (Throwable e) {
            f.completeExceptionally(e);
          }
        });
    return await(f, "FX task");
  }

  static void run(Runnable work) {
    call(
        () -> {
          work.run();
          return null;
        });
  }

  static <T> T await(CompletableFuture<T> f, String what) {
    try {
      return f.get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + what, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(what + " failed", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(what + " did not finish within 60 s", e);
    }
  }
}

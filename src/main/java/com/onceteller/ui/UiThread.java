package com.onceteller.ui;

/**
 * Where view-model state changes run. The JavaFX implementation hops onto the FX Application
 * Thread; tests without the toolkit run the change on the calling thread.
 */
public interface UiThread {

  /** Runs {@code change} on the UI thread (now if already there, else soon). */
  void run(Runnable change);

  /** Runs changes immediately on the calling thread: for view-model tests without the toolkit. */
  UiThread DIRECT = Runnable::run;
}

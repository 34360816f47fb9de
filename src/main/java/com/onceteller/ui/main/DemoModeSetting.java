package com.onceteller.ui.main;

/**
 * Where the teller's choice of demonstration mode for this ledger is kept. Fault injection is wired
 * when the app starts, so a change takes effect at the next start.
 */
@FunctionalInterface
public interface DemoModeSetting {

  /** Saves the choice for this ledger; may touch the disk, so never call it on the UI thread. */
  void saveForNextStart(boolean demoMode) throws Exception;
}

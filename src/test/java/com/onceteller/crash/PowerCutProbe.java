package com.onceteller.crash;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Child process of {@link PowerCutTest}: commits and syncs "synced", commits "not synced" without a
 * sync, then writes once more, which cuts the power. The parent checks what survived.
 */
public final class PowerCutProbe {

  private PowerCutProbe() {}

  public static void main(String[] args) {
    PowerCutFilePath.register(Long.MAX_VALUE, false, () -> {});
    try (MVStore store =
        new MVStore.Builder()
            .fileName(PowerCutFilePath.SCHEME + ":" + args[0])
            .autoCommitDisabled()
            .open()) {
      MVMap<String, String> map = store.openMap("probe");
      map.put("synced", "yes");
      store.commit();
      store.sync();
      map.put("not synced", "yes");
      store.commit(); // written, not forced
      PowerCutFilePath.cutAtNextWrite();
      map.put("never written", "yes");
      store.commit();
    }
    System.exit(1); // not reached: the commit above cuts the power
  }
}

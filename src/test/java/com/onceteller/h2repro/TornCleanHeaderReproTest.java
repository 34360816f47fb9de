package com.onceteller.h2repro;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Documents the H2 behaviour the ledger avoids by never closing its store cleanly: if this starts
 * failing, H2 no longer trusts a torn clean header and docs/durability.md should say so.
 */
class TornCleanHeaderReproTest {

  @Test
  void aTornCleanHeaderMakesH2OpenAtAnOlderChunkThanTheLastSyncedOne(@TempDir Path dir)
      throws Exception {
    TornCleanHeaderRepro.Result r = TornCleanHeaderRepro.run(dir);
    System.out.println("torn clean header: " + r);
    assertThat(r.seen()).isLessThan(r.lastSynced());
  }
}

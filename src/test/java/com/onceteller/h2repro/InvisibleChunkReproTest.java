package com.onceteller.h2repro;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the upstream reproducer honest. The first test documents H2's bug: if it starts failing, H2
 * fixed the store-header write and docs/durability.md should say so (the ledger's settings stay
 * safe either way). The second is the setting the ledger relies on.
 */
class InvisibleChunkReproTest {

  @Test
  void withSpaceReuseSyncedCommitsAreInvisibleInACrashCopy(@TempDir Path dir) throws Exception {
    InvisibleChunkRepro.Result r = InvisibleChunkRepro.run(dir, true, 1, 200);
    System.out.println("reuseSpace=true: " + r);
    assertThat(r.invisible()).isPositive();
  }

  @Test
  void withoutSpaceReuseEverySyncedCommitIsInTheCrashCopy(@TempDir Path dir) throws Exception {
    InvisibleChunkRepro.Result r = InvisibleChunkRepro.run(dir, false, 1, 200);
    assertThat(r.invisible()).as(String.valueOf(r.firstExample())).isZero();
  }
}

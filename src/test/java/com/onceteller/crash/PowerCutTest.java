package com.onceteller.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI form of the simulated power cut ({@link PowerCutFilePath}): each run of the app's
 * composition root loses everything written after its last completed sync (half the time with the
 * write in progress torn) and halts; the next start must find every acknowledged posting. Long
 * form: {@code KillHarness --power-cuts --kills N} (README).
 */
class PowerCutTest {

  @TempDir Path dir;

  /** The simulation itself: a synced commit survives the cut, an unsynced one does not. */
  @Test
  void aPowerCutKeepsWhatWasSyncedAndLosesWhatWasOnlyWritten() throws Exception {
    Path file = dir.resolve("probe.mv.db");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                KillHarness.childClasspath(),
                PowerCutProbe.class.getName(),
                file.toString())
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).as("halted by the power cut").isEqualTo(99);
    try (org.h2.mvstore.MVStore store =
        new org.h2.mvstore.MVStore.Builder().fileName(file.toString()).readOnly().open()) {
      org.h2.mvstore.MVMap<String, String> map = store.openMap("probe");
      assertThat(map.get("synced")).isEqualTo("yes");
      assertThat(map.get("not synced")).as("written but never forced to the device").isNull();
      assertThat(map.get("never written")).isNull();
    }
  }

  @Test
  void powerCutsAtRandomWritesLoseNoAcknowledgedPostingAndLeaveNothingInDoubt() throws Exception {
    long seed = Long.getLong("kill.seed", System.currentTimeMillis());
    System.out.println("PowerCutTest seed " + seed);
    KillHarness.Result r = new KillHarness(seed, 6, dir).powerCuts(true).maxCutWrite(400).run();

    assertThat(r.violations()).as("violations (seed %d)", seed).isEmpty();
    assertThat(r.acknowledged()).as("the child did acknowledge transfers").isPositive();
    assertThat(r.killPoints().keySet())
        .containsAnyOf(KillHarness.KillPoint.POWER_CUT, KillHarness.KillPoint.POWER_CUT_TORN);
    assertThat(r.lost()).isZero();
    assertThat(r.duplicated()).isZero();
    assertThat(r.torn()).isZero();
    assertThat(r.unresolvedInDoubt()).isZero();
    assertThat(r.incidents()).isZero();
    assertThat(r.moneyUnchanged()).isTrue();
  }
}

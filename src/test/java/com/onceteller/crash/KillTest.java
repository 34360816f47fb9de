package com.onceteller.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI form of the kill test: 16 SIGKILLs of a child JVM running the app's composition root, at
 * every kill point (streaming, back to back after a recovery start, during recovery, during and
 * after compaction, during start-up), with 1–4 writers, on one file that carries its history from
 * kill to kill. The long form (hundreds of kills) is {@link KillHarness#main}, see the README.
 * Seed: {@code -Dkill.seed=…}.
 */
class KillTest {

  @TempDir Path dir;

  @Test
  void sixteenSigkillsAtEveryKillPointLoseNothingDuplicateNothingAndLeaveNothingInDoubt()
      throws Exception {
    long seed = Long.getLong("kill.seed", System.currentTimeMillis());
    System.out.println("KillTest seed " + seed);
    KillHarness.Result r = new KillHarness(seed, 16, dir).maxDelayMillis(600).run();

    assertThat(r.violations()).as("violations (seed %d)", seed).isEmpty();
    assertThat(r.kills()).isEqualTo(16);
    assertThat(r.acknowledged()).as("the child did acknowledge transfers").isPositive();
    assertThat(r.killPoints().keySet())
        .as("kill points reached")
        .contains(
            KillHarness.KillPoint.BACK_TO_BACK,
            KillHarness.KillPoint.DURING_RECOVERY,
            KillHarness.KillPoint.DURING_COMPACTION,
            KillHarness.KillPoint.AFTER_COMPACTION,
            KillHarness.KillPoint.DURING_START_UP,
            KillHarness.KillPoint.STREAMING);
    assertThat(r.lost()).isZero();
    assertThat(r.duplicated()).isZero();
    assertThat(r.torn()).isZero();
    assertThat(r.unresolvedInDoubt()).isZero();
    assertThat(r.incidents()).isZero();
    assertThat(r.moneyUnchanged()).isTrue();
  }
}

package com.onceteller.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI form of the kill test: 10 SIGKILLs of a child JVM running the real service and outbox. The
 * long form is {@link KillHarness#main} (docs/durability.md). Seed: {@code -Dkill.seed=…}.
 */
class KillTest {

  @TempDir Path dir;

  @Test
  void tenSigkillsLoseNoAcknowledgedTransferAndLeaveNothingInDoubt() throws Exception {
    long seed = Long.getLong("kill.seed", System.currentTimeMillis());
    System.out.println("KillTest seed " + seed);
    KillHarness.Result r = new KillHarness(seed, 10, dir).maxDelayMillis(600).run();

    assertThat(r.violations()).as("violations (seed %d)", seed).isEmpty();
    assertThat(r.kills()).isEqualTo(10);
    assertThat(r.acknowledged()).as("the child did acknowledge transfers").isPositive();
    assertThat(r.lost()).isZero();
    assertThat(r.duplicated()).isZero();
    assertThat(r.torn()).isZero();
    assertThat(r.unresolvedInDoubt()).isZero();
    assertThat(r.moneyUnchanged()).isTrue();
  }
}

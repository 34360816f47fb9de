package com.onceteller.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI form of the branch kill test: while 8 desks post over HTTP, the server JVM and then the
 * PostgreSQL postmaster are each killed with SIGKILL and restarted. The long form is {@link
 * BranchKillHarness#main} (docs/branch-server.md). Seed: {@code -Dkill.seed=…}.
 */
class BranchKillTest {

  @TempDir Path dir;

  @Test
  void killingTheServerJvmAndThePostmasterWhileEightDesksPostLosesAndDuplicatesNothing()
      throws Exception {
    long seed = Long.getLong("kill.seed", System.currentTimeMillis());
    System.out.println("BranchKillTest seed " + seed);
    BranchKillHarness.Result r = new BranchKillHarness(seed, 2, 8, dir).run();

    assertThat(r.violations()).as("violations (seed %d)", seed).isEmpty();
    assertThat(r.serverKills()).isEqualTo(1);
    assertThat(r.postgresKills()).isEqualTo(1);
    assertThat(r.acknowledged()).as("the desks did acknowledge transfers").isPositive();
    assertThat(r.lost()).isZero();
    assertThat(r.duplicated()).isZero();
    assertThat(r.inDoubtLeft()).isZero();
    assertThat(r.moneyUnchanged()).isTrue();
  }
}

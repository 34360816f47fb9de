package com.onceteller.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class BranchBenchmarkCpuTest {

  @Test
  @EnabledOnOs(OS.LINUX)
  void cpuChargedToACaseCountsTheBusyTimeSpentInIt() {
    BranchBenchmark.Cpu start = BranchBenchmark.Cpu.now();
    long t0 = System.nanoTime();
    long spin = 0;
    while (System.nanoTime() - t0 < 300_000_000L) { // 300 ms of one core: 30 clock ticks
      spin += Long.numberOfTrailingZeros(spin + t0);
    }
    BranchBenchmark.Cpu used = BranchBenchmark.Cpu.now().since(start);

    assertThat(spin).isNotNegative();
    assertThat(used.total()).isGreaterThanOrEqualTo(used.busy());
    assertThat(used.busyMillis()).isGreaterThanOrEqualTo(200.0);
    assertThat(used.busyPercent()).isBetween(0.0, 100.0);
  }
}

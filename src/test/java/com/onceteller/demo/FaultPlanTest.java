package com.onceteller.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.domain.IdempotencyKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

  @Test
  void aFaultArmedForOneTransferIsNeverTakenByAnother() {
    FaultPlan plan = new FaultPlan();
    IdempotencyKey scenario = IdempotencyKey.mint();
    IdempotencyKey tellersOwn = IdempotencyKey.mint();
    plan.arm(Fault.LOSE_RESPONSE, Duration.ZERO, scenario);

    assertThat(plan.take(tellersOwn).fault()).isEqualTo(Fault.NONE);
    assertThat(plan.take(scenario).fault()).isEqualTo(Fault.LOSE_RESPONSE);
    assertThat(plan.take(scenario).fault()).as("fires exactly once").isEqualTo(Fault.NONE);
  }

  @Test
  void aFaultArmedForTheNextAttemptHitsWhicheverTransferComesFirstOnce() {
    FaultPlan plan = new FaultPlan();
    plan.arm(Fault.LOSE_REQUEST);

    assertThat(plan.take(IdempotencyKey.mint()).fault()).isEqualTo(Fault.LOSE_REQUEST);
    assertThat(plan.take(IdempotencyKey.mint()).fault()).isEqualTo(Fault.NONE);
  }
}

package com.onceteller.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.desk.client.Envelope;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferRequest;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

  private static final TransferRequest R = new TransferRequest("A", "B", 1, "EUR", "");

  private static Envelope send(IdempotencyKey key) {
    return new Envelope(key, R, 1);
  }

  @Test
  void aFaultArmedForOneTransferIsNeverTakenByAnother() {
    FaultPlan plan = new FaultPlan();
    IdempotencyKey scenario = IdempotencyKey.mint();
    IdempotencyKey tellersOwn = IdempotencyKey.mint();
    plan.arm(Fault.LOSE_RESPONSE, Duration.ZERO, scenario);

    assertThat(plan.take(send(tellersOwn)).fault()).isEqualTo(Fault.NONE);
    assertThat(plan.take(send(scenario)).fault()).isEqualTo(Fault.LOSE_RESPONSE);
    assertThat(plan.take(send(scenario)).fault()).as("fires exactly once").isEqualTo(Fault.NONE);
  }

  @Test
  void aFaultArmedForTheNextAttemptHitsWhicheverTransferComesFirstOnce() {
    FaultPlan plan = new FaultPlan();
    plan.arm(Fault.LOSE_REQUEST);

    assertThat(plan.take(send(IdempotencyKey.mint())).fault()).isEqualTo(Fault.LOSE_REQUEST);
    assertThat(plan.take(send(IdempotencyKey.mint())).fault()).isEqualTo(Fault.NONE);
  }

  @Test
  void aTakenFaultTravelsWithItsAttemptOnlyUntilTheAttemptIsBack() {
    FaultPlan plan = new FaultPlan();
    IdempotencyKey key = IdempotencyKey.mint();
    plan.arm(Fault.CRASH_BEFORE_COMMIT, Duration.ZERO, key);
    Envelope first = send(key);
    Envelope secondClick = send(key); // same key and number, another send

    plan.take(first);
    assertThat(plan.takenBy(Optional.of(first)).fault()).isEqualTo(Fault.CRASH_BEFORE_COMMIT);
    assertThat(plan.takenBy(Optional.of(secondClick)).fault()).isEqualTo(Fault.NONE);
    plan.spent(first);
    assertThat(plan.takenBy(Optional.of(first)).fault()).isEqualTo(Fault.NONE);
  }
}

package com.onceteller.desk.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.domain.RejectionReason;
import com.onceteller.domain.TransferOutcome;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AttemptKindTest {

  @Test
  void everyOutcomeTypeOfTheSealedInterfaceHasASampleAndAKind() {
    Set<Class<?>> sampled =
        Outcomes.all().stream().map(Object::getClass).collect(Collectors.toSet());
    // A new outcome type fails here until Outcomes.all() and AttemptKind.of know it.
    assertThat(sampled)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.asList(TransferOutcome.class.getPermittedSubclasses()));
    for (TransferOutcome o : Outcomes.all()) {
      assertThat(AttemptKind.of(o)).as(o.getClass().getSimpleName()).isNotNull();
    }
  }

  @Test
  void aReadBackDecisionIsAReplayWhateverItDecided() {
    assertThat(AttemptKind.of(Outcomes.posted(true))).isEqualTo(AttemptKind.REPLAYED);
    assertThat(AttemptKind.of(Outcomes.rejected(RejectionReason.INSUFFICIENT_FUNDS, true)))
        .isEqualTo(AttemptKind.REPLAYED);
    assertThat(AttemptKind.of(Outcomes.voided(true))).isEqualTo(AttemptKind.REPLAYED);
    assertThat(AttemptKind.of(Outcomes.posted(false))).isEqualTo(AttemptKind.POSTED);
    assertThat(AttemptKind.of(Outcomes.voided(false))).isEqualTo(AttemptKind.VOIDED);
    assertThat(AttemptKind.of(Outcomes.rejected(RejectionReason.BALANCE_OVERFLOW, false)))
        .isEqualTo(AttemptKind.REJECTED);
  }

  @Test
  void theKindOfAnAttemptResultIsDataOnTheResult() {
    AttemptResult timedOut =
        new AttemptResult.NoAnswer(
            1, Outcomes.AT, Duration.ofSeconds(3), NoResponseException.Kind.TIMEOUT, "late");
    AttemptResult lost =
        new AttemptResult.NoAnswer(
            2, Outcomes.AT, Duration.ZERO, NoResponseException.Kind.CONNECTION_LOST, "reset");
    AttemptResult replay =
        new AttemptResult.Answered(3, Outcomes.AT, Duration.ZERO, Outcomes.posted(true));
    assertThat(timedOut.attemptKind()).isEqualTo(AttemptKind.TIMED_OUT);
    assertThat(lost.attemptKind()).isEqualTo(AttemptKind.CONNECTION_LOST);
    assertThat(replay.attemptKind()).isEqualTo(AttemptKind.REPLAYED);
    assertThat(timedOut.attemptKind().leavesInDoubt()).isTrue();
    assertThat(replay.attemptKind().leavesInDoubt()).isFalse();
  }
}

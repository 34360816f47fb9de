package com.onceteller.ui.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.desk.client.Envelope;
import com.onceteller.desk.client.Outcomes;
import com.onceteller.desk.timeline.EventKind;
import com.onceteller.desk.timeline.Timeline;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.ui.TaskRunner;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailureTimelineViewModelTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-03-14T10:42:33Z"), ZoneOffset.UTC);
  private final Timeline timeline = new Timeline(clock);
  private final FailureTimelineViewModel vm =
      new FailureTimelineViewModel(timeline, TaskRunner.direct(), clock, ZoneId.of("UTC"));

  @Test
  void theTitleNamesTheScenarioAndCountsItsAttempts() {
    vm.show(Outcomes.KEY, "Scenario: The request is lost", "request-lost");
    Envelope e = new Envelope(Outcomes.KEY, Outcomes.REQUEST, 1);
    timeline.record(e, EventKind.SENT, "");
    assertThat(vm.titleProperty().get()).isEqualTo("Scenario: The request is lost — 1 attempt");
  }

  @Test
  void theExportIsNamedAfterTheScenarioOrTheReferenceAndTheTime() {
    vm.show(Outcomes.KEY, "Scenario: x", "request-lost");
    assertThat(vm.suggestedFileName()).isEqualTo("onceteller-request-lost-2026-03-14-104233.png");

    IdempotencyKey other = IdempotencyKey.mint();
    Envelope e = new Envelope(other, Outcomes.REQUEST, 1);
    timeline.record(e, EventKind.SENT, "");
    timeline.record(e, EventKind.ANSWER_RECEIVED, Outcomes.posted(false));
    // another transfer moved: the timeline follows it, named after its reference
    assertThat(vm.shownKey()).isEqualTo(other);
    assertThat(vm.suggestedFileName()).isEqualTo("onceteller-T-000042-2026-03-14-104233.png");
  }
}

package com.onceteller.desk.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.desk.client.AttemptKind;
import com.onceteller.desk.client.Outcomes;
import com.onceteller.desk.timeline.TimelineDrawing.Mark;
import com.onceteller.desk.timeline.TimelineDrawing.Role;
import com.onceteller.desk.timeline.TimelineDrawing.Shape;
import com.onceteller.desk.timeline.TimelineDrawing.Text;
import com.onceteller.domain.RejectionReason;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineLayoutTest {

  /** About the advance of the window's 11–12 px sans-serif font. */
  private static final TimelineLayout.TextMeasure MEASURE =
      TimelineLayout.TextMeasure.perCharacter(0.58);

  private static TimelineDrawing layout(Tape t, double width, boolean export) {
    return TimelineLayout.layout(
        "Scenario: test", t.events, new TimelineLayout.Options(width, MEASURE, export));
  }

  private static void assertNoTextsOverlap(TimelineDrawing d) {
    List<Text> texts = d.texts();
    for (int i = 0; i < texts.size(); i++) {
      for (int j = i + 1; j < texts.size(); j++) {
        assertThat(texts.get(i).overlaps(texts.get(j)))
            .as("\"%s\" overlaps \"%s\"", texts.get(i).text(), texts.get(j).text())
            .isFalse();
      }
    }
  }

  private static void assertEverythingInside(TimelineDrawing d) {
    for (Text t : d.texts()) {
      assertThat(t.x()).as(t.text()).isGreaterThanOrEqualTo(0);
      assertThat(t.right()).as(t.text()).isLessThanOrEqualTo(d.width());
      assertThat(t.bottom()).as(t.text()).isLessThanOrEqualTo(d.height());
    }
    for (Mark m : d.marks()) {
      assertThat(m.x()).isBetween(0.0, d.width());
      assertThat(m.y()).isBetween(0.0, d.height());
    }
  }

  /** Seven lost requests with growing backoff, then the posting: eight attempts in about 60 s. */
  private static Tape eightAttemptsOverAMinute() {
    Tape t = new Tape();
    long[] starts = {0, 400, 1_500, 3_900, 9_000, 17_500, 33_000};
    for (int i = 0; i < starts.length; i++) {
      t.requestLost(starts[i], i + 1);
    }
    return t.posts(59_000, 8);
  }

  @Test
  void eightAttemptsOverAMinuteStayLegibleWithoutOverlapsAtTheWidthOf1366() {
    TimelineDrawing d = layout(eightAttemptsOverAMinute(), 760, false);
    assertNoTextsOverlap(d);
    assertEverythingInside(d);
    assertThat(d.stories()).hasSize(8);
    assertThat(d.texts(Role.ATTEMPT))
        .extracting(Text::text)
        .contains("#1 +0 ms", "#2 +400 ms", "#8 +59.0 s");
    assertThat(d.width()).as("needs no horizontal scrolling").isLessThanOrEqualTo(760);
  }

  @Test
  void longPausesAreShortenedMarkedWithTheirLengthAndTheNoteSaysSo() {
    TimelineDrawing d = layout(eightAttemptsOverAMinute(), 760, false);
    assertThat(d.texts(Role.AXIS)).extracting(Text::text).contains("≈ 26.0 s", "≈ 15.5 s");
    assertThat(String.join(" ", d.texts(Role.NOTE).stream().map(Text::text).toList()))
        .contains("pauses longer than 1 s are shortened");
  }

  @Test
  void theExportCarriesTitleLegendAndOneCaptionPerAttemptWithoutOverlaps() {
    TimelineDrawing d = layout(eightAttemptsOverAMinute(), 900, true);
    assertNoTextsOverlap(d);
    assertEverythingInside(d);
    assertThat(d.texts(Role.TITLE)).extracting(Text::text).containsExactly("Scenario: test");
    assertThat(d.texts(Role.LEGEND))
        .extracting(Text::text)
        .contains("lost or crashed", "committed: money moved", "replay: the stored answer");
    String captions = String.join(" ", d.texts(Role.CAPTION).stream().map(Text::text).toList());
    for (int n = 1; n <= 8; n++) {
      assertThat(captions).contains("#" + n + " ");
    }
  }

  @Test
  void aDoubleClickIsDrawnAsTwoPathsSentAtTheSameMoment() {
    Tape t =
        new Tape()
            .at(0, 1, EventKind.SENT)
            .at(1, 2, EventKind.SENT)
            .at(2, 1, EventKind.RECEIVED)
            .at(2, 2, EventKind.RECEIVED)
            .at(3, 1, EventKind.KEY_CLAIMED)
            .at(5, 1, EventKind.POSTINGS_WRITTEN)
            .at(9, 1, EventKind.COMMITTED, Outcomes.posted(false))
            .at(10, 2, EventKind.ROLLED_BACK)
            .at(11, 2, EventKind.REPLAYED, Outcomes.posted(true))
            .at(11, 1, EventKind.ANSWERED)
            .at(12, 1, EventKind.ANSWER_RECEIVED, Outcomes.posted(false))
            .at(12, 2, EventKind.ANSWERED)
            .at(13, 2, EventKind.ANSWER_RECEIVED, Outcomes.posted(true));
    TimelineDrawing d = layout(t, 760, false);
    List<Mark> sends =
        d.marks().stream().filter(m -> m.attempt() > 0).limit(2).toList(); // both SENT marks
    assertThat(sends.get(0).x()).isEqualTo(sends.get(1).x());
    assertThat(sends.get(0).y()).isNotEqualTo(sends.get(1).y());
    assertThat(d.stories())
        .extracting(AttemptStory::kind)
        .containsExactly(AttemptKind.POSTED, AttemptKind.REPLAYED);
    assertThat(d.stories().get(1).sentWhileRunning()).isEqualTo(1);
    assertThat(d.stories().get(1).caption()).contains("sent while #1 was still on its way");
    assertNoTextsOverlap(d);
  }

  @Test
  void aRejectionIsAStoredDecisionNotAPostingAndNoGreenSquare() {
    var rejected = Outcomes.rejected(RejectionReason.INSUFFICIENT_FUNDS, false);
    Tape t =
        new Tape()
            .at(0, 1, EventKind.SENT)
            .at(1, 1, EventKind.RECEIVED)
            .at(2, 1, EventKind.KEY_CLAIMED)
            .at(3, 1, EventKind.POSTINGS_WRITTEN)
            .at(6, 1, EventKind.COMMITTED, rejected)
            .at(7, 1, EventKind.ANSWERED)
            .at(8, 1, EventKind.ANSWER_RECEIVED, rejected);
    TimelineDrawing d = layout(t, 760, false);
    assertThat(d.marks())
        .filteredOn(m -> m.attempt() > 0)
        .extracting(Mark::shape)
        .doesNotContain(Shape.SQUARE)
        .contains(Shape.HOLLOW_SQUARE);
    assertThat(d.texts(Role.STEP))
        .extracting(Text::text)
        .contains("decision written", "rejection stored")
        .doesNotContain("postings written", "committed: money moved");
    assertThat(d.stories().get(0).caption()).contains("no money moved");
  }

  @Test
  void withNoEventsTheLanesAndLegendAreDrawnWithAnInvitation() {
    TimelineDrawing d = layout(new Tape(), 760, false);
    assertThat(d.texts(Role.EMPTY)).hasSize(1);
    assertThat(d.texts(Role.LANE))
        .extracting(Text::text)
        .containsExactly("Teller", "Network", "Service", "Database");
    assertNoTextsOverlap(d);
  }

  @Test
  void aRetryThatTimedOutWhileWaitingForTheKeyIsNotDrawnAsAFailure() {
    var posted = Outcomes.posted(false);
    Tape t =
        new Tape()
            .at(0, 1, EventKind.SENT)
            .at(1, 1, EventKind.RECEIVED)
            .at(2, 1, EventKind.KEY_CLAIMED)
            .at(3, 1, EventKind.SLOWED)
            .at(1_500, 1, EventKind.TIMED_OUT)
            .at(1_600, 2, EventKind.SENT)
            .at(1_601, 2, EventKind.RECEIVED)
            .at(2_500, 1, EventKind.POSTINGS_WRITTEN)
            .at(2_510, 1, EventKind.COMMITTED, posted)
            .at(3_100, 2, EventKind.TIMED_OUT)
            .at(3_200, 2, EventKind.ROLLED_BACK)
            .at(3_210, 2, EventKind.REPLAYED, Outcomes.posted(true));
    TimelineDrawing d = layout(t, 760, false);
    AttemptStory second = d.stories().get(1);
    assertThat(second.kind()).isEqualTo(AttemptKind.TIMED_OUT);
    assertThat(second.afterGivingUp()).isEqualTo(AttemptStory.AfterGivingUp.REPLAYED);
    assertThat(second.keyWasTaken()).isTrue();
    assertThat(second.caption())
        .contains("found the key taken by #1", "nothing moved on this attempt")
        .doesNotContain("failed", "rolled back");
    assertThat(d.stories().get(0).afterGivingUp()).isEqualTo(AttemptStory.AfterGivingUp.COMMITTED);
    assertThat(d.marks())
        .filteredOn(m -> m.attempt() == 2)
        .extracting(Mark::shape)
        .doesNotContain(Shape.BAR);
    assertThat(d.texts(Role.STEP)).extracting(Text::text).contains("key taken: waited");
    assertNoTextsOverlap(d);
  }
}

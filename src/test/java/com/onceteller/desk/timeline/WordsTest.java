package com.onceteller.desk.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.desk.client.AttemptKind;
import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.NoResponseException;
import com.onceteller.desk.client.Outcomes;
import com.onceteller.domain.RejectionReason;
import com.onceteller.domain.TransferOutcome;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The one formatter has words for every kind and every answer, and never prints a record. */
class WordsTest {

  private static final ZoneId UTC = ZoneId.of("UTC");

  @Test
  void everyAnswerHasItsOwnWordsInEveryPanel() {
    for (TransferOutcome o : Outcomes.all()) {
      String what = o.getClass().getSimpleName();
      for (String s :
          new String[] {
            Words.outcome(o, UTC),
            Words.resolved(o, UTC),
            Words.decided(o, UTC).headline(),
            Words.decided(o, UTC).detail(),
            Words.attempt(new AttemptResult.Answered(1, Outcomes.AT, Duration.ZERO, o), UTC),
            Words.shortOutcome(o)
          }) {
        assertThat(s).as(what).isNotBlank().doesNotContain(what + "[").doesNotContain("null");
      }
    }
    for (AttemptKind k : AttemptKind.values()) {
      assertThat(Words.kind(k)).isNotBlank();
      assertThat(Words.tone(k)).isNotNull();
    }
  }

  @Test
  void aReplayedPostingSaysAlreadyPostedWithTimeAndReference() {
    assertThat(Words.outcome(Outcomes.posted(true), UTC))
        .isEqualTo("replayed: already posted at 10:42, ref T-000042 (nothing moved now)");
    assertThat(Words.decided(Outcomes.posted(true), UTC).headline())
        .isEqualTo("Already posted at 10:42, ref T-000042");
  }

  @Test
  void overflowAndVoidAreNamedNotSwallowed() {
    assertThat(Words.outcome(Outcomes.rejected(RejectionReason.BALANCE_OVERFLOW, false), UTC))
        .contains("largest amount");
    assertThat(Words.decided(Outcomes.voided(false), UTC).detail())
        .contains("abandoned by anna", "customer left", "No money moved");
  }

  @Test
  void aTimeoutRowSaysHowLongItWaitedAndThatTheOutcomeIsUnknown() {
    AttemptResult r =
        new AttemptResult.NoAnswer(
            1, Outcomes.AT, Duration.ofMillis(1500), NoResponseException.Kind.TIMEOUT, "x");
    assertThat(Words.attempt(r, UTC)).isEqualTo("timed out after 1.5 s: unknown");
    assertThat(Words.attemptInFull(r, UTC))
        .startsWith("No answer within 1.5 s.")
        .contains("unknown");
  }
}

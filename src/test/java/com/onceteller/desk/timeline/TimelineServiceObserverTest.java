package com.onceteller.desk.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.desk.client.CallsInService;
import com.onceteller.desk.client.Envelope;
import com.onceteller.desk.client.Outcomes;
import com.onceteller.domain.IdempotencyKey;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** Service steps land on the attempt that caused them, without any thread-bound state. */
class TimelineServiceObserverTest {

  @Test
  void twoAttemptsWithTheSameKeyInsideTheServiceAtOnceKeepTheirOwnSteps() {
    Timeline timeline = new Timeline(Clock.systemUTC());
    CallsInService calls = new CallsInService();
    TimelineServiceObserver observer = new TimelineServiceObserver(timeline, calls);
    Envelope first = new Envelope(Outcomes.KEY, Outcomes.REQUEST, 1);
    Envelope secondClick = new Envelope(Outcomes.KEY, Outcomes.REQUEST, 1);

    IdempotencyKey a = calls.enter(first);
    IdempotencyKey b = calls.enter(secondClick);
    observer.received(b);
    observer.received(a);
    observer.committed(a, Outcomes.posted(false));
    observer.replayed(b, Outcomes.posted(true));

    assertThat(timeline.events())
        .extracting(TimelineEvent::sendId, TimelineEvent::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(secondClick.sendId(), EventKind.RECEIVED),
            org.assertj.core.groups.Tuple.tuple(first.sendId(), EventKind.RECEIVED),
            org.assertj.core.groups.Tuple.tuple(first.sendId(), EventKind.COMMITTED),
            org.assertj.core.groups.Tuple.tuple(secondClick.sendId(), EventKind.REPLAYED));
    assertThat(timeline.events().get(2).outcome()).isEqualTo(Outcomes.posted(false));
  }

  @Test
  void aStepOfACallThatDidNotComeThroughTheTransportIsKeptButNotPutOnAnAttempt() {
    Timeline timeline = new Timeline(Clock.systemUTC());
    CallsInService calls = new CallsInService();
    new TimelineServiceObserver(timeline, calls).received(Outcomes.KEY);
    assertThat(timeline.events()).singleElement().extracting(TimelineEvent::sendId).isEqualTo(0L);
    assertThat(AttemptStory.of(timeline.events())).isEmpty();
  }

  @Test
  void anAttemptThatLeftTheServiceIsNoLongerFoundByItsKeyObject() {
    CallsInService calls = new CallsInService();
    Envelope e = new Envelope(Outcomes.KEY, Outcomes.REQUEST, 1);
    IdempotencyKey own = calls.enter(e);
    assertThat(own).isEqualTo(e.key()).isNotSameAs(e.key());
    assertThat(calls.attemptOf(own)).contains(e);
    assertThat(calls.attemptOf(e.key())).as("found by its own object only").isEmpty();
    calls.leave(own);
    assertThat(calls.attemptOf(own)).isEmpty();
  }
}

package com.onceteller.desk.timeline;

import com.onceteller.desk.client.AttemptKind;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one attempt did, computed from the timeline's data (event kinds, the outcomes they carry,
 * times) — never from text. {@link Words#caption} turns it into the one-line caption.
 *
 * @param number the attempt's place among all sends of this key on the timeline (#1, #2, …)
 * @param sendId which send it was ({@link com.onceteller.desk.client.Envelope#sendId()})
 * @param attempt its number within its own submission (the retry panel's #)
 * @param kind what it came to; the timeline refines "connection lost" into where it broke
 * @param answer the answer the teller got, or null (no answer, or not yet)
 * @param decision what the service committed on this attempt (posted, rejected, voided), or null
 * @param sentAfter time from the key's first send to this one
 * @param took time from sending to the teller's answer or timeout (null while in flight)
 * @param afterGivingUp what the service did with the attempt after the teller stopped waiting
 * @param keyWasTaken the attempt's claim met the key already claimed (its rollback is a wait, not a
 *     failure)
 * @param sentWhileRunning the #number of an attempt still on its way when this one was sent, or 0
 * @param metInService the #number of an attempt inside the service when this one arrived, or 0
 */
public record AttemptStory(
    IdempotencyKey key,
    int number,
    long sendId,
    int attempt,
    AttemptKind kind,
    TransferOutcome answer,
    TransferOutcome decision,
    Duration sentAfter,
    Duration took,
    AfterGivingUp afterGivingUp,
    boolean keyWasTaken,
    int sentWhileRunning,
    int metInService) {

  /** What the service still did with an attempt the teller had stopped waiting for. */
  public enum AfterGivingUp {
    /** Nothing seen (or the teller did not give up). */
    NOTHING,
    /** It committed: the decision stands, a retry replays it. */
    COMMITTED,
    /** It met the key taken by another attempt, waited, and answered from the stored outcome. */
    REPLAYED,
    /** It failed and rolled back: nothing kept. */
    ROLLED_BACK
  }

  /** The caption: what happened and whether a retry was safe, in {@link Words}. */
  public String caption() {
    return Words.caption(this);
  }

  /** One story per send, in the order they were sent; untraced steps are left out. */
  public static List<AttemptStory> of(List<TimelineEvent> events) {
    Map<Long, List<TimelineEvent>> bySend = new LinkedHashMap<>();
    events.stream()
        .filter(e -> e.sendId() != 0)
        .sorted(Comparator.comparing(TimelineEvent::at))
        .forEach(e -> bySend.computeIfAbsent(e.sendId(), id -> new ArrayList<>()).add(e));
    List<Track> tracks = new ArrayList<>();
    int n = 0;
    for (List<TimelineEvent> steps : bySend.values()) {
      tracks.add(new Track(++n, steps));
    }
    Instant first = tracks.isEmpty() ? Instant.EPOCH : tracks.get(0).sentAt();
    List<AttemptStory> out = new ArrayList<>();
    for (Track t : tracks) {
      out.add(t.story(first, tracks));
    }
    return List.copyOf(out);
  }

  /** The events of one send, and the facts read off them. */
  private record Track(int number, List<TimelineEvent> steps) {

    Instant sentAt() {
      return steps.get(0).at();
    }

    TimelineEvent tellerEnd() {
      for (TimelineEvent e : steps) {
        if (e.kind() == EventKind.ANSWER_RECEIVED
            || e.kind() == EventKind.TIMED_OUT
            || e.kind() == EventKind.CONNECTION_LOST) {
          return e;
        }
      }
      return null;
    }

    Instant enteredService() {
      return steps.stream()
          .filter(e -> e.kind() == EventKind.RECEIVED)
          .map(TimelineEvent::at)
          .findFirst()
          .orElse(null);
    }

    Instant leftService() {
      Instant last = null;
      for (TimelineEvent e : steps) {
        if (e.kind().insideService()) {
          last = e.at();
        }
      }
      return last;
    }

    boolean onItsWayAt(Instant t) {
      TimelineEvent end = tellerEnd();
      return !sentAt().isAfter(t) && (end == null || end.at().isAfter(t));
    }

    boolean insideServiceAt(Instant t) {
      Instant in = enteredService();
      Instant out = leftService();
      return in != null && !in.isAfter(t) && out != null && out.isAfter(t);
    }

    AttemptStory story(Instant first, List<Track> all) {
      Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
      TransferOutcome decision = null;
      for (TimelineEvent e : steps) {
        kinds.add(e.kind());
        if (e.kind() == EventKind.COMMITTED && e.outcome() != null) {
          decision = e.outcome();
        }
      }
      TimelineEvent end = tellerEnd();
      TransferOutcome answer = end == null ? null : end.outcome();
      AttemptKind kind = kind(end, kinds);
      boolean keyWasTaken =
          kinds.contains(EventKind.ROLLED_BACK)
              && !kinds.contains(EventKind.CRASHED)
              && (kinds.contains(EventKind.REPLAYED)
                  || kind == AttemptKind.REPLAYED
                  || kind == AttemptKind.IN_PROGRESS
                  || kind == AttemptKind.KEY_REUSED);
      AfterGivingUp after = AfterGivingUp.NOTHING;
      if (end != null && answer == null) {
        boolean committed = false;
        boolean replayed = false;
        boolean failed = false;
        for (TimelineEvent e : steps) {
          if (e.at().isAfter(end.at())) {
            committed |= e.kind() == EventKind.COMMITTED;
            replayed |= e.kind() == EventKind.REPLAYED;
            failed |= e.kind() == EventKind.CRASHED || e.kind() == EventKind.ROLLED_BACK;
          }
        }
        after =
            committed
                ? AfterGivingUp.COMMITTED
                : replayed
                    ? AfterGivingUp.REPLAYED
                    : failed ? AfterGivingUp.ROLLED_BACK : AfterGivingUp.NOTHING;
      }
      int sentWhile = 0;
      int met = 0;
      Instant in = enteredService();
      for (Track other : all) {
        if (other.number >= number) {
          continue;
        }
        if (other.onItsWayAt(sentAt())) {
          sentWhile = other.number;
        }
        if (in != null && other.insideServiceAt(in)) {
          met = other.number;
        }
      }
      return new AttemptStory(
          steps.get(0).key(),
          number,
          steps.get(0).sendId(),
          steps.get(0).attempt(),
          kind,
          answer,
          decision,
          Duration.between(first, sentAt()),
          end == null ? null : Duration.between(sentAt(), end.at()),
          after,
          keyWasTaken,
          sentWhile,
          met);
    }

    /** The teller's view of the attempt, refined by what the network and service saw. */
    private static AttemptKind kind(TimelineEvent end, Set<EventKind> kinds) {
      if (end == null) {
        return AttemptKind.IN_FLIGHT;
      }
      if (end.outcome() != null) {
        return AttemptKind.of(end.outcome());
      }
      if (end.kind() == EventKind.TIMED_OUT) {
        return AttemptKind.TIMED_OUT;
      }
      if (kinds.contains(EventKind.REQUEST_LOST)) {
        return AttemptKind.REQUEST_LOST;
      }
      if (kinds.contains(EventKind.CRASHED)) {
        return AttemptKind.CRASHED_ROLLED_BACK;
      }
      if (kinds.contains(EventKind.RESPONSE_LOST)) {
        return AttemptKind.RESPONSE_LOST;
      }
      return AttemptKind.CONNECTION_LOST;
    }
  }
}

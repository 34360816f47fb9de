package com.onceteller.desk.timeline;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one attempt's path means, in the words of the reference article's three failure cases, with
 * a one-line caption saying whether a retry was safe and why.
 */
public record AttemptStory(int attempt, Case kase, String caption) {

  /** The shapes an attempt can take. */
  public enum Case {
    REQUEST_LOST("Request lost before the service: nothing happened; a retry is safe and needed."),
    CRASH_ROLLED_BACK(
        "Crash while processing: the transaction rolled back, nothing was kept; a retry with the same key is safe."),
    RESPONSE_LOST(
        "Response lost after commit: the money moved; only the same key makes the retry safe — it replays."),
    REPLAYED("Replay: answered from the stored outcome; no money moved on this attempt."),
    POSTED("Posted and acknowledged on the first answer."),
    REJECTED("Refused by the ledger; the decision is stored, so retrying gives the same answer."),
    TIMED_OUT("No answer in time: the outcome is unknown; the same key makes a retry safe."),
    IN_PROGRESS("Another attempt with this key was still running: asked again later."),
    OTHER("Answered.");

    private final String caption;

    Case(String caption) {
      this.caption = caption;
    }

    public String caption() {
      return caption;
    }
  }

  /** One story per attempt, in attempt order. */
  public static List<AttemptStory> of(List<TimelineEvent> events) {
    TreeMap<Integer, Set<EventKind>> byAttempt = new TreeMap<>();
    TreeMap<Integer, String> answers = new TreeMap<>();
    for (TimelineEvent e : events) {
      byAttempt.computeIfAbsent(e.attempt(), a -> EnumSet.noneOf(EventKind.class)).add(e.kind());
      if (e.kind() == EventKind.ANSWER_RECEIVED
          || e.kind() == EventKind.REPLAYED
          || e.kind() == EventKind.COMMITTED) {
        answers.put(e.attempt(), e.detail());
      }
    }
    return byAttempt.entrySet().stream()
        .filter(en -> en.getKey() > 0)
        .map(en -> story(en.getKey(), en.getValue(), answers.getOrDefault(en.getKey(), "")))
        .toList();
  }

  private static AttemptStory story(int attempt, Set<EventKind> k, String answer) {
    Case c;
    if (k.contains(EventKind.REQUEST_LOST)) {
      c = Case.REQUEST_LOST;
    } else if (k.contains(EventKind.CRASHED)
        || (k.contains(EventKind.ROLLED_BACK) && !k.contains(EventKind.COMMITTED))) {
      c = Case.CRASH_ROLLED_BACK;
    } else if (k.contains(EventKind.COMMITTED) && k.contains(EventKind.RESPONSE_LOST)) {
      c = Case.RESPONSE_LOST;
    } else if (k.contains(EventKind.REPLAYED)) {
      c = Case.REPLAYED;
    } else if (k.contains(EventKind.COMMITTED) && answer.startsWith("rejected")) {
      c = Case.REJECTED;
    } else if (k.contains(EventKind.COMMITTED)) {
      c = k.contains(EventKind.TIMED_OUT) ? Case.RESPONSE_LOST : Case.POSTED;
    } else if (k.contains(EventKind.TIMED_OUT)) {
      c = Case.TIMED_OUT;
    } else if (answer.startsWith("in progress")) {
      c = Case.IN_PROGRESS;
    } else {
      c = Case.OTHER;
    }
    return new AttemptStory(attempt, c, c.caption());
  }
}

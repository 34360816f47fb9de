package com.onceteller.desk.timeline;

import com.onceteller.desk.client.AttemptKind;
import com.onceteller.desk.client.AttemptResult;
import com.onceteller.domain.AccountNumbers;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The one place where outcomes and attempts become words: the form's status, the retry panel's
 * rows, the in-doubt list, the timeline's marks, legend and captions, and the command line all read
 * from here. Every method switches over {@link AttemptKind} without a default, so a new kind does
 * not compile until it has its words.
 */
public final class Words {

  private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
  private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

  private Words() {}

  /** A headline and a sentence or two under it. */
  public record Statement(String headline, String detail) {}

  /** A few words naming a kind (legend, retry-panel rows, mark labels). */
  public static String kind(AttemptKind k) {
    return switch (k) {
      case IN_FLIGHT -> "on its way";
      case TIMED_OUT -> "timed out";
      case CONNECTION_LOST -> "connection lost";
      case REQUEST_LOST -> "request lost";
      case CRASHED_ROLLED_BACK -> "crashed, rolled back";
      case RESPONSE_LOST -> "response lost after commit";
      case IN_PROGRESS -> "in progress elsewhere";
      case NOT_EXECUTED -> "not executed";
      case OUTCOME_UNKNOWN -> "outcome unknown";
      case POSTED -> "posted";
      case REPLAYED -> "replayed";
      case REJECTED -> "rejected";
      case KEY_REUSED -> "key reused";
      case VOIDED -> "voided";
      case INVALID -> "not accepted";
      case NEEDS_APPROVAL -> "needs approval";
    };
  }

  /** How a kind reads: a decision, a replay, a refusal, or "unknown, the same key will tell". */
  public static Tone tone(AttemptKind k) {
    return switch (k) {
      case POSTED -> Tone.OK;
      case REPLAYED -> Tone.REPLAY;
      case REJECTED, KEY_REUSED, VOIDED, INVALID -> Tone.DANGER;
      case NEEDS_APPROVAL -> Tone.WARN;
      case TIMED_OUT,
              CONNECTION_LOST,
              REQUEST_LOST,
              CRASHED_ROLLED_BACK,
              RESPONSE_LOST,
              IN_PROGRESS,
              NOT_EXECUTED,
              OUTCOME_UNKNOWN ->
          Tone.WARN;
      case IN_FLIGHT -> Tone.NEUTRAL;
    };
  }

  /** One line for an answer, e.g. "already posted at 10:42, ref T-000012 (nothing moved now)". */
  public static String outcome(TransferOutcome o, ZoneId zone) {
    AttemptKind k = AttemptKind.of(o);
    return switch (k) {
      case POSTED -> {
        var p = (TransferOutcome.Posted) o;
        yield "posted " + p.reference() + " at " + HMS.format(p.postedAt().atZone(zone));
      }
      case REPLAYED -> "replayed: " + replayed(o, zone) + " (nothing moved now)";
      case REJECTED -> "rejected: " + ((TransferOutcome.Rejected) o).reason().label();
      case VOIDED -> "voided: " + voided((TransferOutcome.Voided) o);
      case KEY_REUSED -> "refused: the key was used for different details";
      case INVALID -> "not accepted: " + ((TransferOutcome.Invalid) o).summary();
      case IN_PROGRESS -> "in progress: another attempt with this key is being processed";
      case NOT_EXECUTED -> "not executed: " + ((TransferOutcome.NotExecuted) o).message();
      case OUTCOME_UNKNOWN -> "outcome unknown: " + ((TransferOutcome.OutcomeUnknown) o).message();
      case NEEDS_APPROVAL -> "needs approval: " + ((TransferOutcome.NeedsApproval) o).why();
      case IN_FLIGHT,
              TIMED_OUT,
              CONNECTION_LOST,
              REQUEST_LOST,
              CRASHED_ROLLED_BACK,
              RESPONSE_LOST ->
          throw new IllegalArgumentException(k + " is not an answer");
    };
  }

  /** What a stored decision read back says ("already posted at 10:42, ref T-000012 …"). */
  private static String replayed(TransferOutcome o, ZoneId zone) {
    if (o instanceof TransferOutcome.Posted p) {
      return "already posted at " + HM.format(p.postedAt().atZone(zone)) + ", ref " + p.reference();
    } else if (o instanceof TransferOutcome.Rejected r) {
      return "already rejected: " + r.reason().label();
    } else if (o instanceof TransferOutcome.Voided v) {
      return "already voided: " + voided(v);
    }
    throw new IllegalArgumentException("not a stored decision: " + o.getClass().getSimpleName());
  }

  private static String voided(TransferOutcome.Voided v) {
    return "abandoned by "
        + (v.voidedBy() == null || v.voidedBy().isBlank() ? "a teller" : v.voidedBy())
        + (v.reason() == null || v.reason().isBlank() ? "" : " (" + v.reason() + ")")
        + "; this key can never post";
  }

  /** One line for a row of the retry panel (its tooltip says it in full). */
  public static String attempt(AttemptResult r, ZoneId zone) {
    if (r instanceof AttemptResult.Answered a) {
      return shortOutcome(a.outcome());
    }
    AttemptResult.NoAnswer n = (AttemptResult.NoAnswer) r;
    return switch (n.kind()) {
      case TIMEOUT -> "timed out after " + duration(n.took()) + ": unknown";
      case CONNECTION_LOST -> "connection lost: unknown";
    };
  }

  /** The same attempt in full sentences (the retry panel's tooltip, the in-doubt list). */
  public static String attemptInFull(AttemptResult r, ZoneId zone) {
    if (r instanceof AttemptResult.Answered a) {
      return outcome(a.outcome(), zone);
    }
    AttemptResult.NoAnswer n = (AttemptResult.NoAnswer) r;
    return switch (n.kind()) {
          case TIMEOUT -> "No answer within " + duration(n.took()) + ".";
          case CONNECTION_LOST -> "The connection broke before an answer.";
        }
        + " The outcome is unknown; only the same key can tell. ("
        + n.detail()
        + ")";
  }

  /** A few words for an answer, for narrow places: "replayed: already posted T-000012". */
  public static String shortOutcome(TransferOutcome o) {
    AttemptKind k = AttemptKind.of(o);
    return switch (k) {
      case POSTED -> "posted " + ((TransferOutcome.Posted) o).reference();
      case REPLAYED ->
          o instanceof TransferOutcome.Posted p
              ? "replayed: already posted " + p.reference()
              : o instanceof TransferOutcome.Rejected r
                  ? "replayed: already rejected (" + r.reason().label() + ")"
                  : "replayed: already voided";
      case REJECTED -> "rejected: " + ((TransferOutcome.Rejected) o).reason().label();
      case VOIDED -> "voided: abandoned";
      case KEY_REUSED -> "refused: key used for other details";
      case INVALID -> "not accepted: " + ((TransferOutcome.Invalid) o).summary();
      case IN_PROGRESS -> "in progress elsewhere: ask again";
      case NOT_EXECUTED -> "not executed: nothing moved";
      case OUTCOME_UNKNOWN -> "outcome unknown: commit not confirmed";
      case NEEDS_APPROVAL -> "needs a supervisor's approval: nothing moved";
      case IN_FLIGHT,
              TIMED_OUT,
              CONNECTION_LOST,
              REQUEST_LOST,
              CRASHED_ROLLED_BACK,
              RESPONSE_LOST ->
          throw new IllegalArgumentException(k + " is not an answer");
    };
  }

  /** The form's status after the service decided (or refused) the transfer. */
  public static Statement decided(TransferOutcome o, ZoneId zone) {
    AttemptKind k = AttemptKind.of(o);
    return switch (k) {
      case POSTED -> {
        var p = (TransferOutcome.Posted) o;
        yield new Statement(
            "Posted · ref " + p.reference() + " · " + HMS.format(p.postedAt().atZone(zone)),
            p.request().amount().format() + " moved. Ctrl+N starts a new transfer.");
      }
      case REPLAYED -> replayStatement(o, zone);
      case REJECTED -> {
        var r = (TransferOutcome.Rejected) o;
        yield new Statement(
            "Rejected — " + r.reason().label(),
            r.message()
                + " No money moved. Not retried: sending this key again gives the same answer.");
      }
      case VOIDED -> {
        var v = (TransferOutcome.Voided) o;
        yield new Statement(
            "Voided — this transfer was abandoned",
            "Key " + v.key().shortForm() + " was " + voided(v) + ". No money moved.");
      }
      case KEY_REUSED -> {
        var r = (TransferOutcome.KeyReused) o;
        yield new Statement(
            "Key reused with different details",
            "Key "
                + r.key().shortForm()
                + " was first used for "
                + (r.original() == null
                    ? "an earlier transfer (its details were compacted)"
                    : r.original().amount().format()
                        + " to "
                        + AccountNumbers.pretty(r.original().toAccount()))
                + (r.originalReference() == null ? "" : " (" + r.originalReference() + ")")
                + ". Nothing was executed. Start a new transfer (Ctrl+N) for a new intent.");
      }
      case INVALID ->
          new Statement(
              "Not accepted",
              ((TransferOutcome.Invalid) o).summary() + " Correct it and send again.");
      case NOT_EXECUTED ->
          new Statement(
              "Not executed",
              "Nothing moved: "
                  + ((TransferOutcome.NotExecuted) o).message()
                  + " Sending again is safe.");
      case IN_PROGRESS, OUTCOME_UNKNOWN ->
          new Statement("In doubt", outcome(o, zone) + " Retrying with the same key is safe.");
      case NEEDS_APPROVAL -> {
        var n = (TransferOutcome.NeedsApproval) o;
        yield n.approval() == null
            ? new Statement(
                "Needs a supervisor's approval",
                n.why() + " Nothing moved. A supervisor approves it here or from the queue.")
            : new Statement(
                "Approved — send to post",
                n.why() + " Approved by " + n.approval().approverId() + ". Send posts it once.");
      }
      case IN_FLIGHT,
              TIMED_OUT,
              CONNECTION_LOST,
              REQUEST_LOST,
              CRASHED_ROLLED_BACK,
              RESPONSE_LOST ->
          throw new IllegalArgumentException(k + " is not an answer");
    };
  }

  private static Statement replayStatement(TransferOutcome o, ZoneId zone) {
    if (o instanceof TransferOutcome.Posted p) {
      return new Statement(
          "Already posted at " + HM.format(p.postedAt().atZone(zone)) + ", ref " + p.reference(),
          "This answer was read back from the ledger: the transfer had been posted by an earlier"
              + " attempt. Nothing moved now.");
    } else if (o instanceof TransferOutcome.Rejected r) {
      return new Statement(
          "Already rejected — " + r.reason().label(),
          r.message() + " This answer was read back from the ledger; no money moved.");
    }
    TransferOutcome.Voided v = (TransferOutcome.Voided) o;
    return new Statement(
        "Voided — this transfer was abandoned",
        "Key " + v.key().shortForm() + " was " + voided(v) + ". No money moved.");
  }

  /**
   * What the start-up check found, for the teller: transfers left in doubt by the last run and what
   * asking the ledger again answered, and any incident (an acknowledged posting restored, a desk
   * store moved aside). Empty when there is nothing to tell.
   */
  public static String startUp(
      int inDoubtFound, int resolved, int stillInDoubt, java.util.List<String> incidents) {
    StringBuilder b = new StringBuilder();
    if (inDoubtFound > 0) {
      b.append("At start-up ")
          .append(inDoubtFound == 1 ? "1 transfer" : inDoubtFound + " transfers")
          .append(" left in doubt by the last run ")
          .append(inDoubtFound == 1 ? "was" : "were")
          .append(" asked again with ")
          .append(inDoubtFound == 1 ? "its own key: " : "their own keys: ")
          .append(resolved)
          .append(" answered (see the journal), ")
          .append(stillInDoubt)
          .append(" still in doubt.");
    }
    for (String incident : incidents) {
      b.append(b.length() == 0 ? "" : " ").append("Incident: ").append(incident);
    }
    return b.toString();
  }

  /** The question before abandoning: what it does, in the order it does it. */
  public static Statement abandonQuestion(IdempotencyKey key, TransferRequest original) {
    return new Statement(
        "Abandon transfer "
            + key.shortForm()
            + " ("
            + original.amount().format()
            + " to "
            + AccountNumbers.pretty(original.toAccount())
            + ")?",
        "OnceTeller first asks the ledger to void this key, so that no attempt still on its way"
            + " can post it later. If it has already posted, nothing is abandoned: you will see"
            + " the posting instead, and nothing new is sent. Enter keeps the transfer.");
  }

  /** After the ledger voided the key of an abandoned transfer. */
  public static Statement abandoned(IdempotencyKey key, TransferRequest original) {
    return new Statement(
        "Abandoned",
        "Transfer "
            + key.shortForm()
            + " ("
            + original.amount().format()
            + ") was abandoned: the ledger voided its key, so it can never post.");
  }

  /** An abandon that found the key already decided: what the teller must know first. */
  public static String notAbandoned(TransferOutcome decision) {
    return decision instanceof TransferOutcome.Posted p
        ? "Not abandoned: it had already posted as " + p.reference() + "."
        : "Not abandoned: the ledger had already decided it.";
  }

  /** An abandon the ledger could not carry out now, or refused. */
  public static String abandonFailed(TransferOutcome answer) {
    if (answer instanceof TransferOutcome.Invalid i) {
      return "Not abandoned: " + i.summary() + " Nothing changed.";
    }
    if (answer instanceof TransferOutcome.InProgress) {
      return "Not abandoned yet: an attempt with this key is still inside the ledger. Nothing"
          + " changed; try again in a moment, or Retry now to see how it ended.";
    }
    String why =
        answer instanceof TransferOutcome.NotExecuted n
            ? n.message()
            : answer instanceof TransferOutcome.OutcomeUnknown u ? u.message() : "";
    return "Not abandoned: the ledger could not answer now"
        + (why.isEmpty() ? "" : " (" + why + ")")
        + ". Nothing changed; try again.";
  }

  /** What the in-doubt list says after resending a key ("already posted at 10:42, ref …"). */
  public static String resolved(TransferOutcome o, ZoneId zone) {
    AttemptKind k = AttemptKind.of(o);
    return switch (k) {
      case POSTED -> "posted now, ref " + ((TransferOutcome.Posted) o).reference();
      case REPLAYED -> replayed(o, zone) + " (nothing moved now)";
      case REJECTED -> "rejected: " + ((TransferOutcome.Rejected) o).message();
      case VOIDED -> "voided: " + voided((TransferOutcome.Voided) o);
      case KEY_REUSED -> "refused: the key was used for different details";
      case INVALID -> "refused as invalid: " + ((TransferOutcome.Invalid) o).summary();
      case IN_PROGRESS, NOT_EXECUTED, OUTCOME_UNKNOWN, NEEDS_APPROVAL -> outcome(o, zone);
      case IN_FLIGHT,
              TIMED_OUT,
              CONNECTION_LOST,
              REQUEST_LOST,
              CRASHED_ROLLED_BACK,
              RESPONSE_LOST ->
          throw new IllegalArgumentException(k + " is not an answer");
    };
  }

  /** The label under a step's mark on the timeline. */
  public static String step(TimelineEvent e, AttemptStory s) {
    AttemptKind k = s == null ? AttemptKind.IN_FLIGHT : s.kind();
    return switch (e.kind()) {
      case SENT -> "sent";
      case REQUEST_LOST -> "request lost";
      case RECEIVED -> "received";
      case SLOWED -> e.detail().isEmpty() ? "slow" : "slow " + e.detail();
      case KEY_CLAIMED -> "key claimed";
      case POSTINGS_WRITTEN -> decidesNoMoney(s) ? "decision written" : "postings written";
      case CRASHED -> "crash";
      case ROLLED_BACK -> s != null && s.keyWasTaken() ? "key taken: waited" : rolledBack(k);
      case COMMITTED -> committed(e.outcome());
      case REPLAYED -> k == AttemptKind.KEY_REUSED ? "key reused: refused" : "replay";
      case ANSWERED -> "answer sent";
      case RESPONSE_LOST -> "response lost";
      case ANSWER_RECEIVED -> e.outcome() == null ? "answer" : kind(AttemptKind.of(e.outcome()));
      case TIMED_OUT -> "timed out";
      case CONNECTION_LOST -> "no answer";
    };
  }

  private static boolean decidesNoMoney(AttemptStory s) {
    return s != null && s.decision() != null && !(s.decision() instanceof TransferOutcome.Posted);
  }

  /** A rollback means different things: a crash, a refused request, or a key already taken. */
  private static String rolledBack(AttemptKind k) {
    return switch (k) {
      case REPLAYED, IN_PROGRESS, KEY_REUSED -> "key taken: waited";
      case INVALID -> "refused: nothing kept";
      case NEEDS_APPROVAL -> "over the limit: nothing kept";
      case IN_FLIGHT,
              TIMED_OUT,
              CONNECTION_LOST,
              REQUEST_LOST,
              CRASHED_ROLLED_BACK,
              RESPONSE_LOST,
              NOT_EXECUTED,
              OUTCOME_UNKNOWN,
              POSTED,
              REJECTED,
              VOIDED ->
          "rolled back";
    };
  }

  private static String committed(TransferOutcome decision) {
    if (decision == null) {
      return "committed";
    }
    AttemptKind k = AttemptKind.of(decision);
    return switch (k) {
      case POSTED -> "committed: money moved";
      case REJECTED -> "rejection stored";
      case VOIDED -> "void stored";
      case REPLAYED,
              KEY_REUSED,
              INVALID,
              NEEDS_APPROVAL,
              IN_PROGRESS,
              NOT_EXECUTED,
              OUTCOME_UNKNOWN,
              IN_FLIGHT,
              TIMED_OUT,
              CONNECTION_LOST,
              REQUEST_LOST,
              CRASHED_ROLLED_BACK,
              RESPONSE_LOST ->
          "committed";
    };
  }

  /** The timeline's one-line caption: what the attempt did and whether a retry was safe. */
  public static String caption(AttemptStory s) {
    String head = "#" + s.number() + " " + capitalise(kind(s.kind())) + ": ";
    String body =
        switch (s.kind()) {
          case IN_FLIGHT -> "sent, waiting for an answer.";
          case TIMED_OUT ->
              "no answer within "
                  + duration(s.took())
                  + ", so the teller cannot know the outcome. "
                  + afterGivingUp(s)
                  + "Retrying is safe only because the retry carries the same key.";
          case CONNECTION_LOST ->
              "the connection broke before an answer: the outcome is unknown. Retrying with the"
                  + " same key is safe.";
          case REQUEST_LOST ->
              "lost on the way, the service never saw it: nothing happened. A retry is safe, and"
                  + " needed.";
          case CRASHED_ROLLED_BACK ->
              "the service crashed after writing the postings, before commit: the transaction"
                  + " rolled back and nothing was kept. A retry with the same key is safe.";
          case RESPONSE_LOST ->
              "the service "
                  + committedWhat(s.decision())
                  + ", then the answer was lost on the way back. The teller cannot tell this from"
                  + " a lost request: only the same key makes the retry safe, it replays.";
          case IN_PROGRESS ->
              (s.metInService() > 0
                      ? "reached the service while #" + s.metInService() + " still held the key"
                      : "another attempt with this key was being processed")
                  + ": told to ask again, nothing moved.";
          case NOT_EXECUTED ->
              "the service failed and rolled back: nothing moved. Sending again is safe.";
          case OUTCOME_UNKNOWN ->
              "the service could not confirm its own commit: outcome unknown. Retrying with the"
                  + " same key will tell, and is safe.";
          case POSTED ->
              "committed and acknowledged"
                  + reference(s.answer())
                  + ": the money moved, once"
                  + (s.sentWhileRunning() > 0
                      ? " (sent while #" + s.sentWhileRunning() + " was on its way)."
                      : ".");
          case REPLAYED ->
              (s.sentWhileRunning() > 0
                      ? "sent while #"
                          + s.sentWhileRunning()
                          + " was still on its way (a second"
                          + " send of the same key); "
                      : "")
                  + (s.metInService() > 0
                      ? "it met #" + s.metInService() + " inside the service, waited for it, and "
                      : "")
                  + "was answered from the stored outcome ("
                  + (s.answer() == null ? "" : replayed(s.answer(), ZoneId.systemDefault()))
                  + "). No money moved on this attempt.";
          case REJECTED ->
              "the ledger refused it ("
                  + ((TransferOutcome.Rejected) s.answer()).reason().label()
                  + "). The decision is stored and no money moved; sending the key again gives"
                  + " the same answer.";
          case KEY_REUSED ->
              "the same key came with different details: refused, nothing executed. A new"
                  + " intent needs a new key.";
          case NEEDS_APPROVAL ->
              "over the teller's limit: nothing moved and nothing was stored. After a"
                  + " supervisor's approval the same key is sent again and posts once.";
          case VOIDED ->
              "the key was fenced ("
                  + voided((TransferOutcome.Voided) s.answer())
                  + "). No money moved.";
          case INVALID ->
              "the request was refused ("
                  + ((TransferOutcome.Invalid) s.answer()).summary()
                  + "); nothing was stored, so the corrected request keeps the key.";
        };
    return head + body;
  }

  /** What the service still did after the client stopped waiting, as a sentence (or ""). */
  private static String afterGivingUp(AttemptStory s) {
    return switch (s.afterGivingUp()) {
      case NOTHING ->
          s.metInService() > 0
              ? "It reached the service while #"
                  + s.metInService()
                  + " still held the key, and waits there. "
              : "";
      case COMMITTED ->
          "The service was slow, not dead: it "
              + committedWhat(s.decision())
              + " after the client gave up. ";
      case REPLAYED ->
          "The service was still working: "
              + (s.metInService() > 0
                  ? "it found the key taken by #" + s.metInService()
                  : "it found the key taken")
              + ", waited, and answered from the stored outcome after the client gave up —"
              + " nothing moved on this attempt. ";
      case ROLLED_BACK ->
          "The service was still working and failed after the client gave up: its transaction"
              + " rolled back, nothing was kept. ";
    };
  }

  private static String reference(TransferOutcome answer) {
    return answer instanceof TransferOutcome.Posted p ? " as " + p.reference() : "";
  }

  private static String committedWhat(TransferOutcome decision) {
    if (decision == null) {
      return "committed";
    }
    return switch (AttemptKind.of(decision)) {
      case POSTED ->
          "committed the transfer (" + ((TransferOutcome.Posted) decision).reference() + ")";
      case REJECTED -> "stored a rejection";
      case VOIDED -> "stored the void";
      case REPLAYED,
              KEY_REUSED,
              INVALID,
              NEEDS_APPROVAL,
              IN_PROGRESS,
              NOT_EXECUTED,
              OUTCOME_UNKNOWN,
              IN_FLIGHT,
              TIMED_OUT,
              CONNECTION_LOST,
              REQUEST_LOST,
              CRASHED_ROLLED_BACK,
              RESPONSE_LOST ->
          "committed";
    };
  }

  /** "350 ms", "1.5 s", "1 min 04 s". */
  public static String duration(Duration d) {
    if (d == null) {
      return "—";
    }
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    return String.format(Locale.ROOT, "%d min %02d s", ms / 60_000, (ms % 60_000) / 1000);
  }

  /** Seconds from the first send, as the timeline's axis shows them ("+2.5 s"). */
  public static String offset(Duration d) {
    long ms = d.toMillis();
    return ms < 1000 ? "+" + ms + " ms" : String.format(Locale.ROOT, "+%.1f s", ms / 1000.0);
  }

  /** Time of day in the teller's zone. */
  public static String time(Instant at, ZoneId zone) {
    return HMS.format(at.atZone(zone));
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}

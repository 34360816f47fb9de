package com.onceteller.ui;

import com.onceteller.desk.client.AttemptResult;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many attempts of each key were answered from the stored outcome (replays) in this session,
 * for the journal's "replays" column. The outbox records attempts, not replays.
 */
public final class ReplayTally {

  private final Map<IdempotencyKey, Integer> replays = new ConcurrentHashMap<>();

  public void record(IdempotencyKey key, AttemptResult result) {
    if (result instanceof AttemptResult.Answered a && isReplay(a.outcome())) {
      replays.merge(key, 1, Integer::sum);
    }
  }

  public int replays(IdempotencyKey key) {
    return replays.getOrDefault(key, 0);
  }

  public static boolean isReplay(TransferOutcome o) {
    return (o instanceof TransferOutcome.Posted p && p.replayed())
        || (o instanceof TransferOutcome.Rejected r && r.replayed());
  }
}

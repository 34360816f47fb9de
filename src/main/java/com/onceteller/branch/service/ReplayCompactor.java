package com.onceteller.branch.service;

import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.IdempotencyRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts stored replay payloads older than the retention (7 days by default). Keys are never
 * deleted: a compacted posted key still replays from its transfer row, and its fingerprint still
 * refuses a different request. Unlike a 24-hour key expiry, a late retry can never post twice.
 */
public final class ReplayCompactor {

  private static final Logger log = LoggerFactory.getLogger(ReplayCompactor.class);
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
  private static final int BATCH = 500;

  private final SessionFactory sf;
  private final Clock clock;

  public ReplayCompactor(Database database, Clock clock) {
    this.sf = database.sessionFactory();
    this.clock = clock;
  }

  /** Compacts records decided before now − retention; returns how many were compacted. */
  public int compactOlderThan(Duration retention) {
    Instant cutoff = clock.instant().minus(retention);
    Instant now = clock.instant();
    int total = 0;
    while (true) {
      int done =
          sf.fromTransaction(
              s -> {
                List<IdempotencyRecord> batch =
                    s.createSelectionQuery(
                            "from IdempotencyRecord r where r.decidedAt < :cutoff and r.compactedAt is null order by r.id",
                            IdempotencyRecord.class)
                        .setParameter("cutoff", cutoff)
                        .setMaxResults(BATCH)
                        .getResultList();
                batch.forEach(r -> r.compact(now));
                return batch.size();
              });
      total += done;
      if (done < BATCH) {
        break;
      }
    }
    if (total > 0) {
      log.info("Compacted {} replay records older than {}", total, retention);
    }
    return total;
  }
}

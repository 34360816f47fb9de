package com.onceteller.bench;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hibernate.stat.Statistics;

/**
 * Counts what one new posting costs in statements, independent of the machine's load: the JDBC
 * statements Hibernate prepares (each at least one client/server round trip on PostgreSQL; a JDBC
 * batch is one), sessions and connections, per posting through {@link TransferService#submit}, on
 * H2 and on PostgreSQL. Also prints the time per posting with the load average, for what it is
 * worth on a shared machine.
 *
 * <pre>
 * mvn -q test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *   -Dexec.args="-cp %classpath com.onceteller.bench.RoundTripProbe"
 * </pre>
 */
public final class RoundTripProbe {
  private static final int POSTINGS = 300;

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("roundtrips");
    try (TestLedger h2 = TestLedger.open(dir)) {
      run("H2", h2);
    }
    try (TestLedger pg = TestLedger.openPostgres()) {
      run("PostgreSQL", pg);
    }
  }

  private static void run(String engine, TestLedger ledger) throws Exception {
    TransferService service = new TransferService(ledger.database);
    for (int i = 0; i < POSTINGS; i++) {
      post(service, i);
    }
    Statistics stats = ledger.database.sessionFactory().getStatistics();
    stats.setStatisticsEnabled(true);
    stats.clear();
    long t0 = System.nanoTime();
    for (int i = 0; i < POSTINGS; i++) {
      post(service, i);
    }
    long nanos = System.nanoTime() - t0;
    double n = POSTINGS;
    System.out.printf(
        "%s per posting: %.1f statements prepared, %.1f queries, %.1f inserts, %.1f updates,"
            + " %.1f flushes, %.1f sessions, %.1f connections, %.1f transactions; %.3f ms"
            + " (load %s)%n",
        engine,
        stats.getPrepareStatementCount() / n,
        stats.getQueryExecutionCount() / n,
        stats.getEntityInsertCount() / n,
        stats.getEntityUpdateCount() / n,
        stats.getFlushCount() / n,
        stats.getSessionOpenCount() / n,
        stats.getConnectCount() / n,
        stats.getTransactionCount() / n,
        nanos / n / 1e6,
        Files.readString(Path.of("/proc/loadavg")).trim());
    stats.setStatisticsEnabled(false);
  }

  private static void post(TransferService service, int i) {
    TransferOutcome o =
        service.submit(
            TestActors.TELLER,
            IdempotencyKey.mint(),
            new TransferRequest(
                TestLedger.number(i % 2), TestLedger.number(1 - i % 2), 1, "EUR", "probe"));
    if (!(o instanceof TransferOutcome.Posted)) {
      throw new IllegalStateException("not posted: " + o);
    }
  }
}

package com.onceteller.branch.service;

import static com.onceteller.branch.service.Requests.AMELIE;
import static com.onceteller.branch.service.Requests.CAFE;
import static com.onceteller.branch.service.Requests.JONAS;
import static com.onceteller.branch.service.Requests.LEONIE;
import static com.onceteller.branch.service.Requests.MEHMET;
import static com.onceteller.branch.service.Requests.eur;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.crash.KillHarness;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * References come from a counter row updated in the posting transaction: consecutive across
 * restarts (the old cached sequence jumped by ~32 after an unclean stop), and a posting that rolls
 * back uses no number. A teller reads a gap as a missing transaction.
 */
class GaplessReferenceTest {

  @TempDir Path dir;

  private static String post(TransferService service, int from, int to, long amount) {
    TransferOutcome o =
        service.submit(TestActors.TELLER, IdempotencyKey.mint(), eur(from, to, amount));
    assertThat(o).isInstanceOf(TransferOutcome.Posted.class);
    return ((TransferOutcome.Posted) o).reference();
  }

  private static List<Long> oneTo(long n) {
    return LongStream.rangeClosed(1, n).boxed().toList();
  }

  @Test
  void referencesAreConsecutiveAcrossCleanAndAbruptRestarts() {
    try (TestLedger ledger = TestLedger.open(dir)) {
      TransferService service = new TransferService(ledger.database);
      assertThat(post(service, AMELIE, JONAS, 100)).isEqualTo("T-000001");
      post(service, AMELIE, JONAS, 101);
      post(service, CAFE, MEHMET, 102);
    }
    try (TestLedger ledger = TestLedger.open(dir)) {
      TransferService service = new TransferService(ledger.database);
      assertThat(post(service, AMELIE, JONAS, 103)).isEqualTo("T-000004");
      post(service, AMELIE, JONAS, 104);
      FailClosedTest.killEngine(ledger); // no orderly shutdown: what a kill or power cut leaves
    }
    try (TestLedger ledger = TestLedger.open(dir)) {
      TransferService service = new TransferService(ledger.database);
      assertThat(post(service, JONAS, AMELIE, 105)).isEqualTo("T-000006");
      FailClosedTest.killEngine(ledger);
    }
    try (TestLedger ledger = TestLedger.open(dir)) {
      LedgerProbe probe = new LedgerProbe(ledger);
      assertThat(post(new TransferService(ledger.database), JONAS, AMELIE, 106))
          .isEqualTo("T-000007");
      assertThat(probe.referenceNumbers()).isEqualTo(oneTo(7));
      assertThat(probe.counter()).isEqualTo(7);
      assertThat(probe.reconciliationProblems()).isEmpty();
    }
  }

  /** Child process: opens the ledger, posts three transfers, then dies like a SIGKILL. */
  public static final class PostThreeAndDie {
    public static void main(String[] args) {
      TestLedger ledger = TestLedger.open(Path.of(args[0]));
      TransferService service = new TransferService(ledger.database);
      for (int i = 0; i < 3; i++) {
        System.out.println("POSTED " + post(service, AMELIE, JONAS, 10 + i));
      }
      System.out.flush();
      Runtime.getRuntime().halt(0); // no shutdown hook, no close: what a kill leaves behind
    }
  }

  @Test
  void theFirstReferenceAfterTheProcessWasKilledFollowsTheLastOne() throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                KillHarness.childClasspath(),
                PostThreeAndDie.class.getName(),
                dir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out).contains("POSTED T-000001", "POSTED T-000002", "POSTED T-000003");

    // H2's cached sequence came back 32 ahead here (T-000033); the counter row does not.
    try (TestLedger ledger = TestLedger.open(dir)) {
      assertThat(post(new TransferService(ledger.database), CAFE, MEHMET, 99))
          .isEqualTo("T-000004");
      assertThat(new LedgerProbe(ledger).referenceNumbers()).isEqualTo(oneTo(4));
    }
  }

  @Test
  void aPostingThatRollsBackOrIsRefusedUsesNoNumber() {
    try (TestLedger ledger = TestLedger.open(dir)) {
      LedgerProbe probe = new LedgerProbe(ledger);
      TransferService service = new TransferService(ledger.database);
      assertThat(post(service, AMELIE, JONAS, 100)).isEqualTo("T-000001");

      // Dies after the reference was taken and the transfer written, before the commit.
      IdempotencyKey crashed = IdempotencyKey.mint();
      TransferService crashing =
          new TransferService(
              ledger.database,
              Clock.systemUTC(),
              NoTornTransactionsTest.crashAt("postingsWritten"));
      assertThatThrownBy(() -> crashing.submit(TestActors.TELLER, crashed, eur(CAFE, MEHMET, 200)))
          .isInstanceOf(NoTornTransactionsTest.SimulatedCrash.class);
      assertThat(probe.counter()).isEqualTo(1);

      // Neither a rejection nor an invalid request takes a number.
      assertThat(
              service.submit(
                  TestActors.TELLER, IdempotencyKey.mint(), eur(LEONIE, JONAS, 1_000_000)))
          .isInstanceOf(TransferOutcome.Rejected.class);
      assertThat(service.submit(TestActors.TELLER, IdempotencyKey.mint(), eur(AMELIE, AMELIE, 5)))
          .isInstanceOf(TransferOutcome.Invalid.class);

      assertThat(post(service, JONAS, MEHMET, 300)).isEqualTo("T-000002");
      assertThat(service.submit(TestActors.TELLER, crashed, eur(CAFE, MEHMET, 200)))
          .isInstanceOfSatisfying(
              TransferOutcome.Posted.class, p -> assertThat(p.reference()).isEqualTo("T-000003"));
      assertThat(probe.referenceNumbers()).isEqualTo(oneTo(3));
    }
  }
}

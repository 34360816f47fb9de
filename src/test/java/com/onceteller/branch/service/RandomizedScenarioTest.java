package com.onceteller.branch.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.branch.ledger.DemoData;
import com.onceteller.domain.AccountStatus;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.RejectionReason;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random sequences of submit / retry / replay / mismatch / insufficient funds / invalid-then-fixed
 * / compaction / restart, checked against an in-test model of the ledger after every step. The seed
 * is printed; rerun a failure with {@code -Donceteller.seed=<seed>}.
 */
class RandomizedScenarioTest {

  static final int STEPS = 300;

  @TempDir Path dir;

  /** What the model says is stored for a key. */
  record Stored(
      TransferRequest request,
      RejectionReason reason,
      String reference,
      Instant decidedAt,
      boolean compacted) {
    boolean posted() {
      return reason == null;
    }
  }

  /** A key answered Invalid (not stored), and the corrected request the teller will send. */
  record Pending(IdempotencyKey key, TransferRequest wrong, TransferRequest corrected) {}

  // The model.
  final Map<Integer, Long> balances = new LinkedHashMap<>();
  final Map<IdempotencyKey, Stored> stored = new LinkedHashMap<>();
  final List<IdempotencyKey> storedKeys = new ArrayList<>();
  final List<Pending> pending = new ArrayList<>();
  final Set<String> references = new HashSet<>();
  long postedCount;

  Random random;
  MutableClock clock;
  TestLedger ledger;
  LedgerProbe probe;
  TransferService service;
  String where;

  @Test
  void randomSequencesOfSubmitsRetriesAndMismatchesAgreeWithTheModelAfterEveryStep() {
    long seed = Long.getLong("onceteller.seed", new SecureRandom().nextLong());
    System.out.println(
        "RandomizedScenarioTest seed=" + seed + " (rerun: -Donceteller.seed=" + seed + ")");
    random = new Random(seed);
    clock = new MutableClock();
    for (int i = 0; i < DemoData.ACCOUNTS.size(); i++) {
      balances.put(i, DemoData.ACCOUNTS.get(i).balanceMinor());
    }
    openLedger();
    Map<String, Integer> counts = new LinkedHashMap<>();
    int restarts = 0;
    try {
      for (int step = 0; step < STEPS; step++) {
        clock.advance(Duration.ofSeconds(1 + random.nextInt(600)));
        int dice = random.nextInt(100);
        String op;
        if (dice < 35 || stored.isEmpty()) {
          op = "new";
        } else if (dice < 55) {
          op = "retry";
        } else if (dice < 65) {
          op = "mismatch";
        } else if (dice < 75) {
          op = "insufficient";
        } else if (dice < 85) {
          op = "invalid";
        } else if (dice < 95) {
          op = pending.isEmpty() ? "retry" : "corrected";
        } else if (dice < 98) {
          op = "compact";
        } else {
          op = restarts < 2 ? "restart" : "retry";
        }
        where = "seed " + seed + " step " + step + " (" + op + ")";
        switch (op) {
          case "new" -> submitNew(randomValidRequest());
          case "insufficient" -> submitNew(insufficientRequest());
          case "retry" -> retry();
          case "mismatch" -> mismatch();
          case "invalid" -> invalid();
          case "corrected" -> corrected();
          case "compact" -> compact();
          case "restart" -> {
            restarts++;
            ledger.close();
            openLedger();
          }
          default -> throw new IllegalStateException(op);
        }
        counts.merge(op, 1, Integer::sum);
        checkLedgerAgreesWithModel();
      }
    } finally {
      ledger.close();
    }
    System.out.println("RandomizedScenarioTest steps " + counts + ", posted " + postedCount);
  }

  private void openLedger() {
    ledger = TestLedger.open(dir);
    probe = new LedgerProbe(ledger);
    service = new TransferService(ledger.database, clock, ServiceObserver.NONE);
  }

  // ---- Operations ----------------------------------------------------------------------------

  private void submitNew(TransferRequest request) {
    IdempotencyKey key = IdempotencyKey.mint();
    decideFresh(key, request, service.submit(TestActors.TELLER, key, request));
  }

  /** Checks a first answer against the model's prediction and records it. */
  private void decideFresh(IdempotencyKey key, TransferRequest request, TransferOutcome outcome) {
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    RejectionReason expected = predict(request);
    if (expected == null) {
      assertThat(outcome).as(where).isInstanceOf(TransferOutcome.Posted.class);
      var p = (TransferOutcome.Posted) outcome;
      assertThat(p.replayed()).as(where).isFalse();
      assertThat(p.postedAt()).as(where).isEqualTo(now);
      assertThat(references.add(p.reference())).as(where + " fresh reference").isTrue();
      int from = index(request.fromAccount());
      int to = index(request.toAccount());
      balances.merge(from, -request.amountMinor(), Long::sum);
      balances.merge(to, request.amountMinor(), Long::sum);
      postedCount++;
      remember(key, new Stored(request, null, p.reference(), now, false));
    } else {
      assertThat(outcome).as(where).isInstanceOf(TransferOutcome.Rejected.class);
      var r = (TransferOutcome.Rejected) outcome;
      assertThat(r.reason()).as(where).isEqualTo(expected);
      assertThat(r.replayed()).as(where).isFalse();
      remember(key, new Stored(request, expected, null, now, false));
    }
  }

  private void remember(IdempotencyKey key, Stored s) {
    stored.put(key, s);
    storedKeys.add(key);
  }

  private void retry() {
    IdempotencyKey key = storedKeys.get(random.nextInt(storedKeys.size()));
    Stored s = stored.get(key);
    TransferOutcome outcome = service.submit(TestActors.TELLER, key, s.request());
    if (s.posted()) {
      assertThat(outcome)
          .as(where)
          .isEqualTo(
              new TransferOutcome.Posted(key, s.reference(), s.request(), s.decidedAt(), true));
    } else {
      assertThat(outcome).as(where).isInstanceOf(TransferOutcome.Rejected.class);
      var r = (TransferOutcome.Rejected) outcome;
      assertThat(r.reason()).as(where).isEqualTo(s.reason());
      assertThat(r.replayed()).as(where).isTrue();
      assertThat(r.decidedAt()).as(where).isEqualTo(s.decidedAt());
      assertThat(r.request()).as(where).isEqualTo(s.request());
    }
  }

  private void mismatch() {
    IdempotencyKey key = storedKeys.get(random.nextInt(storedKeys.size()));
    Stored s = stored.get(key);
    TransferRequest changed =
        random.nextBoolean()
            ? s.request().withAmount(s.request().amountMinor() + 1 + random.nextInt(1000))
            : new TransferRequest(
                s.request().fromAccount(),
                s.request().toAccount(),
                s.request().amountMinor(),
                s.request().currency(),
                s.request().memo() + " again");
    TransferOutcome outcome = service.submit(TestActors.TELLER, key, changed);
    assertThat(outcome).as(where).isInstanceOf(TransferOutcome.KeyReused.class);
    var r = (TransferOutcome.KeyReused) outcome;
    assertThat(r.attempted()).as(where).isEqualTo(changed);
    // A compacted rejection has nothing left to show but its fingerprint.
    assertThat(r.original()).as(where).isEqualTo(s.compacted() && !s.posted() ? null : s.request());
    assertThat(r.originalReference()).as(where).isEqualTo(s.reference());
  }

  private void invalid() {
    TransferRequest good = randomValidRequest();
    TransferRequest wrong =
        switch (random.nextInt(4)) {
          case 0 -> good.withAmount(0);
          case 1 ->
              new TransferRequest(
                  good.fromAccount(), good.fromAccount(), good.amountMinor(), good.currency(), "");
          case 2 ->
              new TransferRequest(
                  good.fromAccount(),
                  good.toAccount(),
                  good.amountMinor(),
                  good.currency().equals("EUR") ? "USD" : "EUR",
                  good.memo());
          default ->
              new TransferRequest(
                  good.fromAccount(),
                  good.toAccount(),
                  good.amountMinor(),
                  good.currency(),
                  good.memo() + "\t");
        };
    IdempotencyKey key = IdempotencyKey.mint();
    assertThat(service.submit(TestActors.TELLER, key, wrong))
        .as(where)
        .isInstanceOf(TransferOutcome.Invalid.class);
    pending.add(new Pending(key, wrong, good));
  }

  private void corrected() {
    Pending p = pending.remove(random.nextInt(pending.size()));
    decideFresh(p.key(), p.corrected(), service.submit(TestActors.TELLER, p.key(), p.corrected()));
  }

  private void compact() {
    clock.advance(Duration.ofDays(8));
    int expected = (int) stored.values().stream().filter(s -> !s.compacted()).count();
    int done =
        new ReplayCompactor(ledger.database, clock)
            .compactOlderThan(ReplayCompactor.DEFAULT_RETENTION);
    assertThat(done).as(where).isEqualTo(expected);
    stored.replaceAll(
        (k, s) -> new Stored(s.request(), s.reason(), s.reference(), s.decidedAt(), true));
  }

  // ---- Request generators and the model's decision -------------------------------------------

  private TransferRequest randomValidRequest() {
    String currency = random.nextInt(3) == 0 ? "USD" : "EUR";
    List<Integer> accounts = accountsIn(currency);
    int from = accounts.get(random.nextInt(accounts.size()));
    int to;
    do {
      to = accounts.get(random.nextInt(accounts.size()));
    } while (to == from);
    long balance = balances.get(from);
    long amount =
        balance > 1 && random.nextInt(10) > 0
            ? 1 + (long) (random.nextDouble() * Math.min(balance / 3, 500_000))
            : 1 + random.nextInt(100_000);
    return new TransferRequest(
        TestLedger.number(from),
        TestLedger.number(to),
        Math.max(1, amount),
        currency,
        "Step memo " + random.nextInt(1000));
  }

  private TransferRequest insufficientRequest() {
    TransferRequest r = randomValidRequest();
    long balance = balances.get(index(r.fromAccount()));
    return r.withAmount(balance + 1 + random.nextInt(10_000));
  }

  private static List<Integer> accountsIn(String currency) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < DemoData.ACCOUNTS.size(); i++) {
      if (DemoData.ACCOUNTS.get(i).currency().equals(currency)) {
        out.add(i);
      }
    }
    return out;
  }

  private RejectionReason predict(TransferRequest r) {
    int from = index(r.fromAccount());
    int to = index(r.toAccount());
    AccountStatus fs = DemoData.ACCOUNTS.get(from).status();
    AccountStatus ts = DemoData.ACCOUNTS.get(to).status();
    if (fs == AccountStatus.CLOSED) {
      return RejectionReason.SOURCE_CLOSED;
    }
    if (fs == AccountStatus.FROZEN) {
      return RejectionReason.SOURCE_FROZEN;
    }
    if (ts == AccountStatus.CLOSED) {
      return RejectionReason.DESTINATION_CLOSED;
    }
    if (ts == AccountStatus.FROZEN) {
      return RejectionReason.DESTINATION_FROZEN;
    }
    if (balances.get(from) < r.amountMinor()) {
      return RejectionReason.INSUFFICIENT_FUNDS;
    }
    return null;
  }

  private static int index(String number) {
    for (int i = 0; i < DemoData.ACCOUNTS.size(); i++) {
      if (DemoData.ACCOUNTS.get(i).number().equals(number)) {
        return i;
      }
    }
    throw new IllegalArgumentException(number);
  }

  private void checkLedgerAgreesWithModel() {
    Map<String, Long> expected = new LinkedHashMap<>();
    balances.forEach((i, b) -> expected.put(TestLedger.number(i), b));
    assertThat(probe.balances()).as(where + " balances").isEqualTo(expected);
    assertThat(probe.allTransfers()).as(where + " transfers").isEqualTo(postedCount);
    assertThat(probe.allRecords()).as(where + " stored decisions").isEqualTo(stored.size());
  }
}

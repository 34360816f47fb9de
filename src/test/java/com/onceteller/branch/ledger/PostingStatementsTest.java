package com.onceteller.branch.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.onceteller.TestLedger;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.hibernate.Session;
import org.hibernate.StaleObjectStateException;
import org.hibernate.Transaction;
import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The plain statements of a new posting ({@link PostingHead} and the engine's tail) on a real H2
 * file and a real PostgreSQL: they read what the entities would, collide on a claimed key as the
 * entity's insert does, and write a balance back only over the version they read.
 */
class PostingStatementsTest {

  @TempDir Path dir;

  private static final String TELLER = "anna";

  @ParameterizedTest
  @EnumSource(TestLedger.Engine.class)
  void accountsReadPlainCarryTheSameStateAsTheEntities(TestLedger.Engine engine) {
    try (TestLedger ledger = TestLedger.open(engine, dir)) {
      ledger
          .database
          .sessionFactory()
          .inTransaction(
              s -> {
                Account[] plain =
                    PostingHead.accounts(s, TestLedger.number(0), TestLedger.number(1), pg(engine));
                for (Account a : plain) {
                  Account entity = s.find(Account.class, a.getId());
                  assertThat(a).usingRecursiveComparison().isEqualTo(entity).isNotSameAs(entity);
                  assertThat(s.contains(a)).isFalse();
                }
                assertThat(plain[0].getNumber()).isEqualTo(TestLedger.number(0));
                assertThat(plain[1].getNumber()).isEqualTo(TestLedger.number(1));
                assertThat(
                        PostingHead.accounts(s, TestLedger.number(0), "DE00NOSUCHACCOUNT", false))
                    .satisfies(a -> assertThat(a[1]).isNull());
              });
    }
  }

  @ParameterizedTest
  @EnumSource(TestLedger.Engine.class)
  void aSecondClaimOnTheSameKeyCollidesAndTheProbeSeesOnlyCommittedScopes(
      TestLedger.Engine engine) {
    try (TestLedger ledger = TestLedger.open(engine, dir)) {
      IdempotencyKey key = IdempotencyKey.mint();
      TransferRequest request = request(100);
      Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
      try (Session s = ledger.database.sessionFactory().openSession()) {
        Transaction tx = s.beginTransaction();
        assertThat(PostingHead.storedId(s, TELLER, key.value())).isNull();
        long id = PostingHead.insertClaim(s, claim(key, request, now), pg(engine));
        assertThat(id).isPositive();
        assertThat(PostingHead.storedId(s, TELLER, key.value())).isEqualTo(id);
        assertThat(PostingHead.storedId(s, "ben", key.value())).isNull();
        assertThatThrownBy(() -> PostingHead.insertClaim(s, claim(key, request, now), pg(engine)))
            .isInstanceOf(ConstraintViolationException.class);
        tx.rollback();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestLedger.Engine.class)
  void aBalanceChangedSinceItWasReadIsNotWrittenOverAndNothingOfThePostingStays(
      TestLedger.Engine engine) {
    try (TestLedger ledger = TestLedger.open(engine, dir)) {
      long before = ledger.balance(0);
      long transfersBefore = count(ledger, "transfer");
      IdempotencyKey key = IdempotencyKey.mint();
      TransferRequest request = request(2_500);
      Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
      try (Session s = ledger.database.sessionFactory().openSession()) {
        Transaction tx = s.beginTransaction();
        long claimId = PostingHead.insertClaim(s, claim(key, request, now), pg(engine));
        Account[] accounts =
            PostingHead.accounts(s, request.fromAccount(), request.toAccount(), pg(engine));
        // Another writer moves the paying account's version on after the read.
        s.doWork(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement("update account set version = version + 1 where id = ?")) {
                ps.setLong(1, accounts[0].getId());
                assertThat(ps.executeUpdate()).isEqualTo(1);
              }
            });
        Transfer.Movement movement =
            Transfer.move(TELLER, key.value(), accounts[0], accounts[1], 2_500, "", now);
        assertThatThrownBy(() -> tail(engine, s, movement, claimId))
            .isInstanceOf(StaleObjectStateException.class);
        tx.rollback();
      }
      assertThat(ledger.balance(0)).isEqualTo(before);
      assertThat(count(ledger, "transfer")).isEqualTo(transfersBefore);
    }
  }

  @ParameterizedTest
  @EnumSource(TestLedger.Engine.class)
  void aPostingWrittenPlainMovesTheMoneyNumbersItAndDecidesTheClaim(TestLedger.Engine engine) {
    try (TestLedger ledger = TestLedger.open(engine, dir)) {
      long from = ledger.balance(0);
      long to = ledger.balance(1);
      IdempotencyKey key = IdempotencyKey.mint();
      TransferRequest request = request(1_234);
      Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
      String reference =
          ledger
              .database
              .sessionFactory()
              .fromTransaction(
                  s -> {
                    long claimId = PostingHead.insertClaim(s, claim(key, request, now), pg(engine));
                    Account[] a =
                        PostingHead.accounts(
                            s, request.fromAccount(), request.toAccount(), pg(engine));
                    Transfer.Movement m =
                        Transfer.move(TELLER, key.value(), a[0], a[1], 1_234, "", now);
                    return tail(engine, s, m, claimId);
                  });
      assertThat(reference).matches("T-\\d{6,}");
      assertThat(ledger.balance(0)).isEqualTo(from - 1_234);
      assertThat(ledger.balance(1)).isEqualTo(to + 1_234);
      ledger
          .database
          .sessionFactory()
          .inSession(
              s -> {
                IdempotencyRecord r =
                    s.createSelectionQuery(
                            "from IdempotencyRecord r where r.key = :k", IdempotencyRecord.class)
                        .setParameter("k", key.value())
                        .getSingleResult();
                assertThat(r.getOutcome()).isEqualTo(IdempotencyRecord.Decision.POSTED);
                assertThat(r.getTransfer().getReference()).isEqualTo(reference);
                assertThat(r.getBusinessDate()).isEqualTo(openDay(s));
              });
    }
  }

  private static boolean pg(TestLedger.Engine engine) {
    return engine == TestLedger.Engine.POSTGRESQL;
  }

  private static String tail(
      TestLedger.Engine engine, Session s, Transfer.Movement movement, long claimId) {
    return pg(engine)
        ? PostgresPostingTail.write(s, movement, claimId, openDay(s))
        : H2PostingTail.write(s, movement, claimId, openDay(s));
  }

  private static TransferRequest request(long amount) {
    return new TransferRequest(TestLedger.number(0), TestLedger.number(1), amount, "EUR", "");
  }

  private static IdempotencyRecord claim(IdempotencyKey key, TransferRequest r, Instant now) {
    return IdempotencyRecord.claim(TELLER, key.value(), r.fingerprint(), r.canonicalForm(), now);
  }

  private static LocalDate openDay(Session s) {
    return s.createNativeQuery(
            "select business_date from business_day where state = 'OPEN'", LocalDate.class)
        .getSingleResult();
  }

  private static long count(TestLedger ledger, String table) {
    return ledger
        .database
        .sessionFactory()
        .fromSession(
            s ->
                s.doReturningWork(
                    c -> {
                      try (PreparedStatement ps =
                              c.prepareStatement("select count(*) from " + table);
                          ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                      }
                    }));
  }
}

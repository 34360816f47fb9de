package com.onceteller.branch.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.AccountStatus;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger's own guarantees: demo data, append-only journal, constraints in the schema. */
class LedgerInvariantsTest {

  @TempDir static Path dir;
  static TestLedger ledger;

  @BeforeAll
  static void open() {
    ledger = TestLedger.open(dir);
  }

  @AfterAll
  static void close() {
    ledger.close();
  }

  @Test
  void theDemoDataIsADozenAccountsInTwoCurrenciesInstalledOnce() {
    assertThat(ledger.queries.accounts()).hasSize(12);
    assertThat(
            DemoData.ACCOUNTS.stream()
                .map(DemoData.DemoAccount::currency)
                .collect(Collectors.toSet()))
        .isEqualTo(Set.of("EUR", "USD"));
    assertThat(DemoData.ACCOUNTS)
        .extracting(DemoData.DemoAccount::status)
        .contains(AccountStatus.OPEN, AccountStatus.FROZEN, AccountStatus.CLOSED);
    assertThat(DemoData.installIfEmpty(ledger.database)).isFalse();
    assertThat(ledger.queries.accounts()).hasSize(12);
  }

  @Test
  void aPostedJournalEntryOrTransferCannotBeUpdatedInPlaceThroughHibernate() {
    new TransferService(ledger.database)
        .submit(
            TestActors.TELLER,
            IdempotencyKey.mint(),
            new TransferRequest(TestLedger.number(0), TestLedger.number(1), 100, "EUR", ""));

    assertThatThrownBy(
            () ->
                ledger
                    .database
                    .sessionFactory()
                    .inTransaction(
                        s ->
                            s.createMutationQuery("update JournalEntry j set j.amountMinor = 1")
                                .executeUpdate()))
        .hasMessageContaining("immutable entity");
    assertThatThrownBy(
            () ->
                ledger
                    .database
                    .sessionFactory()
                    .inTransaction(
                        s ->
                            s.createMutationQuery("update Transfer t set t.memo = 'edited'")
                                .executeUpdate()))
        .hasMessageContaining("immutable entity");
    assertThat(ledger.queries.countTransfers()).isPositive();
  }

  @Test
  void theSchemaRefusesAZeroJournalEntryAndAnUnknownAccountStatus() {
    assertThatThrownBy(
            () ->
                sql(
                    "insert into journal_entry (transfer_id, account_id, amount_minor, currency,"
                        + " posted_at) values (1, 1, 0, 'EUR', current_timestamp)"))
        .isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> sql("update account set status = 'SLEEPING' where id = 1"))
        .isInstanceOf(SQLException.class);
  }

  @Test
  void theSchemaRefusesAVoidWithoutWhoAndWhyOrWithATransferAndAMissingFingerprintElsewhere() {
    String columns =
        "insert into idempotency_record (idempotency_key, fingerprint, outcome, transfer_id,"
            + " voided_by, void_reason, decided_at) values (random_uuid(), ";
    String fp = "'" + "a".repeat(64) + "'";
    for (String values :
        new String[] {
          "null, 'VOIDED', null, null, 'why', current_timestamp)",
          "null, 'VOIDED', null, 'who', null, current_timestamp)",
          "null, 'VOIDED', (select min(id) from transfer), 'who', 'why', current_timestamp)",
          fp + ", 'REJECTED', null, 'who', 'why', current_timestamp)",
          "null, 'REJECTED', null, null, null, current_timestamp)",
          fp + ", 'CANCELLED', null, null, null, current_timestamp)"
        }) {
      assertThatThrownBy(() -> sql(columns + values)).as(values).isInstanceOf(SQLException.class);
    }
    assertThatThrownBy(
            () ->
                sql(
                    "insert into idempotency_record (idempotency_key, fingerprint, outcome,"
                        + " request_canonical, voided_by, void_reason, decided_at) values"
                        + " (random_uuid(), null, 'VOIDED', 'transfer/v1', 'who', 'why',"
                        + " current_timestamp)"))
        .as("a void without a fingerprint cannot keep a request")
        .isInstanceOf(SQLException.class);
  }

  @Test
  void theReferenceCounterCannotGoBelowZero() {
    assertThatThrownBy(() -> sql("update reference_counter set last_value = -1"))
        .isInstanceOf(SQLException.class);
  }

  @Test
  void aPostedTransferWritesOneDebitAndOneCreditThatSumToZero() {
    IdempotencyKey key = IdempotencyKey.mint();
    var posted =
        (TransferOutcome.Posted)
            new TransferService(ledger.database)
                .submit(
                    TestActors.TELLER,
                    key,
                    new TransferRequest(
                        TestLedger.number(8), TestLedger.number(9), 4_200, "USD", ""));
    var legs =
        ledger
            .database
            .sessionFactory()
            .fromSession(
                s ->
                    s.createSelectionQuery(
                            "select j.amountMinor from JournalEntry j where j.transfer.reference = :r"
                                + " order by j.amountMinor",
                            Long.class)
                        .setParameter("r", posted.reference())
                        .getResultList());

    assertThat(legs).containsExactly(-4_200L, 4_200L);
  }

  private static void sql(String statement) throws SQLException {
    try (Connection c = ledger.database.dataSource().getConnection();
        Statement st = c.createStatement()) {
      try {
        st.executeUpdate(statement);
        c.commit();
      } finally {
        c.rollback();
      }
    }
  }
}

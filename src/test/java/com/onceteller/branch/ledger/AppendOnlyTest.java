package com.onceteller.branch.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database itself refuses to rewrite history, whoever asks (not only Hibernate). */
class AppendOnlyTest {

  @TempDir Path dir;

  @Test
  void journalTransfersKeysAndAccountsCannotBeRewrittenEvenWithPlainSql() throws Exception {
    try (TestLedger ledger = TestLedger.open(dir)) {
      TransferOutcome posted =
          new TransferService(ledger.database)
              .submit(
                  TestActors.TELLER,
                  IdempotencyKey.mint(),
                  new TransferRequest(
                      TestLedger.number(0), TestLedger.number(1), 500, "EUR", "Rent"));
      assertThat(posted).isInstanceOf(TransferOutcome.Posted.class);
      long before = ledger.queries.countTransfers();
      for (String sql :
          new String[] {
            "delete from journal_entry",
            "update journal_entry set amount_minor = amount_minor * 2",
            "delete from transfer",
            "update transfer set amount_minor = 1",
            "delete from idempotency_record",
            "delete from account where balance_minor = 0"
          }) {
        try (Connection c = ledger.database.dataSource().getConnection();
            Statement st = c.createStatement()) {
          assertThatThrownBy(() -> st.executeUpdate(sql))
              .as(sql)
              .isInstanceOf(SQLException.class)
              .hasMessageContaining("append-only");
          c.rollback();
        }
      }
      assertThat(ledger.queries.countTransfers()).isEqualTo(before);
    }
  }

  @Test
  void incidentsAreAppendOnlyAndTheReferenceCounterIsNeverDeleted() throws Exception {
    try (TestLedger ledger = TestLedger.open(dir)) {
      var r =
          new TransferService(ledger.database)
              .restoreAcknowledged(
                  TestActors.TELLER,
                  IdempotencyKey.mint(),
                  new TransferRequest(TestLedger.number(0), TestLedger.number(1), 500, "EUR", ""),
                  "T-000001",
                  java.time.Instant.parse("2025-03-14T10:00:00Z"),
                  null);
      assertThat(r.restored()).isTrue();
      for (String sql :
          new String[] {
            "delete from ledger_incident",
            "update ledger_incident set detail = 'nothing happened'",
            "delete from reference_counter"
          }) {
        try (Connection c = ledger.database.dataSource().getConnection();
            Statement st = c.createStatement()) {
          assertThatThrownBy(() -> st.executeUpdate(sql))
              .as(sql)
              .isInstanceOf(SQLException.class)
              .hasMessageContaining("append-only");
          c.rollback();
        }
      }
      // The counter row itself must move forward: updating it is what posting does.
      try (Connection c = ledger.database.dataSource().getConnection();
          Statement st = c.createStatement()) {
        assertThat(st.executeUpdate("update reference_counter set last_value = last_value + 1"))
            .isEqualTo(1);
        c.rollback();
      }
    }
  }
}

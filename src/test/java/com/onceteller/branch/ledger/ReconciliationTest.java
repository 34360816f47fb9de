package com.onceteller.branch.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconciliationTest {

  @TempDir Path dir;
  private Path file;

  @BeforeEach
  void ledgerWithThreeTransfers() {
    try (TestLedger ledger = TestLedger.open(dir)) {
      file = ledger.file;
      TransferService service = new TransferService(ledger.database);
      for (long amount : new long[] {1_000, 2_000, 3_000}) {
        TransferOutcome o =
            service.submit(
                TestActors.TELLER,
                IdempotencyKey.mint(),
                new TransferRequest(
                    TestLedger.number(0), TestLedger.number(1), amount, "EUR", "Rent"));
        assertThat(o).isInstanceOf(TransferOutcome.Posted.class);
      }
    }
  }

  private void tamper(String... sql) throws Exception {
    String base = file.toString().substring(0, file.toString().length() - ".mv.db".length());
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + base, "sa", "");
        Statement st = c.createStatement()) {
      // Corruption does not ask permission: a foreign tool or a torn store bypasses the
      // append-only triggers, so the tampering removes them first.
      TestLedger.dropAppendOnlyTriggers(c);
      for (String s : sql) {
        st.executeUpdate(s);
      }
      TestLedger.restoreAppendOnlyTriggers(c);
    }
  }

  private static String sha256(Path p) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
  }

  /** Opens the tampered file, expects a refusal, and checks the file was not touched. */
  private String refusal() throws Exception {
    String before = sha256(file);
    DatabaseOpenException e =
        catchThrowableOfType(
            DatabaseOpenException.class, () -> Database.open(DatabaseSettings.h2File(file)));
    assertThat(e).as("opening an inconsistent ledger must be refused").isNotNull();
    assertThat(e.reason()).isEqualTo(DatabaseOpenException.Reason.LEDGER_INCONSISTENT);
    assertThat(sha256(file)).as("the file is left untouched").isEqualTo(before);
    return e.getMessage();
  }

  @Test
  void aConsistentLedgerReopensForPosting() {
    try (TestLedger reopened = TestLedger.openFile(file)) {
      assertThat(reopened.queries.countTransfers()).isEqualTo(3);
    }
  }

  @Test
  void aTransferMissingAJournalEntryIsRefusedByName() throws Exception {
    tamper(
        "delete from journal_entry where id = (select max(j.id) from journal_entry j"
            + " join transfer t on t.id = j.transfer_id where t.reference = 'T-000002')");
    assertThat(refusal())
        .contains("transfer T-000002 has 1 journal entries, not 2")
        .contains("does not reconcile")
        .contains("left untouched");
  }

  @Test
  void aBalanceThatDisagreesWithTheJournalIsRefused() throws Exception {
    tamper(
        "update account set balance_minor = balance_minor + 56 where number = '"
            + TestLedger.number(3)
            + "'");
    assertThat(refusal())
        .contains("account " + TestLedger.number(3) + " has balance 12556")
        .contains("opening balance and journal give 12500");
  }

  @Test
  void aJournalPairThatDoesNotSumToZeroIsRefused() throws Exception {
    tamper(
        "update journal_entry set amount_minor = amount_minor + 1 where amount_minor = 3000",
        "update account set balance_minor = balance_minor + 1 where number = '"
            + TestLedger.number(1)
            + "'");
    assertThat(refusal()).contains("the journal entries of transfer T-000003 sum to 1, not 0");
  }

  @Test
  void aPostedKeyPointingAtAnotherTransferIsRefused() throws Exception {
    tamper(
        "update idempotency_record set transfer_id = (select id from transfer where reference ="
            + " 'T-000001') where transfer_id = (select id from transfer where reference ="
            + " 'T-000002')");
    assertThat(refusal())
        .containsPattern("key [0-9a-f-]{36} is recorded as posted by the transfer of key");
  }

  @Test
  void aTransferWithoutItsKeyRecordIsRefused() throws Exception {
    tamper(
        "delete from idempotency_record where transfer_id = (select id from transfer where"
            + " reference = 'T-000003')");
    assertThat(refusal()).contains("transfer T-000003 (key ").contains("has no idempotency record");
  }

  @Test
  void aJournalEntryWithoutItsTransferIsRefused() throws Exception {
    tamper(
        "set referential_integrity false",
        "delete from idempotency_record where transfer_id = (select id from transfer where"
            + " reference = 'T-000001')",
        "delete from transfer where reference = 'T-000001'");
    assertThat(refusal()).contains("which does not exist");
  }

  @Test
  void aVoidedKeyThatAlsoHasATransferIsRefused() throws Exception {
    tamper(
        "update idempotency_record set outcome = 'VOIDED', voided_by = 'Teller', void_reason ="
            + " 'Abandoned', transfer_id = null where transfer_id = (select id from"
            + " transfer where reference = 'T-000002')");
    assertThat(refusal())
        .containsPattern("key [0-9a-f-]{36} is recorded as voided but has transfer T-000002");
  }

  @Test
  void aReferenceCounterBehindThePostedReferencesIsRefused() throws Exception {
    tamper("update reference_counter set last_value = 1");
    assertThat(refusal())
        .contains(
            "the reference counter stands at 1 but reference T-000003 exists: the next posting"
                + " would reuse a reference");
  }

  @Test
  void aDailyLimitTotalThatDisagreesWithTheTransfersIsRefused() throws Exception {
    tamper("update teller_day_total set posted_minor = posted_minor - 1000");
    assertThat(refusal())
        .contains("teller anna has posted 6000 EUR (minor units) today")
        .contains("the running total used for the daily limit says 5000");
  }

  @Test
  void aMissingReferenceCounterIsRefused() throws Exception {
    tamper("delete from reference_counter");
    assertThat(refusal()).contains("the reference counter is missing");
  }
}

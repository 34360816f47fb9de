package com.onceteller.branch.service;

import static com.onceteller.branch.service.Requests.AMELIE;
import static com.onceteller.branch.service.Requests.CAFE;
import static com.onceteller.branch.service.Requests.JONAS;
import static com.onceteller.branch.service.Requests.eur;
import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.branch.ledger.DemoData;
import com.onceteller.domain.AccountNumbers;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferSummary;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read side the UI uses: records only, searchable the way a teller searches. */
class LedgerQueriesTest {

  @TempDir static Path dir;
  static TestLedger ledger;
  static LedgerQueries queries;
  static IdempotencyKey key;
  static TransferOutcome.Posted posted;

  @BeforeAll
  static void open() {
    ledger = TestLedger.open(dir);
    queries = ledger.queries;
    TransferService service = new TransferService(ledger.database);
    key = IdempotencyKey.mint();
    posted =
        (TransferOutcome.Posted)
            service.submit(TestActors.TELLER, key, eur(AMELIE, JONAS, 4_711, "Gift"));
    service.submit(TestActors.TELLER, IdempotencyKey.mint(), eur(CAFE, JONAS, 100, "Coffee beans"));
  }

  @AfterAll
  static void close() {
    ledger.close();
  }

  @Test
  void anAccountIsFoundByItsNumberHoweverItIsTyped() {
    String pretty = AccountNumbers.pretty(TestLedger.number(AMELIE)).toLowerCase();

    assertThat(queries.account(pretty))
        .hasValueSatisfying(a -> assertThat(a.holder()).isEqualTo("Amelie Hartmann"));
    assertThat(queries.account("")).isEmpty();
    assertThat(queries.account("DE00")).isEmpty();
  }

  @Test
  void accountsAreSearchedByNumberPrefixOrHolderName() {
    assertThat(queries.searchAccounts("hartmann", 10))
        .extracting(a -> a.holder())
        .containsExactly("Amelie Hartmann");
    assertThat(queries.searchAccounts("café", 10))
        .extracting(a -> a.holder())
        .containsExactly("Café Morgenrot GmbH");
    assertThat(queries.searchAccounts(TestLedger.number(JONAS).substring(0, 8), 10))
        .extracting(a -> a.number())
        .contains(TestLedger.number(JONAS));
    assertThat(queries.searchAccounts("", 5)).hasSize(5);
    assertThat(queries.accounts()).hasSize(DemoData.ACCOUNTS.size());
  }

  @Test
  void theJournalIsSearchedByReferenceKeyAccountOrHolder() {
    Instant since = Instant.EPOCH;

    assertThat(queries.journal(since, "", 10)).hasSize(2);
    assertThat(queries.journal(since, posted.reference().toLowerCase(), 10))
        .extracting(TransferSummary::reference)
        .containsExactly(posted.reference());
    assertThat(queries.journal(since, key.toString().toUpperCase(), 10))
        .extracting(TransferSummary::key)
        .containsExactly(key);
    assertThat(queries.journal(since, "hartmann", 10))
        .extracting(TransferSummary::reference)
        .containsExactly(posted.reference());
    assertThat(queries.journal(since, "Jonas", 10)).hasSize(2);
    assertThat(queries.journal(Instant.now().plusSeconds(60), "", 10)).isEmpty();
  }

  @Test
  void aTransferIsFoundByItsKeyAndTotalsAreKeptPerCurrency() {
    assertThat(queries.transferByKey("anna", key))
        .hasValueSatisfying(
            t -> {
              assertThat(t.reference()).isEqualTo(posted.reference());
              assertThat(t.amountMinor()).isEqualTo(4_711);
              assertThat(t.memo()).isEqualTo("Gift");
              assertThat(t.postedAt()).isEqualTo(posted.postedAt());
            });
    assertThat(queries.transferByKey("anna", IdempotencyKey.mint())).isEmpty();
    assertThat(queries.countTransfers()).isEqualTo(2);
    assertThat(queries.countTransfersForKey(key.value())).isEqualTo(1);
    long eur =
        DemoData.ACCOUNTS.stream()
            .filter(a -> a.currency().equals("EUR"))
            .mapToLong(DemoData.DemoAccount::balanceMinor)
            .sum();
    assertThat(queries.totalsByCurrency()).containsEntry("EUR", eur).containsOnlyKeys("EUR", "USD");
  }
}

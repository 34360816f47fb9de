package com.onceteller.ui.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestLedger;
import com.onceteller.desk.client.Outbox;
import com.onceteller.desk.client.RetryPolicy;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.ui.ReplayTally;
import com.onceteller.ui.TaskRunner;
import com.onceteller.ui.UiFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The form's validation and states, driven without the JavaFX toolkit, on a real H2 ledger. */
class TransferFormViewModelTest {

  @TempDir Path dir;
  private UiFixture fx;
  private TransferFormViewModel vm;
  private volatile CountDownLatch settled = new CountDownLatch(1);

  private void open(Duration timeout, RetryPolicy policy) {
    fx = new UiFixture(dir, timeout, policy);
    vm = new TransferFormViewModel(fx.services, TaskRunner.direct(), new ReplayTally());
    vm.addSettledListener(() -> settled.countDown());
  }

  private void openStandard() {
    open(Duration.ofMillis(300), new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200), 5));
  }

  @AfterEach
  void close() throws Exception {
    if (fx != null) {
      fx.close();
    }
  }

  private void fill(int from, int to, String amount, String memo) {
    vm.from().textProperty().set(TestLedger.number(from));
    vm.to().textProperty().set(TestLedger.number(to));
    vm.amountTextProperty().set(amount);
    vm.memoProperty().set(memo);
  }

  private void awaitSettled() throws InterruptedException {
    assertThat(settled.await(20, TimeUnit.SECONDS)).as("submission settled").isTrue();
    settled = new CountDownLatch(1);
  }

  @Test
  void keyIsMintedWhenTheFormOpensAndRenewedOnlyByNewTransfer() {
    openStandard();
    IdempotencyKey first = vm.key();
    assertThat(first).isNotNull();
    fill(0, 1, "12.50", "Rent");
    vm.amountTextProperty().set("13");
    assertThat(vm.key()).isEqualTo(first);
    vm.newTransfer();
    assertThat(vm.key()).isNotEqualTo(first);
    assertThat(vm.amountTextProperty().get()).isEmpty();
    assertThat(vm.from().chosen()).isNull();
  }

  @Test
  void pickerFindsAnAccountByPartOfTheHolderNameAndShowsItsDetails() {
    openStandard();
    vm.from().textProperty().set("hartm");
    assertThat(vm.from().chosen()).isNotNull();
    assertThat(vm.from().chosen().holder()).isEqualTo("Amelie Hartmann");
    assertThat(vm.from().detailsProperty().get())
        .contains("Amelie Hartmann", "EUR", "open", "EUR 12,500.00");
  }

  @Test
  void amountIsValidatedAsTypedAndFormattedInTheAccountsCurrency() {
    openStandard();
    vm.from().textProperty().set(TestLedger.number(0));
    vm.amountTextProperty().set("1234,5");
    assertThat(vm.amountProblemProperty().get()).isEmpty();
    assertThat(vm.amountFormattedProperty().get()).isEqualTo("EUR 1,234.50");
    vm.amountTextProperty().set("1.234");
    assertThat(vm.amountProblemProperty().get()).contains("at most 2 decimals");
  }

  @Test
  void submittingTwicePostsOnce() throws Exception {
    openStandard();
    long before0 = fx.ledger.balance(0);
    fill(0, 1, "10.00", "Twice");
    vm.submit();
    vm.submit();
    awaitSettled();
    assertThat(vm.state()).isEqualTo(FormState.POSTED);
    vm.submit(); // posted: nothing more is sent
    assertThat(fx.transport.sends.get()).isEqualTo(1);
    assertThat(fx.ledger.queries.countTransfersForKey(vm.key().value())).isEqualTo(1);
    assertThat(fx.ledger.balance(0)).isEqualTo(before0 - 1_000);
  }

  @Test
  void insufficientFundsIsRejectedAndNotRetried() throws Exception {
    openStandard();
    Map<String, Long> totals = fx.ledger.totals();
    long before = fx.ledger.balance(3);
    fill(3, 0, "5,000.00", "");
    vm.submit();
    awaitSettled();
    assertThat(vm.state()).isEqualTo(FormState.REJECTED);
    assertThat(vm.headlineProperty().get()).contains("Insufficient funds");
    assertThat(fx.transport.sends.get()).isEqualTo(1);
    assertThat(vm.retry().attempts()).hasSize(1);
    assertThat(fx.ledger.balance(3)).isEqualTo(before);
    assertThat(fx.ledger.totals()).isEqualTo(totals);
  }

  @Test
  void hostileInputGetsAClearMessageAndNothingIsSent() {
    openStandard();
    Map<String, Long> totals = fx.ledger.totals();
    String[][] cases = {
      {"0", "Rent", "more than zero"},
      {"-5", "Rent", "without a sign"},
      {"1.001", "Rent", "at most 2 decimals"},
      {"1e5", "Rent", "scientific"},
      {"92233720368547758080", "Rent", "limit"},
      {"12", "x".repeat(10_000), "10000 characters"},
      {"12", "Rent\u0000", "control character"},
      {"12", "Rent\u202e", "invisible formatting mark"},
      {"12", "'; DROP TABLE account; --", "not allowed"},
      {"", "Rent", "Enter an amount"},
    };
    int checked = 0;
    for (String[] c : cases) {
      vm.newTransfer();
      fill(0, 1, c[0], c[1]);
      vm.submit();
      assertThat(vm.state()).as(c[0] + " / " + c[1].length()).isEqualTo(FormState.DRAFT);
      assertThat(vm.detailProperty().get()).startsWith("Not sent").containsIgnoringCase(c[2]);
      checked++;
    }
    vm.newTransfer();
    vm.from().textProperty().set("x".repeat(10_000));
    assertThat(vm.from().problemProperty().get()).contains("10000 characters");
    vm.from().textProperty().set("Amelie\u200f");
    assertThat(vm.from().problemProperty().get()).contains("invisible");
    vm.submit();
    assertThat(vm.detailProperty().get()).contains("Choose the paying account");
    System.out.println("hostile form inputs refused: " + (checked + 1));
    assertThat(fx.transport.sends.get()).isZero();
    assertThat(fx.outbox.inDoubt()).isEmpty();
    assertThat(fx.ledger.totals()).isEqualTo(totals);
    assertThat(fx.ledger.queries.countTransfers()).isZero();
  }

  @Test
  void editsAfterAnUnknownOutcomeAreNeverSentUnderTheOldKey() throws Exception {
    // three attempts, 300 ms timeout: attempts held at the gate end in doubt
    open(Duration.ofMillis(300), new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(50), 3));
    long before0 = fx.ledger.balance(0);
    fill(0, 1, "20.00", "Held");
    fx.transport.close();
    vm.submit();
    awaitSettled();
    assertThat(vm.state()).isEqualTo(FormState.IN_DOUBT);
    IdempotencyKey key = vm.key();
    fx.transport.open(); // the held attempt now reaches the ledger and posts

    vm.amountTextProperty().set("25.00");
    assertThat(vm.changedAfterUnknownProperty().get()).isTrue();
    int sends = fx.transport.sends.get();
    vm.submit();
    assertThat(fx.transport.sends.get()).isEqualTo(sends);
    assertThat(vm.detailProperty().get()).contains("Resend the original");

    vm.resendOriginal();
    awaitSettled();
    assertThat(vm.key()).isEqualTo(key);
    assertThat(vm.state()).isIn(FormState.ALREADY_POSTED, FormState.POSTED);
    assertThat(fx.ledger.queries.countTransfersForKey(key.value())).isEqualTo(1);
    assertThat(fx.ledger.balance(0)).isEqualTo(before0 - 2_000);
  }

  @Test
  void abandoningAnInDoubtTransferVoidsItsKeyInTheLedgerFirstThenMintsANewKey() throws Exception {
    open(Duration.ofMillis(300), new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(50), 1));
    fill(0, 1, "20.00", "Held");
    fx.transport.close();
    vm.submit();
    awaitSettled();
    IdempotencyKey key = vm.key();
    vm.amountTextProperty().set("21.00");
    vm.abandonAndStartNew();
    assertThat(fx.outbox.since(java.time.Instant.EPOCH))
        .anyMatch(e -> e.key().equals(key) && e.state() == Outbox.State.ABANDONED);
    assertThat(vm.key()).isNotEqualTo(key);
    assertThat(vm.state()).isEqualTo(FormState.DRAFT);
    assertThat(vm.amountTextProperty().get()).isEqualTo("21.00");
    assertThat(fx.ledger.queries.statusOf(com.onceteller.TestActors.TELLER, key).state())
        .isEqualTo(com.onceteller.domain.KeyStatus.State.VOIDED);
    fx.transport.open();
  }

  @Test
  void theFormsHeadlineCountsDownWithTheRetryPanelOneClockNotTwo() throws Exception {
    // a long full-jitter wait (seeded): the form stays in RETRY_WAIT while the test reads it
    open(
        Duration.ofMillis(200), new RetryPolicy(Duration.ofSeconds(60), Duration.ofSeconds(60), 3));
    fill(0, 1, "20.00", "Held");
    fx.transport.close();
    vm.submit();
    org.testfx.util.WaitForAsyncUtils.waitFor(
        20, TimeUnit.SECONDS, () -> vm.state() == FormState.RETRY_WAIT);
    java.time.Instant now = java.time.Instant.now();
    for (long later : new long[] {0, 1_000, 2_500}) {
      vm.retry().tick(now.plusMillis(later));
      String countdown = vm.retry().countdownTextProperty().get();
      assertThat(countdown).startsWith("Next attempt in");
      assertThat(vm.headlineProperty().get()).isEqualTo("In doubt — n" + countdown.substring(1));
    }
    vm.stopRetrying();
    awaitSettled();
    assertThat(vm.state()).isEqualTo(FormState.IN_DOUBT);
    fx.transport.open();
  }

  @Test
  void aClosedAccountAndAnAmountAboveTheBalanceAreFlaggedBeforeSending() {
    openStandard();
    fill(3, 0, "5,000.00", "");
    assertThat(vm.fields().amountWarningProperty().get())
        .contains("More than the EUR 125.00 available");
    vm.from().textProperty().set("Larsen");
    assertThat(vm.fields().fromWarningProperty().get()).contains("paying account is closed");
    assertThat(fx.transport.sends.get()).isZero();
  }
}

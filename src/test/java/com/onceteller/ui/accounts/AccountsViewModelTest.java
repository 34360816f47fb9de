package com.onceteller.ui.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestLedger;
import com.onceteller.ui.ReplayTally;
import com.onceteller.ui.TaskRunner;
import com.onceteller.ui.UiFixture;
import com.onceteller.ui.transfer.FormState;
import com.onceteller.ui.transfer.TransferFormViewModel;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal, driven without the toolkit on a real ledger and desk store. */
class AccountsViewModelTest {

  @TempDir Path dir;

  @Test
  void searchingTheJournalByAHoldersNameFindsRejectedTransfersToo() throws Exception {
    try (UiFixture fx = UiFixture.standard(dir.resolve("j"))) {
      TransferFormViewModel form =
          new TransferFormViewModel(fx.services, TaskRunner.direct(), new ReplayTally());
      CountDownLatch settled = new CountDownLatch(1);
      form.addSettledListener(settled::countDown);
      form.from().textProperty().set(TestLedger.number(3)); // Leonie Fischer, EUR 125.00
      form.to().textProperty().set(TestLedger.number(0));
      form.amountTextProperty().set("5000");
      form.submit();
      assertThat(settled.await(20, TimeUnit.SECONDS)).isTrue();
      assertThat(form.state()).isEqualTo(FormState.REJECTED);

      AccountsViewModel journal =
          new AccountsViewModel(fx.services, TaskRunner.direct(), new ReplayTally());
      journal.searchProperty().set("leonie fischer");
      assertThat(journal.journal())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.status()).isEqualTo("Rejected");
                assertThat(r.from()).isEqualTo("Leonie Fischer");
                assertThat(r.to()).isEqualTo("Amelie Hartmann");
              });
      journal.searchProperty().set("Hartmánn"); // accents typed or not, the same rows
      assertThat(journal.journal()).hasSize(1);
      journal.searchProperty().set("Weber");
      assertThat(journal.journal()).isEmpty();
    }
  }
}

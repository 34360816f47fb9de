package com.onceteller.ui.signon;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.domain.Actor;
import com.onceteller.domain.Role;
import com.onceteller.domain.SignOnResult;
import com.onceteller.ui.TaskRunner;
import com.onceteller.ui.UiThread;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

class SignOnViewModelTest {

  /** Background work held until the test lets it run, one task at a time, in order. */
  private final Queue<Runnable> background = new ArrayDeque<>();

  private final List<String> signOnsAsked = new ArrayList<>();
  private final List<SignOnResult.SignedOn> signedOn = new ArrayList<>();

  private final SignOnViewModel vm =
      new SignOnViewModel(
          new StubPort(
              (userId, password) -> {
                signOnsAsked.add(userId + "/" + new String(password));
                return new SignOnResult.SignedOn(new Actor(userId, Role.TELLER, "desk"), "Anna");
              }),
          new TaskRunner(background::add, UiThread.DIRECT),
          List.of(),
          signedOn::add);

  private void runBackground() {
    while (!background.isEmpty()) {
      background.poll().run();
    }
  }

  private void type(String user, String password) {
    vm.userIdProperty().set(user);
    vm.passwordProperty().set(password);
  }

  @Test
  void aSignOnAskedForWhileTheLedgerOpensGoesAheadOnceItIsOpen() {
    vm.ledgerOpening("Opening the ledger …");
    type("anna", "secret-1");
    vm.submit();
    assertThat(signOnsAsked).isEmpty();
    assertThat(vm.messageProperty().get()).contains("as soon as it is open");

    vm.ledgerOpened(List.of());
    runBackground();

    assertThat(signOnsAsked).containsExactly("anna/secret-1");
    assertThat(signedOn).extracting(s -> s.actor().userId()).containsExactly("anna");
  }

  @Test
  void aSignOnAskedForWhileTheOpenedLedgerIsFirstAskedIsNotSwallowed() {
    vm.ledgerOpening("Opening the ledger …");
    vm.ledgerOpened(List.of()); // its first question (an administrator yet?) is now running
    assertThat(vm.busyProperty().get()).as("the Sign on button stays enabled").isFalse();

    type("anna", "secret-1");
    vm.submit();
    runBackground();

    assertThat(signOnsAsked).containsExactly("anna/secret-1");
    assertThat(signedOn).extracting(s -> s.actor().userId()).containsExactly("anna");
    assertThat(vm.passwordProperty().get()).as("the password field is cleared").isEmpty();
  }

  @Test
  void aSecondClickWhileTheFirstIsWaitingSendsOneSignOn() {
    vm.ledgerOpening("Opening the ledger …");
    vm.ledgerOpened(List.of());
    type("anna", "secret-1");
    vm.submit();
    type("anna", "secret-1");
    vm.submit();
    runBackground();

    assertThat(signOnsAsked).containsExactly("anna/secret-1");
    assertThat(signedOn).hasSize(1);
  }
}

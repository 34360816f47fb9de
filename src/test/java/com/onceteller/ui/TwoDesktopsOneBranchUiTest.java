package com.onceteller.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestLedger;
import com.onceteller.app.AppConfig;
import com.onceteller.app.AppContext;
import com.onceteller.app.DeskFlow;
import com.onceteller.app.OnceTellerApp;
import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.desk.client.RetryPolicy;
import com.onceteller.http.BranchFixture;
import com.onceteller.ui.desktop.TellerDesktop;
import com.onceteller.ui.transfer.FormState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Two teller windows on one branch server (HTTPS, PostgreSQL): Anna signs on at her window's
 * sign-on screen as the app does it ({@link DeskFlow}: the branch checks her password, her desk
 * session posts as her), Ben's desk is signed on already; each teller types a transfer from the
 * same account and sends it; the sends overlap. Each is posted once and the balances on the branch
 * are exact.
 */
@ExtendWith(ApplicationExtension.class)
class TwoDesktopsOneBranchUiTest {

  static final AppContext.ClientSettings FAST =
      new AppContext.ClientSettings(
          Duration.ofSeconds(5), new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(400), 8));

  @TempDir static Path dir;
  static BranchFixture branch;
  private final ExecutorService background = Executors.newFixedThreadPool(4);
  private AppContext anna;
  private AppContext ben;
  private DeskFlow annaFlow;
  private TellerDesktop annaDesk;
  private TellerDesktop benDesk;
  private Stage annaStage;
  private Stage benStage;

  @BeforeAll
  static void startBranch() {
    branch = BranchFixture.start(dir, ServiceObserver.NONE);
  }

  @AfterAll
  static void stopBranch() {
    branch.close();
  }

  @Start
  void start(Stage stage) {
    // Anna's desk reaches the branch; nobody is signed on there yet.
    anna = AppContext.connect(settings("anna"), false, FAST);
    ben = desk("ben");
    annaStage = stage;
    benStage = new Stage();
    annaFlow =
        new DeskFlow(
            annaStage,
            anna,
            config("anna"),
            new TaskRunner(background, FxUiThread.INSTANCE),
            List.of(),
            java.time.Clock.systemUTC(),
            "desk-anna");
    annaFlow.showSignOn();
    annaStage.show();
    benDesk = window(ben, benStage, "ben");
  }

  private static AppContext.ServerSettings settings(String teller) {
    return new AppContext.ServerSettings(
        branch.base(), branch.tls.certificate(), teller, dir.resolve(teller + ".sqlite"));
  }

  private static AppConfig config(String teller) {
    return new AppConfig(
        dir.resolve(teller + ".mv.db"), false, dir, dir.resolve("log"), settings(teller));
  }

  /** Anna signs on at her window: her id is proposed (--teller), she types her password. */
  private void signOnAnna(FxRobot robot) throws Exception {
    robot.interact(annaStage::toFront);
    WaitForAsyncUtils.waitForFxEvents();
    waitFor(
        () ->
            robot
                .from(annaStage.getScene().getRoot())
                .lookup("#signOnButton")
                .tryQuery()
                .isPresent());
    assertThat(((javafx.scene.control.TextField) in(robot, annaStage, "#userIdField")).getText())
        .isEqualTo("anna");
    robot.clickOn(in(robot, annaStage, "#passwordField")).write("anna-teller-1");
    robot.clickOn(in(robot, annaStage, "#signOnButton"));
    waitFor(() -> annaFlow.desktop() != null && annaFlow.shell() != null);
    annaDesk = annaFlow.desktop();
    assertThat(anna.actor().userId()).isEqualTo("anna");
    assertThat(anna.actor().workstation()).isEqualTo("desk-anna");
    // A branch desk offers what a teller may do (the branch API serves every control); the
    // auditor's trail and a supervisor's queue are not a teller's.
    for (String id : List.of("#auditButton", "#approvalsButton")) {
      assertThat(in(robot, annaStage, id).isVisible()).as(id).isFalse();
    }
    assertThat(in(robot, annaStage, "#reverseButton").isVisible()).isTrue();
    assertThat(in(robot, annaStage, "#endOfDayButton").isVisible()).isTrue();
    assertThat(in(robot, annaStage, "#signOffButton").isVisible()).isTrue();
  }

  /** A desk on the branch, its teller signed on there (the password is checked by the branch). */
  private AppContext desk(String teller) {
    return branch.desk(teller, dir.resolve(teller + ".sqlite"), FAST);
  }

  private TellerDesktop window(AppContext ctx, Stage stage, String teller) {
    AppConfig config = config(teller);
    TellerDesktop d =
        OnceTellerApp.build(ctx, new TaskRunner(background, FxUiThread.INSTANCE), config);
    d.attach(stage);
    stage.show();
    d.start();
    return d;
  }

  private static Node in(FxRobot robot, Stage stage, String id) {
    return robot.from(stage.getScene().getRoot()).lookup(id).query();
  }

  private static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
    WaitForAsyncUtils.waitForFxEvents();
  }

  private static void fill(FxRobot robot, Stage stage, TellerDesktop d, String to, String amount)
      throws Exception {
    // The two windows overlap on the headless screen: the teller brings theirs to the front.
    robot.interact(stage::toFront);
    WaitForAsyncUtils.waitForFxEvents();
    robot.clickOn(in(robot, stage, "#fromField")).write("Hartmann");
    waitFor(() -> d.form().from().chosen() != null);
    robot.clickOn(in(robot, stage, "#toField")).write(to);
    waitFor(() -> d.form().to().chosen() != null);
    robot.clickOn(in(robot, stage, "#amountField")).write(amount);
  }

  @Test
  void twoTellersSendingFromTheSameAccountAtOnceArePostedOnceEachAndTheBalancesAreExact(
      FxRobot robot) throws Exception {
    Map<String, Long> totals = branch.ledger.totals();
    long hartmann = branch.ledger.balance(0);
    long weber = branch.ledger.balance(1);
    long fischer = branch.ledger.balance(3);
    signOnAnna(robot);
    fill(robot, annaStage, annaDesk, "Weber", "125");
    fill(robot, benStage, benDesk, "Fischer", "80");
    // Both sends start before either answer is back.
    robot.interact(
        () -> {
          annaDesk.form().submit();
          benDesk.form().submit();
        });
    waitFor(() -> annaDesk.form().state().decided() && benDesk.form().state().decided());
    try {
      assertThat(annaDesk.form().state()).isEqualTo(FormState.POSTED);
      assertThat(benDesk.form().state()).isEqualTo(FormState.POSTED);
      assertThat(branch.ledger.balance(0)).isEqualTo(hartmann - 12_500 - 8_000);
      assertThat(branch.ledger.balance(1)).isEqualTo(weber + 12_500);
      assertThat(branch.ledger.balance(3)).isEqualTo(fischer + 8_000);
      assertThat(branch.ledger.totals()).isEqualTo(totals);
      // Each window's accounts view reads the branch: both see the same payer balance.
      assertThat(anna.reads().account(TestLedger.number(0)).orElseThrow().balanceMinor())
          .isEqualTo(ben.reads().account(TestLedger.number(0)).orElseThrow().balanceMinor());
    } finally {
      robot.interact(benStage::close);
      background.shutdownNow();
      anna.close();
      ben.close();
    }
  }
}

package com.onceteller.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestLedger;
import com.onceteller.app.AppConfig;
import com.onceteller.app.AppContext;
import com.onceteller.app.OnceTellerApp;
import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.desk.client.RetryPolicy;
import com.onceteller.http.BranchFixture;
import com.onceteller.ui.transfer.FormState;
import java.nio.file.Path;
import java.time.Duration;
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
 * Two teller windows on one branch server (HTTPS, PostgreSQL): each teller types a transfer from
 * the same account and sends it; the sends overlap. Each is posted once and the balances on the
 * branch are exact.
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
    anna = desk("anna");
    ben = desk("ben");
    annaStage = stage;
    benStage = new Stage();
    annaDesk = window(anna, annaStage, "anna");
    benDesk = window(ben, benStage, "ben");
  }

  private AppContext desk(String teller) {
    return AppContext.connect(
        new AppContext.ServerSettings(
            branch.base(), branch.tls.certificate(), teller, dir.resolve(teller + ".sqlite")),
        false,
        FAST);
  }

  private TellerDesktop window(AppContext ctx, Stage stage, String teller) {
    AppConfig config =
        new AppConfig(
            dir.resolve(teller + ".mv.db"),
            false,
            dir,
            dir.resolve("log"),
            new AppContext.ServerSettings(
                branch.base(), branch.tls.certificate(), teller, dir.resolve(teller + ".sqlite")));
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

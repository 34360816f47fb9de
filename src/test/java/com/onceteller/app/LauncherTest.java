package com.onceteller.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.branch.ledger.DemoData;
import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  private AppPaths paths() {
    return new AppPaths(dir.resolve("data"));
  }

  private Launcher.Decision prepare(String stdin, String... args) {
    InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    return Launcher.prepare(
        args,
        paths(),
        paths().logFile(),
        in,
        new PrintStream(outBytes, true, StandardCharsets.UTF_8),
        new PrintStream(errBytes, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void unknownOptionExitsTwoWithAMessageAndNoStackTrace() {
    assertThat(prepare("", "--bogus")).isEqualTo(new Launcher.Exit(2));
    assertThat(err())
        .contains("Unknown option '--bogus'")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(paths().demoDatabase()).doesNotExist();
  }

  @Test
  void helpAndVersionPrintAndExitZero() {
    assertThat(prepare("", "--help")).isEqualTo(new Launcher.Exit(0));
    assertThat(out()).contains("--reset-demo").contains("--self-check");
    assertThat(prepare("", "--version")).isEqualTo(new Launcher.Exit(0));
    assertThat(out()).contains("OnceTeller ");
  }

  @Test
  void scenarioIsHandedToTheScenarioRunnerWhichRefusesAnUnknownName() {
    assertThat(prepare("", "scenario", "no-such-scenario")).isEqualTo(new Launcher.Exit(2));
    assertThat(out()).contains("Unknown scenario \"no-such-scenario\"");
  }

  @Test
  void firstRunCreatesTheDemoLedgerAndOpensItInDemoMode() {
    Launcher.Decision d = prepare("");

    assertThat(d).isInstanceOf(Launcher.Launch.class);
    AppConfig config = ((Launcher.Launch) d).config();
    assertThat(config.databaseFile()).isEqualTo(paths().demoDatabase());
    assertThat(config.demoMode()).isTrue();
    assertThat(config.dataDirectory()).isEqualTo(paths().dataDirectory());
    assertThat(config.logFile()).isEqualTo(paths().logFile());
    // The window creates it as it opens it, in the background (issue 13: no second open first).
    assertThat(config.databaseFile()).doesNotExist();
    try (AppContext ctx = AppContext.open(config)) {
      assertThat(ctx.queries().accounts()).hasSize(DemoData.ACCOUNTS.size());
    }
  }

  @Test
  void dbPicksAnotherLedgerWithDemoModeOffByDefault() throws Exception {
    Files.createDirectories(dir.resolve("branch"));
    Launcher.Decision d = prepare("", "--db", dir.resolve("branch/ledger").toString());

    AppConfig config = ((Launcher.Launch) d).config();
    assertThat(config.databaseFile()).isEqualTo(dir.resolve("branch/ledger.mv.db"));
    assertThat(config.demoMode()).isFalse();
    assertThat(paths().demoDatabase()).as("the demo ledger is not created").doesNotExist();
  }

  @Test
  void demoFlagAndSavedSettingDecideDemoMode() {
    Path other = dir.resolve("other.mv.db");
    AppSettings.load(paths()).setDemoMode(other, true);
    assertThat(((Launcher.Launch) prepare("", "--db", other.toString())).config().demoMode())
        .isTrue();
    assertThat(
            ((Launcher.Launch) prepare("", "--db", other.toString(), "--no-demo"))
                .config()
                .demoMode())
        .isFalse();
  }

  @Test
  void dbInAFolderThatDoesNotExistIsRefused() {
    assertThat(prepare("", "--db", dir.resolve("nowhere/ledger.mv.db").toString()))
        .isEqualTo(new Launcher.Exit(2));
    assertThat(err()).contains("does not exist");
  }

  @Test
  void resetDemoMovesTheOldLedgerToABackupInsteadOfDeletingIt() throws Exception {
    Path demo = paths().demoDatabase();
    DemoDatabase.ensureExists(demo);
    postOneTransfer(demo);

    assertThat(prepare("RESET\n", "--reset-demo")).isEqualTo(new Launcher.Exit(0));

    assertThat(out()).contains("Type RESET to confirm").contains("Old ledger kept as");
    List<Path> backups = list(paths().backupDirectory());
    assertThat(backups).hasSize(1);
    assertThat(backups.get(0).getFileName().toString())
        .matches("demo-ledger-\\d{8}-\\d{6}\\.mv\\.db");
    try (TestLedger old = TestLedger.openFile(backups.get(0))) {
      assertThat(old.queries.countTransfers()).as("the backup is the old ledger").isEqualTo(1);
    }
    try (TestLedger fresh = TestLedger.openFile(demo)) {
      assertThat(fresh.queries.countTransfers()).isZero();
      assertThat(fresh.queries.accounts()).hasSize(DemoData.ACCOUNTS.size());
    }
  }

  @Test
  void resetDemoWithoutConfirmationChangesNothing() throws Exception {
    Path demo = paths().demoDatabase();
    DemoDatabase.ensureExists(demo);
    postOneTransfer(demo);

    assertThat(prepare("yes\n", "--reset-demo")).isEqualTo(new Launcher.Exit(1));
    assertThat(prepare("", "--reset-demo")).isEqualTo(new Launcher.Exit(1));

    assertThat(out()).contains("nothing was changed");
    assertThat(paths().backupDirectory()).doesNotExist();
    try (TestLedger same = TestLedger.openFile(demo)) {
      assertThat(same.queries.countTransfers()).isEqualTo(1);
    }
  }

  @Test
  void resetDemoWithYesSkipsThePromptAndTwoResetsKeepTwoBackups() throws Exception {
    DemoDatabase.ensureExists(paths().demoDatabase());
    assertThat(prepare("", "--reset-demo", "--yes")).isEqualTo(new Launcher.Exit(0));
    assertThat(prepare("", "--reset-demo", "--yes")).isEqualTo(new Launcher.Exit(0));
    assertThat(out()).doesNotContain("Type RESET");
    assertThat(list(paths().backupDirectory())).hasSize(2);
  }

  @Test
  void resetDemoWithoutAnyLedgerYetCreatesOneWithoutAsking() {
    assertThat(prepare("", "--reset-demo")).isEqualTo(new Launcher.Exit(0));
    assertThat(out()).contains("created the demo ledger").doesNotContain("Type RESET");
    assertThat(paths().demoDatabase()).exists();
    assertThat(paths().backupDirectory()).doesNotExist();
  }

  @Test
  void resetDemoRefusesALedgerThatIsNotADemoLedger() throws Exception {
    Path production = dir.resolve("production.mv.db");
    try (TestLedger ledger = TestLedger.openFile(production)) {
      assertThat(ledger.queries.accounts()).isNotEmpty();
    }
    long size = Files.size(production);

    assertThat(prepare("RESET\n", "--reset-demo", "--db", production.toString()))
        .isEqualTo(new Launcher.Exit(1));

    assertThat(err()).contains("not a demo ledger");
    assertThat(production).exists();
    assertThat(Files.size(production)).isEqualTo(size);
    assertThat(paths().backupDirectory()).doesNotExist();
  }

  @Test
  void resetDemoRefusesALedgerThatAnotherProcessHasOpen() throws Exception {
    Path demo = paths().demoDatabase();
    DemoDatabase.ensureExists(demo);
    // H2 shares a database within one JVM, so "in use" is only real from another process.
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                HoldLedgerOpen.class.getName(),
                demo.toString())
            .redirectErrorStream(true)
            .start();
    try (var reader =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      do {
        line = reader.readLine();
      } while (line != null && !line.equals(HoldLedgerOpen.READY));
      assertThat(line).as("the other process opened the ledger").isEqualTo(HoldLedgerOpen.READY);

      assertThat(prepare("", "--reset-demo", "--yes")).isEqualTo(new Launcher.Exit(1));

      assertThat(err()).contains("nothing was changed");
      assertThat(demo).exists();
      assertThat(paths().backupDirectory()).doesNotExist();
    } finally {
      holder.getOutputStream().close();
      holder.waitFor();
    }
  }

  private static void postOneTransfer(Path ledgerFile) {
    try (TestLedger ledger = TestLedger.openFile(ledgerFile)) {
      TransferOutcome outcome =
          new TransferService(ledger.database)
              .submit(
                  TestActors.TELLER,
                  IdempotencyKey.mint(),
                  new TransferRequest(TestLedger.number(0), TestLedger.number(1), 500, "EUR", "t"));
      assertThat(outcome).isInstanceOf(TransferOutcome.Posted.class);
    }
  }

  private static List<Path> list(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(f -> f.getFileName().toString().endsWith(".mv.db")).toList();
    }
  }

  /** Helper process: opens a ledger, prints {@link #READY}, keeps it open until stdin closes. */
  public static final class HoldLedgerOpen {
    static final String READY = "LEDGER-OPEN";

    private HoldLedgerOpen() {}

    public static void main(String[] args) throws java.io.IOException {
      try (com.onceteller.branch.ledger.Database db =
          com.onceteller.branch.ledger.Database.open(
              com.onceteller.branch.ledger.DatabaseSettings.h2File(Path.of(args[0])))) {
        System.out.println(READY);
        System.out.flush();
        while (System.in.read() >= 0) {
          // wait for the test to close our stdin
        }
      }
    }
  }
}

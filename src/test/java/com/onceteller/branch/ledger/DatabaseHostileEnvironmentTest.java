package com.onceteller.branch.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.branch.service.TransferService;
import com.onceteller.crash.KillChild;
import com.onceteller.crash.KillHarness;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseHostileEnvironmentTest {

  @TempDir Path dir;

  private static TransferRequest eur(long amount) {
    return new TransferRequest(TestLedger.number(0), TestLedger.number(1), amount, "EUR", "Rent");
  }

  private static String sha256(Path p) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
  }

  @Test
  void aSecondOpenInTheSameProcessIsRefusedAndTheFirstKeepsPosting() {
    try (TestLedger first = TestLedger.open(dir)) {
      DatabaseOpenException e =
          catchThrowableOfType(
              DatabaseOpenException.class,
              () -> Database.open(DatabaseSettings.h2File(first.file)));
      assertThat(e).isNotNull();
      assertThat(e.reason()).isEqualTo(DatabaseOpenException.Reason.IN_USE);
      assertThat(e.getMessage()).startsWith("OnceTeller is already open on this database");

      TransferOutcome o =
          new TransferService(first.database)
              .submit(TestActors.TELLER, IdempotencyKey.mint(), eur(5));
      assertThat(o).isInstanceOf(TransferOutcome.Posted.class);
    }
  }

  @Test
  void aSecondOpenWhileAnotherProcessHasTheFileIsRefusedAndThatProcessKeepsPosting()
      throws Exception {
    Path file = dir.resolve("ledger.mv.db");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                KillHarness.childClasspath(),
                KillChild.class.getName(),
                "--db",
                file.toString(),
                "--seed",
                "1")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.equals("READY")) {
        // start-up lines
      }
      assertThat(line).as("the other instance started").isEqualTo("READY");

      DatabaseOpenException e =
          catchThrowableOfType(
              DatabaseOpenException.class, () -> Database.open(DatabaseSettings.h2File(file)));
      assertThat(e).isNotNull();
      assertThat(e.reason()).isEqualTo(DatabaseOpenException.Reason.IN_USE);
      assertThat(e.getMessage()).startsWith("OnceTeller is already open on this database");

      int acksAfterRefusal = 0;
      while (acksAfterRefusal < 3 && (line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acksAfterRefusal++;
        }
      }
      assertThat(acksAfterRefusal).as("the first instance keeps posting").isEqualTo(3);
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aFileOfGarbageIsRefusedWithAClearMessageAndLeftUntouched() throws Exception {
    Path file = dir.resolve("ledger.mv.db");
    byte[] garbage = new byte[64 * 1024];
    long seed = 4242;
    new Random(seed).nextBytes(garbage);
    Files.write(file, garbage);
    String before = sha256(file);

    DatabaseOpenException e =
        catchThrowableOfType(
            DatabaseOpenException.class, () -> Database.open(DatabaseSettings.h2File(file)));

    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(DatabaseOpenException.Reason.CORRUPT);
    assertThat(e.getMessage()).contains(file.toString()).contains("left untouched");
    assertThat(sha256(file)).isEqualTo(before);
  }

  @Test
  void aLedgerCutShortIsRefusedAndLeftUntouched() throws Exception {
    Path file;
    try (TestLedger ledger = TestLedger.open(dir)) {
      file = ledger.file;
      new TransferService(ledger.database).submit(TestActors.TELLER, IdempotencyKey.mint(), eur(7));
    }
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, 4096 + 100));
    String before = sha256(file);

    DatabaseOpenException e =
        catchThrowableOfType(
            DatabaseOpenException.class, () -> Database.open(DatabaseSettings.h2File(file)));

    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(DatabaseOpenException.Reason.CORRUPT);
    assertThat(e.getMessage()).contains(file.toString());
    assertThat(sha256(file)).isEqualTo(before);
  }

  @Test
  void aFileFromANewerSchemaIsRefusedAndLeftUntouched() throws Exception {
    Path file;
    try (TestLedger ledger = TestLedger.open(dir)) {
      file = ledger.file;
    }
    String base = file.toString().substring(0, file.toString().length() - ".mv.db".length());
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + base, "sa", "");
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "insert into \"flyway_schema_history\" (\"installed_rank\", \"version\","
              + " \"description\", \"type\", \"script\", \"checksum\", \"installed_by\","
              + " \"installed_on\", \"execution_time\", \"success\") values (99, '99',"
              + " 'from the future', 'SQL', 'V99__future.sql', 0, 'sa', current_timestamp, 1,"
              + " true)");
    }
    String before = sha256(file);

    DatabaseOpenException e =
        catchThrowableOfType(
            DatabaseOpenException.class, () -> Database.open(DatabaseSettings.h2File(file)));

    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(DatabaseOpenException.Reason.NEWER_SCHEMA);
    assertThat(e.getMessage()).contains("newer version of OnceTeller").contains("99");
    assertThat(sha256(file)).isEqualTo(before);
  }

  /**
   * A real full disk: the ledger lives on a 6 MB tmpfs that is then filled up. Needs mount rights
   * (the test sandbox runs as root, where chmod does not stop writes); skipped where mounting is
   * not allowed.
   */
  @Test
  void aFullDiskIsReportedAsNotExecutedOrInDoubtNeverPostedAndTheServiceKeepsAnswering()
      throws Exception {
    Path mnt = dir.resolve("small-disk");
    Files.createDirectories(mnt);
    assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", mnt.toString()) == 0);
    try {
      Path file = mnt.resolve("ledger.mv.db");
      List<IdempotencyKey> posted = new ArrayList<>();
      IdempotencyKey failedKey = null;
      TransferOutcome failure = null;
      Map<String, Long> totalsBefore;
      try (TestLedger ledger = TestLedger.openFile(file)) {
        totalsBefore = ledger.totals();
        TransferService service = new TransferService(ledger.database);
        fill(mnt.resolve("filler"));
        // The store may still have free space inside the file: post until a write really fails.
        for (int i = 0; i < 5_000 && failure == null; i++) {
          IdempotencyKey key = IdempotencyKey.mint();
          TransferOutcome o = service.submit(TestActors.TELLER, key, eur(1));
          if (o instanceof TransferOutcome.Posted) {
            posted.add(key);
          } else {
            failedKey = key;
            failure = o;
          }
        }
        assertThat(failure).as("the disk filled up").isNotNull();
        assertThat(failure)
            .isInstanceOfAny(
                TransferOutcome.NotExecuted.class, TransferOutcome.OutcomeUnknown.class);
        // The service keeps answering, never with Posted, and never throws.
        for (int i = 0; i < 5; i++) {
          TransferOutcome again = service.submit(TestActors.TELLER, IdempotencyKey.mint(), eur(1));
          assertThat(again.retryable()).as("%s", again).isTrue();
        }
      }
      Files.delete(mnt.resolve("filler"));
      try (TestLedger reopened = TestLedger.openFile(file)) {
        TransferService service = new TransferService(reopened.database);
        for (IdempotencyKey k : posted) {
          assertThat(reopened.queries.countTransfersForKey(k.value()))
              .as("every transfer reported posted survived")
              .isEqualTo(1);
        }
        TransferOutcome retried = service.submit(TestActors.TELLER, failedKey, eur(1));
        assertThat(retried).isInstanceOf(TransferOutcome.Posted.class);
        assertThat(reopened.queries.countTransfersForKey(failedKey.value())).isEqualTo(1);
        assertThat(reopened.totals()).isEqualTo(totalsBefore);
      }
    } finally {
      run("umount", "-l", mnt.toString());
    }
  }

  /**
   * A ledger on a file system that became read-only (a real tmpfs remounted read-only: as root,
   * chmod does not stop writes). Refused in words naming the folder, no H2 stack trace, file
   * unchanged.
   */
  @Test
  void aLedgerInAFolderThatCannotBeWrittenIsRefusedInWordsAndLeftUntouched() throws Exception {
    Path mnt = dir.resolve("read-only");
    Files.createDirectories(mnt);
    assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mnt.toString()) == 0);
    try {
      Path file = mnt.resolve("ledger.mv.db");
      try (TestLedger ledger = TestLedger.openFile(file)) {
        assertThat(ledger.queries.accounts()).isNotEmpty();
      }
      byte[] before = Files.readAllBytes(file);
      assertThat(run("mount", "-o", "remount,ro", mnt.toString())).isZero();
      DatabaseOpenException e =
          catchThrowableOfType(
              DatabaseOpenException.class, () -> Database.open(DatabaseSettings.h2File(file)));
      assertThat(e).isNotNull();
      assertThat(e.reason()).isEqualTo(DatabaseOpenException.Reason.NOT_ACCESSIBLE);
      assertThat(e.getMessage())
          .contains(mnt.toString())
          .doesNotContain("Exception", "lock.db", "\tat ");
      assertThat(Files.readAllBytes(file)).isEqualTo(before);
    } finally {
      run("umount", "-l", mnt.toString());
    }
  }

  private static void fill(Path filler) {
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException expected) {
      // No space left on device
    }
  }

  private static int run(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}

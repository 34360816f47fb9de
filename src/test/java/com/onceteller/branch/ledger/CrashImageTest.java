package com.onceteller.branch.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deterministic form of the kill test: after every acknowledged posting the ledger file is
 * copied — byte for byte what a SIGKILL at that moment leaves on disk — and the copy is opened the
 * way H2 recovers a crashed file. Every acknowledged posting must be in it, including right after
 * the ledger was compacted (copied and swapped). The second test shows the H2 behaviour this guards
 * against, with H2's default space reuse.
 */
class CrashImageTest {

  private static final int POSTINGS = 300;

  @Test
  void everyAcknowledgedPostingIsInTheFileACrashWouldLeaveEvenAcrossCompactions(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("ledger.mv.db");
    AtomicInteger compactions = new AtomicInteger();
    Database.StoreEvents events =
        new Database.StoreEvents() {
          @Override
          public void compacted(Path f, StoreCompactor.Result r) {
            if (r.swapped()) {
              compactions.incrementAndGet();
            }
          }
        };
    // A 1 MB floor compacts every few dozen postings, so images right after swaps are checked.
    DatabaseSettings settings =
        DatabaseSettings.h2File(file, DatabaseSettings.H2_SAFE_OPTIONS, true, 1L << 20);
    List<String> invisible;
    try (Database db = Database.open(settings, events)) {
      DemoData.installIfEmpty(db);
      com.onceteller.TestLedger.prepare(db);
      invisible = postAndCheckEveryImage(db, file, dir.resolve("image.mv.db"));
    }
    assertThat(compactions.get()).as("compactions during the run").isGreaterThanOrEqualTo(3);
    assertThat(invisible).as("acknowledged postings missing from a crash image").isEmpty();
  }

  @Test
  void withH2sDefaultSpaceReuseACrashImageMissesAcknowledgedPostings(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("ledger.mv.db");
    // H2's defaults for space, with freed space reusable at once (retention 0) so that the reuse
    // the app saw after 45 s happens within this test.
    DatabaseSettings settings =
        DatabaseSettings.h2File(
            file,
            ";RETENTION_TIME=0;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=2000;FILE_LOCK=FILE",
            true,
            0);
    List<String> invisible;
    try (Database db = Database.open(settings)) {
      DemoData.installIfEmpty(db);
      com.onceteller.TestLedger.prepare(db);
      invisible = postAndCheckEveryImage(db, file, dir.resolve("image.mv.db"));
    }
    System.out.println(
        "space reuse on: " + invisible.size() + " of " + POSTINGS + " postings invisible");
    assertThat(invisible).isNotEmpty();
  }

  private static List<String> postAndCheckEveryImage(Database db, Path file, Path image)
      throws Exception {
    TransferService service = new TransferService(db);
    Random random = new Random(7);
    int[] eur = {0, 1, 2, 4, 6};
    List<String> invisible = new ArrayList<>();
    for (int i = 0; i < POSTINGS; i++) {
      int from = eur[random.nextInt(eur.length)];
      int to = eur[(java.util.Arrays.binarySearch(eur, from) + 1 + random.nextInt(4)) % 5];
      IdempotencyKey key = IdempotencyKey.mint();
      TransferOutcome o =
          service.submit(
              TestActors.TELLER,
              key,
              new TransferRequest(
                  DemoData.ACCOUNTS.get(from).number(),
                  DemoData.ACCOUNTS.get(to).number(),
                  1 + random.nextInt(300),
                  "EUR",
                  "image " + i + "x".repeat(random.nextInt(100))));
      assertThat(o).isInstanceOf(TransferOutcome.Posted.class);
      Files.copy(file, image, StandardCopyOption.REPLACE_EXISTING);
      if (!postedIn(image, key)) {
        invisible.add(((TransferOutcome.Posted) o).reference());
      }
    }
    return invisible;
  }

  private static boolean postedIn(Path image, IdempotencyKey key) throws Exception {
    String url =
        "jdbc:h2:file:"
            + DatabaseSettings.baseName(image)
            + ";ACCESS_MODE_DATA=r;FILE_LOCK=NO;IFEXISTS=TRUE";
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        PreparedStatement ps =
            c.prepareStatement("select count(*) from transfer where idempotency_key = ?")) {
      ps.setObject(1, key.value());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) == 1;
      }
    }
  }
}

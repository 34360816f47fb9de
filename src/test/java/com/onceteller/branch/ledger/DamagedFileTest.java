package com.onceteller.branch.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage anywhere in a ledger file: 100 bytes flipped at offsets spread over the whole file, one
 * copy each. Every open either refuses with a message and leaves the file byte for byte as it was
 * found (no recovery write, no compaction, no clean-close header), or — where the flipped bytes
 * were dead space — opens a ledger that still holds every transfer. Seeded; the seed is printed.
 */
class DamagedFileTest {

  private static final int OFFSETS = 36;

  @TempDir static Path dir;
  private static Path original;
  private static int transfers;

  @BeforeAll
  static void aLedgerWithHistory() {
    try (TestLedger ledger = TestLedger.open(dir)) {
      original = ledger.file;
      TransferService service = new TransferService(ledger.database);
      for (int i = 0; i < 60; i++) {
        TransferOutcome o =
            service.submit(
                TestActors.TELLER,
                IdempotencyKey.mint(),
                new TransferRequest(
                    TestLedger.number(i % 2), TestLedger.number(2), 100 + i, "EUR", "rent " + i));
        assertThat(o).isInstanceOf(TransferOutcome.Posted.class);
      }
      transfers = (int) ledger.queries.countTransfers();
    }
    // Compact it, so that (nearly) every byte is live data: the damage then hits what matters.
    try {
      StoreCompactor.compact(original, "sa", "");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aDamagedLedgerIsRefusedInWordsAndLeftUntouchedWhereverTheDamageIs() throws Exception {
    long seed = Long.getLong("onceteller.seed", System.nanoTime());
    System.out.println("DamagedFileTest seed " + seed);
    Random random = new Random(seed);
    long size = Files.size(original);
    int refused = 0;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < OFFSETS; i++) {
      long offset = Math.min(size - 100, i * size / OFFSETS + random.nextInt(4096));
      Path copy = dir.resolve("damaged-" + i).resolve("ledger.mv.db");
      Files.createDirectories(copy.getParent());
      Files.copy(original, copy, StandardCopyOption.REPLACE_EXISTING);
      flip(copy, offset, 100);
      String before = sha256(copy);
      try (Database db = Database.open(DatabaseSettings.h2File(copy))) {
        long count = new com.onceteller.branch.service.LedgerQueries(db).countTransfers();
        if (count != transfers) {
          failures.add("offset " + offset + ": opened with " + count + " of " + transfers);
        }
      } catch (DatabaseOpenException e) {
        refused++;
        if (!sha256(copy).equals(before)) {
          failures.add(
              "offset "
                  + offset
                  + ": refused ("
                  + e.reason()
                  + ") but the file changed: "
                  + e.getMessage());
        }
        if (e.getMessage() == null || e.getMessage().isBlank()) {
          failures.add("offset " + offset + ": refused without words");
        }
      } catch (RuntimeException e) {
        failures.add("offset " + offset + ": " + e);
      }
    }
    System.out.printf(
        "%d of %d damaged copies refused, the rest opened intact%n", refused, OFFSETS);
    assertThat(failures).as("seed %d", seed).isEmpty();
    assertThat(refused).as("most damage is found").isGreaterThan(OFFSETS / 3);
  }

  private static void flip(Path file, long offset, int length) throws Exception {
    try (var ch =
        java.nio.channels.FileChannel.open(
            file, java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(length);
      ch.read(b, offset);
      for (int i = 0; i < length; i++) {
        b.put(i, (byte) ~b.get(i));
      }
      b.rewind();
      ch.write(b, offset);
    }
  }

  private static String sha256(Path p) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
  }
}

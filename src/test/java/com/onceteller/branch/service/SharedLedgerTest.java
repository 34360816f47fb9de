package com.onceteller.branch.service;

import com.onceteller.TestLedger;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real H2 ledger (demo data) shared by the tests of a class: opening a ledger costs seconds,
 * and every test uses fresh keys, so they do not see each other's transfers.
 */
abstract class SharedLedgerTest {

  @TempDir static Path dir;
  static TestLedger ledger;
  static LedgerProbe probe;
  static TransferService service;

  @BeforeAll
  static void openSharedLedger() {
    ledger = TestLedger.open(dir);
    probe = new LedgerProbe(ledger);
    service = new TransferService(ledger.database);
  }

  @AfterAll
  static void closeSharedLedger() {
    ledger.close();
  }
}

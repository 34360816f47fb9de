package com.onceteller.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestLedger;
import com.onceteller.branch.ledger.DemoData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfCheckTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void selfCheckPostsOnceReplaysAndExitsZero() {
    int code = SelfCheck.run(dir, out);

    assertThat(code).as(output()).isZero();
    assertThat(output())
        .contains("Self-check passed")
        .contains("(replayed)")
        .doesNotContain("FAIL");
    // What it left behind is a real ledger: one transfer, money moved once.
    try (TestLedger ledger = TestLedger.openFile(dir.resolve("self-check.mv.db"))) {
      assertThat(ledger.queries.countTransfers()).isEqualTo(1);
      assertThat(ledger.balance(0))
          .isEqualTo(DemoData.ACCOUNTS.get(0).balanceMinor() - SelfCheck.AMOUNT_MINOR);
      assertThat(ledger.balance(1))
          .isEqualTo(DemoData.ACCOUNTS.get(1).balanceMinor() + SelfCheck.AMOUNT_MINOR);
    }
  }

  @Test
  void selfCheckInItsOwnTemporaryFolderLeavesNothingBehind() throws Exception {
    String tmp = System.getProperty("java.io.tmpdir");
    try {
      System.setProperty("java.io.tmpdir", dir.toString());
      assertThat(SelfCheck.run(out)).as(output()).isZero();
    } finally {
      System.setProperty("java.io.tmpdir", tmp);
    }
    try (var left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void selfCheckRefusesToReuseAnExistingLedgerAndExitsNonZero() throws Exception {
    Files.writeString(dir.resolve("self-check.mv.db"), "not a ledger");
    assertThat(SelfCheck.run(dir, out)).isEqualTo(1);
    assertThat(output()).contains("Self-check FAILED");
  }
}

package com.onceteller.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every benchmark case at smoke size so the harness cannot rot. No timing assertions: only
 * that each case ran, its correctness checks passed (no key posted twice, ledgers balanced), and
 * the table, CSV and JSON were produced.
 */
class BenchmarkSmokeTest {

  @Test
  void everyCaseRunsAtSmokeSizeWithoutPostingAnyKeyTwice(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    BenchmarkMain.Options options =
        BenchmarkMain.Options.parse(
            "--size=smoke", "--out=" + dir.resolve("out"), "--work=" + dir.resolve("work"));

    BenchmarkMain.Report report = BenchmarkMain.run(options, out);

    String printed = buffer.toString(StandardCharsets.UTF_8);
    System.out.println(printed);
    assertThat(report.failures()).isEmpty();
    assertThat(report.results())
        .extracting(CaseResult::id)
        .containsExactly("1", "2", "3", "4", "4", "5", "6a", "6b");
    assertThat(report.results().stream().filter(CaseResult::measured))
        .hasSize(8)
        .allSatisfy(
            r -> {
              assertThat(r.opsPerRound()).isPositive();
              assertThat(r.opsPerSecond()).isPositive();
              assertThat(r.p50Millis()).isPositive().isLessThanOrEqualTo(r.maxMillis());
            });
    assertThat(report.targets())
        .filteredOn(t -> t.name().startsWith("keys posted twice"))
        .singleElement()
        .satisfies(t -> assertThat(t.met()).isTrue());
    assertThat(report.targets())
        .filteredOn(t -> t.name().startsWith("desktop"))
        .hasSize(2)
        .allSatisfy(t -> assertThat(t.met()).as(t.name() + " measured").isNotNull());
    assertThat(printed).contains("ms p99 over service p99", "TransferService.submit direct");
    assertThat(printed).contains("| case", "cores", "service/floor p50", "replay/new p50");
    assertThat(Files.readAllLines(dir.resolve("out/results.csv"))).hasSize(1 + 8);
    var json =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(dir.resolve("out/results.json").toFile());
    assertThat(json.get("machine").isObject()).isTrue();
    assertThat(json.get("results")).hasSize(report.results().size());
    assertThat(json.get("failures")).isEmpty();
    assertThat(json.get("targets"))
        .hasSize(report.targets().size())
        .allSatisfy(
            t -> {
              assertThat(t.get("goal").asText()).isNotBlank();
              assertThat(t.get("measured").asText()).isNotBlank();
              assertThat(t.has("met")).isTrue();
            });
    assertThat(dir.resolve("work")).isEmptyDirectory();
  }

  @Test
  void ledgerCheckReportsAKeyPostedTwice(@TempDir Path dir) throws Exception {
    // The check every case relies on must be able to fail: post one key's transfer twice by hand
    // (bypassing the service, with the unique index on the key dropped).
    try (BenchLedger ledger = BenchLedger.create(dir, "check")) {
      ledger.bulkLoad(2);
      try (var c = ledger.database().dataSource().getConnection()) {
        assertThat(BenchLedger.violations(c, 2)).isEmpty();
        com.onceteller.TestLedger.dropAppendOnlyTriggers(c);
        try (var st = c.createStatement()) {
          st.execute("alter table transfer drop constraint uk_transfer_teller_key");
          st.execute(
              "update transfer set idempotency_key ="
                  + " (select min(idempotency_key) from transfer)");
        }
        c.commit();
        assertThat(BenchLedger.violations(c, 2)).anyMatch(v -> v.contains("posted twice"));
        c.rollback();
      }
    }
  }
}

package com.onceteller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.onceteller.branch.ledger.DatabaseSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command lines of {@code serve} and {@code proxy} (no server is started here). */
class ServeCliTest {

  @TempDir Path dir;

  @Test
  void aLibpqStyleUrlBecomesAJdbcUrlWithItsUserAndPassword() throws Exception {
    DatabaseSettings s =
        ServeCli.database(
            "postgresql://teller%40branch:p%3Ass@db.branch:5433/ledger?sslmode=require");
    assertThat(s.kind()).isEqualTo(DatabaseSettings.Kind.POSTGRESQL);
    assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://db.branch:5433/ledger?sslmode=require");
    assertThat(s.user()).isEqualTo("teller@branch");
    assertThat(s.password()).isEqualTo("p:ss");
    assertThat(ServeCli.database("postgresql://localhost/ledger").user()).isEqualTo("postgres");
  }

  @Test
  void serveRefusesWhatCannotWork() {
    assertThatThrownBy(
            () -> ServeCli.parse(List.of("--db", "/tmp/ledger.mv.db", "--insecure-http")))
        .hasMessageContaining("PostgreSQL URL");
    assertThatThrownBy(() -> ServeCli.parse(List.of("--db", "postgresql://h/db")))
        .hasMessageContaining("--keystore");
    assertThatThrownBy(
            () ->
                ServeCli.parse(
                    List.of("--db", "postgresql://h/db", "--insecure-http", "--host", "0.0.0.0")))
        .hasMessageContaining("loopback");
    assertThatThrownBy(() -> ServeCli.parse(List.of("--db", "postgresql://h/db", "--bogus")))
        .hasMessageContaining("unknown option");
  }

  @Test
  void serveAndProxyExplainThemselvesAndAUsageErrorExitsTwo() {
    assertThat(run("serve", "--help")).isEqualTo(new Launcher.Exit(0));
    assertThat(run("proxy", "--help")).isEqualTo(new Launcher.Exit(0));
    assertThat(run("serve")).isEqualTo(new Launcher.Exit(Launcher.USAGE_ERROR));
    assertThat(run("proxy", "--to", "https://branch:8443"))
        .isEqualTo(new Launcher.Exit(Launcher.USAGE_ERROR));
  }

  private Launcher.Decision run(String... args) {
    return Launcher.prepare(
        args,
        new AppPaths(dir),
        dir.resolve("log"),
        new ByteArrayInputStream(new byte[0]),
        new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(new ByteArrayOutputStream()));
  }
}

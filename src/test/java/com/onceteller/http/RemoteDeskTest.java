package com.onceteller.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.onceteller.TestLedger;
import com.onceteller.app.AppContext;
import com.onceteller.app.AppPaths;
import com.onceteller.app.Launcher;
import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.desk.client.Envelope;
import com.onceteller.desk.client.NoResponseException;
import com.onceteller.desk.remote.BranchConnection;
import com.onceteller.desk.remote.HttpTransport;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.LedgerReads;
import com.onceteller.domain.TransferRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The desk's side of the branch: the read side the desktop shows, the launcher's --server options,
 * the pinned certificate, and how transport failures map to the attempt kinds.
 */
class RemoteDeskTest {

  @TempDir static Path dir;
  static BranchFixture branch;

  @BeforeAll
  static void start() {
    branch = BranchFixture.start(dir, ServiceObserver.NONE);
  }

  @AfterAll
  static void stop() {
    branch.close();
  }

  @Test
  void theDesktopReadsAccountsAndTheJournalFromTheBranch() throws Exception {
    try (AppContext desk =
        branch.desk("reader", dir.resolve("reader.sqlite"), AppContext.ClientSettings.DEFAULT)) {
      LedgerReads reads = desk.reads();
      assertThat(desk.queries()).as("no ledger in the desk's process").isNull();
      assertThat(reads.accounts()).hasSameSizeAs(branch.ledger.queries.accounts());
      assertThat(reads.account(TestLedger.number(0)))
          .isEqualTo(branch.ledger.queries.account(TestLedger.number(0)));
      assertThat(reads.account("DE00 0000")).isEmpty();
      assertThat(reads.searchAccounts("Amélie", 5))
          .isEqualTo(branch.ledger.queries.searchAccounts("Amélie", 5));
      assertThat(reads.totalsByCurrency()).isEqualTo(branch.ledger.totals());
      var posted =
          (com.onceteller.domain.TransferOutcome.Posted)
              new HttpTransport(connection(branch.base(), branch.tls.certificate()))
                  .send(
                      new Envelope(
                          IdempotencyKey.mint(),
                          new TransferRequest(
                              TestLedger.number(0), TestLedger.number(1), 99, "EUR", "journal"),
                          1));
      assertThat(reads.journal(Instant.EPOCH, posted.reference(), 10))
          .isEqualTo(branch.ledger.queries.journal(Instant.EPOCH, posted.reference(), 10))
          .hasSize(1);
    }
  }

  @Test
  void theTimelinesServiceAndDatabaseLanesComeFromTheServersServerTiming() throws Exception {
    try (AppContext desk =
        branch.desk("drawer", dir.resolve("drawer.sqlite"), AppContext.ClientSettings.DEFAULT)) {
      IdempotencyKey key = IdempotencyKey.mint();
      TransferRequest request =
          new TransferRequest(TestLedger.number(2), TestLedger.number(3), 77, "EUR", "lanes");
      for (int attempt = 1; attempt <= 2; attempt++) {
        assertThat(desk.client().attempt(key, request, attempt))
            .isInstanceOf(com.onceteller.desk.client.AttemptResult.Answered.class);
      }
      var kinds =
          desk.timeline().eventsFor(key).stream()
              .map(e -> e.attempt() + ":" + e.kind().name())
              .toList();
      assertThat(kinds)
          .contains(
              "1:RECEIVED", "1:KEY_CLAIMED", "1:POSTINGS_WRITTEN", "1:COMMITTED", "2:REPLAYED");
      assertThat(kinds).doesNotContain("2:COMMITTED");
    }
  }

  @Test
  void aBranchDeskSessionActsAsItsSignedOnTellerAndAbandonsThroughTheBranch() throws Exception {
    try (AppContext desk =
        branch.desk("abby", dir.resolve("abby.sqlite"), AppContext.ClientSettings.DEFAULT)) {
      assertThat(desk.remote()).isTrue();
      assertThat(desk.actor().userId()).isEqualTo("abby");
      // Nobody can be made the desk's teller without signing on at the branch from this desk.
      assertThatThrownBy(
              () ->
                  desk.signedOn(
                      new com.onceteller.domain.Actor(
                          "ben", com.onceteller.domain.Role.TELLER, "elsewhere")))
          .isInstanceOf(IllegalStateException.class);
      assertThat(desk.actor().userId()).as("still abby's session").isEqualTo("abby");

      IdempotencyKey key = IdempotencyKey.mint();
      TransferRequest r =
          new TransferRequest(TestLedger.number(4), TestLedger.number(5), 42, "EUR", "left");
      var answer = desk.abandonment().abandon(key, r, "customer left");
      assertThat(answer.result())
          .isEqualTo(com.onceteller.desk.client.Abandonment.Result.ABANDONED);
      assertThat(((com.onceteller.domain.TransferOutcome.Voided) answer.outcome()).voidedBy())
          .isEqualTo("abby");
      // The branch fenced abby's key: her retry is told, another teller's key is another intent.
      assertThat(desk.ledgerInquiry().statusOf(key).state())
          .isEqualTo(com.onceteller.domain.KeyStatus.State.VOIDED);
      assertThat(desk.client().attempt(key, r, 1))
          .isInstanceOfSatisfying(
              com.onceteller.desk.client.AttemptResult.Answered.class,
              a ->
                  assertThat(a.outcome())
                      .isInstanceOf(com.onceteller.domain.TransferOutcome.Voided.class));
      assertThat(branch.ledger.queries.statusOf(com.onceteller.TestActors.TELLER, key).state())
          .isEqualTo(com.onceteller.domain.KeyStatus.State.UNKNOWN);

      desk.signOff("end of the test");
      assertThat(desk.actor()).isNull();
    }
    try (var c = branch.ledger.database.dataSource().getConnection();
        var st = c.createStatement();
        var rs =
            st.executeQuery(
                "select event_type from audit_event where user_id = 'abby' order by id")) {
      java.util.List<String> events = new java.util.ArrayList<>();
      while (rs.next()) {
        events.add(rs.getString(1));
      }
      c.rollback();
      assertThat(events).containsExactly("SIGN_ON", "VOIDED", "SIGN_OFF");
    }
  }

  @Test
  void aServerWithAnotherCertificateIsRefusedAsNoAnswer() throws Exception {
    Path other = Files.createDirectories(dir.resolve("other"));
    TestTls stranger = TestTls.create(other);
    HttpTransport t = new HttpTransport(connection(branch.base(), stranger.certificate()));
    assertThatThrownBy(
            () ->
                t.send(
                    new Envelope(
                        IdempotencyKey.mint(),
                        new TransferRequest(
                            TestLedger.number(0), TestLedger.number(1), 1, "EUR", ""),
                        1)))
        .isInstanceOfSatisfying(
            NoResponseException.class,
            e -> assertThat(e.kind()).isEqualTo(NoResponseException.Kind.CONNECTION_LOST));
  }

  @Test
  void aRefusedConnectionIsNoAnswerNotAnError() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    HttpTransport t = new HttpTransport(connection(URI.create("http://127.0.0.1:" + closed), null));
    assertThatThrownBy(
            () ->
                t.send(
                    new Envelope(
                        IdempotencyKey.mint(),
                        new TransferRequest(
                            TestLedger.number(0), TestLedger.number(1), 1, "EUR", ""),
                        1)))
        .isInstanceOfSatisfying(
            NoResponseException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(NoResponseException.Kind.CONNECTION_LOST);
              assertThat(e.getMessage()).contains("refused");
            });
  }

  @Test
  void plainHttpIsOnlyForLoopbackAndHttpsNeedsAPinnedCertificate() {
    assertThatThrownBy(() -> connection(URI.create("http://branch.example:8080"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("127.0.0.1");
    assertThatThrownBy(() -> connection(URI.create("https://branch.example:8443"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pinned");
  }

  @Test
  void theLauncherTakesServerOptionsAndOpensTheWindowOnTheBranch() {
    AppPaths paths = new AppPaths(dir.resolve("data"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Launcher.Decision d =
        Launcher.prepare(
            new String[] {
              "--server", branch.base().toString(),
              "--server-cert", branch.tls.certificate().toString(),
              "--teller", "anna"
            },
            paths,
            dir.resolve("log.txt"),
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out),
            new PrintStream(err));
    assertThat(d)
        .isInstanceOfSatisfying(
            Launcher.Launch.class,
            l -> {
              assertThat(l.config().server()).isNotNull();
              assertThat(l.config().server().tellerId()).isEqualTo("anna");
              assertThat(l.config().demoMode()).isFalse();
            });
    Launcher.Decision bad =
        Launcher.prepare(
            new String[] {"--server", "https://branch:8443"},
            paths,
            dir.resolve("log.txt"),
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out),
            new PrintStream(err));
    assertThat(bad).isEqualTo(new Launcher.Exit(1));
    assertThat(err.toString()).contains("--server-cert");
  }

  static BranchConnection connection(URI base, Path cert) {
    return branch.connection(
        base,
        cert == null ? null : com.onceteller.desk.remote.PinnedCertificate.load(cert),
        "t1",
        Duration.ofSeconds(10));
  }
}

package com.onceteller.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.branch.service.ConfigurationService;
import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.Role;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET/POST /v1/approvals} and user administration over real HTTPS on PostgreSQL
 * (docs/api.md): every status, the Idempotency-Key rules of the approver's own key, the approver is
 * never the maker, a decline voids the maker's key, an approval lets the maker's same key post
 * once, two supervisors racing on one item store one approval, over the shoulder, and users made
 * and unlocked by the roles that may.
 */
class BranchApprovalsApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static BranchFixture branch;

  /** Holds the transaction of one keyed operation after its answer is stored, until released. */
  static volatile IdempotencyKey held;

  static volatile CountDownLatch claimed = new CountDownLatch(1);
  static volatile CountDownLatch release = new CountDownLatch(1);

  /** A second supervisor, made over HTTP by the administrator in {@link #start}. */
  static final String VERA = "vera";

  static final String VERA_PASSWORD = "vera-supervisor-2";

  @BeforeAll
  static void start() throws Exception {
    branch =
        BranchFixture.start(
            dir,
            new ServiceObserver() {
              @Override
              public void keyClaimed(IdempotencyKey key) {
                if (key.equals(held)) {
                  claimed.countDown();
                  try {
                    release.await(30, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
              }
            });
    // USD is limited for tellers and supervisors (1,000.00 per transfer here: 10.00 in minor units
    // of the test), EUR is not.
    ConfigurationService config =
        new ConfigurationService(branch.ledger.database, Clock.systemUTC());
    config.setLimit(TestActors.ADMINISTRATOR, Role.TELLER, "USD", 1_000, 5_000);
    config.setLimit(TestActors.ADMINISTRATOR, Role.SUPERVISOR, "USD", 1_000, 5_000);
    HttpResponse<String> made =
        post(
            "/v1/users",
            auth("ida"),
            quoted(IdempotencyKey.mint()),
            "{\"user_id\":\"vera\",\"display_name\":\"Vera Second\",\"role\":\"SUPERVISOR\","
                + "\"password\":\""
                + VERA_PASSWORD
                + "\"}");
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    branch.close();
  }

  static String auth(String user) {
    if (user.equals(VERA)) {
      return BranchFixture.basic(VERA, VERA_PASSWORD);
    }
    return branch.basic(user);
  }

  static HttpResponse<String> post(String path, String authorization, String key, String body) {
    return post(path, authorization, key, body, null);
  }

  static HttpResponse<String> post(
      String path, String authorization, String key, String body, String workstation) {
    HttpRequest.Builder b =
        branch
            .request(path, null)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    if (workstation != null) {
      b.header("Workstation", workstation);
    }
    return BranchFixture.send(branch.client(), b.build());
  }

  static HttpResponse<String> get(String path, String user) {
    return BranchFixture.send(
        branch.client(),
        branch.request(path, null).header("Authorization", auth(user)).GET().build());
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  static String quoted(IdempotencyKey k) {
    return "\"" + k + "\"";
  }

  static boolean replayed(HttpResponse<String> r) {
    return r.headers().firstValue("Idempotent-Replayed").orElse("").equals("true");
  }

  static String usd(long minor) {
    return "{\"from\":\""
        + TestLedger.number(8)
        + "\",\"to\":\""
        + TestLedger.number(9)
        + "\",\"amount_minor\":"
        + minor
        + ",\"currency\":\"USD\",\"memo\":\"above the limit\"}";
  }

  /** A transfer of {@code maker} above the limit: 403 needs-approval; its key. */
  static IdempotencyKey waiting(String maker, String body) throws Exception {
    IdempotencyKey k = IdempotencyKey.mint();
    HttpResponse<String> r = post("/v1/transfers", auth(maker), quoted(k), body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(json(r).get("type").asText()).endsWith("/needs-approval");
    return k;
  }

  /** The fingerprint the queue shows for {@code maker}'s key (as {@code supervisor} sees it). */
  static String fingerprint(String supervisor, String maker, IdempotencyKey k) throws Exception {
    HttpResponse<String> q = get("/v1/approvals", supervisor);
    assertThat(q.statusCode()).isEqualTo(200);
    for (JsonNode p : json(q)) {
      if (p.get("key").asText().equals(k.toString()) && p.get("teller").asText().equals(maker)) {
        return p.get("fingerprint").asText();
      }
    }
    throw new AssertionError(maker + "'s " + k + " is not in " + supervisor + "'s queue");
  }

  static String approve(String maker, IdempotencyKey k, String fingerprint) {
    return "{\"teller\":\""
        + maker
        + "\",\"key\":\""
        + k
        + "\",\"decision\":\"approve\",\"fingerprint\":\""
        + fingerprint
        + "\",\"reason\":\"ID checked\"}";
  }

  @Test
  void anApprovalIsKeyedAndReplayedAndThenTheMakersSameKeyPostsOnce() throws Exception {
    String usd = usd(2_500);
    IdempotencyKey k = waiting("anna", usd);
    long before = branch.ledger.balance(8);
    String body = approve("anna", k, fingerprint("sara", "anna", k));
    IdempotencyKey a = IdempotencyKey.mint();
    HttpResponse<String> r = post("/v1/approvals", auth("sara"), quoted(a), body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode j = json(r);
    assertThat(j.get("outcome").asText()).isEqualTo("approved");
    assertThat(j.get("approval").get("approver_id").asText()).isEqualTo("sara");
    assertThat(j.get("approval").get("mode").asText()).isEqualTo("QUEUE");
    // The approver's retry replays, byte for byte.
    HttpResponse<String> again = post("/v1/approvals", auth("sara"), quoted(a), body);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(replayed(again)).isTrue();
    assertThat(again.body()).isEqualTo(r.body());
    // It left the queue; the maker's same key posts once, then replays.
    assertThat(get("/v1/approvals", "sara").body()).doesNotContain(k.toString());
    HttpResponse<String> posted = post("/v1/transfers", auth("anna"), quoted(k), usd);
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
    assertThat(replayed(posted)).isFalse();
    HttpResponse<String> retry = post("/v1/transfers", auth("anna"), quoted(k), usd);
    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(replayed(retry)).isTrue();
    assertThat(branch.ledger.balance(8)).isEqualTo(before - 2_500);
  }

  @Test
  void theKeyRulesApplyToApprovals() throws Exception {
    IdempotencyKey k = waiting("anna", usd(2_501));
    String body = approve("anna", k, fingerprint("sara", "anna", k));
    // No key, a malformed key: 400, nothing done.
    HttpResponse<String> none = post("/v1/approvals", auth("sara"), null, body);
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(json(none).get("type").asText()).endsWith("/missing-key");
    assertThat(post("/v1/approvals", auth("sara"), k.toString(), body).statusCode()).isEqualTo(400);
    // No user, a wrong password: 401.
    assertThat(post("/v1/approvals", null, quoted(IdempotencyKey.mint()), body).statusCode())
        .isEqualTo(401);
    assertThat(
            post(
                    "/v1/approvals",
                    BranchFixture.basic("sara", "not-her-password-1"),
                    quoted(IdempotencyKey.mint()),
                    body)
                .statusCode())
        .isEqualTo(401);
    // A teller may not approve: 403, not stored (the key is free for another request).
    IdempotencyKey byBen = IdempotencyKey.mint();
    HttpResponse<String> ben = post("/v1/approvals", auth("ben"), quoted(byBen), body);
    assertThat(ben.statusCode()).isEqualTo(403);
    assertThat(json(ben).get("type").asText()).endsWith("/not-permitted");
    // A body that is not an approval: 400.
    assertThat(
            post("/v1/approvals", auth("sara"), quoted(IdempotencyKey.mint()), "{\"decision\":1}")
                .statusCode())
        .isEqualTo(400);
    // Approved under key a; the same key with another body is 422 and changes nothing.
    IdempotencyKey a = IdempotencyKey.mint();
    assertThat(post("/v1/approvals", auth("sara"), quoted(a), body).statusCode()).isEqualTo(201);
    HttpResponse<String> reused =
        post(
            "/v1/approvals", auth("sara"), quoted(a), body.replace("ID checked", "something else"));
    assertThat(reused.statusCode()).isEqualTo(422);
    assertThat(json(reused).get("type").asText()).endsWith("/key-reused");
    // Nothing waits under an unknown key: a stored 404, replayed.
    IdempotencyKey n = IdempotencyKey.mint();
    String nothing = approve("anna", IdempotencyKey.mint(), "0".repeat(64));
    HttpResponse<String> nf = post("/v1/approvals", auth("sara"), quoted(n), nothing);
    assertThat(nf.statusCode()).isEqualTo(404);
    HttpResponse<String> nf2 = post("/v1/approvals", auth("sara"), quoted(n), nothing);
    assertThat(nf2.statusCode()).isEqualTo(404);
    assertThat(replayed(nf2)).isTrue();
    assertThat(nf2.body()).isEqualTo(nf.body());
  }

  @Test
  void theMakerNeverApprovesTheirOwnRequestAnotherSupervisorDoes() throws Exception {
    IdempotencyKey k = waiting("sara", usd(2_502));
    // Sara does not see her own request in her queue; Vera does.
    assertThat(get("/v1/approvals", "sara").body()).doesNotContain(k.toString());
    String body = approve("sara", k, fingerprint(VERA, "sara", k));
    HttpResponse<String> own =
        post("/v1/approvals", auth("sara"), quoted(IdempotencyKey.mint()), body);
    assertThat(own.statusCode()).isEqualTo(403);
    assertThat(json(own).get("type").asText()).endsWith("/not-permitted");
    assertThat(json(own).get("detail").asText()).contains("own request");
    HttpResponse<String> vera =
        post("/v1/approvals", auth(VERA), quoted(IdempotencyKey.mint()), body);
    assertThat(vera.statusCode()).as(vera.body()).isEqualTo(201);
    assertThat(post("/v1/transfers", auth("sara"), quoted(k), usd(2_502)).statusCode())
        .isEqualTo(201);
  }

  @Test
  void aDeclineVoidsTheMakersKey() throws Exception {
    IdempotencyKey k = waiting("anna", usd(2_503));
    String body =
        "{\"teller\":\"anna\",\"key\":\"" + k + "\",\"decision\":\"decline\",\"reason\":\"no ID\"}";
    IdempotencyKey d = IdempotencyKey.mint();
    HttpResponse<String> r = post("/v1/approvals", auth("sara"), quoted(d), body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(json(r).get("outcome").asText()).isEqualTo("voided");
    HttpResponse<String> again = post("/v1/approvals", auth("sara"), quoted(d), body);
    assertThat(replayed(again)).isTrue();
    assertThat(again.body()).isEqualTo(r.body());
    HttpResponse<String> maker = post("/v1/transfers", auth("anna"), quoted(k), usd(2_503));
    assertThat(maker.statusCode()).isEqualTo(410);
    assertThat(get("/v1/approvals", "sara").body()).doesNotContain(k.toString());
  }

  @Test
  void twoSupervisorsRacingToApproveOneItemStoreOneApproval() throws Exception {
    for (int round = 0; round < 3; round++) {
      long before = branch.ledger.balance(8);
      String usd = usd(2_510 + round);
      IdempotencyKey k = waiting("ben", usd);
      String fp = fingerprint("sara", "ben", k);
      CyclicBarrier start = new CyclicBarrier(2);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      try {
        for (String supervisor : List.of("sara", VERA)) {
          String authorization = auth(supervisor);
          answers.add(
              pool.submit(
                  () -> {
                    start.await(10, TimeUnit.SECONDS);
                    return post(
                        "/v1/approvals",
                        authorization,
                        quoted(IdempotencyKey.mint()),
                        approve("ben", k, fp));
                  }));
        }
        int approved = 0;
        int conflicts = 0;
        for (Future<HttpResponse<String>> f : answers) {
          HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
          if (r.statusCode() == 201) {
            approved++;
          } else {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
            assertThat(json(r).get("type").asText()).endsWith("/conflict");
            assertThat(json(r).get("detail").asText()).contains("Already approved by");
            conflicts++;
          }
        }
        assertThat(approved).as("round " + round).isEqualTo(1);
        assertThat(conflicts).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
      assertThat(post("/v1/transfers", auth("ben"), quoted(k), usd).statusCode()).isEqualTo(201);
      assertThat(branch.ledger.balance(8)).isEqualTo(before - 2_510 - round);
    }
  }

  @Test
  void theSameApprovalKeyWhileTheFirstIsProcessingIs409InProgress() throws Exception {
    IdempotencyKey k = waiting("anna", usd(2_520));
    String body = approve("anna", k, fingerprint("sara", "anna", k));
    IdempotencyKey a = IdempotencyKey.mint();
    claimed = new CountDownLatch(1);
    release = new CountDownLatch(1);
    held = a;
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      String authorization = auth("sara");
      Future<HttpResponse<String>> first =
          pool.submit(() -> post("/v1/approvals", authorization, quoted(a), body));
      assertThat(claimed.await(30, TimeUnit.SECONDS)).isTrue();
      HttpResponse<String> second = post("/v1/approvals", authorization, quoted(a), body);
      assertThat(second.statusCode()).isEqualTo(409);
      assertThat(json(second).get("type").asText()).endsWith("/in-progress");
      assertThat(second.headers().firstValue("Retry-After")).contains("1");
      release.countDown();
      assertThat(first.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
      HttpResponse<String> later = post("/v1/approvals", authorization, quoted(a), body);
      assertThat(later.statusCode()).isEqualTo(201);
      assertThat(replayed(later)).isTrue();
    } finally {
      held = null;
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void overTheShoulderTheSupervisorsCredentialsComeFromTheTellersDesk() throws Exception {
    IdempotencyKey k = waiting("anna", usd(2_530));
    String body =
        approve("anna", k, fingerprint("sara", "anna", k))
            .replace("}", ",\"mode\":\"over_the_shoulder\"}");
    // A wrong password typed on Anna's desk: 401, and nothing approved.
    HttpResponse<String> wrong =
        post(
            "/v1/approvals",
            BranchFixture.basic("sara", "wrong-password-99"),
            quoted(IdempotencyKey.mint()),
            body,
            "desk-of-anna");
    assertThat(wrong.statusCode()).isEqualTo(401);
    // A teller's credentials are refused for an override the same way.
    assertThat(
            post("/v1/approvals", auth("ben"), quoted(IdempotencyKey.mint()), body, "desk-of-anna")
                .statusCode())
        .isEqualTo(401);
    HttpResponse<String> r =
        post("/v1/approvals", auth("sara"), quoted(IdempotencyKey.mint()), body, "desk-of-anna");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode approval = json(r).get("approval");
    assertThat(approval.get("mode").asText()).isEqualTo("OVER_THE_SHOULDER");
    assertThat(approval.get("approver_workstation").asText()).isEqualTo("desk-of-anna");
    assertThat(post("/v1/transfers", auth("anna"), quoted(k), usd(2_530)).statusCode())
        .isEqualTo(201);
    // The audit trail has the override's authentication.
    assertThat(
            new com.onceteller.AuditRows(branch.ledger.database)
                .since(0).stream()
                    .anyMatch(
                        a ->
                            a.type() == com.onceteller.domain.AuditEventType.OVERRIDE_AUTHENTICATED
                                && a.userId().equals("sara")
                                && a.success()))
        .isTrue();
  }

  @Test
  void usersAreMadeByAnAdministratorAndUnlockedByASupervisorWithTheKeyRules() throws Exception {
    String body =
        "{\"user_id\":\"tom\",\"display_name\":\"Tom Teller\",\"role\":\"TELLER\","
            + "\"password\":\"tom-teller-pass-1\"}";
    // A teller or a supervisor may not make users; no key is 400.
    assertThat(post("/v1/users", auth("ben"), quoted(IdempotencyKey.mint()), body).statusCode())
        .isEqualTo(403);
    assertThat(post("/v1/users", auth("sara"), quoted(IdempotencyKey.mint()), body).statusCode())
        .isEqualTo(403);
    assertThat(post("/v1/users", auth("ida"), null, body).statusCode()).isEqualTo(400);
    // A weak password: 400, not stored.
    IdempotencyKey u = IdempotencyKey.mint();
    assertThat(
            post("/v1/users", auth("ida"), quoted(u), body.replace("tom-teller-pass-1", "short"))
                .statusCode())
        .isEqualTo(400);
    HttpResponse<String> made = post("/v1/users", auth("ida"), quoted(u), body);
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    assertThat(json(made).get("role").asText()).isEqualTo("TELLER");
    assertThat(made.body()).doesNotContain("tom-teller-pass-1");
    HttpResponse<String> again = post("/v1/users", auth("ida"), quoted(u), body);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(replayed(again)).isTrue();
    assertThat(
            post("/v1/users", auth("ida"), quoted(u), body.replace("TELLER\"", "AUDITOR\""))
                .statusCode())
        .isEqualTo(422);
    // The same user id under a new key: a stored 409.
    HttpResponse<String> taken =
        post("/v1/users", auth("ida"), quoted(IdempotencyKey.mint()), body);
    assertThat(taken.statusCode()).isEqualTo(409);
    assertThat(json(taken).get("type").asText()).endsWith("/conflict");
    // Tom signs on; five wrong passwords lock him; even the right one is refused then.
    String tom = BranchFixture.basic("tom", "tom-teller-pass-1");
    assertThat(post("/v1/sign-on", tom, null, "{}").statusCode()).isEqualTo(200);
    for (int i = 0; i < 5; i++) {
      assertThat(
              post("/v1/sign-on", BranchFixture.basic("tom", "wrong-pass-" + i + "xx"), null, "{}")
                  .statusCode())
          .isEqualTo(401);
    }
    assertThat(post("/v1/sign-on", tom, null, "{}").statusCode()).isEqualTo(401);
    HttpResponse<String> list = get("/v1/users", "sara");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("\"user_id\":\"tom\"");
    // A teller may not unlock; a supervisor does, keyed.
    assertThat(
            post("/v1/users/tom/unlock", auth("ben"), quoted(IdempotencyKey.mint()), "{}")
                .statusCode())
        .isEqualTo(403);
    IdempotencyKey un = IdempotencyKey.mint();
    HttpResponse<String> unlocked = post("/v1/users/tom/unlock", auth("sara"), quoted(un), "{}");
    assertThat(unlocked.statusCode()).as(unlocked.body()).isEqualTo(200);
    assertThat(json(unlocked).get("locked").asBoolean()).isFalse();
    HttpResponse<String> replay = post("/v1/users/tom/unlock", auth("sara"), quoted(un), "{}");
    assertThat(replayed(replay)).isTrue();
    assertThat(post("/v1/sign-on", tom, null, "{}").statusCode()).isEqualTo(200);
    // Nobody to unlock: a stored 404.
    assertThat(
            post("/v1/users/nobody/unlock", auth("sara"), quoted(IdempotencyKey.mint()), "{}")
                .statusCode())
        .isEqualTo(404);
  }
}

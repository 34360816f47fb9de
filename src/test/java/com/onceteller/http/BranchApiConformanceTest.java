package com.onceteller.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.onceteller.TestLedger;
import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.domain.IdempotencyKey;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
 * The branch API against its contract (docs/api.md, draft-ietf-httpapi-idempotency-key-header-07),
 * over real HTTPS on loopback, on PostgreSQL: one test per status, the replay rules, key scope per
 * teller, and 32 clients racing on one key.
 */
class BranchApiConformanceTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static BranchFixture branch;
  static HttpClient http;

  /** Holds the transaction of one ledger key after its claim, until released. */
  static volatile IdempotencyKey held;

  static volatile CountDownLatch claimed = new CountDownLatch(1);
  static volatile CountDownLatch release = new CountDownLatch(1);

  @BeforeAll
  static void start() {
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
    http = branch.client();
  }

  @AfterAll
  static void stop() {
    branch.close();
  }

  static String transfer(int from, int to, long minor) {
    return "{\"from\":\""
        + TestLedger.number(from)
        + "\",\"to\":\""
        + TestLedger.number(to)
        + "\",\"amount_minor\":"
        + minor
        + ",\"currency\":\"EUR\",\"memo\":\"conformance\"}";
  }

  static HttpResponse<String> post(String path, String teller, String key, String body) {
    HttpRequest.Builder b =
        branch
            .request(path, teller)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    return BranchFixture.send(http, b.build());
  }

  static HttpResponse<String> get(String path, String teller) {
    return BranchFixture.send(http, branch.request(path, teller).GET().build());
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

  @Test
  void aMissingKeyIs400WithAProblemBodyAndNothingIsPosted() throws Exception {
    long before = branch.ledger.queries.countTransfers();
    HttpResponse<String> r = post("/v1/transfers", "t1", null, transfer(0, 1, 100));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonNode p = json(r);
    assertThat(p.get("type").asText()).endsWith("/missing-key");
    assertThat(p.get("status").asInt()).isEqualTo(400);
    assertThat(p.get("title").asText()).isNotBlank();
    assertThat(p.get("detail").asText()).contains("Idempotency-Key");
    assertThat(branch.ledger.queries.countTransfers()).isEqualTo(before);
  }

  @Test
  void aMalformedKeyIs400() throws Exception {
    IdempotencyKey k = IdempotencyKey.mint();
    for (String bad :
        List.of(
            k.toString(), // a token, not a Structured Field string
            "\"not-a-uuid\"",
            "\"6ba7b810-9dad-11d1-80b4-00c04fd430c8\"", // version 1
            "\"" + k + "\\x\"",
            "\"\"")) {
      HttpResponse<String> r = post("/v1/transfers", "t1", bad, transfer(0, 1, 100));
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(json(r).get("type").asText()).as(bad).endsWith("/malformed-key");
    }
  }

  @Test
  void noTellerIs401() throws Exception {
    HttpResponse<String> r =
        post("/v1/transfers", null, quoted(IdempotencyKey.mint()), transfer(0, 1, 100));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(json(r).get("type").asText()).endsWith("/unauthenticated");
  }

  @Test
  void aPostingIs201AndEveryRetryGetsTheSameStatusAndBodyMarkedReplayed() throws Exception {
    IdempotencyKey k = IdempotencyKey.mint();
    long amelie = branch.ledger.balance(0);
    HttpResponse<String> first = post("/v1/transfers", "t1", quoted(k), transfer(0, 1, 1_234));
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(replayed(first)).isFalse();
    JsonNode b = json(first);
    assertThat(b.get("outcome").asText()).isEqualTo("posted");
    assertThat(b.get("key").asText()).isEqualTo(k.toString());
    assertThat(b.get("reference").asText()).startsWith("T-");
    assertThat(first.headers().firstValue("Location")).contains("/v1/transfers/by-key/" + k);
    String timing = first.headers().firstValue("Server-Timing").orElse("");
    assertThat(timing).contains("claim;dur=", "decide;dur=", "commit;dur=", "sync;dur=");
    assertThat(first.headers().firstValue("Idempotency-Key-Retention"))
        .hasValueSatisfying(v -> assertThat(v).contains("forever"));

    for (int i = 0; i < 3; i++) {
      HttpResponse<String> again = post("/v1/transfers", "t1", quoted(k), transfer(0, 1, 1_234));
      assertThat(again.statusCode()).isEqualTo(201);
      assertThat(replayed(again)).isTrue();
      assertThat(again.body()).isEqualTo(first.body());
      assertThat(again.headers().firstValue("Server-Timing").orElse("")).contains("replay;dur=");
    }
    assertThat(branch.ledger.balance(0)).isEqualTo(amelie - 1_234);
  }

  @Test
  void theSameKeyWithADifferentRequestIs422ShowingTheOriginal() throws Exception {
    IdempotencyKey k = IdempotencyKey.mint();
    assertThat(post("/v1/transfers", "t1", quoted(k), transfer(0, 1, 500)).statusCode())
        .isEqualTo(201);
    HttpResponse<String> r = post("/v1/transfers", "t1", quoted(k), transfer(0, 1, 501));
    assertThat(r.statusCode()).isEqualTo(422);
    JsonNode p = json(r);
    assertThat(p.get("type").asText()).endsWith("/key-reused");
    assertThat(p.get("original").get("amount_minor").asLong()).isEqualTo(500);
    assertThat(replayed(r)).isFalse();
    assertThat(branch.ledger.queries.countTransfersForKey(k.value())).isOne();
  }

  @Test
  void theSameKeyWhileTheFirstIsStillProcessingIs409AndALaterRetryReplays() throws Exception {
    IdempotencyKey k = IdempotencyKey.mint();
    claimed = new CountDownLatch(1);
    release = new CountDownLatch(1);
    held = k;
    ExecutorService one = Executors.newSingleThreadExecutor();
    try {
      Future<HttpResponse<String>> first =
          one.submit(() -> post("/v1/transfers", "t1", quoted(k), transfer(1, 0, 700)));
      assertThat(claimed.await(30, TimeUnit.SECONDS)).isTrue();
      // The second waits on the unique index for the lock timeout (2 s), then is told 409.
      HttpResponse<String> second = post("/v1/transfers", "t1", quoted(k), transfer(1, 0, 700));
      assertThat(second.statusCode()).isEqualTo(409);
      assertThat(json(second).get("type").asText()).endsWith("/in-progress");
      assertThat(second.headers().firstValue("Retry-After")).isPresent();
      release.countDown();
      HttpResponse<String> f = first.get(30, TimeUnit.SECONDS);
      assertThat(f.statusCode()).isEqualTo(201);
      HttpResponse<String> third = post("/v1/transfers", "t1", quoted(k), transfer(1, 0, 700));
      assertThat(third.statusCode()).isEqualTo(201);
      assertThat(replayed(third)).isTrue();
      assertThat(third.body()).isEqualTo(f.body());
    } finally {
      held = null;
      release.countDown();
      one.shutdownNow();
    }
  }

  @Test
  void aRejectionIsStoredAndReplaysLikeASuccess() throws Exception {
    IdempotencyKey k = IdempotencyKey.mint();
    HttpResponse<String> r = post("/v1/transfers", "t1", quoted(k), transfer(0, 1, 9_000_000_000L));
    assertThat(r.statusCode()).isEqualTo(403);
    JsonNode p = json(r);
    assertThat(p.get("type").asText()).endsWith("/rejected");
    assertThat(p.get("reason").asText()).isEqualTo("INSUFFICIENT_FUNDS");
    HttpResponse<String> again =
        post("/v1/transfers", "t1", quoted(k), transfer(0, 1, 9_000_000_000L));
    assertThat(again.statusCode()).isEqualTo(403);
    assertThat(replayed(again)).isTrue();
    assertThat(again.body()).isEqualTo(r.body());
  }

  @Test
  void anInvalidRequestIs400AndNotStoredSoTheCorrectedRequestReusesTheKey() throws Exception {
    IdempotencyKey k = IdempotencyKey.mint();
    for (String bad :
        List.of(
            "{not json",
            transfer(0, 1, 100).replace("\"amount_minor\":100", "\"amount_minor\":1.5"),
            transfer(0, 1, 100).replace(TestLedger.number(1), "DE00123"),
            transfer(0, 1, 100).replace("\"memo\"", "\"memmo\""))) {
      HttpResponse<String> r = post("/v1/transfers", "t1", quoted(k), bad);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(json(r).get("outcome").asText()).isEqualTo("invalid");
      assertThat(json(r).get("errors").size()).isPositive();
    }
    HttpResponse<String> ok = post("/v1/transfers", "t1", quoted(k), transfer(0, 1, 100));
    assertThat(ok.statusCode()).isEqualTo(201);
    assertThat(replayed(ok)).isFalse();
  }

  @Test
  void theStatusOfAKeyIsWhatADeskInDoubtAsks() throws Exception {
    IdempotencyKey unknown = IdempotencyKey.mint();
    JsonNode u = json(get("/v1/transfers/by-key/" + unknown, "t1"));
    assertThat(u.get("state").asText()).isEqualTo("unknown");

    IdempotencyKey posted = IdempotencyKey.mint();
    String ref =
        json(post("/v1/transfers", "t1", quoted(posted), transfer(0, 2, 300)))
            .get("reference")
            .asText();
    JsonNode p = json(get("/v1/transfers/by-key/" + posted, "t1"));
    assertThat(p.get("state").asText()).isEqualTo("posted");
    assertThat(p.get("reference").asText()).isEqualTo(ref);

    IdempotencyKey rejected = IdempotencyKey.mint();
    post("/v1/transfers", "t1", quoted(rejected), transfer(0, 2, 9_000_000_000L));
    JsonNode r = json(get("/v1/transfers/by-key/" + rejected, "t1"));
    assertThat(r.get("state").asText()).isEqualTo("rejected");
    assertThat(r.get("reason").asText()).isEqualTo("INSUFFICIENT_FUNDS");

    assertThat(get("/v1/transfers/by-key/not-a-key", "t1").statusCode()).isEqualTo(400);
  }

  @Test
  void aVoidFencesTheKeyWithTheSameIdempotencyRules() throws Exception {
    IdempotencyKey k = IdempotencyKey.mint();
    String body = "{\"reason\":\"customer left\",\"request\":" + transfer(0, 1, 250) + "}";
    HttpResponse<String> v = post("/v1/voids", "t1", quoted(k), body);
    assertThat(v.statusCode()).isEqualTo(201);
    assertThat(json(v).get("outcome").asText()).isEqualTo("voided");
    assertThat(json(v).get("voided_by").asText()).isEqualTo("t1");

    HttpResponse<String> late = post("/v1/transfers", "t1", quoted(k), transfer(0, 1, 250));
    assertThat(late.statusCode()).isEqualTo(410);
    assertThat(replayed(late)).isTrue();
    HttpResponse<String> again = post("/v1/voids", "t1", quoted(k), body);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(replayed(again)).isTrue();
    assertThat(again.body()).isEqualTo(v.body());
    assertThat(json(get("/v1/transfers/by-key/" + k, "t1")).get("state").asText())
        .isEqualTo("voided");

    IdempotencyKey posted = IdempotencyKey.mint();
    post("/v1/transfers", "t1", quoted(posted), transfer(0, 1, 260));
    HttpResponse<String> tooLate = post("/v1/voids", "t1", quoted(posted), body);
    assertThat(tooLate.statusCode()).isEqualTo(200);
    assertThat(replayed(tooLate)).isTrue();
    assertThat(json(tooLate).get("outcome").asText()).isEqualTo("posted");
    assertThat(post("/v1/voids", "t1", null, body).statusCode()).isEqualTo(400);
  }

  @Test
  void aRestoreOfAnAcknowledgedPostingFollowsTheSameRules() throws Exception {
    IdempotencyKey k = IdempotencyKey.mint();
    String body =
        "{\"request\":"
            + transfer(3, 4, 111)
            + ",\"reference\":\"T-900001\",\"posted_at\":\"2026-01-02T10:42:00Z\"}";
    HttpResponse<String> r = post("/v1/restorations", "t1", quoted(k), body);
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(json(r).get("restored").asBoolean()).isTrue();
    assertThat(json(r).get("reference").asText()).isEqualTo("T-900001");
    HttpResponse<String> again = post("/v1/restorations", "t1", quoted(k), body);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(replayed(again)).isTrue();
    assertThat(json(again).get("restored").asBoolean()).isFalse();
  }

  @Test
  void keysAreScopedPerTellerSoTwoTellersNeverCollide() throws Exception {
    IdempotencyKey k = IdempotencyKey.mint();
    HttpResponse<String> a = post("/v1/transfers", "anna", quoted(k), transfer(0, 1, 10));
    HttpResponse<String> b = post("/v1/transfers", "ben", quoted(k), transfer(0, 1, 20));
    assertThat(a.statusCode()).isEqualTo(201);
    assertThat(b.statusCode()).isEqualTo(201);
    assertThat(replayed(b)).isFalse();
    assertThat(json(a).get("reference").asText()).isNotEqualTo(json(b).get("reference").asText());
    assertThat(json(get("/v1/transfers/by-key/" + k, "carl")).get("state").asText())
        .isEqualTo("unknown");
    // Who asks is who signed on: ben's own password shows ben's posting under the same key.
    HttpRequest asBen =
        branch
            .request("/v1/transfers/by-key/" + k, null)
            .header("Authorization", BranchFixture.basic("ben", "ben-teller-22"))
            .GET()
            .build();
    JsonNode viaBasic = json(BranchFixture.send(http, asBen));
    assertThat(viaBasic.get("reference").asText()).isEqualTo(json(b).get("reference").asText());
  }

  @Test
  void aPasswordThatDoesNotCheckIs401AndSaysNothingMore() throws Exception {
    HttpRequest wrong =
        branch
            .request("/v1/transfers", null)
            .header("Authorization", BranchFixture.basic("ben", "not-bens-password-1"))
            .header("Idempotency-Key", quoted(IdempotencyKey.mint()))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(transfer(0, 1, 100)))
            .build();
    HttpResponse<String> r = BranchFixture.send(http, wrong);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("type").asText()).endsWith("/unauthenticated");
    assertThat(json(r).get("detail").asText())
        .isEqualTo(com.onceteller.domain.SignOnResult.REFUSED_MESSAGE);
    // A desk reads the answer as a refusal it shows, not as a lost answer to retry.
    assertThat(json(r).get("outcome").asText()).isEqualTo("invalid");
    assertThat(json(r).get("errors").get(0).get("field").asText()).isEqualTo("permission");
    // A Teller-Id header alone names nobody any more.
    HttpRequest stated =
        branch.request("/v1/ledger", null).header("Teller-Id", "ben").GET().build();
    assertThat(BranchFixture.send(http, stated).statusCode())
        .as("the ledger's identity is public")
        .isEqualTo(200);
    assertThat(get("/v1/accounts", null).statusCode()).isEqualTo(401);
  }

  @Test
  void signOnAnswersWhoTheUserIsAndTheAuditTrailHasIt() throws Exception {
    HttpRequest signOn =
        branch
            .request("/v1/sign-on", null)
            .header("Authorization", BranchFixture.basic("sara", "sara-super-333"))
            .header("Workstation", "branch-desk-7")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();
    HttpResponse<String> r = BranchFixture.send(http, signOn);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode who = json(r);
    assertThat(who.get("user_id").asText()).isEqualTo("sara");
    assertThat(who.get("role").asText()).isEqualTo("SUPERVISOR");
    assertThat(who.get("workstation").asText()).isEqualTo("branch-desk-7");
    assertThat(who.get("display_name").asText()).isNotBlank();
    assertThat(
            BranchFixture.send(http, sara("/v1/screen-lock", "sara-super-333", "{}")).statusCode())
        .isEqualTo(204);
    String role = "{\"role\":\"SUPERVISOR\"}";
    assertThat(
            BranchFixture.send(http, sara("/v1/screen-unlock", "not-saras-password-1", role))
                .statusCode())
        .isEqualTo(401);
    assertThat(
            BranchFixture.send(http, sara("/v1/screen-unlock", "sara-super-333", role))
                .statusCode())
        .isEqualTo(204);
    HttpRequest off =
        branch
            .request("/v1/sign-off", null)
            .header("Authorization", BranchFixture.basic("sara", "sara-super-333"))
            .header("Workstation", "branch-desk-7")
            .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"end of shift\"}"))
            .build();
    assertThat(BranchFixture.send(http, off).statusCode()).isEqualTo(204);
    try (var c = branch.ledger.database.dataSource().getConnection();
        var st = c.createStatement();
        var rs =
            st.executeQuery(
                "select event_type from audit_event where user_id = 'sara'"
                    + " and workstation = 'branch-desk-7' order by id")) {
      List<String> events = new ArrayList<>();
      while (rs.next()) {
        events.add(rs.getString(1));
      }
      c.rollback();
      assertThat(events)
          .containsExactly(
              "SIGN_ON", "SCREEN_LOCKED", "SCREEN_UNLOCKED", "SCREEN_UNLOCKED", "SIGN_OFF");
    }
  }

  private static HttpRequest sara(String path, String password, String body) {
    return branch
        .request(path, null)
        .header("Authorization", BranchFixture.basic("sara", password))
        .header("Workstation", "branch-desk-7")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  @Test
  void aRoleThatMayNotDoItIs403AndNothingIsStored() throws Exception {
    long before = branch.ledger.queries.countTransfers();
    IdempotencyKey k = IdempotencyKey.mint();
    // Omar is an auditor: he reads, he never posts.
    HttpResponse<String> r = post("/v1/transfers", "omar", quoted(k), transfer(0, 1, 100));
    assertThat(r.statusCode()).isEqualTo(403);
    JsonNode p = json(r);
    assertThat(p.get("type").asText()).endsWith("/not-permitted");
    assertThat(p.get("outcome").asText()).isEqualTo("invalid");
    assertThat(p.get("errors").get(0).get("field").asText()).isEqualTo("permission");
    assertThat(branch.ledger.queries.countTransfers()).isEqualTo(before);
    assertThat(get("/v1/accounts", "omar").statusCode()).isEqualTo(200);
    // Ida administers users and moves no money; she does not read the journal either.
    assertThat(get("/v1/journal", "ida").statusCode()).isEqualTo(403);
    assertThat(json(get("/v1/journal", "ida")).get("type").asText()).endsWith("/not-permitted");
    // Another teller's key: only a supervisor may ask.
    assertThat(get("/v1/transfers/by-key/" + k + "?teller=t1", "ben").statusCode()).isEqualTo(403);
    assertThat(get("/v1/transfers/by-key/" + k + "?teller=t1", "sara").statusCode()).isEqualTo(200);
  }

  @Test
  void aTransferAboveTheTellersLimitIs403NeedsApprovalStoredAndReplayed() throws Exception {
    // USD only: the other tests post EUR without limits.
    new com.onceteller.branch.service.ConfigurationService(
            branch.ledger.database, java.time.Clock.systemUTC())
        .setLimit(
            com.onceteller.TestActors.ADMINISTRATOR,
            com.onceteller.domain.Role.TELLER,
            "USD",
            1_000,
            5_000);
    IdempotencyKey k = IdempotencyKey.mint();
    long before = branch.ledger.balance(8);
    String usd =
        "{\"from\":\""
            + TestLedger.number(8)
            + "\",\"to\":\""
            + TestLedger.number(9)
            + "\",\"amount_minor\":2500,\"currency\":\"USD\",\"memo\":\"above the limit\"}";
    HttpResponse<String> r = post("/v1/transfers", "t1", quoted(k), usd);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonNode p = json(r);
    assertThat(p.get("type").asText()).endsWith("/needs-approval");
    assertThat(p.get("outcome").asText()).isEqualTo("needs_approval");
    assertThat(p.get("why").asText()).contains("limit");
    assertThat(r.headers().firstValue("Retry-After")).as("it waits for a person").isEmpty();
    HttpResponse<String> again = post("/v1/transfers", "t1", quoted(k), usd);
    assertThat(again.statusCode()).isEqualTo(403);
    assertThat(replayed(again)).isTrue();
    assertThat(again.body()).isEqualTo(r.body());
    assertThat(json(get("/v1/transfers/by-key/" + k, "t1")).get("state").asText())
        .isEqualTo("awaiting_approval");
    assertThat(branch.ledger.balance(8)).isEqualTo(before);
  }

  @Test
  void aReversalIsKeyedLikeATransferAndAnOriginalIsReversedOnce() throws Exception {
    IdempotencyKey original = IdempotencyKey.mint();
    String ref =
        json(post("/v1/transfers", "t1", quoted(original), transfer(2, 3, 321)))
            .get("reference")
            .asText();
    String body = "{\"original_reference\":\"" + ref + "\",\"reason\":\"wrong account\"}";
    IdempotencyKey k = IdempotencyKey.mint();
    HttpResponse<String> r = post("/v1/reversals", "t1", quoted(k), body);
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(json(r).get("request").get("from").asText()).isEqualTo(TestLedger.number(3));
    HttpResponse<String> again = post("/v1/reversals", "t1", quoted(k), body);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(replayed(again)).isTrue();
    HttpResponse<String> second = post("/v1/reversals", "t1", quoted(IdempotencyKey.mint()), body);
    assertThat(second.statusCode()).isEqualTo(403);
    assertThat(json(second).get("reason").asText()).isEqualTo("ALREADY_REVERSED");
    assertThat(post("/v1/reversals", "t1", null, body).statusCode()).isEqualTo(400);
  }

  @Test
  void approvalAndEndOfDayApplyTheKeyRules() throws Exception {
    // Their statuses are in BranchApprovalsApiTest and BranchEndOfDayApiTest; here: no key is 400,
    // no user 401, a body that is not theirs 400 (nothing stored: the key stays free).
    for (String path : List.of("/v1/approvals", "/v1/business-days/close")) {
      assertThat(post(path, "t1", null, "{}").statusCode()).as(path).isEqualTo(400);
      assertThat(post(path, null, quoted(IdempotencyKey.mint()), "{}").statusCode())
          .as(path)
          .isEqualTo(401);
    }
    assertThat(post("/v1/approvals", "sara", quoted(IdempotencyKey.mint()), "{}").statusCode())
        .isEqualTo(400);
    assertThat(
            post(
                    "/v1/business-days/close",
                    "t1",
                    quoted(IdempotencyKey.mint()),
                    "{\"scope\":\"everything\"}")
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void thirtyTwoClientsRacingOnOneKeyPostItOnceAndAllAgree() throws Exception {
    int clients = 32;
    for (int round = 0; round < 3; round++) {
      IdempotencyKey k = IdempotencyKey.mint();
      long before = branch.ledger.balance(6);
      CyclicBarrier start = new CyclicBarrier(clients);
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      try {
        for (int c = 0; c < clients; c++) {
          HttpClient own = branch.client(); // each client its own connections, like a desk
          answers.add(
              pool.submit(
                  () -> {
                    HttpRequest req =
                        branch
                            .request("/v1/transfers", "racer")
                            .header("Content-Type", "application/json")
                            .header("Idempotency-Key", quoted(k))
                            .POST(HttpRequest.BodyPublishers.ofString(transfer(6, 0, 4_242)))
                            .build();
                    start.await();
                    return BranchFixture.send(own, req);
                  }));
        }
        int fresh = 0;
        String reference = null;
        for (Future<HttpResponse<String>> f : answers) {
          HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
          assertThat(r.statusCode()).isIn(201, 409);
          if (r.statusCode() == 201) {
            if (!replayed(r)) {
              fresh++;
            }
            String ref = json(r).get("reference").asText();
            assertThat(reference == null || reference.equals(ref)).isTrue();
            reference = ref;
          }
        }
        assertThat(fresh).isEqualTo(1);
        assertThat(branch.ledger.queries.countTransfersForKey(k.value())).isOne();
        assertThat(branch.ledger.balance(6)).isEqualTo(before - 4_242);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}

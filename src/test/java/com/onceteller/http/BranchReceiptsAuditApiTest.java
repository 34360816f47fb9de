package com.onceteller.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.onceteller.TestLedger;
import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.domain.IdempotencyKey;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/receipts}, {@code POST /v1/reversals} and {@code GET /v1/audit-events(.csv)} over
 * real HTTPS on PostgreSQL (docs/api.md): who may (401, 403), what is malformed (400), the keyed
 * receipt's replay (the same copy, never another reprint), a key reused (422), a posting that is
 * not there (404, stored), a reversal once (a second is ALREADY_REVERSED), the auditor's search and
 * CSV export, both recorded.
 */
class BranchReceiptsAuditApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

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

  static HttpResponse<String> post(String path, String user, String key, String body) {
    HttpRequest.Builder b =
        branch
            .request(path, null)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (user != null) {
      b.header("Authorization", branch.basic(user));
    }
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    return BranchFixture.send(branch.client(), b.build());
  }

  static HttpResponse<String> get(String path, String user) {
    HttpRequest.Builder b = branch.request(path, null).GET();
    if (user != null) {
      b.header("Authorization", branch.basic(user));
    }
    return BranchFixture.send(branch.client(), b.build());
  }

  static String key() {
    return "\"" + IdempotencyKey.mint() + "\"";
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  static boolean replayed(HttpResponse<String> r) {
    return r.headers().firstValue("Idempotent-Replayed").orElse("").equals("true");
  }

  /** A posting of anna's: its reference. */
  static String posted(String memo) throws Exception {
    HttpResponse<String> r =
        post(
            "/v1/transfers",
            "anna",
            key(),
            "{\"from\":\""
                + TestLedger.number(0)
                + "\",\"to\":\""
                + TestLedger.number(1)
                + "\",\"amount_minor\":1234,\"currency\":\"EUR\",\"memo\":\""
                + memo
                + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json(r).get("reference").asText();
  }

  @Test
  void receiptsAreKeyedAndEveryCopyAfterTheFirstIsADuplicate() throws Exception {
    String ref = posted("receipt");
    String body = "{\"reference\":\"" + ref + "\"}";

    assertThat(post("/v1/receipts", null, key(), body).statusCode()).isEqualTo(401);
    HttpResponse<String> noKey = post("/v1/receipts", "anna", null, body);
    assertThat(noKey.statusCode()).isEqualTo(400);
    assertThat(json(noKey).get("type").asText()).endsWith("/missing-key");
    assertThat(post("/v1/receipts", "anna", key(), "{}").statusCode()).isEqualTo(400);
    assertThat(post("/v1/receipts", "anna", key(), "not json").statusCode()).isEqualTo(400);
    // An auditor prints no receipts.
    HttpResponse<String> auditor = post("/v1/receipts", "omar", key(), body);
    assertThat(auditor.statusCode()).as(auditor.body()).isEqualTo(403);
    assertThat(json(auditor).get("type").asText()).endsWith("/not-permitted");

    String k1 = key();
    HttpResponse<String> first = post("/v1/receipts", "anna", k1, body);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(json(first).get("reference").asText()).isEqualTo(ref);
    assertThat(json(first).get("copy").asInt()).isEqualTo(1);
    assertThat(json(first).get("duplicate").asBoolean()).isFalse();
    assertThat(json(first).get("from_masked").asText()).contains("••••");
    assertThat(replayed(first)).isFalse();
    // The same key again (a lost answer): the same copy, replayed, no reprint counted.
    HttpResponse<String> again = post("/v1/receipts", "anna", k1, body);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(replayed(again)).isTrue();
    assertThat(again.body()).isEqualTo(first.body());
    // The key with another posting: 422.
    HttpResponse<String> reused =
        post("/v1/receipts", "anna", k1, "{\"reference\":\"" + posted("other") + "\"}");
    assertThat(reused.statusCode()).isEqualTo(422);
    assertThat(json(reused).get("type").asText()).endsWith("/key-reused");
    // A reprint (a new key) is a DUPLICATE, copy 2.
    HttpResponse<String> reprint = post("/v1/receipts", "ben", key(), body);
    assertThat(reprint.statusCode()).as(reprint.body()).isEqualTo(201);
    assertThat(json(reprint).get("copy").asInt()).isEqualTo(2);
    assertThat(json(reprint).get("duplicate").asBoolean()).isTrue();
    // No such posting: 404, stored (the same key replays it).
    String k404 = key();
    HttpResponse<String> none = post("/v1/receipts", "anna", k404, "{\"reference\":\"T-9999999\"}");
    assertThat(none.statusCode()).isEqualTo(404);
    HttpResponse<String> noneAgain =
        post("/v1/receipts", "anna", k404, "{\"reference\":\"T-9999999\"}");
    assertThat(noneAgain.statusCode()).isEqualTo(404);
    assertThat(replayed(noneAgain)).isTrue();

    // The auditor finds one original and one reprint of this posting (and the auditor's refusal).
    HttpResponse<String> trail =
        get("/v1/audit-events?affected=" + "receipt%20" + ref + "&limit=50", "omar");
    assertThat(trail.statusCode()).as(trail.body()).isEqualTo(200);
    java.util.List<String> types = new java.util.ArrayList<>();
    json(trail).forEach(e -> types.add(e.get("event_type").asText()));
    assertThat(types)
        .containsExactlyInAnyOrder("RECEIPT_PRINTED", "RECEIPT_REPRINTED", "ACCESS_DENIED");
  }

  @Test
  void aPostingIsReversedOnce() throws Exception {
    String ref = posted("to reverse");
    String body = "{\"original_reference\":\"" + ref + "\",\"reason\":\"wrong account\"}";
    assertThat(post("/v1/reversals", null, key(), body).statusCode()).isEqualTo(401);
    assertThat(post("/v1/reversals", "anna", null, body).statusCode()).isEqualTo(400);
    assertThat(post("/v1/reversals", "omar", key(), body).statusCode()).isEqualTo(403);
    String k = key();
    HttpResponse<String> reversed = post("/v1/reversals", "anna", k, body);
    assertThat(reversed.statusCode()).as(reversed.body()).isEqualTo(201);
    assertThat(json(reversed).get("outcome").asText()).isEqualTo("posted");
    HttpResponse<String> replay = post("/v1/reversals", "anna", k, body);
    assertThat(replay.statusCode()).isEqualTo(201);
    assertThat(replayed(replay)).isTrue();
    HttpResponse<String> twice = post("/v1/reversals", "anna", key(), body);
    assertThat(twice.statusCode()).as(twice.body()).isEqualTo(403);
    assertThat(json(twice).get("reason").asText()).isEqualTo("ALREADY_REVERSED");
    HttpResponse<String> reused =
        post(
            "/v1/reversals",
            "anna",
            k,
            "{\"original_reference\":\"" + posted("other") + "\",\"reason\":\"x\"}");
    assertThat(reused.statusCode()).isEqualTo(422);
  }

  @Test
  void onlyAnAuditorSearchesAndExportsTheTrail() throws Exception {
    assertThat(get("/v1/audit-events", null).statusCode()).isEqualTo(401);
    HttpResponse<String> teller = get("/v1/audit-events", "anna");
    assertThat(teller.statusCode()).isEqualTo(403);
    assertThat(json(teller).get("type").asText()).endsWith("/not-permitted");
    assertThat(get("/v1/audit-events.csv", "sara").statusCode()).isEqualTo(403);
    assertThat(get("/v1/audit-events?type=NO_SUCH", "omar").statusCode()).isEqualTo(400);
    assertThat(get("/v1/audit-events?from=yesterday", "omar").statusCode()).isEqualTo(400);
    assertThat(get("/v1/audit-events?limit=0", "omar").statusCode()).isEqualTo(400);

    HttpResponse<String> refused = get("/v1/audit-events?user=anna&failures=true", "omar");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(200);
    assertThat(json(refused)).isNotEmpty();
    assertThat(json(refused))
        .allSatisfy(
            e -> {
              assertThat(e.get("user_id").asText()).isEqualTo("anna");
              assertThat(e.get("success").asBoolean()).isFalse();
            });

    HttpResponse<String> csv = get("/v1/audit-events.csv?user=anna&failures=true", "omar");
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(csv.body())
        .startsWith("id,occurred_at,user_id,event_type,success,workstation,affected,detail\r\n");
    assertThat(csv.headers().firstValue("Audit-Rows").orElseThrow())
        .isEqualTo(Integer.toString(json(refused).size()));
    // Reading and exporting are themselves in the trail.
    HttpResponse<String> reads = get("/v1/audit-events?user=omar", "omar");
    assertThat(json(reads))
        .extracting(e -> e.get("event_type").asText())
        .contains("AUDIT_VIEWED", "AUDIT_EXPORTED");
  }
}

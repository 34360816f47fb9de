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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End of day over real HTTPS on PostgreSQL (docs/api.md): a teller's day blocked by an in-doubt
 * item the ledger does not know (a stored 409, replayed), the item signed off by a supervisor over
 * the teller's shoulder (its key fenced), the day closed under a key and replayed, the report as
 * JSON and PDF, the branch's day closed once even when the close is retried, and the roles that may
 * not.
 */
class BranchEndOfDayApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  BranchFixture branch;

  HttpResponse<String> post(String path, String user, IdempotencyKey key, String body) {
    return post(path, branch.basic(user), key, body, null);
  }

  HttpResponse<String> post(
      String path, String authorization, IdempotencyKey key, String body, String workstation) {
    HttpRequest.Builder b =
        branch
            .request(path, null)
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("Idempotency-Key", "\"" + key + "\"");
    }
    if (workstation != null) {
      b.header("Workstation", workstation);
    }
    return BranchFixture.send(branch.client(), b.build());
  }

  HttpResponse<byte[]> getBytes(String path, String user) throws Exception {
    return branch
        .client()
        .send(branch.request(path, user).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<String> get(String path, String user) {
    return BranchFixture.send(branch.client(), branch.request(path, user).GET().build());
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  static boolean replayed(HttpResponse<String> r) {
    return r.headers().firstValue("Idempotent-Replayed").orElse("").equals("true");
  }

  static String eur(int from, int to, long minor) {
    return "{\"from\":\""
        + TestLedger.number(from)
        + "\",\"to\":\""
        + TestLedger.number(to)
        + "\",\"amount_minor\":"
        + minor
        + ",\"currency\":\"EUR\",\"memo\":\"end of day\"}";
  }

  @Test
  void anInDoubtItemBlocksTheDayUntilASupervisorSignsItOffThenTheDayClosesOnce() throws Exception {
    try (BranchFixture b = BranchFixture.start(dir, ServiceObserver.NONE)) {
      branch = b;
      assertThat(
              post("/v1/transfers", "tina", IdempotencyKey.mint(), eur(0, 1, 1_000)).statusCode())
          .isEqualTo(201);
      String open = json(get("/v1/business-days/open", "tina")).get("business_date").asText();

      // The desk holds an item in doubt that never reached the ledger.
      IdempotencyKey lost = IdempotencyKey.mint();
      String inDoubt =
          "[{\"teller\":\"tina\",\"key\":\"" + lost + "\",\"request\":" + eur(0, 2, 777) + "}]";
      String teller = "{\"scope\":\"teller\",\"in_doubt\":" + inDoubt + "}";
      JsonNode report = json(post("/v1/business-days/report", "tina", null, teller));
      assertThat(report.get("in_doubt").get(0).get("ledger_state").asText()).isEqualTo("unknown");
      assertThat(report.get("blockers")).isNotEmpty();

      // Closing is refused for it: a stored 409, replayed under the same key.
      IdempotencyKey c1 = IdempotencyKey.mint();
      HttpResponse<String> blocked = post("/v1/business-days/close", "tina", c1, teller);
      assertThat(blocked.statusCode()).as(blocked.body()).isEqualTo(409);
      assertThat(json(blocked).get("type").asText()).endsWith("/conflict");
      assertThat(json(blocked).get("detail").asText()).contains("in doubt");
      HttpResponse<String> blockedAgain = post("/v1/business-days/close", "tina", c1, teller);
      assertThat(blockedAgain.statusCode()).isEqualTo(409);
      assertThat(replayed(blockedAgain)).isTrue();
      assertThat(blockedAgain.body()).isEqualTo(blocked.body());
      // No key: 400; the same key with another body: 422.
      assertThat(post("/v1/business-days/close", "tina", null, teller).statusCode()).isEqualTo(400);
      assertThat(post("/v1/business-days/close", "tina", c1, "{\"scope\":\"teller\"}").statusCode())
          .isEqualTo(422);

      // Another teller may not sign it off; Sara does, over Tina's shoulder (at Tina's desk).
      String signOff =
          "{\"teller\":\"tina\",\"reason\":\"customer gone, nothing handed over\",\"request\":"
              + eur(0, 2, 777)
              + ",\"mode\":\"over_the_shoulder\"}";
      HttpResponse<String> ben =
          post(
              "/v1/in-doubt-sign-offs",
              branch.basic("ben"),
              lost,
              signOff.replace(",\"mode\":\"over_the_shoulder\"", ""),
              null);
      assertThat(ben.statusCode()).isEqualTo(403);
      HttpResponse<String> off =
          post("/v1/in-doubt-sign-offs", branch.basic("sara"), lost, signOff, "desk-of-tina");
      assertThat(off.statusCode()).as(off.body()).isEqualTo(201);
      assertThat(json(off).get("outcome").asText()).isEqualTo("voided");
      assertThat(json(off).get("voided_by").asText()).isEqualTo("sara");
      HttpResponse<String> offAgain =
          post("/v1/in-doubt-sign-offs", branch.basic("sara"), lost, signOff, "desk-of-tina");
      assertThat(offAgain.statusCode()).isEqualTo(201);
      assertThat(replayed(offAgain)).isTrue();
      // The fenced key can never post.
      assertThat(post("/v1/transfers", "tina", lost, eur(0, 2, 777)).statusCode()).isEqualTo(410);

      // Now the day closes; the retry replays the closed report.
      IdempotencyKey c2 = IdempotencyKey.mint();
      HttpResponse<String> closed = post("/v1/business-days/close", "tina", c2, teller);
      assertThat(closed.statusCode()).as(closed.body()).isEqualTo(201);
      assertThat(json(closed).get("closed").asBoolean()).isTrue();
      assertThat(json(closed).get("closed_by").asText()).isEqualTo("tina");
      assertThat(json(closed).get("business_date").asText()).isEqualTo(open);
      HttpResponse<String> closedAgain = post("/v1/business-days/close", "tina", c2, teller);
      assertThat(closedAgain.statusCode()).isEqualTo(201);
      assertThat(replayed(closedAgain)).isTrue();
      assertThat(closedAgain.body()).isEqualTo(closed.body());

      // The report stays retrievable, as JSON and as the PDF a desk saves.
      JsonNode kept = json(get("/v1/business-days/" + open + "/report?teller=tina", "tina"));
      assertThat(kept.get("closed").asBoolean()).isTrue();
      HttpResponse<byte[]> pdf =
          getBytes("/v1/business-days/" + open + "/report.pdf?teller=tina", "tina");
      assertThat(pdf.statusCode()).isEqualTo(200);
      assertThat(pdf.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
      assertThat(new String(pdf.body(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
          .isEqualTo("%PDF-");
      // A teller reads only her own; the branch's report is a supervisor's.
      assertThat(get("/v1/business-days/" + open + "/report?teller=tina", "ben").statusCode())
          .isEqualTo(403);
      assertThat(get("/v1/business-days/" + open + "/report", "tina").statusCode()).isEqualTo(403);
      assertThat(get("/v1/business-days/yesterday/report", "sara").statusCode()).isEqualTo(400);

      // The business day: not a teller's to close; a supervisor's, once, even when retried.
      String branchScope = "{\"scope\":\"branch\"}";
      assertThat(
              post("/v1/business-days/close", "tina", IdempotencyKey.mint(), branchScope)
                  .statusCode())
          .isEqualTo(403);
      assertThat(
              post(
                      "/v1/business-days/close",
                      "tina",
                      IdempotencyKey.mint(),
                      "{\"scope\":\"teller\",\"teller\":\"ben\"}")
                  .statusCode())
          .isEqualTo(403);
      IdempotencyKey day = IdempotencyKey.mint();
      HttpResponse<String> bd = post("/v1/business-days/close", "sara", day, branchScope);
      assertThat(bd.statusCode()).as(bd.body()).isEqualTo(201);
      assertThat(json(bd).get("closed").asBoolean()).isTrue();
      assertThat(json(bd).get("business_date").asText()).isEqualTo(open);
      String next = json(get("/v1/business-days/open", "sara")).get("business_date").asText();
      assertThat(next).isNotEqualTo(open);
      HttpResponse<String> bdAgain = post("/v1/business-days/close", "sara", day, branchScope);
      assertThat(bdAgain.statusCode()).isEqualTo(201);
      assertThat(replayed(bdAgain)).isTrue();
      assertThat(json(get("/v1/business-days/open", "sara")).get("business_date").asText())
          .as("a retried close never closes the next day")
          .isEqualTo(next);
      assertThat(
              json(get("/v1/business-days/" + open + "/report", "sara")).get("closed").asBoolean())
          .isTrue();
    }
  }
}

package com.onceteller.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.branch.http.BranchServer;
import com.onceteller.branch.service.KeyedOperations;
import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.branch.service.SessionService;
import com.onceteller.domain.IdempotencyKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions instead of the password on every request (docs/api.md): sign-on answers an opaque token,
 * requests carry it as Bearer, the ledger keeps only its hash, it survives a restart of the server,
 * sign-off ends it, an expired or unknown one is 401; Basic still works.
 */
class BranchSessionApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  static HttpResponse<String> send(
      HttpClient http,
      URI base,
      String path,
      String authorization,
      IdempotencyKey key,
      String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Workstation", "desk-9");
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (key != null) {
      b.header("Idempotency-Key", "\"" + key + "\"");
    }
    b =
        body == null
            ? b.GET()
            : b.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    return BranchFixture.send(http, b.build());
  }

  static String eur(long minor) {
    return "{\"from\":\""
        + TestLedger.number(0)
        + "\",\"to\":\""
        + TestLedger.number(1)
        + "\",\"amount_minor\":"
        + minor
        + ",\"currency\":\"EUR\",\"memo\":\"session\"}";
  }

  @Test
  void aSessionTokenStandsInForThePasswordSurvivesARestartAndEndsAtSignOff() throws Exception {
    BranchFixture branch = BranchFixture.start(dir, ServiceObserver.NONE);
    BranchServer second = null;
    try {
      HttpClient http = branch.client();
      URI base = branch.base();
      HttpResponse<String> on = send(http, base, "/v1/sign-on", branch.basic("anna"), null, "{}");
      assertThat(on.statusCode()).isEqualTo(200);
      assertThat(on.headers().firstValue("Cache-Control")).contains("no-store");
      JsonNode who = JSON.readTree(on.body());
      String token = who.get("session_token").asText();
      assertThat(token).matches("[A-Za-z0-9_-]{43}"); // 256 random bits, base64url
      assertThat(who.get("session_expires_at").asText()).isNotBlank();
      String bearer = "Bearer " + token;

      // Bearer instead of the password: reads and keyed writes, as Anna at her desk.
      assertThat(send(http, base, "/v1/accounts", bearer, null, null).statusCode()).isEqualTo(200);
      HttpResponse<String> posted =
          send(http, base, "/v1/transfers", bearer, IdempotencyKey.mint(), eur(100));
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
      // Basic still works (curl users).
      assertThat(send(http, base, "/v1/accounts", branch.basic("anna"), null, null).statusCode())
          .isEqualTo(200);

      // The ledger keeps only the token's SHA-256.
      List<String> hashes = new ArrayList<>();
      try (Connection c = branch.ledger.database.dataSource().getConnection();
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery("select token_hash, user_id, workstation from session_token")) {
        while (rs.next()) {
          hashes.add(rs.getString(1));
          assertThat(rs.getString(2)).isEqualTo("anna");
          assertThat(rs.getString(3)).isEqualTo("desk-9");
        }
        c.rollback();
      }
      assertThat(hashes).containsExactly(KeyedOperations.fingerprint(token));
      assertThat(hashes).doesNotContain(token);

      // A restart of the server (a new process state, the same ledger): the session still holds.
      branch.server.close();
      second =
          BranchServer.start(
              branch.ledger.database,
              new BranchServer.Config(
                  "127.0.0.1", 0, branch.tls.keystore(), branch.tls.password(), Duration.ofDays(7)),
              ServiceObserver.NONE);
      URI base2 = URI.create("https://127.0.0.1:" + second.port());
      assertThat(send(http, base2, "/v1/accounts", bearer, null, null).statusCode()).isEqualTo(200);

      // Unknown tokens are 401; sign-off ends the session.
      assertThat(send(http, base2, "/v1/accounts", "Bearer not-a-session", null, null).statusCode())
          .isEqualTo(401);
      assertThat(send(http, base2, "/v1/sign-off", bearer, null, "{}").statusCode()).isEqualTo(204);
      HttpResponse<String> after = send(http, base2, "/v1/accounts", bearer, null, null);
      assertThat(after.statusCode()).isEqualTo(401);
      assertThat(after.headers().firstValue("WWW-Authenticate").orElse("")).contains("Bearer");
      assertThat(
              send(http, base2, "/v1/transfers", bearer, IdempotencyKey.mint(), eur(100))
                  .statusCode())
          .isEqualTo(401);

      // An expired session is refused as well.
      SessionService shortLived =
          new SessionService(branch.ledger.database, Clock.systemUTC(), Duration.ofMillis(1));
      String expired = shortLived.start(TestActors.TELLER).token();
      Thread.sleep(20);
      assertThat(send(http, base2, "/v1/accounts", "Bearer " + expired, null, null).statusCode())
          .isEqualTo(401);
      SessionService sessions =
          new SessionService(branch.ledger.database, Clock.systemUTC(), Duration.ofHours(1));
      assertThat(sessions.actorOf(expired)).isEmpty();
    } finally {
      if (second != null) {
        second.close();
      }
      branch.close();
    }
  }
}

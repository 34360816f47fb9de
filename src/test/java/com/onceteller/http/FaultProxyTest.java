package com.onceteller.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestLedger;
import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.demo.FaultProxy;
import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.NoResponseException;
import com.onceteller.desk.client.TransferClient;
import com.onceteller.desk.remote.BranchConnection;
import com.onceteller.desk.remote.HttpLedgerInquiry;
import com.onceteller.desk.remote.HttpTransport;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.KeyStatus;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failure cases of a demonstration over a real network: a desk's client (HTTP transport, real
 * timeout) talks to the branch through the fault proxy on loopback. Each lost or late answer is "no
 * answer" to the desk, and the retry with the same key tells what really happened.
 */
class FaultProxyTest {

  @TempDir static Path dir;
  static BranchFixture branch;
  static FaultProxy proxy;
  static ExecutorService io;
  static TransferClient client;
  static HttpLedgerInquiry inquiry;

  @BeforeAll
  static void start() throws Exception {
    branch = BranchFixture.start(dir, ServiceObserver.NONE);
    proxy = FaultProxy.start(0, branch.base(), branch.pinned.sslContext());
    BranchConnection viaProxy =
        branch.connection(proxy.uri(), null, "trainer", Duration.ofSeconds(10));
    io = Executors.newCachedThreadPool();
    client =
        new TransferClient(
            new HttpTransport(viaProxy), Duration.ofSeconds(1), io, Clock.systemUTC());
    inquiry = new HttpLedgerInquiry(viaProxy);
  }

  @AfterAll
  static void stop() {
    io.shutdownNow();
    proxy.close();
    branch.close();
  }

  static TransferRequest request(long minor) {
    return new TransferRequest(TestLedger.number(3), TestLedger.number(4), minor, "EUR", "demo");
  }

  @Test
  void aRequestLostOnTheWayIsNoAnswerNothingHappenedAndTheRetryPostsIt() {
    IdempotencyKey k = IdempotencyKey.mint();
    proxy.arm(FaultProxy.Kind.REQUEST_LOST, null);
    AttemptResult first = client.attempt(k, request(101), 1);
    assertThat(first)
        .isInstanceOfSatisfying(
            AttemptResult.NoAnswer.class,
            n -> assertThat(n.kind()).isEqualTo(NoResponseException.Kind.CONNECTION_LOST));
    assertThat(inquiry.statusOf(k).state()).isEqualTo(KeyStatus.State.UNKNOWN);
    AttemptResult retry = client.attempt(k, request(101), 2);
    assertThat(((AttemptResult.Answered) retry).outcome())
        .isInstanceOfSatisfying(
            TransferOutcome.Posted.class, p -> assertThat(p.replayed()).isFalse());
  }

  @Test
  void aResponseLostAfterTheCommitIsNoAnswerButTheRetryReplaysThePosting() {
    IdempotencyKey k = IdempotencyKey.mint();
    long before = branch.ledger.balance(3);
    proxy.arm(FaultProxy.Kind.RESPONSE_LOST, null);
    AttemptResult first = client.attempt(k, request(202), 1);
    assertThat(first).isInstanceOf(AttemptResult.NoAnswer.class);
    assertThat(inquiry.statusOf(k).state()).isEqualTo(KeyStatus.State.POSTED);
    AttemptResult retry = client.attempt(k, request(202), 2);
    assertThat(((AttemptResult.Answered) retry).outcome())
        .isInstanceOfSatisfying(
            TransferOutcome.Posted.class, p -> assertThat(p.replayed()).isTrue());
    assertThat(branch.ledger.balance(3)).isEqualTo(before - 202);
  }

  @Test
  void aSlowNetworkTimesTheDeskOutAndTheLateFirstAttemptAndTheRetryPostOnce() throws Exception {
    IdempotencyKey k = IdempotencyKey.mint();
    long before = branch.ledger.balance(3);
    int forwardedBefore = proxy.forwarded();
    proxy.arm(FaultProxy.Kind.DELAY, Duration.ofMillis(1_500));
    AttemptResult first = client.attempt(k, request(303), 1);
    assertThat(first)
        .isInstanceOfSatisfying(
            AttemptResult.NoAnswer.class,
            n -> assertThat(n.kind()).isEqualTo(NoResponseException.Kind.TIMEOUT));
    // Retry until answered: it races the held-back first attempt, and exactly one of them posts.
    TransferOutcome outcome = null;
    int attempts = 1;
    while (attempts < 20 && (outcome == null || outcome.retryable())) {
      AttemptResult r = client.attempt(k, request(303), ++attempts);
      outcome = r instanceof AttemptResult.Answered a ? a.outcome() : null;
    }
    assertThat(outcome).isInstanceOf(TransferOutcome.Posted.class);
    // The held-back first attempt reaches the branch after all (every attempt is forwarded once):
    // it must have replayed, not posted a second time.
    while (proxy.forwarded() < forwardedBefore + attempts) {
      Thread.sleep(20);
    }
    assertThat(branch.ledger.balance(3)).isEqualTo(before - 303);
    assertThat(inquiry.statusOf(k).state()).isEqualTo(KeyStatus.State.POSTED);
  }
}

package com.onceteller.bench;

import com.onceteller.TestActors;
import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Case 5: 8 teller threads share one service; every fourth new key is submitted a second time right
 * behind the first (so 20% of submissions are duplicates of a key in flight). A client-like retry
 * follows a retryable answer (in progress, not executed). Checks afterwards that every key was
 * posted exactly once, that all answers for a key name the same transfer, and the ledger's
 * invariants.
 */
final class ContentionCase {

  static final int THREADS = 8;
  private static final int MAX_TRIES = 200;

  private ContentionCase() {}

  record Submission(IdempotencyKey key, TransferRequest request, boolean duplicate) {}

  /** What a round saw besides its timings. */
  static final class Stats {
    final AtomicInteger submissions = new AtomicInteger();
    final AtomicInteger duplicates = new AtomicInteger();
    final AtomicInteger replayAnswers = new AtomicInteger();
    final AtomicInteger retries = new AtomicInteger();
    volatile long elapsedNanos;
  }

  static List<Submission> plan(int keys, Random random) {
    List<Submission> plan = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      Submission s =
          new Submission(
              IdempotencyKey.mint(), BenchLedger.request(1 + random.nextInt(1_000)), false);
      plan.add(s);
      if (i % 4 == 0) {
        plan.add(new Submission(s.key(), s.request(), true));
      }
    }
    return plan;
  }

  static Round round(Path workDir, BenchSize size, long seed, Stats stats) {
    Random random = new Random(seed);
    try (BenchLedger ledger = BenchLedger.create(workDir, "case5")) {
      TransferService service = new TransferService(ledger.database());
      run(service, plan(Math.max(THREADS, size.warmupOps()), random), new Latencies(16), null);
      List<Submission> plan = plan(size.contentionKeys(), random);
      Latencies lat = new Latencies(plan.size());
      Map<IdempotencyKey, Queue<TransferOutcome>> answers = run(service, plan, lat, stats);
      check(plan, answers, stats);
      ledger.verify("case 5", Math.max(THREADS, size.warmupOps()) + (long) size.contentionKeys());
      return new Round(size.contentionKeys(), stats.elapsedNanos, lat);
    }
  }

  private static Map<IdempotencyKey, Queue<TransferOutcome>> run(
      TransferService service, List<Submission> plan, Latencies lat, Stats stats) {
    Map<IdempotencyKey, Queue<TransferOutcome>> answers = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = next.getAndIncrement();
                      i < plan.size();
                      i = next.getAndIncrement()) {
                    Submission s = plan.get(i);
                    long t0 = System.nanoTime();
                    TransferOutcome outcome = submitWithRetries(service, s, stats);
                    lat.add(System.nanoTime() - t0);
                    answers
                        .computeIfAbsent(s.key(), k -> new ConcurrentLinkedQueue<>())
                        .add(outcome);
                    if (stats != null) {
                      stats.submissions.incrementAndGet();
                      if (s.duplicate()) {
                        stats.duplicates.incrementAndGet();
                      }
                      if (outcome instanceof TransferOutcome.Posted p && p.replayed()) {
                        stats.replayAnswers.incrementAndGet();
                      }
                    }
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              },
              "teller-" + t);
      threads.add(thread);
      thread.start();
    }
    long t0 = System.nanoTime();
    start.countDown();
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    if (stats != null) {
      stats.elapsedNanos = System.nanoTime() - t0;
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a teller thread failed", failure.get());
    }
    return answers;
  }

  private static TransferOutcome submitWithRetries(
      TransferService service, Submission s, Stats stats) throws InterruptedException {
    TransferOutcome outcome = service.submit(TestActors.TELLER, s.key(), s.request());
    for (int tries = 1; outcome.retryable() && tries < MAX_TRIES; tries++) {
      if (stats != null) {
        stats.retries.incrementAndGet();
      }
      Thread.sleep(2);
      outcome = service.submit(TestActors.TELLER, s.key(), s.request());
    }
    return outcome;
  }

  private static void check(
      List<Submission> plan, Map<IdempotencyKey, Queue<TransferOutcome>> answers, Stats stats) {
    List<String> problems = new ArrayList<>();
    for (Submission s : plan) {
      if (s.duplicate()) {
        continue;
      }
      Queue<TransferOutcome> got = answers.getOrDefault(s.key(), new ConcurrentLinkedQueue<>());
      long fresh =
          got.stream().filter(o -> o instanceof TransferOutcome.Posted p && !p.replayed()).count();
      long references =
          got.stream()
              .filter(TransferOutcome.Posted.class::isInstance)
              .map(o -> ((TransferOutcome.Posted) o).reference())
              .distinct()
              .count();
      long notPosted = got.stream().filter(o -> !(o instanceof TransferOutcome.Posted)).count();
      if (fresh > 1) {
        problems.add(s.key() + " posted twice (" + fresh + " fresh Posted answers)");
      } else if (fresh == 0) {
        problems.add(s.key() + " never posted: " + got);
      }
      if (references > 1) {
        problems.add(s.key() + " answered with " + references + " different references");
      }
      if (notPosted > 0) {
        problems.add(s.key() + " ended without Posted: " + got);
      }
    }
    if (!problems.isEmpty()) {
      throw new BenchFailure(
          "case 5: "
              + problems.size()
              + " problem(s), first: "
              + String.join("; ", problems.subList(0, Math.min(3, problems.size()))));
    }
  }
}

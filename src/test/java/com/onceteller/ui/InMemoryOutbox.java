package com.onceteller.ui;

import com.onceteller.client.AttemptResult;
import com.onceteller.client.Outbox;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test-only outbox for view-model tests (the app uses the durable one). */
public final class InMemoryOutbox implements Outbox {

  private final Map<IdempotencyKey, OutboxEntry> entries = new LinkedHashMap<>();
  public final List<IdempotencyKey> abandonedKeys = new ArrayList<>();

  @Override
  public synchronized void pending(IdempotencyKey key, TransferRequest request, Instant at) {
    entries.putIfAbsent(key, new OutboxEntry(key, request, at, State.PENDING, 0, "", null));
  }

  @Override
  public synchronized void attempted(IdempotencyKey key, AttemptResult result) {
    OutboxEntry e = entries.get(key);
    if (e != null) {
      entries.put(
          key,
          new OutboxEntry(
              key,
              e.request(),
              e.createdAt(),
              e.state(),
              e.attempts() + 1,
              result.toString(),
              e.reference()));
    }
  }

  @Override
  public synchronized void resolved(IdempotencyKey key, TransferOutcome outcome, Instant at) {
    OutboxEntry e = entries.get(key);
    if (e == null) {
      return;
    }
    State s = State.REFUSED;
    String ref = null;
    if (outcome instanceof TransferOutcome.Posted p) {
      s = State.POSTED;
      ref = p.reference();
    } else if (outcome instanceof TransferOutcome.Rejected) {
      s = State.REJECTED;
    }
    entries.put(
        key,
        new OutboxEntry(key, e.request(), e.createdAt(), s, e.attempts(), outcome.toString(), ref));
  }

  @Override
  public synchronized void abandoned(IdempotencyKey key, String reason, Instant at) {
    abandonedKeys.add(key);
    OutboxEntry e = entries.get(key);
    if (e != null) {
      entries.put(
          key,
          new OutboxEntry(
              key,
              e.request(),
              e.createdAt(),
              State.ABANDONED,
              e.attempts(),
              reason,
              e.reference()));
    }
  }

  @Override
  public synchronized List<OutboxEntry> inDoubt() {
    return entries.values().stream()
        .filter(e -> e.state() == State.PENDING)
        .sorted(Comparator.comparing(OutboxEntry::createdAt))
        .toList();
  }

  @Override
  public synchronized List<OutboxEntry> since(Instant since) {
    return entries.values().stream()
        .filter(e -> !e.createdAt().isBefore(since))
        .sorted(Comparator.comparing(OutboxEntry::createdAt).reversed())
        .toList();
  }
}

package com.onceteller.desk.client;

import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferRequest;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One attempt on the wire: the key (the same on every attempt), the request, the attempt number
 * within its submission, and a send id no other attempt in this process shares. The send id tells
 * apart two attempts that carry the same key and number (a double click without a guard sends two
 * "attempt 1"s at once); the timeline and the fault plan follow an attempt by it.
 */
public record Envelope(IdempotencyKey key, TransferRequest request, int attempt, long sendId) {

  private static final AtomicLong SENDS = new AtomicLong();

  /** A new attempt with a fresh send id. */
  public Envelope(IdempotencyKey key, TransferRequest request, int attempt) {
    this(key, request, attempt, SENDS.incrementAndGet());
  }

  /** The same key sent with other details (a client without the outbox's guard), new send id. */
  public Envelope withRequest(TransferRequest other, int attemptNumber) {
    return new Envelope(key, other, attemptNumber);
  }
}

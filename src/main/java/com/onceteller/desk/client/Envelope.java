package com.onceteller.desk.client;

import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferRequest;

/**
 * One attempt on the wire: the key (the same on every attempt), the request, the attempt number.
 */
public record Envelope(IdempotencyKey key, TransferRequest request, int attempt) {}

package com.onceteller.domain;

/**
 * An item a desk holds in doubt (its answer never came), as the desk reports it at the end of the
 * day: whose, which key, what request. {@code tellerId} is null for one sent before sign-on
 * existed.
 */
public record DeskItem(String tellerId, IdempotencyKey key, TransferRequest request) {}

package com.onceteller.desk.store;

import java.util.List;

/** The desk store's schema, by version ({@code PRAGMA user_version}); statements run in order. */
final class DeskSchema {

  private DeskSchema() {}

  private static String appendOnly(String trigger, String when, String table, String message) {
    return "create trigger "
        + trigger
        + " before "
        + when
        + " on "
        + table
        + " begin select raise(abort, '"
        + message
        + "'); end";
  }

  static final List<String> V1 =
      List.of(
          // Facts about the store itself, e.g. the ledger its records belong to.
          "create table desk_meta (name text primary key, value text not null)",
          // Every transfer intent, recorded before its first attempt; never deleted.
          "create table submission ("
              + " idempotency_key text primary key,"
              + " fingerprint text not null,"
              + " request_canonical text not null,"
              + " state text not null check (state in"
              + " ('PENDING', 'POSTED', 'REJECTED', 'REFUSED', 'ABANDONED')),"
              + " attempts integer not null check (attempts >= 0),"
              + " last_outcome text,"
              + " last_result text,"
              + " uncertain integer not null,"
              + " reference text,"
              + " created_at text not null,"
              + " updated_at text not null,"
              + " resolved_at text,"
              + " abandoned_at text,"
              + " abandoned_by text,"
              + " abandon_reason text)",
          "create index ix_submission_state on submission (state, created_at)",
          "create index ix_submission_created on submission (created_at)",
          // One row per attempt sent.
          "create table attempt ("
              + " id integer primary key,"
              + " idempotency_key text not null references submission (idempotency_key),"
              + " attempt_no integer not null,"
              + " started_at text not null,"
              + " took_millis integer not null,"
              + " answered integer not null,"
              + " outcome text not null,"
              + " detail text,"
              + " recorded_at text not null)",
          "create index ix_attempt_key on attempt (idempotency_key)",
          // Every decision the teller was shown, recorded before it was shown.
          "create table acknowledgement ("
              + " idempotency_key text primary key references submission (idempotency_key),"
              + " decision text not null check (decision in ('POSTED', 'REJECTED', 'VOIDED')),"
              + " reference text,"
              + " request_canonical text not null,"
              + " decided_at text,"
              + " acknowledged_at text not null,"
              + " audited_at text)",
          "create index ix_acknowledgement_unaudited on acknowledgement (acknowledged_at)"
              + " where audited_at is null",
          // What an operator must see: an acknowledged posting the ledger had lost, and so on.
          "create table incident ("
              + " id integer primary key,"
              + " kind text not null,"
              + " idempotency_key text,"
              + " detail text not null,"
              + " recorded_at text not null)",
          appendOnly(
              "submission_never_deleted",
              "delete",
              "submission",
              "The desk store is append-only: submissions are never deleted."),
          appendOnly(
              "attempt_never_changed",
              "update",
              "attempt",
              "The desk store is append-only: attempts are never changed."),
          appendOnly(
              "attempt_never_deleted",
              "delete",
              "attempt",
              "The desk store is append-only: attempts are never deleted."),
          appendOnly(
              "acknowledgement_never_deleted",
              "delete",
              "acknowledgement",
              "The desk store is append-only: acknowledgements are never deleted."),
          appendOnly(
              "acknowledgement_never_rewritten",
              "update of idempotency_key, decision, reference, request_canonical, decided_at,"
                  + " acknowledged_at",
              "acknowledgement",
              "An acknowledgement is never rewritten; only its audit is recorded."),
          appendOnly(
              "incident_never_changed",
              "update",
              "incident",
              "The desk store is append-only: incidents are never changed."),
          appendOnly(
              "incident_never_deleted",
              "delete",
              "incident",
              "The desk store is append-only: incidents are never deleted."));

  /**
   * Version 2 (issue 11): whose submission it is. Keys are scoped per teller in the ledger, so an
   * in-doubt submission may only be asked again as the teller who sent it; null for submissions
   * made before sign-on existed (their keys are in the ledger's legacy scope).
   */
  static final List<String> V2 =
      List.of(
          "alter table submission add column teller_id text",
          "create index ix_submission_teller on submission (teller_id, state)");
}

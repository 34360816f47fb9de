-- PostgreSQL part of V4 (mirrors db/vendor/h2/V4): the ledger's history is append-only, enforced
-- by the database itself, whoever connects. Journal entries and transfers are never changed or
-- deleted; accounts, idempotency keys and outbox submissions are never deleted; outbox attempts
-- are never changed or deleted. Corrections are new entries. SQLSTATE 45000 as on H2.

create function onceteller_append_only() returns trigger
    language plpgsql as $$
begin
    raise exception 'The % table is append-only: rows are never %. Post a correcting entry instead.',
        tg_table_name, case when tg_op = 'DELETE' then 'deleted' else 'changed' end
        using errcode = '45000';
end;
$$;

create trigger journal_entry_append_only before update or delete on journal_entry
    for each row execute function onceteller_append_only();
create trigger transfer_append_only before update or delete on transfer
    for each row execute function onceteller_append_only();
create trigger account_never_deleted before delete on account
    for each row execute function onceteller_append_only();
create trigger idempotency_record_never_deleted before delete on idempotency_record
    for each row execute function onceteller_append_only();
create trigger outbox_submission_never_deleted before delete on outbox_submission
    for each row execute function onceteller_append_only();
create trigger outbox_attempt_append_only before update or delete on outbox_attempt
    for each row execute function onceteller_append_only();
-- TRUNCATE bypasses row triggers on PostgreSQL (not on H2, which has none): refuse it as well.
create trigger journal_entry_no_truncate before truncate on journal_entry
    for each statement execute function onceteller_append_only();
create trigger transfer_no_truncate before truncate on transfer
    for each statement execute function onceteller_append_only();
create trigger idempotency_record_no_truncate before truncate on idempotency_record
    for each statement execute function onceteller_append_only();
create trigger account_no_truncate before truncate on account
    for each statement execute function onceteller_append_only();

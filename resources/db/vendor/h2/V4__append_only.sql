-- The ledger's history is append-only, enforced by the database itself and not only by the
-- mapping (@Immutable stops Hibernate from updating, but not a stray DELETE): journal entries and
-- transfers are never changed or deleted; accounts, idempotency keys and outbox submissions are
-- never deleted. Corrections are new entries. The trigger class is com.onceteller.ledger.AppendOnlyTrigger.

create trigger journal_entry_append_only before update, delete on journal_entry
    for each row call 'com.onceteller.ledger.AppendOnlyTrigger';
create trigger transfer_append_only before update, delete on transfer
    for each row call 'com.onceteller.ledger.AppendOnlyTrigger';
create trigger account_never_deleted before delete on account
    for each row call 'com.onceteller.ledger.AppendOnlyTrigger';
create trigger idempotency_record_never_deleted before delete on idempotency_record
    for each row call 'com.onceteller.ledger.AppendOnlyTrigger';
create trigger outbox_submission_never_deleted before delete on outbox_submission
    for each row call 'com.onceteller.ledger.AppendOnlyTrigger';
create trigger outbox_attempt_append_only before update, delete on outbox_attempt
    for each row call 'com.onceteller.ledger.AppendOnlyTrigger';

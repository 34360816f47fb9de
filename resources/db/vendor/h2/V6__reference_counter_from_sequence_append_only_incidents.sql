-- H2 part of V5.
--
-- The reference counter starts at least where the old sequence stood (its BASE_VALUE is the next
-- value it would have handed out), so no reference a teller may have seen before this upgrade is
-- handed out again, even one whose transfer the store lost. After an unclean stop H2's sequence
-- had jumped ahead by its cache; this is the last such gap.
update reference_counter
    set last_value = greatest(last_value, coalesce((select max(s.base_value) - 1
        from information_schema.sequences s where s.sequence_name = 'TRANSFER_REFERENCE_SEQ'), 0))
    where name = 'transfer';

-- Incidents are append-only and the counter row is never deleted, like the journal (V4). The
-- class name is stored with each trigger in the file: never rename it without leaving a shim
-- (as com.onceteller.ledger.AppendOnlyTrigger is for V4).
create trigger ledger_incident_append_only before update, delete on ledger_incident
    for each row call 'com.onceteller.branch.ledger.AppendOnlyTrigger';
create trigger reference_counter_never_deleted before delete on reference_counter
    for each row call 'com.onceteller.branch.ledger.AppendOnlyTrigger';

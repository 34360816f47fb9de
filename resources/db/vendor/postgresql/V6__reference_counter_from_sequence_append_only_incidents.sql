-- PostgreSQL part of V5 (mirrors db/vendor/h2/V6).
--
-- The reference counter starts at least where the old sequence stood, so no reference handed out
-- before this upgrade is handed out again. (On PostgreSQL the V1 sequence was never used by a
-- released build, so this normally changes nothing; it keeps the two engines' rules the same.)
update reference_counter
    set last_value = greatest(last_value,
        (select case when is_called then last_value else last_value - 1 end
            from transfer_reference_seq))
    where name = 'transfer';

-- Incidents are append-only and the counter row is never deleted, like the journal (V4).
create trigger ledger_incident_append_only before update or delete on ledger_incident
    for each row execute function onceteller_append_only();
create trigger ledger_incident_no_truncate before truncate on ledger_incident
    for each statement execute function onceteller_append_only();
create trigger reference_counter_never_deleted before delete on reference_counter
    for each row execute function onceteller_append_only();
create trigger reference_counter_no_truncate before truncate on reference_counter
    for each statement execute function onceteller_append_only();

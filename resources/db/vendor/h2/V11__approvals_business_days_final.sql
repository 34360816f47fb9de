-- H2 part of V10. Approvals are append-only; limits and settings are changed, never deleted; a
-- business day is never deleted and a closed one never changes; a transfer can only be posted into
-- the open business day, so a closed day's totals can never move.
create trigger approval_append_only before update, delete on approval
    for each row call 'com.onceteller.branch.ledger.AppendOnlyTrigger';
create trigger teller_limit_never_deleted before delete on teller_limit
    for each row call 'com.onceteller.branch.ledger.AppendOnlyTrigger';
create trigger ledger_setting_never_deleted before delete on ledger_setting
    for each row call 'com.onceteller.branch.ledger.AppendOnlyTrigger';
create trigger business_day_closed_is_final before update, delete on business_day
    for each row call 'com.onceteller.branch.ledger.BusinessDayTrigger';
create trigger transfer_into_open_day before insert on transfer
    for each row call 'com.onceteller.branch.ledger.OpenDayTrigger';

-- H2 part of V21: each new transfer adds its amount to its teller's total of the day; totals are
-- never deleted.
create trigger transfer_adds_to_day_total after insert on transfer
    for each row call 'com.onceteller.branch.ledger.DayTotalTrigger';
create trigger teller_day_total_kept before delete on teller_day_total
    for each row call 'com.onceteller.branch.ledger.AppendOnlyTrigger';

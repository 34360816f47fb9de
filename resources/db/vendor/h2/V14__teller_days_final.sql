-- H2 part of V13: a closed teller day never changes.
create trigger teller_day_append_only before update, delete on teller_day
    for each row call 'com.onceteller.branch.ledger.AppendOnlyTrigger';

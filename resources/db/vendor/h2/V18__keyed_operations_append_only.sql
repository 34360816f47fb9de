-- H2 part of V17: the stored answers of keyed operations are never changed or deleted.
create trigger operation_record_append_only before update, delete on operation_record
    for each row call 'com.onceteller.branch.ledger.AppendOnlyTrigger';

-- H2 part of V15: issued receipts are never changed or deleted.
create trigger receipt_issue_append_only before update, delete on receipt_issue
    for each row call 'com.onceteller.branch.ledger.AppendOnlyTrigger';

-- PostgreSQL part of V15, as db/vendor/h2/V16: issued receipts are never changed or deleted.
create trigger receipt_issue_append_only before update or delete on receipt_issue
    for each row execute function onceteller_refuse_change();
create trigger receipt_issue_no_truncate before truncate on receipt_issue
    for each statement execute function onceteller_refuse_change();

-- PostgreSQL part of V17, as db/vendor/h2/V18: the stored answers of keyed operations are never
-- changed or deleted (nor truncated).
create trigger operation_record_append_only before update or delete on operation_record
    for each row execute function onceteller_refuse_change();
create trigger operation_record_no_truncate before truncate on operation_record
    for each statement execute function onceteller_refuse_change();

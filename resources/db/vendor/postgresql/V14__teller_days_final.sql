-- PostgreSQL part of V13, as db/vendor/h2/V14: a closed teller day never changes.
create trigger teller_day_append_only before update or delete on teller_day
    for each row execute function onceteller_refuse_change();
create trigger teller_day_no_truncate before truncate on teller_day
    for each statement execute function onceteller_refuse_change();

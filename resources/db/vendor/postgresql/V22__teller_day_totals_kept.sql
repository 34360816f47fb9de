-- PostgreSQL part of V21, as db/vendor/h2/V22: each new transfer adds its amount to its teller's
-- total of the day (an upsert: two postings at once each add theirs); totals are never deleted.
create or replace function onceteller_add_to_day_total() returns trigger language plpgsql as $$
begin
    if new.business_date is not null then
        insert into teller_day_total (teller_id, business_date, currency, posted_minor)
        values (new.teller_id, new.business_date, new.currency, new.amount_minor)
        on conflict (teller_id, business_date, currency)
        do update set posted_minor = teller_day_total.posted_minor + excluded.posted_minor;
    end if;
    return null;
end $$;
create trigger transfer_adds_to_day_total after insert on transfer
    for each row execute function onceteller_add_to_day_total();
create trigger teller_day_total_kept before delete on teller_day_total
    for each row execute function onceteller_refuse_change();
create trigger teller_day_total_no_truncate before truncate on teller_day_total
    for each statement execute function onceteller_refuse_change();

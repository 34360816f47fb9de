-- PostgreSQL part of V10, the same rules as db/vendor/h2/V11 in PL/pgSQL.
create trigger approval_append_only before update or delete on approval
    for each row execute function onceteller_refuse_change();
create trigger teller_limit_never_deleted before delete on teller_limit
    for each row execute function onceteller_refuse_change();
create trigger ledger_setting_never_deleted before delete on ledger_setting
    for each row execute function onceteller_refuse_change();

create or replace function onceteller_business_day_final() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'Business days are never deleted.' using errcode = '45000';
    end if;
    if old.state = 'CLOSED' then
        raise exception 'Business day % is closed: it can no longer change.', old.business_date
            using errcode = '45000';
    end if;
    if new.business_date <> old.business_date then
        raise exception 'A business day keeps its date.' using errcode = '45000';
    end if;
    return new;
end
$$;
create trigger business_day_closed_is_final before update or delete on business_day
    for each row execute function onceteller_business_day_final();

create or replace function onceteller_transfer_into_open_day() returns trigger language plpgsql as $$
begin
    if new.business_date is null or not exists (
            select 1 from business_day d where d.business_date = new.business_date and d.state = 'OPEN') then
        raise exception 'A transfer is posted into the open business day only (not %).', new.business_date
            using errcode = '45000';
    end if;
    return new;
end
$$;
create trigger transfer_into_open_day before insert on transfer
    for each row execute function onceteller_transfer_into_open_day();

-- TRUNCATE bypasses row triggers on PostgreSQL (see V4): refuse it as well.
create trigger approval_no_truncate before truncate on approval
    for each statement execute function onceteller_refuse_change();
create trigger teller_limit_no_truncate before truncate on teller_limit
    for each statement execute function onceteller_refuse_change();
create trigger ledger_setting_no_truncate before truncate on ledger_setting
    for each statement execute function onceteller_refuse_change();
create trigger business_day_no_truncate before truncate on business_day
    for each statement execute function onceteller_refuse_change();

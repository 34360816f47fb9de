-- PostgreSQL part of V8, the same rule as db/vendor/h2/V9 in PL/pgSQL: the audit trail is
-- append-only and users are never deleted.
create or replace function onceteller_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'The % table is append-only: rows are never %. Post a correcting entry instead.',
        tg_table_name, case when tg_op = 'DELETE' then 'deleted' else 'changed' end;
end
$$;

create trigger audit_event_append_only before update or delete on audit_event
    for each row execute function onceteller_refuse_change();
create trigger app_user_never_deleted before delete on app_user
    for each row execute function onceteller_refuse_change();

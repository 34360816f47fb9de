-- PostgreSQL part of V8, the same rule as db/vendor/h2/V9 in PL/pgSQL: the audit trail is
-- append-only and users are never deleted. SQLSTATE 45000, as H2's triggers and db/vendor/postgresql/V4.
create or replace function onceteller_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'The % table is append-only: rows are never %. Post a correcting entry instead.',
        tg_table_name,
        case when tg_op = 'DELETE' then 'deleted' when tg_op = 'TRUNCATE' then 'truncated' else 'changed' end
        using errcode = '45000';
end
$$;

create trigger audit_event_append_only before update or delete on audit_event
    for each row execute function onceteller_refuse_change();
create trigger app_user_never_deleted before delete on app_user
    for each row execute function onceteller_refuse_change();
-- TRUNCATE bypasses row triggers on PostgreSQL (see V4): refuse it as well.
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function onceteller_refuse_change();
create trigger app_user_no_truncate before truncate on app_user
    for each statement execute function onceteller_refuse_change();

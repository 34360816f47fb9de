-- PostgreSQL part of V19, as db/vendor/h2/V20: sessions are never changed, deleted or truncated.
create trigger session_token_append_only before update or delete on session_token
    for each row execute function onceteller_refuse_change();
create trigger session_token_no_truncate before truncate on session_token
    for each statement execute function onceteller_refuse_change();
create trigger session_end_append_only before update or delete on session_end
    for each row execute function onceteller_refuse_change();
create trigger session_end_no_truncate before truncate on session_end
    for each statement execute function onceteller_refuse_change();

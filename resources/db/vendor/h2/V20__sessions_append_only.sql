-- H2 part of V19: sessions are never changed or deleted (a session ends with a session_end row).
create trigger session_token_append_only before update, delete on session_token
    for each row call 'com.onceteller.branch.ledger.AppendOnlyTrigger';
create trigger session_end_append_only before update, delete on session_end
    for each row call 'com.onceteller.branch.ledger.AppendOnlyTrigger';

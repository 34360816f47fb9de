-- H2 part of V8: the audit trail is append-only and users are never deleted, enforced by the
-- database like the journal (V4). The class name is stored with each trigger in the file.
create trigger audit_event_append_only before update, delete on audit_event
    for each row call 'com.onceteller.branch.ledger.AppendOnlyTrigger';
create trigger app_user_never_deleted before delete on app_user
    for each row call 'com.onceteller.branch.ledger.AppendOnlyTrigger';

-- The ledger's identity: one row, written by the first open (Database.ensureIdentity) with a random
-- UUID. A desk remembers the ledger its records belong to, so that its start-up audit never
-- "repairs" acknowledged postings into another ledger (a recreated demo ledger, a restored copy of
-- another branch). Never changed, never deleted.
create table ledger_identity (
    ledger_id   varchar(36) not null primary key,
    created_at  timestamp with time zone not null
);

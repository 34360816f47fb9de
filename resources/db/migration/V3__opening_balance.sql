-- The balance each account was opened with, so that start-up reconciliation can check
-- balance = opening balance + sum of its journal entries. Set once when the account is created,
-- never updated. For accounts that existed before this column, it is derived from the journal
-- (the check is then only as good as the ledger was when this migration ran).
alter table account add column opening_balance_minor bigint;
update account set opening_balance_minor = balance_minor
    - coalesce((select sum(j.amount_minor) from journal_entry j where j.account_id = account.id), 0);
alter table account alter column opening_balance_minor set not null;

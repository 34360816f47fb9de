-- Reversals (issue 11): a reversal is a new transfer the other way, linked to the posting it
-- reverses, never an edit. An original is reversed at most once: the unique constraint on
-- reversal_of is what makes a second reversal impossible, whoever sends it and however often.
alter table transfer add column reversal_of bigint;
alter table transfer add column reversal_reason varchar(1000);
alter table transfer add constraint fk_transfer_reversal_of foreign key (reversal_of) references transfer (id);
alter table transfer add constraint uk_transfer_reversal_of unique (reversal_of);
alter table transfer add constraint ck_transfer_reversal check (
    (reversal_of is null and reversal_reason is null) or (reversal_of is not null and reversal_reason is not null));
-- A reversal waiting for approval remembers what it reverses, so the approved attempt links it.
alter table idempotency_record add column reversal_of_reference varchar(16);
alter table idempotency_record add column reversal_reason varchar(1000);

-- What each teller has posted per business day and currency, kept as it happens (issue 13): the
-- daily limit is checked against this one row instead of summing the day's transfers on every
-- posting, which made each posting slower than the one before all day long. Kept by a trigger on
-- transfer (V22, per engine), so every writer of transfers keeps it; never deleted. The start-up
-- reconciliation checks the open day's rows against the transfers.
create table teller_day_total (
    teller_id      varchar(32) not null,
    business_date  date        not null,
    currency       char(3)     not null,
    posted_minor   bigint      not null,
    constraint pk_teller_day_total primary key (teller_id, business_date, currency),
    constraint ck_teller_day_total check (posted_minor > 0)
);

insert into teller_day_total (teller_id, business_date, currency, posted_minor)
select teller_id, business_date, currency, sum(amount_minor) from transfer
where business_date is not null
group by teller_id, business_date, currency;

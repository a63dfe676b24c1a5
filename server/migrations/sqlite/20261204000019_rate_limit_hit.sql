-- Hits of the rate limits that protect money and accounts (failed merchant sign-ins, new
-- orders), counted here rather than in one server's memory so that every instance on the
-- database shares them. `bucket` names the limit, `key` what it counts (a client address, an
-- email, a conversation). Rows older than their limit's window are pruned as hits arrive.
-- Written so it can run again on a database that has the table (`if not exists`).
create table if not exists rate_limit_hit (
    id integer primary key,
    bucket text not null,
    key text not null,
    created_at text not null
);

create index if not exists rate_limit_hit_key on rate_limit_hit (bucket, key, created_at);
create index if not exists rate_limit_hit_age on rate_limit_hit (bucket, created_at);

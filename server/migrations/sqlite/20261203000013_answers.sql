-- The shop's own answers (`crate::answers`): where it ships and how long delivery takes,
-- questions and answers written by the merchant, and the questions the assistant could not
-- answer.

-- ISO 3166 country codes the shop ships to, a JSON array; empty: anywhere.
alter table shop add column ship_to_countries text not null default '[]';
-- Business days to prepare an order before it ships.
alter table shop add column processing_days integer not null default 1
    check (processing_days between 0 and 30);
-- Days in transit by default, and per country as JSON ({"CA": [5, 9]}).
alter table shop add column transit_days_min integer not null default 3
    check (transit_days_min between 0 and 60);
alter table shop add column transit_days_max integer not null default 7
    check (transit_days_max between 0 and 60);
alter table shop add column transit_by_country text not null default '{}';
-- The IANA time zone business days are counted in.
alter table shop add column time_zone text not null default 'UTC';

-- The demo shop (when it already exists; a new one gets the same values on creation).
update shop
set ship_to_countries = '["US","CA","MX","ES","GB"]', processing_days = 1,
    transit_days_min = 2, transit_days_max = 5,
    transit_by_country = '{"CA":[5,9],"MX":[6,10],"ES":[7,12],"GB":[6,10]}',
    time_zone = 'America/New_York'
where public_key = 'demo';

create table faq_entry (
    id integer primary key,
    shop_id integer not null references shop (id),
    question text not null check (length(question) between 1 and 300),
    -- Plain text; links are written as URLs.
    answer text not null check (length(answer) between 1 and 2000),
    language text not null check (language in ('en', 'es', 'both')),
    enabled integer not null default 1 check (enabled in (0, 1)),
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

create index faq_entry_shop on faq_entry (shop_id);

create table unanswered_question (
    id integer primary key,
    shop_id integer not null references shop (id),
    -- Where it was asked (no foreign key: the list outlives deleted conversations).
    conversation_id text,
    question text not null,
    language text not null check (language in ('en', 'es')),
    -- `no_match`: nothing the shop wrote answers it; `handed_off`: a person was asked for.
    reason text not null check (reason in ('no_match', 'handed_off')),
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

create index unanswered_question_shop on unanswered_question (shop_id, created_at);

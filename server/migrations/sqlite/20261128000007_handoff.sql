-- Human handoff: how a shop is told a conversation needs a person (a signed webhook), what the
-- shopper is told about the wait, the merchant's replies in the conversation, and a record of
-- every handoff step and every notification attempt.

-- Where the shop is notified (POST, JSON); null: the admin API's list is the only notice.
alter table shop add column notify_url text;
-- Signs each notification (HMAC-SHA256). Generated per shop; never logged, never echoed.
alter table shop add column notify_secret text;
-- Typical time until a person replies, in hours, as the shopper is told; null: "a few hours".
alter table shop add column handoff_reply_hours integer
    check (handoff_reply_hours is null or handoff_reply_hours between 1 and 720);

update shop set notify_secret = lower(hex(randomblob(32))) where notify_secret is null;

-- Every shop, however it is created, gets its own secret.
create trigger shop_notify_secret after insert on shop
when new.notify_secret is null
begin
    update shop set notify_secret = lower(hex(randomblob(32))) where id = new.id;
end;

-- Why and when the conversation was last handed to a person, when the shop was last notified
-- about it (re-notifications are spaced out), and when the merchant marked it resolved.
alter table conversation add column handoff_reason text
    check (handoff_reason is null or handoff_reason in ('shopper_asked', 'unresolved'));
alter table conversation add column handoff_at text;
alter table conversation add column notified_at text;
alter table conversation add column resolved_at text;

create index conversation_needs_human on conversation (shop_id, needs_human, updated_at);

-- Messages may now come from the merchant. SQLite can't change a check constraint in place,
-- so the table is rebuilt with the same rows and ids (nothing references it).
create table message_new (
    id integer primary key,
    shop_id integer not null references shop (id),
    conversation_id text not null references conversation (id),
    role text not null check (role in ('shopper', 'assistant', 'merchant')),
    text text not null,
    -- JSON: product cards and quick replies shown with the message.
    payload text not null default '{}',
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    -- Which engine wrote an assistant message: 'embedded', 'openai', or 'fallback'.
    engine text
);

insert into message_new (id, shop_id, conversation_id, role, text, payload, created_at, engine)
select id, shop_id, conversation_id, role, text, payload, created_at, engine from message;

drop table message;
alter table message_new rename to message;
create index message_conversation on message (conversation_id, id);

-- Each step of a handoff: flagged (by the shopper's request or unresolved turns), the shop
-- notified, a merchant reply, resolved. The conversation's handoff history; never rewritten.
create table handoff_event (
    id integer primary key,
    shop_id integer not null references shop (id),
    -- No foreign key: the history outlives a conversation deleted later (simulations delete
    -- theirs).
    conversation_id text not null,
    kind text not null check (kind in ('flagged', 'notified', 'replied', 'resolved')),
    actor text not null check (actor in ('shopper', 'assistant', 'merchant', 'job')),
    detail text not null default '',
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

create index handoff_event_conversation on handoff_event (conversation_id, id);

create trigger handoff_event_no_update before update on handoff_event
begin
    select raise(abort, 'handoff_event is append-only');
end;

create trigger handoff_event_no_delete before delete on handoff_event
begin
    select raise(abort, 'handoff_event is append-only');
end;

-- One notification to the shop and where it stands; its attempts are in notify_attempt.
create table notify_delivery (
    -- Random (hex); also the event id the receiver sees, so it can ignore a repeat.
    id text primary key,
    shop_id integer not null references shop (id),
    conversation_id text not null references conversation (id),
    url text not null,
    -- The exact JSON body sent (signed as is on every attempt).
    body text not null,
    status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
    attempts integer not null default 0,
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

create index notify_delivery_status on notify_delivery (status, created_at);

-- Every attempt to deliver a notification and how it went; never rewritten.
create table notify_attempt (
    id integer primary key,
    shop_id integer not null references shop (id),
    delivery_id text not null references notify_delivery (id),
    attempt integer not null,
    -- The receiver's HTTP status; null when it could not be reached.
    http_status integer,
    -- Why it failed (timeout, connection refused, non-2xx), without the secret or the body.
    error text,
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

create index notify_attempt_delivery on notify_attempt (delivery_id, id);

create trigger notify_attempt_no_update before update on notify_attempt
begin
    select raise(abort, 'notify_attempt is append-only');
end;

create trigger notify_attempt_no_delete before delete on notify_attempt
begin
    select raise(abort, 'notify_attempt is append-only');
end;

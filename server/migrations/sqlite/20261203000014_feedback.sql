-- What shoppers said of the assistant: a thumbs up or down on a reply (`reply`), and a
-- one-tap rating when the conversation ends (`conversation`). One of each kind per message
-- rated; a second tap replaces the first.
create table feedback (
    id integer primary key,
    shop_id integer not null references shop (id),
    conversation_id text not null references conversation (id),
    -- The assistant message rated (the one the chips came with).
    message_id integer not null references message (id),
    kind text not null check (kind in ('reply', 'conversation')),
    helpful integer not null check (helpful in (0, 1)),
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    unique (message_id, kind)
);

create index feedback_shop on feedback (shop_id, created_at);

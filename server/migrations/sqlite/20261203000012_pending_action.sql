-- A refund or cancellation the assistant has offered and the shopper has not yet confirmed.
-- Nothing moves money until the shopper's next message says yes; that message takes the row
-- (deleted either way), and a row older than `expires_at` is ignored. One per conversation.
create table pending_action (
    conversation_id text primary key references conversation (id),
    shop_id integer not null references shop (id),
    order_id text not null references shop_order (id),
    kind text not null check (kind in ('refund', 'cancel')),
    -- The policy's reason code and the shopper's own words.
    reason_code text not null,
    reason_text text not null,
    -- What goes back to the shopper, as shown in the summary (0: nothing was paid).
    amount_minor integer not null check (amount_minor >= 0),
    currency text not null,
    -- The chips shown with the summary: tapping one answers it.
    yes_label text not null,
    no_label text not null,
    expires_at text not null,
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

create index pending_action_shop on pending_action (shop_id, order_id);

-- After the sale: each shop's refund policy, fulfilment of orders, the orders a conversation has
-- proven to be its shopper's, refunds (requested, queued, executed), and the audit log.

-- Refund policy. The window counts days from delivery, or from payment while not delivered.
alter table shop add column refund_window_days integer not null default 30
    check (refund_window_days >= 0);
-- Refunds up to this amount (minor units) are executed at once; larger ones wait for the merchant.
alter table shop add column refund_auto_approve_minor integer not null default 5000
    check (refund_auto_approve_minor >= 0);
-- JSON array of the reason codes a shopper may give.
alter table shop add column refund_reasons text not null
    default '["damaged","wrong_item","not_as_described","changed_mind","late","other"]';
-- JSON array of the reasons for which shipping is refunded too.
alter table shop add column refund_shipping_reasons text not null default '["damaged","wrong_item"]';
alter table shop add column refund_max_per_order integer not null default 2
    check (refund_max_per_order >= 0);
-- Roughly how long the merchant takes to decide a queued request, told to the shopper.
alter table shop add column refund_review_days integer not null default 2
    check (refund_review_days >= 0);

-- Fulfilment, set by the merchant: shipped with a carrier and tracking, then delivered.
alter table shop_order add column carrier text;
alter table shop_order add column tracking_number text;
alter table shop_order add column tracking_url text;
alter table shop_order add column fulfilled_at text;
alter table shop_order add column delivered_at text;

-- Orders this conversation's shopper has proven to be theirs (by order token, by number and
-- email, or by buying in this conversation).
create table conversation_order (
    shop_id integer not null references shop (id),
    conversation_id text not null references conversation (id),
    order_id text not null references shop_order (id),
    -- 'checkout', 'token' or 'email'.
    proof text not null check (proof in ('checkout', 'token', 'email')),
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    primary key (conversation_id, order_id)
);

-- Failed attempts to prove an order by number and email, for the rate limit (per conversation
-- and per order number).
create table order_proof_failure (
    id integer primary key,
    shop_id integer not null references shop (id),
    conversation_id text not null,
    order_number integer,
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

create index order_proof_failure_conversation on order_proof_failure (conversation_id, created_at);
create index order_proof_failure_order on order_proof_failure (shop_id, order_number, created_at);

-- Every refund of an order, whatever its origin. Money is minor units of the order's currency.
-- `pending` waits for the merchant's decision; `processing` reserves its amount while the provider
-- is asked; `succeeded`, `failed` (the amount is free again) and `denied` are final.
create table refund (
    id integer primary key,
    shop_id integer not null references shop (id),
    order_id text not null references shop_order (id),
    amount_minor integer not null check (amount_minor > 0),
    currency text not null,
    reason text not null,
    status text not null check (status in ('pending', 'processing', 'succeeded', 'failed', 'denied')),
    -- Who asked: shopper (through the assistant), merchant, or provider (made outside Shopchat).
    origin text not null check (origin in ('shopper', 'merchant', 'provider')),
    -- The provider's refund id (Stripe `re_…`, or a demo id).
    provider_ref text,
    note text,
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

create index refund_order on refund (order_id, id);
create index refund_shop_status on refund (shop_id, status, id);

-- Everything that changed an order and every action the assistant took: append-only.
create table audit_log (
    id integer primary key,
    shop_id integer not null references shop (id),
    actor text not null check (actor in ('assistant', 'shopper', 'merchant', 'webhook', 'job', 'system')),
    action text not null,
    -- 'order', 'refund' or 'conversation', and the subject's id.
    subject_type text not null,
    subject_id text not null,
    -- The order the entry concerns, when there is one (for reading an order's log).
    order_id text,
    -- JSON text, or null.
    before text,
    after text,
    reason text not null default '',
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

create index audit_log_order on audit_log (shop_id, order_id, id);

create trigger audit_log_no_update before update on audit_log
begin
    select raise(abort, 'audit_log is append-only');
end;

create trigger audit_log_no_delete before delete on audit_log
begin
    select raise(abort, 'audit_log is append-only');
end;

-- In-chat checkout: each shop's shipping, tax and payment settings; orders with their status
-- history; payment attempts; and the provider events already applied. Money is integer minor
-- units of the order's currency.

-- Shipping: a flat rate per order, free when the subtotal is at or above the threshold (if any).
alter table shop add column shipping_flat_minor integer not null default 0
    check (shipping_flat_minor >= 0);
alter table shop add column free_shipping_over_minor integer
    check (free_shipping_over_minor is null or free_shipping_over_minor >= 0);
-- Tax rate in basis points (825 = 8.25 %), either included in catalog prices or added on top.
alter table shop add column tax_rate_bps integer not null default 0
    check (tax_rate_bps between 0 and 10000);
alter table shop add column tax_inclusive integer not null default 0 check (tax_inclusive in (0, 1));
-- The number the shop's next order gets (shown as SC-1001).
alter table shop add column next_order_number integer not null default 1001
    check (next_order_number > 0);
-- Stripe keys. No secret key: the shop takes payments with the demo gateway. Never sent to a browser.
alter table shop add column stripe_secret_key text;
alter table shop add column stripe_publishable_key text;
alter table shop add column stripe_webhook_secret text;

-- The demo shop (when it already exists; a new one gets the same values on creation).
update shop
set shipping_flat_minor = 500, free_shipping_over_minor = 7500, tax_rate_bps = 825, tax_inclusive = 0
where public_key = 'demo';

-- `order` is an SQL keyword, hence the prefix.
create table shop_order (
    -- Random (128 bits, hex): the id in URLs. People read the per-shop `number`.
    id text primary key,
    shop_id integer not null references shop (id),
    number integer not null,
    conversation_id text references conversation (id),
    -- No foreign keys into the catalog: a re-import may delete a variant, and the order keeps
    -- its own snapshot of what was bought (title, options, amounts).
    product_id integer not null,
    variant_id integer not null,
    title text not null,
    -- JSON array of the variant's option values, e.g. ["M", "Black"].
    options text not null default '[]',
    quantity integer not null default 1 check (quantity = 1),
    email text not null,
    -- JSON address; null when nothing ships.
    shipping_address text,
    currency text not null,
    subtotal_minor integer not null check (subtotal_minor >= 0),
    shipping_minor integer not null check (shipping_minor >= 0),
    tax_minor integer not null check (tax_minor >= 0),
    tax_inclusive integer not null check (tax_inclusive in (0, 1)),
    total_minor integer not null check (total_minor >= 0),
    status text not null default 'awaiting_payment' check (status in (
        'awaiting_payment', 'paid', 'fulfilled', 'payment_failed', 'canceled',
        'partially_refunded', 'refunded', 'disputed')),
    provider text not null check (provider in ('demo', 'stripe')),
    -- The provider's id for the payment: a Stripe PaymentIntent id or a demo payment id.
    payment_ref text,
    -- 1 while the order holds one unit of the variant's tracked stock.
    stock_reserved integer not null default 0 check (stock_reserved in (0, 1)),
    -- An unpaid order is canceled (and its stock released) after this instant.
    reserved_until text,
    -- SHA-256 (hex) of the order's access token; the token itself is never stored.
    order_token_hash text not null,
    idempotency_key text not null,
    -- SHA-256 (hex) of the request the key was first used with: a reuse with other content is refused.
    request_hash text not null,
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    unique (shop_id, number),
    unique (shop_id, conversation_id, idempotency_key),
    -- What is charged is exactly the parts shown to the shopper.
    check (total_minor = subtotal_minor + shipping_minor
        + case when tax_inclusive = 1 then 0 else tax_minor end)
);

create index shop_order_reservation on shop_order (status, reserved_until);
create index shop_order_payment_ref on shop_order (provider, payment_ref);

-- Every status change of an order, in order: the timeline and the start of the audit log.
create table order_event (
    id integer primary key,
    shop_id integer not null references shop (id),
    order_id text not null references shop_order (id),
    -- Null for the order's creation.
    from_status text,
    to_status text not null,
    actor text not null check (actor in ('shopper', 'assistant', 'merchant', 'webhook', 'job', 'system')),
    reason text not null default '',
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

create index order_event_order on order_event (order_id, id);

-- History is never rewritten.
create trigger order_event_no_update before update on order_event
begin
    select raise(abort, 'order_event is append-only');
end;

create trigger order_event_no_delete before delete on order_event
begin
    select raise(abort, 'order_event is append-only');
end;

-- Every payment attempt and its outcome, including declines and confirmation steps.
create table payment_attempt (
    id integer primary key,
    shop_id integer not null references shop (id),
    order_id text not null references shop_order (id),
    provider text not null check (provider in ('demo', 'stripe')),
    outcome text not null check (outcome in ('paid', 'declined', 'requires_action')),
    -- Stable code of a decline (card_declined, expired_card…).
    decline_code text,
    -- At most the last four digits; a card number is never stored.
    card_last4 text check (card_last4 is null or length(card_last4) = 4),
    payment_ref text,
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

create index payment_attempt_order on payment_attempt (order_id, id);

-- Provider events (webhooks) already applied, so a redelivery changes nothing.
create table webhook_event (
    id text primary key,
    shop_id integer not null references shop (id),
    type text not null,
    received_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

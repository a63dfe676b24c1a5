-- Refunds Shopchat makes on its own: a payment that arrives for an order already canceled (it
-- expired first) goes back to the shopper. The origin check gains `system`; SQLite changes a
-- check by rebuilding the table (nothing references `refund`).
create table refund_new (
    id integer primary key,
    shop_id integer not null references shop (id),
    order_id text not null references shop_order (id),
    amount_minor integer not null check (amount_minor > 0),
    currency text not null,
    reason text not null,
    status text not null check (status in ('pending', 'processing', 'succeeded', 'failed', 'denied')),
    -- Who asked: shopper (through the assistant), merchant, provider (made outside Shopchat), or
    -- system (Shopchat itself, e.g. a late payment for a canceled order).
    origin text not null check (origin in ('shopper', 'merchant', 'provider', 'system')),
    provider_ref text,
    note text,
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

insert into refund_new (id, shop_id, order_id, amount_minor, currency, reason, status, origin,
                        provider_ref, note, created_at, updated_at)
select id, shop_id, order_id, amount_minor, currency, reason, status, origin,
       provider_ref, note, created_at, updated_at
from refund;

drop table refund;
alter table refund_new rename to refund;

create index refund_order on refund (order_id, id);
create index refund_shop_status on refund (shop_id, status, id);

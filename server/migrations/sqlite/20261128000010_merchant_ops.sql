-- The merchant's operations: what a refund window counts from, and what shoppers do with the
-- widget that the assistant doesn't see (product-card clicks), for the Analytics page.

-- 'delivery': days from delivery, or from payment while the order isn't delivered (the rule
-- before this setting existed); 'payment': days from payment, delivered or not.
alter table shop add column refund_window_from text not null default 'delivery'
    check (refund_window_from in ('delivery', 'payment'));

-- One thing a shopper did in the widget. Counted, never rewritten.
create table widget_event (
    id integer primary key,
    shop_id integer not null references shop (id),
    -- No foreign key: the counts outlive a conversation deleted later.
    conversation_id text not null,
    kind text not null check (kind in ('card_click')),
    product_id integer,
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

create index widget_event_shop on widget_event (shop_id, kind, created_at);

create trigger widget_event_no_update before update on widget_event
begin
    select raise(abort, 'widget_event is append-only');
end;

create trigger widget_event_no_delete before delete on widget_event
begin
    select raise(abort, 'widget_event is append-only');
end;

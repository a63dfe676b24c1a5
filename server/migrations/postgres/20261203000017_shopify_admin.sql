-- Order status from Shopify: the shop's store domain (`shop.myshopify.com`, or a full base
-- URL) and its custom app's Admin API access token, sealed like the other secrets.
alter table shop add column shopify_domain text;
alter table shop add column shopify_admin_token text;

-- Shopify orders a conversation's shopper proved by number and email, so follow-ups ("and
-- where is it now?") need no second proof. The order itself stays in Shopify: it is looked up
-- again each time, and the email must still match.
create table conversation_shopify_order (
    shop_id bigint not null references shop (id),
    conversation_id text not null references conversation (id),
    order_number bigint not null,
    email text not null,
    created_at text not null default (to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
    primary key (conversation_id, order_number)
);

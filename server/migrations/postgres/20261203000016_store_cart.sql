-- Buying through the store's own cart: whether shoppers pay in the chat (`chat`, the demo
-- gateway or Stripe), add to the store's cart (`cart`, e.g. a Shopify storefront's), or may do
-- either (`both`); and, for stores whose cart takes a URL, its template with `{variant}` or
-- `{sku}` (and optionally `{qty}`, `{handle}`). Null: none.
alter table shop add column buying_mode text not null default 'chat'
    check (buying_mode in ('chat', 'cart', 'both'));
alter table shop add column cart_url_template text;

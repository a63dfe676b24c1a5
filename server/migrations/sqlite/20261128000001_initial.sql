-- Shops, their catalog, and widget conversations. Every row of shop data carries shop_id.

create table shop (
    id integer primary key,
    public_key text not null unique,
    name text not null,
    -- JSON array of origins (scheme://host[:port]) allowed to call the widget API.
    allowed_origins text not null default '[]',
    locale text not null default 'en',
    currency text not null default 'USD',
    greeting text,
    -- Link pattern for a product's page, with `{handle}` (e.g. https://shop.example/products/{handle}).
    -- A root-relative pattern is resolved against the server's public URL.
    product_url_template text not null default '/products/{handle}',
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

create table product (
    id integer primary key,
    shop_id integer not null references shop (id),
    handle text not null,
    title text not null,
    -- Sanitised HTML, safe to render.
    body_html text not null default '',
    -- The same description as plain text, for search and for the assistant.
    body_text text not null default '',
    vendor text not null default '',
    product_type text not null default '',
    -- Comma-separated, as in Shopify's CSV.
    tags text not null default '',
    status text not null default 'active' check (status in ('active', 'draft', 'archived')),
    published integer not null default 1,
    option1_name text,
    option2_name text,
    option3_name text,
    image_url text,
    image_alt text,
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    unique (shop_id, handle)
);

create table product_image (
    id integer primary key,
    shop_id integer not null references shop (id),
    product_id integer not null references product (id) on delete cascade,
    src text not null,
    alt text,
    position integer not null default 1,
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

create table variant (
    id integer primary key,
    shop_id integer not null references shop (id),
    product_id integer not null references product (id) on delete cascade,
    position integer not null default 1,
    sku text,
    option1 text,
    option2 text,
    option3 text,
    -- Money is integer minor units of the shop's currency.
    price_minor integer not null check (price_minor >= 0),
    compare_at_minor integer check (compare_at_minor is null or compare_at_minor >= 0),
    -- Null when the shop doesn't track stock for the variant.
    inventory_qty integer,
    inventory_policy text not null default 'deny' check (inventory_policy in ('deny', 'continue')),
    requires_shipping integer not null default 1,
    taxable integer not null default 1,
    grams integer,
    image_url text,
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

create index variant_product on variant (product_id);
create index product_shop on product (shop_id, status, published);

create table conversation (
    id text primary key,
    shop_id integer not null references shop (id),
    -- SHA-256 (hex) of the bearer token; the token itself is never stored.
    token_hash text not null,
    locale text not null,
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

create table message (
    id integer primary key,
    shop_id integer not null references shop (id),
    conversation_id text not null references conversation (id),
    role text not null check (role in ('shopper', 'assistant')),
    text text not null,
    -- JSON: product cards and quick replies shown with the message.
    payload text not null default '{}',
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

create index message_conversation on message (conversation_id, id);

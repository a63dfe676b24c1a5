-- The merchant's own access to the `/admin` pages (accounts, sessions, the first-run setup
-- link) and the shop settings those pages edit that had no column yet.

-- One account per shop for now. The password is stored as an argon2id PHC string only.
create table merchant_account (
    id integer primary key,
    shop_id integer not null unique references shop (id),
    email text not null,
    password_hash text not null,
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- A signed-in browser. Only the SHA-256 (hex) of the cookie's token is stored; the CSRF token
-- is sent back with every form of the session.
create table merchant_session (
    token_hash text primary key,
    shop_id integer not null references shop (id),
    account_id integer not null references merchant_account (id) on delete cascade,
    csrf_token text not null,
    expires_at text not null,
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

create index merchant_session_expiry on merchant_session (expires_at);

-- One-time setup links, printed at start-up while a shop has no account. SHA-256 (hex) only.
create table merchant_setup_token (
    token_hash text primary key,
    shop_id integer not null references shop (id),
    expires_at text not null,
    used_at text,
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- How the widget looks on the shop's pages.
alter table shop add column brand_color text not null default '#2563eb';
alter table shop add column widget_position text not null default 'right'
    check (widget_position in ('left', 'right'));
alter table shop add column launcher_text text;
-- Languages the assistant offers, comma-separated (`en`, `es`); `locale` is the default one.
alter table shop add column languages text not null default 'en,es';

-- The shop's own assistant engine. Null: the server's default (its configured LLM, if any,
-- else the embedded engine). The key is never sent to a browser.
alter table shop add column assistant_engine text
    check (assistant_engine is null or assistant_engine in ('embedded', 'openai'));
alter table shop add column llm_base_url text;
alter table shop add column llm_model text;
alter table shop add column llm_api_key text;

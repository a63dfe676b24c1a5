-- Verified shopper identity and page context.
--
-- Each shop has an identity secret: the merchant's server (or the Shopify snippet) signs a
-- logged-in customer's id with it, HMAC-SHA256 in hex, and the server checks the signature.
-- It is never sent to a browser or logged; `shopchat identity-secret --shop KEY` shows it.
-- A trigger fills it for new shops that don't give one (as in the SQLite migration).
alter table shop add column identity_secret text;
-- 64 hex digits (256 bits): SHA-256 of three random UUIDs (366 random bits from the server's
-- strong random source; gen_random_uuid() is built in, no extension needed).
update shop
set identity_secret = encode(sha256(
        (gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text)::bytea), 'hex')
where identity_secret is null;

create function shop_identity_secret() returns trigger language plpgsql as $$
begin
    new.identity_secret := encode(sha256(
        (gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text)::bytea), 'hex');
    return new;
end;
$$;

create trigger shop_identity_secret before insert on shop
    for each row when (new.identity_secret is null) execute function shop_identity_secret();

-- A customer identity whose signature verified when the conversation opened.
alter table conversation add column verified_customer_id text;
alter table conversation add column verified_email text;
-- What the page claimed without a valid signature: a hint for a person reading the
-- transcript, never proof of anything.
alter table conversation add column unverified_customer_id text;
alter table conversation add column unverified_email text;
-- The page the conversation was opened on: the product (handle or id as the page gave it, and
-- the catalog product it names in this shop, if any) and the cart's item count.
alter table conversation add column page_product text;
alter table conversation add column page_product_id bigint;
alter table conversation add column cart_count bigint;

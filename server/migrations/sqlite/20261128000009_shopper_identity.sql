-- Verified shopper identity and page context.
--
-- Each shop has an identity secret: the merchant's server (or the Shopify snippet) signs a
-- logged-in customer's id with it, HMAC-SHA256 in hex, and the server checks the signature.
-- It is never sent to a browser or logged; `shopchat identity-secret --shop KEY` shows it.
-- SQLite can't add a column with a random default, so a trigger fills it for new shops.
alter table shop add column identity_secret text;
update shop set identity_secret = lower(hex(randomblob(32))) where identity_secret is null;
create trigger shop_identity_secret after insert on shop
when new.identity_secret is null
begin
    update shop set identity_secret = lower(hex(randomblob(32))) where id = new.id;
end;

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
alter table conversation add column page_product_id integer;
alter table conversation add column cart_count integer;

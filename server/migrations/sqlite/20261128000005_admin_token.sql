-- The merchant's admin API token for a shop (`shopchat admin-token --shop KEY` issues one and
-- prints it once). Only its SHA-256 (hex) is stored; null: the admin API refuses every request.
alter table shop add column admin_token_hash text;

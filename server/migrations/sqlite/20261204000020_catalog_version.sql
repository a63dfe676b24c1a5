-- A counter per shop, bumped in the same transaction as every change to the shop's catalog
-- that its search index shows (an import, an edit, a unit sold or put back near zero stock).
-- Every instance compares it with the version its index was built from and rebuilds when it
-- moved, so an edit made through one instance shows in the others' searches.
alter table shop add column catalog_version integer not null default 0;

-- Refunds Shopchat makes on its own: a payment that arrives for an order already canceled (it
-- expired first) goes back to the shopper. The origin check gains `system`. (SQLite changes a
-- check by rebuilding the table; PostgreSQL replaces the constraint in place, keeping the rows,
-- ids and indexes `refund_order` and `refund_shop_status`.)

-- Who asked: shopper (through the assistant), merchant, provider (made outside Shopchat), or
-- system (Shopchat itself, e.g. a late payment for a canceled order).
alter table refund drop constraint refund_origin_check;
alter table refund add constraint refund_origin_check
    check (origin in ('shopper', 'merchant', 'provider', 'system'));

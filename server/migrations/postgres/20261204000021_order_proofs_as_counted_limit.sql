-- Failed order proofs are counted in `rate_limit_hit` (bucket `order_proof`), like the other
-- limits that protect money and accounts; their own table is no longer read or written.
drop table if exists order_proof_failure;

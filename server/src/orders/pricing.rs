//! What an order costs: the catalog price, the shop's shipping and its tax, in exact integer
//! minor units. Pure functions; the shop's settings are loaded once per order.
//!
//! Rules:
//! - Shipping is the shop's flat rate when the item ships, free when the subtotal is at or
//!   above the shop's free-shipping threshold. Shipping is not taxed.
//! - Exclusive tax (added on top): `tax = price × rate`, rounded half-up to the minor unit.
//! - Inclusive tax (already in the price): `tax = price − price / (1 + rate)`, where the net
//!   `price / (1 + rate)` is rounded half-up, so net + tax is exactly the price.
//! - All intermediate products are `i128`; a result beyond `i64` is an error, never a wrap.

use shopchat_protocol::{Breakdown, Currency, Money};

use crate::db::DbPool;

/// Basis points in one whole (100 %).
const BPS: i128 = 10_000;

/// A shop's shipping and tax settings.
#[derive(Debug, Clone, PartialEq)]
pub struct ShopPricing {
    pub currency: Currency,
    pub shipping_flat_minor: i64,
    pub free_shipping_over_minor: Option<i64>,
    /// 825 = 8.25 %.
    pub tax_rate_bps: i64,
    pub tax_inclusive: bool,
}

/// The one item being bought, as the catalog has it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    pub price_minor: i64,
    pub requires_shipping: bool,
    pub taxable: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PricingError {
    #[error("a price, rate or fee is negative")]
    Negative,
    #[error("the amount is too large")]
    Overflow,
}

impl ShopPricing {
    pub async fn load(db: &DbPool, shop_id: i64) -> Result<Self, sqlx::Error> {
        let (currency, flat, free_over, rate, crate::db::Flag(inclusive)): (
            String,
            i64,
            Option<i64>,
            i64,
            crate::db::Flag,
        ) =
            sqlx::query_as(
                "select currency, shipping_flat_minor, free_shipping_over_minor, tax_rate_bps, tax_inclusive
                 from shop where id = $1",
            )
            .bind(shop_id)
            .fetch_one(db)
            .await?;
        Ok(ShopPricing {
            currency: Currency::parse(&currency)
                .ok_or_else(|| sqlx::Error::Decode(format!("currency {currency:?}").into()))?,
            shipping_flat_minor: flat,
            free_shipping_over_minor: free_over,
            tax_rate_bps: rate,
            tax_inclusive: inclusive,
        })
    }
}

/// The breakdown of one item bought at its catalog price.
pub fn breakdown(line: Line, shop: &ShopPricing) -> Result<Breakdown, PricingError> {
    if line.price_minor < 0
        || shop.shipping_flat_minor < 0
        || shop.tax_rate_bps < 0
        || shop.free_shipping_over_minor.is_some_and(|t| t < 0)
    {
        return Err(PricingError::Negative);
    }
    let price = i128::from(line.price_minor);
    let rate = i128::from(shop.tax_rate_bps);
    let shipping = match shop.free_shipping_over_minor {
        _ if !line.requires_shipping => 0,
        Some(threshold) if line.price_minor >= threshold => 0,
        _ => i128::from(shop.shipping_flat_minor),
    };
    let tax = match (line.taxable, shop.tax_inclusive) {
        (false, _) => 0,
        (true, false) => div_half_up(price * rate, BPS),
        (true, true) => price - div_half_up(price * BPS, BPS + rate),
    };
    let total = if shop.tax_inclusive {
        price + shipping
    } else {
        price + shipping + tax
    };
    let money = |minor: i128| {
        i64::try_from(minor)
            .map(|minor| Money {
                minor,
                currency: shop.currency,
            })
            .map_err(|_| PricingError::Overflow)
    };
    Ok(Breakdown {
        subtotal: money(price)?,
        shipping: money(shipping)?,
        tax: money(tax)?,
        tax_inclusive: shop.tax_inclusive,
        total: money(total)?,
    })
}

/// `n / d` rounded half-up, for `n ≥ 0` and `d > 0`: `(2n + d) / 2d` in integers.
fn div_half_up(n: i128, d: i128) -> i128 {
    (2 * n + d) / (2 * d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(flat: i64, free_over: Option<i64>, bps: i64, inclusive: bool) -> ShopPricing {
        ShopPricing {
            currency: Currency::parse("USD").unwrap(),
            shipping_flat_minor: flat,
            free_shipping_over_minor: free_over,
            tax_rate_bps: bps,
            tax_inclusive: inclusive,
        }
    }

    fn item(price_minor: i64) -> Line {
        Line {
            price_minor,
            requires_shipping: true,
            taxable: true,
        }
    }

    fn minors(b: &Breakdown) -> (i64, i64, i64, i64) {
        (
            b.subtotal.minor,
            b.shipping.minor,
            b.tax.minor,
            b.total.minor,
        )
    }

    #[test]
    fn exclusive_tax_is_added_and_rounded_half_up() {
        let demo = usd(500, Some(7500), 825, false);
        // 5800 × 8.25 % = 478.5 → 479.
        let b = breakdown(item(5800), &demo).unwrap();
        assert_eq!(minors(&b), (5800, 500, 479, 6779));
        assert!(!b.tax_inclusive);
        // 2400 × 8.25 % = 198 exactly; 1 × 8.25 % = 0.0825 → 0.
        assert_eq!(minors(&breakdown(item(2400), &demo).unwrap()).2, 198);
        assert_eq!(minors(&breakdown(item(1), &demo).unwrap()).2, 0);
        // 2 × 25 % = 0.5 → 1 (half-up), 1 × 25 % = 0.25 → 0.
        let quarter = usd(0, None, 2500, false);
        assert_eq!(minors(&breakdown(item(2), &quarter).unwrap()).2, 1);
        assert_eq!(minors(&breakdown(item(1), &quarter).unwrap()).2, 0);
    }

    #[test]
    fn inclusive_tax_is_extracted_so_net_and_tax_add_up_to_the_price() {
        // 21 % VAT in 12100: net 10000, tax 2100; the total is the price.
        let vat = usd(0, None, 2100, true);
        let b = breakdown(item(12_100), &vat).unwrap();
        assert_eq!(minors(&b), (12_100, 0, 2100, 12_100));
        assert!(b.tax_inclusive);
        // 1000 / 1.21 = 826.45… → net 826, tax 174.
        assert_eq!(minors(&breakdown(item(1000), &vat).unwrap()).2, 174);
        // 3 / 2 = 1.5 → net 2 (half-up), tax 1.
        let hundred = usd(0, None, 10_000, true);
        assert_eq!(minors(&breakdown(item(3), &hundred).unwrap()).2, 1);
        for price in 0..2000 {
            let b = breakdown(item(price), &vat).unwrap();
            assert!(b.tax.minor >= 0 && b.tax.minor <= price);
            assert_eq!(b.total.minor, price);
        }
    }

    #[test]
    fn shipping_is_free_at_or_above_the_threshold_and_for_items_that_dont_ship() {
        let demo = usd(500, Some(7500), 0, false);
        assert_eq!(minors(&breakdown(item(7499), &demo).unwrap()).1, 500);
        assert_eq!(minors(&breakdown(item(7500), &demo).unwrap()).1, 0);
        assert_eq!(minors(&breakdown(item(11_900), &demo).unwrap()).1, 0);
        let digital = Line {
            requires_shipping: false,
            ..item(1000)
        };
        assert_eq!(
            minors(&breakdown(digital, &demo).unwrap()),
            (1000, 0, 0, 1000)
        );
        let always = usd(500, None, 0, false);
        assert_eq!(minors(&breakdown(item(100_000), &always).unwrap()).1, 500);
    }

    #[test]
    fn untaxable_items_pay_no_tax() {
        let line = Line {
            taxable: false,
            ..item(5800)
        };
        let b = breakdown(line, &usd(500, None, 825, false)).unwrap();
        assert_eq!(minors(&b), (5800, 500, 0, 6300));
    }

    #[test]
    fn the_total_is_always_the_sum_of_the_parts() {
        for (bps, inclusive) in [(0, false), (825, false), (2100, true), (1999, false)] {
            let shop = usd(499, Some(5000), bps, inclusive);
            for price in (0..20_000).step_by(37) {
                let b = breakdown(item(price), &shop).unwrap();
                let tax_on_top = if inclusive { 0 } else { b.tax.minor };
                assert_eq!(
                    b.total.minor,
                    b.subtotal.minor + b.shipping.minor + tax_on_top
                );
                assert_eq!(b.subtotal.minor, price);
            }
        }
    }

    #[test]
    fn huge_or_negative_amounts_are_errors_not_wraps() {
        let shop = usd(500, None, 825, false);
        assert_eq!(
            breakdown(item(i64::MAX), &shop),
            Err(PricingError::Overflow)
        );
        assert_eq!(breakdown(item(-1), &shop), Err(PricingError::Negative));
        assert_eq!(
            breakdown(item(1), &usd(-1, None, 0, false)),
            Err(PricingError::Negative)
        );
    }
}

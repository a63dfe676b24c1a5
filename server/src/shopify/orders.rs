//! A Shopify order by its number, read through the Admin GraphQL API and shown as the chat's
//! own order card: status, fulfilment and tracking, amounts in integer minor units.

use serde::Deserialize;
use serde_json::json;
use shopchat_protocol::{
    Breakdown, Currency, Fulfillment, FulfillmentState, Money, OrderCard, OrderStatus,
    TimelineEntry,
};

use super::{AdminApi, AdminApiError};
use crate::money::parse_decimal_minor;

/// Orders whose name matches the search, with what the card shows. `email` is compared on our
/// side, so Shopify's search never tells a wrong email from an unknown number.
const ORDERS_QUERY: &str = "query ($query: String!) {
  orders(first: 5, query: $query) {
    nodes {
      name
      email
      createdAt
      cancelledAt
      displayFinancialStatus
      displayFulfillmentStatus
      taxesIncluded
      subtotalPriceSet { shopMoney { amount currencyCode } }
      totalShippingPriceSet { shopMoney { amount currencyCode } }
      totalTaxSet { shopMoney { amount currencyCode } }
      totalPriceSet { shopMoney { amount currencyCode } }
      totalRefundedSet { shopMoney { amount currencyCode } }
      lineItems(first: 5) { nodes { title quantity variantTitle } }
      fulfillments { status createdAt deliveredAt trackingInfo { company number url } }
    }
  }
}";

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShopifyOrder {
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    pub created_at: String,
    #[serde(default)]
    pub cancelled_at: Option<String>,
    #[serde(default)]
    pub display_financial_status: Option<String>,
    #[serde(default)]
    pub display_fulfillment_status: Option<String>,
    #[serde(default)]
    pub taxes_included: bool,
    #[serde(default)]
    pub subtotal_price_set: Option<MoneyBag>,
    #[serde(default)]
    pub total_shipping_price_set: Option<MoneyBag>,
    #[serde(default)]
    pub total_tax_set: Option<MoneyBag>,
    pub total_price_set: MoneyBag,
    #[serde(default)]
    pub total_refunded_set: Option<MoneyBag>,
    #[serde(default)]
    pub line_items: Nodes<LineItem>,
    #[serde(default)]
    pub fulfillments: Vec<ShopifyFulfillment>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MoneyBag {
    pub shop_money: MoneyV2,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MoneyV2 {
    /// A decimal string, e.g. `"42.90"`.
    pub amount: String,
    pub currency_code: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Nodes<T> {
    pub nodes: Vec<T>,
}

impl<T> Default for Nodes<T> {
    fn default() -> Self {
        Self { nodes: Vec::new() }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LineItem {
    pub title: String,
    #[serde(default)]
    pub quantity: i64,
    #[serde(default)]
    pub variant_title: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShopifyFulfillment {
    #[serde(default)]
    pub status: Option<String>,
    pub created_at: String,
    #[serde(default)]
    pub delivered_at: Option<String>,
    #[serde(default)]
    pub tracking_info: Vec<TrackingInfo>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TrackingInfo {
    #[serde(default)]
    pub company: Option<String>,
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Deserialize)]
struct OrdersData {
    orders: Nodes<ShopifyOrder>,
}

/// The digits of an order name (`#1001`, `EU-1001-B` → 1001), for matching what the search
/// returned against the number asked for.
fn name_number(name: &str) -> Option<i64> {
    let digits: String = name.chars().filter(char::is_ascii_digit).collect();
    digits.parse().ok()
}

impl AdminApi {
    /// The order numbered `number` bought with `email`, if there is one. Which of the two
    /// didn't match is not said.
    pub async fn find_order(
        &self,
        number: i64,
        email: &str,
    ) -> Result<Option<ShopifyOrder>, AdminApiError> {
        let data = self
            .graphql(ORDERS_QUERY, json!({"query": format!("name:#{number}")}))
            .await?;
        let data: OrdersData = serde_json::from_value(data)
            .map_err(|e| AdminApiError::Unreadable(format!("unexpected order shape: {e}")))?;
        Ok(data.orders.nodes.into_iter().find(|order| {
            name_number(&order.name) == Some(number)
                && order
                    .email
                    .as_deref()
                    .is_some_and(|e| e.trim().eq_ignore_ascii_case(email.trim()))
        }))
    }
}

fn money(bag: Option<&MoneyBag>, currency: Currency) -> Result<Money, AdminApiError> {
    let minor = match bag {
        Some(bag) => parse_decimal_minor(&bag.shop_money.amount, currency.exponent())
            .map_err(|_| AdminApiError::Unreadable(format!("amount {}", bag.shop_money.amount)))?,
        None => 0,
    };
    Ok(Money { minor, currency })
}

/// Shopify's financial status (`OrderDisplayFinancialStatus`) as the card's status.
fn status(order: &ShopifyOrder, shipped: bool) -> OrderStatus {
    if order.cancelled_at.is_some() {
        return OrderStatus::Canceled;
    }
    match order
        .display_financial_status
        .as_deref()
        .unwrap_or_default()
    {
        "REFUNDED" => OrderStatus::Refunded,
        "PARTIALLY_REFUNDED" => OrderStatus::PartiallyRefunded,
        "VOIDED" => OrderStatus::Canceled,
        "EXPIRED" => OrderStatus::PaymentFailed,
        "PENDING" => OrderStatus::AwaitingPayment,
        _ if shipped => OrderStatus::Fulfilled,
        // PAID, AUTHORIZED, PARTIALLY_PAID: the shop has the order and prepares it.
        _ => OrderStatus::Paid,
    }
}

impl ShopifyOrder {
    /// The order as the chat's status card.
    pub fn card(&self) -> Result<OrderCard, AdminApiError> {
        let code = &self.total_price_set.shop_money.currency_code;
        let currency = Currency::parse(code)
            .ok_or_else(|| AdminApiError::Unreadable(format!("currency {code}")))?;
        let total = money(Some(&self.total_price_set), currency)?;
        // Cancelled, failed or errored fulfillments are no shipment.
        let shipments: Vec<&ShopifyFulfillment> = self
            .fulfillments
            .iter()
            .filter(|f| !matches!(f.status.as_deref(), Some("CANCELLED" | "ERROR" | "FAILURE")))
            .collect();
        let latest = shipments
            .iter()
            .max_by(|a, b| a.created_at.cmp(&b.created_at));
        let shipped_status = matches!(
            self.display_fulfillment_status.as_deref(),
            Some("FULFILLED" | "PARTIALLY_FULFILLED" | "IN_PROGRESS")
        );
        let state = match latest {
            Some(f) if f.delivered_at.is_some() => FulfillmentState::Delivered,
            Some(_) => FulfillmentState::Fulfilled,
            None if shipped_status => FulfillmentState::Fulfilled,
            None => FulfillmentState::Unfulfilled,
        };
        let tracking = latest.and_then(|f| f.tracking_info.first());
        let tracking_url = tracking
            .and_then(|t| t.url.clone())
            .filter(|u| u.starts_with("https://") || u.starts_with("http://"));

        let lines = &self.line_items.nodes;
        let title = match lines.split_first() {
            None => self.name.clone(),
            Some((first, [])) if first.quantity > 1 => {
                format!("{} × {}", first.quantity, first.title)
            }
            Some((first, [])) => first.title.clone(),
            Some((first, rest)) => format!("{} + {} more", first.title, rest.len()),
        };
        let options = lines
            .first()
            .and_then(|l| l.variant_title.as_deref())
            .filter(|v| !v.is_empty() && *v != "Default Title")
            .map(|v| v.split(" / ").map(str::to_owned).collect())
            .unwrap_or_default();

        let mut timeline = vec![TimelineEntry {
            at: self.created_at.clone(),
            kind: "created".into(),
            amount: None,
        }];
        for f in &shipments {
            timeline.push(TimelineEntry {
                at: f.created_at.clone(),
                kind: "fulfilled".into(),
                amount: None,
            });
            if let Some(at) = &f.delivered_at {
                timeline.push(TimelineEntry {
                    at: at.clone(),
                    kind: "delivered".into(),
                    amount: None,
                });
            }
        }
        if let Some(at) = &self.cancelled_at {
            timeline.push(TimelineEntry {
                at: at.clone(),
                kind: "canceled".into(),
                amount: None,
            });
        }
        timeline.sort_by(|a, b| a.at.cmp(&b.at));

        Ok(OrderCard {
            order_number: self.name.clone(),
            status: status(self, state != FulfillmentState::Unfulfilled),
            title,
            options,
            breakdown: Breakdown {
                subtotal: money(self.subtotal_price_set.as_ref(), currency)?,
                shipping: money(self.total_shipping_price_set.as_ref(), currency)?,
                tax: money(self.total_tax_set.as_ref(), currency)?,
                tax_inclusive: self.taxes_included,
                total,
            },
            refunded: money(self.total_refunded_set.as_ref(), currency)?,
            fulfillment: Fulfillment {
                state,
                carrier: tracking.and_then(|t| t.company.clone()),
                tracking_number: tracking.and_then(|t| t.number.clone()),
                tracking_url,
            },
            timeline,
            pending_refunds: Vec::new(),
            created_at: self.created_at.clone(),
            arrives: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(json: serde_json::Value) -> ShopifyOrder {
        serde_json::from_value(json).expect("an order in Shopify's shape")
    }

    fn shipped() -> serde_json::Value {
        json!({
            "name": "#1001", "email": "Ada@Example.com", "createdAt": "2026-11-20T10:00:00Z",
            "cancelledAt": null, "displayFinancialStatus": "PAID",
            "displayFulfillmentStatus": "FULFILLED", "taxesIncluded": false,
            "subtotalPriceSet": {"shopMoney": {"amount": "40.0", "currencyCode": "USD"}},
            "totalShippingPriceSet": {"shopMoney": {"amount": "5.00", "currencyCode": "USD"}},
            "totalTaxSet": {"shopMoney": {"amount": "3.3", "currencyCode": "USD"}},
            "totalPriceSet": {"shopMoney": {"amount": "48.30", "currencyCode": "USD"}},
            "totalRefundedSet": {"shopMoney": {"amount": "0.0", "currencyCode": "USD"}},
            "lineItems": {"nodes": [{"title": "Trail Jacket", "quantity": 1, "variantTitle": "M / Black"}]},
            "fulfillments": [
                {"status": "CANCELLED", "createdAt": "2026-11-21T09:00:00Z", "deliveredAt": null,
                 "trackingInfo": [{"company": "Wrong", "number": "X", "url": null}]},
                {"status": "SUCCESS", "createdAt": "2026-11-22T09:00:00Z", "deliveredAt": null,
                 "trackingInfo": [{"company": "UPS", "number": "1Z999", "url": "https://ups.example/1Z999"}]}
            ]
        })
    }

    #[test]
    fn a_shipped_order_shows_its_carrier_tracking_and_amounts_in_minor_units() {
        let card = order(shipped()).card().expect("a card");
        assert_eq!(card.order_number, "#1001");
        assert_eq!(card.status, OrderStatus::Fulfilled);
        assert_eq!(card.title, "Trail Jacket");
        assert_eq!(card.options, vec!["M".to_owned(), "Black".to_owned()]);
        assert_eq!(card.breakdown.total.minor, 4830);
        assert_eq!(card.breakdown.subtotal.minor, 4000);
        assert_eq!(card.breakdown.tax.minor, 330);
        assert_eq!(card.fulfillment.state, FulfillmentState::Fulfilled);
        assert_eq!(card.fulfillment.carrier.as_deref(), Some("UPS"));
        assert_eq!(card.fulfillment.tracking_number.as_deref(), Some("1Z999"));
        let kinds: Vec<&str> = card.timeline.iter().map(|t| t.kind.as_str()).collect();
        assert_eq!(kinds, vec!["created", "fulfilled"]);
    }

    #[test]
    fn delivered_refunded_and_cancelled_orders_say_so() {
        let mut delivered = shipped();
        delivered["fulfillments"][1]["deliveredAt"] = json!("2026-11-24T12:00:00Z");
        delivered["displayFinancialStatus"] = json!("PARTIALLY_REFUNDED");
        delivered["totalRefundedSet"]["shopMoney"]["amount"] = json!("10.5");
        let card = order(delivered).card().expect("a card");
        assert_eq!(card.fulfillment.state, FulfillmentState::Delivered);
        assert_eq!(card.status, OrderStatus::PartiallyRefunded);
        assert_eq!(card.refunded.minor, 1050);

        let mut cancelled = shipped();
        cancelled["cancelledAt"] = json!("2026-11-20T11:00:00Z");
        cancelled["fulfillments"] = json!([]);
        cancelled["displayFulfillmentStatus"] = json!("UNFULFILLED");
        let card = order(cancelled).card().expect("a card");
        assert_eq!(card.status, OrderStatus::Canceled);
        assert_eq!(card.fulfillment.state, FulfillmentState::Unfulfilled);
    }

    #[test]
    fn amounts_that_are_not_plain_decimals_are_refused_rather_than_rounded() {
        let mut odd = shipped();
        odd["totalPriceSet"]["shopMoney"]["amount"] = json!("48.305");
        assert!(order(odd).card().is_err());
        let mut yen = shipped();
        for field in [
            "subtotalPriceSet",
            "totalShippingPriceSet",
            "totalTaxSet",
            "totalPriceSet",
            "totalRefundedSet",
        ] {
            yen[field]["shopMoney"] = json!({"amount": "1200.0", "currencyCode": "JPY"});
        }
        assert_eq!(
            order(yen).card().expect("a card").breakdown.total.minor,
            1200
        );
    }

    #[test]
    fn order_names_are_matched_by_their_digits() {
        assert_eq!(name_number("#1001"), Some(1001));
        assert_eq!(name_number("EU-1001"), Some(1001));
        assert_eq!(name_number("#"), None);
    }
}

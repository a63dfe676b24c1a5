//! The assistant's tools as typed calls. Both engines produce a [`ToolCall`]; the LLM's
//! name + JSON arguments are parsed here, strictly: unknown fields, wrong types or a
//! negative amount make the whole call malformed, and nothing is executed.

use serde::Deserialize;
use serde_json::{json, Value};

use crate::money::parse_decimal_minor;

/// A call to one of the assistant's tools, with validated arguments.
#[derive(Debug, Clone, PartialEq)]
pub enum ToolCall {
    SearchProducts(SearchProducts),
    GetProduct {
        product_id: i64,
    },
    StartCheckout {
        product_id: i64,
        variant_id: Option<i64>,
    },
    OrderStatus {
        order_number: Option<String>,
        email: Option<String>,
    },
    /// `amount` (minor units): `None` asks for all the policy allows. The policy decides.
    RequestRefund {
        order_number: Option<String>,
        email: Option<String>,
        reason: Option<String>,
        amount: Option<i64>,
    },
    CancelOrder {
        order_number: Option<String>,
        email: Option<String>,
        reason: Option<String>,
    },
    HandoffToHuman {
        summary: String,
    },
    /// The shop's own answers (policies from its settings, its FAQ) to a question about it.
    SearchAnswers {
        question: String,
    },
}

/// What to look for. Prices are minor units of the shop's currency.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchProducts {
    pub query: String,
    pub min_price: Option<i64>,
    pub max_price: Option<i64>,
    pub product_type: Option<String>,
    pub colour: Option<String>,
    pub size: Option<String>,
    /// Who it's for ("men", "women", "kids"): ranks matching products higher, never filters.
    pub audience: Option<String>,
    pub in_stock_only: bool,
    /// The words for what is wanted, when the query also says what for ("knife" of "knife
    /// bread"): products named by one of them are preferred to those named only by the rest.
    pub head: Vec<String>,
    /// Product types (bilingual keys): when set, only products of these types are shown,
    /// taking turns between the types ("jewelry": a ring, a necklace, earrings…). The
    /// embedded engine's, for a retail category; the model's calls leave it empty.
    pub kinds: Vec<String>,
    /// The age in years of whom it is for: products that state the ages they suit are shown
    /// only when this is one of them. The embedded engine's; the model's calls leave it empty.
    pub age: Option<u8>,
    /// Kinds ruled out (catalog terms): products whose type or title names one are not shown.
    /// The embedded engine's; the model's calls leave it empty.
    pub excluded: Vec<String>,
    /// A colour ruled out ("any colour but black"): no product that comes only in it, or whose
    /// title says it. The embedded engine's; the model's calls leave it empty.
    pub not_colour: Option<String>,
}

/// Why a tool call could not be accepted.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ToolCallError {
    #[error("unknown tool {0:?}")]
    UnknownTool(String),
    #[error("malformed arguments for {tool}: {reason}")]
    Malformed { tool: String, reason: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SearchArgs {
    #[serde(default)]
    query: String,
    min_price: Option<serde_json::Number>,
    max_price: Option<serde_json::Number>,
    product_type: Option<String>,
    color: Option<String>,
    size: Option<String>,
    #[serde(default)]
    in_stock_only: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProductArgs {
    product_id: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckoutArgs {
    product_id: i64,
    variant_id: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrderArgs {
    order_number: Option<String>,
    email: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RefundArgs {
    order_number: Option<String>,
    email: Option<String>,
    reason: Option<String>,
    amount: Option<serde_json::Number>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CancelArgs {
    order_number: Option<String>,
    email: Option<String>,
    reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswersArgs {
    question: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HandoffArgs {
    summary: String,
}

impl ToolCall {
    /// Parses an LLM's tool call. `exponent` is the shop currency's number of decimals.
    pub fn parse(name: &str, arguments: &str, exponent: u32) -> Result<ToolCall, ToolCallError> {
        let malformed = |reason: String| ToolCallError::Malformed {
            tool: name.to_owned(),
            reason,
        };
        let arguments = if arguments.trim().is_empty() {
            "{}"
        } else {
            arguments
        };
        fn args<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
            serde_json::from_str(text).map_err(|e| e.to_string())
        }
        let amount = |n: Option<serde_json::Number>| -> Result<Option<i64>, ToolCallError> {
            n.map(|n| {
                parse_decimal_minor(&n.to_string(), exponent)
                    .map_err(|e| malformed(format!("price {n}: {e}")))
            })
            .transpose()
        };
        Ok(match name {
            "search_products" => {
                let a: SearchArgs = args(arguments).map_err(malformed)?;
                ToolCall::SearchProducts(SearchProducts {
                    query: a.query,
                    min_price: amount(a.min_price)?,
                    max_price: amount(a.max_price)?,
                    product_type: a.product_type,
                    colour: a.color,
                    size: a.size,
                    audience: None,
                    in_stock_only: a.in_stock_only,
                    head: Vec::new(),
                    kinds: Vec::new(),
                    age: None,
                    excluded: Vec::new(),
                    not_colour: None,
                })
            }
            "get_product" => {
                let a: ProductArgs = args(arguments).map_err(malformed)?;
                ToolCall::GetProduct {
                    product_id: a.product_id,
                }
            }
            "start_checkout" => {
                let a: CheckoutArgs = args(arguments).map_err(malformed)?;
                ToolCall::StartCheckout {
                    product_id: a.product_id,
                    variant_id: a.variant_id,
                }
            }
            "order_status" => {
                let a: OrderArgs = args(arguments).map_err(malformed)?;
                ToolCall::OrderStatus {
                    order_number: a.order_number,
                    email: a.email,
                }
            }
            "request_refund" => {
                let a: RefundArgs = args(arguments).map_err(malformed)?;
                ToolCall::RequestRefund {
                    order_number: a.order_number,
                    email: a.email,
                    reason: a.reason,
                    amount: amount(a.amount)?,
                }
            }
            "cancel_order" => {
                let a: CancelArgs = args(arguments).map_err(malformed)?;
                ToolCall::CancelOrder {
                    order_number: a.order_number,
                    email: a.email,
                    reason: a.reason,
                }
            }
            "handoff_to_human" => {
                let a: HandoffArgs = args(arguments).map_err(malformed)?;
                ToolCall::HandoffToHuman { summary: a.summary }
            }
            "search_answers" => {
                let a: AnswersArgs = args(arguments).map_err(malformed)?;
                if a.question.trim().is_empty() {
                    return Err(malformed("question is empty".into()));
                }
                ToolCall::SearchAnswers {
                    question: a.question,
                }
            }
            other => return Err(ToolCallError::UnknownTool(other.to_owned())),
        })
    }

    pub fn name(&self) -> &'static str {
        match self {
            ToolCall::SearchProducts(_) => "search_products",
            ToolCall::GetProduct { .. } => "get_product",
            ToolCall::StartCheckout { .. } => "start_checkout",
            ToolCall::OrderStatus { .. } => "order_status",
            ToolCall::RequestRefund { .. } => "request_refund",
            ToolCall::CancelOrder { .. } => "cancel_order",
            ToolCall::HandoffToHuman { .. } => "handoff_to_human",
            ToolCall::SearchAnswers { .. } => "search_answers",
        }
    }
}

/// A tool as an OpenAI-compatible model sees it: name, description, JSON Schema parameters.
pub struct ToolDefinition {
    pub name: &'static str,
    pub description: &'static str,
    pub parameters: Value,
}

/// Every tool, described for a model. Prices are in the shop's currency, in major units.
pub fn definitions() -> Vec<ToolDefinition> {
    let order_number = json!({"type": "string", "description": "The order number, e.g. SC-1042"});
    let email = json!({"type": "string", "description": "The email the order was bought with, as the shopper gave it"});
    vec![
        ToolDefinition {
            name: "search_products",
            description: "Search the shop's catalog. Returns matching products with their real prices and stock; shows them to the shopper as cards.",
            parameters: json!({
                "type": "object",
                "properties": {
                    "query": {"type": "string", "description": "What the shopper wants, in the catalog's words (e.g. 'running shoes')"},
                    "min_price": {"type": "number", "description": "Lowest price, in the shop's currency"},
                    "max_price": {"type": "number", "description": "Highest price, in the shop's currency"},
                    "product_type": {"type": "string"},
                    "color": {"type": "string"},
                    "size": {"type": "string"},
                    "in_stock_only": {"type": "boolean"}
                },
                "additionalProperties": false
            }),
        },
        ToolDefinition {
            name: "get_product",
            description: "Details of one product (description, sizes, colours, stock, price); shows it as a card.",
            parameters: json!({
                "type": "object",
                "properties": {"product_id": {"type": "integer"}},
                "required": ["product_id"],
                "additionalProperties": false
            }),
        },
        ToolDefinition {
            name: "start_checkout",
            description: "Start buying one product (optionally a specific variant) in the chat. The price is always the catalog's.",
            parameters: json!({
                "type": "object",
                "properties": {"product_id": {"type": "integer"}, "variant_id": {"type": "integer"}},
                "required": ["product_id"],
                "additionalProperties": false
            }),
        },
        ToolDefinition {
            name: "order_status",
            description: "Look up the shopper's order and show its status card. Without an order number, the order the shopper bought or proved in this chat. An order not proven yet needs its number and the email it was bought with; ownership is checked by the shop, not by you.",
            parameters: json!({
                "type": "object",
                "properties": {"order_number": order_number, "email": email},
                "additionalProperties": false
            }),
        },
        ToolDefinition {
            name: "request_refund",
            description: "Offer the shopper a refund of their order, only when they ask for one (never for a question about the policy or a refund's progress). Nothing is refunded by this call: it shows the shopper a summary with Yes/No buttons, and only the shopper's next message can confirm it. The shop's policy decides the outcome (refunded, queued for the shop, or refused with a reason); you cannot change it. Leave amount out to ask for all the policy allows.",
            parameters: json!({
                "type": "object",
                "properties": {
                    "order_number": order_number,
                    "email": email,
                    "reason": {"type": "string", "enum": ["damaged", "wrong_item", "not_as_described", "changed_mind", "late", "other"]},
                    "amount": {"type": "number", "description": "Part of the order to refund, in the shop's currency"}
                },
                "additionalProperties": false
            }),
        },
        ToolDefinition {
            name: "cancel_order",
            description: "Offer to cancel the shopper's order, only when they ask for it (never for a question about how or until when). Nothing is canceled by this call: it shows the shopper a summary with Yes/No buttons, and only the shopper's next message can confirm it. Before shipping it is canceled and refunded in full; after shipping it becomes a refund request under the shop's policy.",
            parameters: json!({
                "type": "object",
                "properties": {"order_number": order_number, "email": email, "reason": {"type": "string"}},
                "additionalProperties": false
            }),
        },
        ToolDefinition {
            name: "search_answers",
            description: "Search the shop's own answers (shipping costs, countries shipped to, delivery times, tax, payment methods, returns and refunds policy, contact, and the shop's FAQ) for a question about the shop rather than a product. Answer such questions only from its result, naming the source it gives; when it finds nothing, say you don't know and offer a person.",
            parameters: json!({
                "type": "object",
                "properties": {"question": {"type": "string", "description": "The shopper's question, in their words"}},
                "required": ["question"],
                "additionalProperties": false
            }),
        },
        ToolDefinition {
            name: "handoff_to_human",
            description: "Hand the conversation to a person from the shop, with a one-sentence summary.",
            parameters: json!({
                "type": "object",
                "properties": {"summary": {"type": "string"}},
                "required": ["summary"],
                "additionalProperties": false
            }),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_call_turns_its_budget_into_minor_units() {
        let call = ToolCall::parse(
            "search_products",
            r#"{"query":"jacket","max_price":79.99}"#,
            2,
        )
        .unwrap();
        let ToolCall::SearchProducts(search) = call else {
            panic!("a search")
        };
        assert_eq!(search.max_price, Some(7999));
        assert_eq!(search.query, "jacket");
    }

    #[test]
    fn a_price_the_model_slips_into_checkout_makes_the_call_malformed() {
        let err =
            ToolCall::parse("start_checkout", r#"{"product_id":3,"price":1}"#, 2).unwrap_err();
        assert!(matches!(err, ToolCallError::Malformed { .. }));
    }

    #[test]
    fn a_refund_amount_becomes_minor_units_and_a_negative_one_is_malformed() {
        let call = ToolCall::parse(
            "request_refund",
            r#"{"order_number":"SC-1001","amount":12.5,"reason":"damaged"}"#,
            2,
        )
        .unwrap();
        assert!(matches!(
            call,
            ToolCall::RequestRefund {
                amount: Some(1250),
                ..
            }
        ));
        assert!(ToolCall::parse("request_refund", r#"{"amount":-1}"#, 2).is_err());
        assert!(ToolCall::parse("request_refund", r#"{"approve":true}"#, 2).is_err());
    }

    #[test]
    fn broken_json_negative_budgets_and_unknown_tools_are_refused() {
        assert!(ToolCall::parse("search_products", r#"{"query":"#, 2).is_err());
        assert!(ToolCall::parse("search_products", r#"{"max_price":-5}"#, 2).is_err());
        assert!(ToolCall::parse("search_products", r#"{"max_price":"cheap"}"#, 2).is_err());
        assert_eq!(
            ToolCall::parse("refund_everything", "{}", 2),
            Err(ToolCallError::UnknownTool("refund_everything".into()))
        );
    }

    #[test]
    fn every_definition_parses_back_with_empty_or_required_arguments() {
        for def in definitions() {
            let required = def.parameters["required"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let args: serde_json::Map<String, Value> = required
                .iter()
                .filter_map(Value::as_str)
                .map(|name| {
                    (
                        name.to_owned(),
                        if name == "summary" || name == "question" {
                            json!("help")
                        } else {
                            json!(1)
                        },
                    )
                })
                .collect();
            let parsed = ToolCall::parse(def.name, &Value::Object(args).to_string(), 2).unwrap();
            assert_eq!(parsed.name(), def.name);
        }
    }
}

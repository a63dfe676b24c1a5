//! The Analytics page: the last 30 days of conversations, product-card clicks, checkouts started
//! and paid, revenue through the chat, refunds and shoppers' feedback, with bar charts drawn here as SVG (no script, no CDN).

use std::time::{Duration, SystemTime};

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use maud::{html, Markup};

use super::html::text::money;
use super::html::{layout, render, Frame};
use super::session::Merchant;
use crate::clock;
use crate::error::ApiError;
use crate::http::state::AppState;

/// Days the page covers, today included.
const DAYS: i64 = 30;

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/analytics", get(get_analytics))
}

/// One day's counts.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Day {
    /// `YYYY-MM-DD` (UTC).
    pub day: String,
    pub conversations: i64,
    /// Product cards the widget reported opened (`POST /api/v1/conversations/{id}/events`).
    pub clicks: i64,
    pub started: i64,
    pub paid: i64,
}

/// The [`DAYS`] days up to the one of `now`, oldest first, as `YYYY-MM-DD` (UTC).
fn last_days(now: SystemTime) -> Vec<String> {
    (0..DAYS.unsigned_abs())
        .rev()
        .map(|back| {
            let at = now
                .checked_sub(Duration::from_secs(back * 86_400))
                .unwrap_or(SystemTime::UNIX_EPOCH);
            let mut day = clock::timestamp(at);
            day.truncate(10);
            day
        })
        .collect()
}

/// `GET /admin/analytics`
async fn get_analytics(
    State(state): State<AppState>,
    merchant: Merchant,
) -> Result<Response, ApiError> {
    // The days are listed here rather than generated in SQL, where date arithmetic is written
    // differently by each database.
    let listed = last_days(SystemTime::now());
    let rows = (0..listed.len())
        .map(|i| format!("(${})", i + 2))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "with days(day) as (values {rows})
         select day,
             (select count(*) from conversation c
              where c.shop_id = $1 and substr(c.created_at, 1, 10) = day) as conversations,
             (select count(*) from widget_event w
              where w.shop_id = $1 and w.kind = 'card_click' and substr(w.created_at, 1, 10) = day) as clicks,
             (select count(*) from shop_order o
              where o.shop_id = $1 and substr(o.created_at, 1, 10) = day) as started,
             (select count(distinct e.order_id) from order_event e
              where e.shop_id = $1 and e.to_status = 'paid' and substr(e.created_at, 1, 10) = day) as paid
         from days order by day"
    );
    let mut query = sqlx::query_as::<_, Day>(&sql).bind(merchant.shop_id);
    for day in &listed {
        query = query.bind(day);
    }
    let days: Vec<Day> = query.fetch_all(&state.db).await?;
    let since = days.first().map(|d| d.day.clone()).unwrap_or_default();
    let revenue: Vec<(String, i64)> = sqlx::query_as(
        "select o.currency, cast(sum(o.total_minor) as bigint) from shop_order o
         where o.shop_id = $1 and o.conversation_id is not null
           and exists (select 1 from order_event e where e.order_id = o.id and e.shop_id = o.shop_id
                       and e.to_status = 'paid' and e.created_at >= $2)
         group by o.currency order by o.currency",
    )
    .bind(merchant.shop_id)
    .bind(&since)
    .fetch_all(&state.db)
    .await?;
    let refunds: i64 = sqlx::query_scalar(
        "select count(distinct order_id) from order_event
         where shop_id = $1 and to_status in ('refunded', 'partially_refunded') and created_at >= $2",
    )
    .bind(merchant.shop_id)
    .bind(&since)
    .fetch_one(&state.db)
    .await?;

    let top_clicked: Vec<(String, i64)> = sqlx::query_as(
        "select p.title, count(*) as clicks from widget_event w
         join product p on p.id = w.product_id and p.shop_id = w.shop_id
         where w.shop_id = $1 and w.kind = 'card_click' and w.created_at >= $2
         group by p.id order by clicks desc, p.title limit 5",
    )
    .bind(merchant.shop_id)
    .bind(&since)
    .fetch_all(&state.db)
    .await?;

    let feedback = feedback(&state, merchant.shop_id, &since, &days).await?;

    let total = |f: fn(&Day) -> i64| days.iter().map(f).sum::<i64>();
    let (conversations, started, paid) = (
        total(|d| d.conversations),
        total(|d| d.started),
        total(|d| d.paid),
    );
    let revenue_text = if revenue.is_empty() {
        "0".to_owned()
    } else {
        revenue
            .iter()
            .map(|(currency, minor)| money(*minor, currency))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let tile = |id: &str, label: &str, value: &dyn maud::Render| {
        html! {
            div.tile { span.tile-label { (label) } strong id=(id) { (value) } }
        }
    };
    let labels: Vec<&str> = days.iter().map(|d| d.day.as_str()).collect();
    let body = html! {
        h1 { "Analytics" }
        p.hint { "The last " (DAYS) " days (UTC), today included." }
        div.tiles {
            (tile("total-conversations", "Conversations", &conversations))
            (tile("total-clicks", "Product-card clicks", &total(|d| d.clicks)))
            (tile("total-started", "Checkouts started", &started))
            (tile("total-paid", "Checkouts paid", &paid))
            (tile("total-revenue", "Revenue through the chat", &revenue_text))
            (tile("total-refunds", "Orders refunded", &refunds))
        }
        section {
            h2 { "Conversations per day" }
            (bar_chart(
                "Conversations per day",
                &labels,
                &[("Conversations", "#2563eb", days.iter().map(|d| d.conversations).collect())],
            ))
        }
        section {
            h2 { "Product-card clicks per day" }
            (bar_chart(
                "Product-card clicks per day",
                &labels,
                &[("Clicks", "#7c3aed", days.iter().map(|d| d.clicks).collect())],
            ))
            (top_list(&top_clicked))
        }
        section {
            h2 { "Checkouts started and paid per day" }
            (bar_chart(
                "Checkouts started and paid per day",
                &labels,
                &[
                    ("Started", "#93c5fd", days.iter().map(|d| d.started).collect()),
                    ("Paid", "#166534", days.iter().map(|d| d.paid).collect()),
                ],
            ))
        }
        (feedback)
    };
    let frame = Frame {
        active: "/admin/analytics",
        shop_name: &merchant.shop_name,
        csrf: &merchant.csrf_token,
    };
    Ok(render(StatusCode::OK, layout("Analytics", &frame, body)))
}

/// Shoppers' thumbs on replies (the share found helpful), their ratings of whole
/// conversations per day, and the latest replies found unhelpful, each a click from its
/// transcript.
async fn feedback(
    state: &AppState,
    shop_id: i64,
    since: &str,
    days: &[Day],
) -> Result<Markup, ApiError> {
    let (up, all): (i64, i64) = sqlx::query_as(
        "select coalesce(cast(sum(case when helpful = 1 then 1 else 0 end) as bigint), 0), count(*) from feedback
         where shop_id = $1 and kind = 'reply' and created_at >= $2",
    )
    .bind(shop_id)
    .bind(since)
    .fetch_one(&state.db)
    .await?;
    let ratings: Vec<(String, i64, i64)> = sqlx::query_as(
        "select substr(created_at, 1, 10),
                cast(sum(case when helpful = 1 then 1 else 0 end) as bigint),
                cast(sum(case when helpful = 1 then 0 else 1 end) as bigint) from feedback
         where shop_id = $1 and kind = 'conversation' and created_at >= $2
         group by substr(created_at, 1, 10)",
    )
    .bind(shop_id)
    .bind(since)
    .fetch_all(&state.db)
    .await?;
    let unhelpful: Vec<(String, String, String)> = sqlx::query_as(
        "select f.conversation_id, m.text, f.created_at from feedback f
         join message m on m.id = f.message_id
         where f.shop_id = $1 and f.helpful = 0 and f.created_at >= $2
         order by f.created_at desc limit 10",
    )
    .bind(shop_id)
    .bind(since)
    .fetch_all(&state.db)
    .await?;
    let share = if all == 0 {
        "no thumbs yet".to_owned()
    } else {
        format!("{}% ({up} of {all})", up * 100 / all)
    };
    let per_day = |good: bool| -> Vec<i64> {
        days.iter()
            .map(|d| {
                ratings
                    .iter()
                    .find(|(day, ..)| *day == d.day)
                    .map_or(0, |(_, yes, no)| if good { *yes } else { *no })
            })
            .collect()
    };
    let labels: Vec<&str> = days.iter().map(|d| d.day.as_str()).collect();
    let chart = bar_chart(
        "Conversation ratings per day",
        &labels,
        &[
            ("Helped", "#166534", per_day(true)),
            ("Didn't help", "#b91c1c", per_day(false)),
        ],
    );
    Ok(html! {
        section {
            h2 { "Feedback" }
            p { "Replies found helpful: " strong #helpful-share { (share) } }
            (chart)
            @if !unhelpful.is_empty() {
                h3 { "Replies found unhelpful" }
                ol #unhelpful {
                    @for (conversation, text, at) in &unhelpful {
                        li {
                            a href={ "/admin/conversations/" (conversation) } {
                                (text.chars().take(140).collect::<String>())
                            }
                            " "
                            span.hint { (at.replace('T', " ").chars().take(16).collect::<String>()) }
                        }
                    }
                }
            }
        }
    })
}

/// The most clicked products, as a list (nothing when no card was clicked).
fn top_list(top: &[(String, i64)]) -> Markup {
    html! {
        @if !top.is_empty() {
            h3 { "Most clicked" }
            ol #top-clicked {
                @for (title, clicks) in top {
                    li { (title) " " span.muted { "(" (clicks) ")" } }
                }
            }
        }
    }
}

const WIDTH: i64 = 720;
const HEIGHT: i64 = 200;
const LEFT: i64 = 36;
const BOTTOM: i64 = 24;

/// A bar chart as inline SVG: one group of bars per label, one bar per series (name, colour,
/// values), a tooltip (`<title>`) on every bar, and a legend when there are several series.
pub fn bar_chart(title: &str, labels: &[&str], series: &[(&str, &str, Vec<i64>)]) -> Markup {
    let max = series
        .iter()
        .flat_map(|(_, _, values)| values.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let plot_h = HEIGHT - BOTTOM - 8;
    let group_w = (WIDTH - LEFT) / i64::try_from(labels.len().max(1)).unwrap_or(1);
    let bar_w = ((group_w - 2) / i64::try_from(series.len().max(1)).unwrap_or(1)).max(1);
    let base = HEIGHT - BOTTOM;
    let lx = LEFT - 6;
    let n = labels.len();
    let index = |i: usize| i64::try_from(i).unwrap_or(0);
    html! {
        svg.chart viewBox={ "0 0 " (WIDTH) " " (HEIGHT) } role="img" aria-label=(title)
            xmlns="http://www.w3.org/2000/svg" {
            line x1=(LEFT) y1=(base) x2=(WIDTH) y2=(base) stroke="#9ca3af" {}
            text x=(lx) y="16" text-anchor="end" font-size="11" fill="#6b7280" { (max) }
            text x=(lx) y=(base) text-anchor="end" font-size="11" fill="#6b7280" { "0" }
            @for (i, label) in labels.iter().enumerate() {
                @for (s, (name, colour, values)) in series.iter().enumerate() {
                    @let value = values.get(i).copied().unwrap_or(0);
                    @let h = value * plot_h / max;
                    rect x=(LEFT + index(i) * group_w + 1 + index(s) * bar_w) y=(base - h)
                        width=((bar_w - 1).max(1)) height=(h) fill=(colour) data-value=(value) {
                        title { (label) ": " (value) " " (name.to_lowercase()) }
                    }
                }
            }
            // Dates under the first, middle and last groups.
            @for i in [0, n / 2, n.saturating_sub(1)] {
                @if let Some(label) = labels.get(i) {
                    text x=(LEFT + index(i) * group_w + group_w / 2) y=(HEIGHT - 6)
                        text-anchor="middle" font-size="11" fill="#6b7280" {
                        (label.get(5..).unwrap_or(label))
                    }
                }
            }
        }
        @if series.len() > 1 {
            p.legend {
                @for (name, colour, _) in series {
                    svg width="12" height="12" aria-hidden="true" {
                        rect width="12" height="12" fill=(colour) {}
                    }
                    " " (name) " "
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_scaled_to_the_largest_value_and_labelled_for_screen_readers() {
        let svg = bar_chart(
            "Chats <per> day",
            &["2026-11-01", "2026-11-02"],
            &[("Chats", "#2563eb", vec![2, 4])],
        )
        .into_string();
        assert!(svg.contains("aria-label=\"Chats &lt;per&gt; day\""));
        let plot_h = HEIGHT - BOTTOM - 8;
        assert!(svg.contains(&format!(
            "height=\"{}\" fill=\"#2563eb\" data-value=\"4\"",
            plot_h
        )));
        assert!(svg.contains(&format!(
            "height=\"{}\" fill=\"#2563eb\" data-value=\"2\"",
            plot_h / 2
        )));
        assert!(svg.contains("<title>2026-11-02: 4 chats</title>"));
        assert!(
            !svg.contains("class=\"legend\""),
            "one series needs no legend"
        );
    }

    #[test]
    fn an_empty_month_draws_flat_bars_without_dividing_by_zero() {
        let svg = bar_chart(
            "x",
            &["2026-11-01"],
            &[("A", "#000", vec![0]), ("B", "#fff", vec![0])],
        )
        .into_string();
        assert!(svg.contains("height=\"0\""));
        assert!(svg.contains("class=\"legend\""));
    }
    #[test]
    fn the_days_end_today_and_cross_months_and_leap_days() {
        // 2028-03-01T12:00:00Z
        let days = last_days(SystemTime::UNIX_EPOCH + Duration::from_secs(1_835_524_800));
        assert_eq!(days.len(), 30);
        assert_eq!(days.last().map(String::as_str), Some("2028-03-01"));
        assert_eq!(days[28], "2028-02-29");
        assert_eq!(days[0], "2028-02-01");
        assert!(days.windows(2).all(|pair| pair[0] < pair[1]));
    }
}

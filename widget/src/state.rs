//! The chat's state and what the shopper can do with it: send, retry, buy, close. Talks to the
//! server through `api`, keeps the conversation through `session` and tells the host page
//! through `Host`.

use std::sync::atomic::{AtomicU64, Ordering};

use js_sys::{Function, Object, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shopchat_protocol::{MessageView, ProductCard, Role, StreamEvent};
use wasm_bindgen::JsValue;
use web_sys::HtmlElement;

use crate::api::{Api, ApiError};
use crate::i18n::Locale;
use crate::session::Session;
use crate::sse::Incoming;
use crate::{page, wire};

/// What the loader tells the widget when it mounts it.
#[derive(Debug, Clone)]
pub struct Config {
    /// The shop's public key.
    pub shop: String,
    /// Origin of the Shopchat server, e.g. `https://shopchat.example`.
    pub api_base: String,
    pub locale: Locale,
    pub shop_name: String,
    /// The element the chat is mounted in (where the card slots are found).
    pub root: Option<HtmlElement>,
    /// The loader's mount options, whose `identity` and `context` go to the server.
    pub options: JsValue,
}

/// The host page's callbacks (`onEvent`, `onClose`).
#[derive(Debug, Clone, Default)]
pub struct Host {
    pub on_event: Option<Function>,
    pub on_close: Option<Function>,
}

impl Host {
    /// Calls `onEvent(name, detail)`; a throwing handler must not break the widget.
    pub fn emit(&self, name: &str, detail: &JsValue) {
        if let Some(on_event) = &self.on_event {
            let _ = on_event.call2(&JsValue::NULL, &JsValue::from_str(name), detail);
        }
    }

    pub fn close(&self) {
        if let Some(on_close) = &self.on_close {
            let _ = on_close.call0(&JsValue::NULL);
        }
    }
}

/// Where the chat is in its exchange with the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Idle,
    /// Loading a stored conversation.
    Loading,
    /// Message sent; nothing of the reply has arrived yet.
    Waiting,
    /// The reply is arriving.
    Streaming,
}

/// One message on screen. Its text and cards are signals so a streaming reply re-renders alone.
#[derive(Debug, Clone, Copy)]
pub struct ChatMessage {
    /// Unique within the page; keys the list.
    pub key: u64,
    pub role: Role,
    pub text: RwSignal<String>,
    pub products: RwSignal<Vec<ProductCard>>,
    /// A commerce card's place (see `commerce`) rather than a message.
    pub card: bool,
}

impl ChatMessage {
    pub fn new(role: Role, text: String, products: Vec<ProductCard>) -> Self {
        static NEXT_KEY: AtomicU64 = AtomicU64::new(0);
        Self {
            key: NEXT_KEY.fetch_add(1, Ordering::Relaxed),
            role,
            text: RwSignal::new(text),
            products: RwSignal::new(products),
            card: false,
        }
    }
}

/// The whole chat: reactive state for the view plus the conversation behind it.
#[derive(Debug, Clone, Copy)]
pub struct Chat {
    pub messages: RwSignal<Vec<ChatMessage>>,
    pub status: RwSignal<Status>,
    /// Code of the error to show, if the last send failed.
    pub error: RwSignal<Option<String>>,
    /// Suggested replies under the last assistant message.
    pub quick_replies: RwSignal<Vec<String>>,
    /// Everything that isn't shown, in one store: each stored type costs the wasm its own copy
    /// of the store's code.
    inner: StoredValue<Inner, LocalStorage>,
}

/// The part of the chat the view doesn't watch.
#[derive(Debug)]
struct Inner {
    config: Config,
    host: Host,
    session: Option<Session>,
    /// Text of the send that failed, for Retry.
    failed: Option<String>,
    /// Texts asked for while busy (`ask()` from the page), sent in order once idle.
    queued: Vec<String>,
}

impl Chat {
    pub fn new(config: Config, host: Host) -> Self {
        Self {
            messages: RwSignal::new(Vec::new()),
            status: RwSignal::new(Status::Idle),
            error: RwSignal::new(None),
            quick_replies: RwSignal::new(Vec::new()),
            inner: StoredValue::new_local(Inner {
                config,
                host,
                session: None,
                failed: None,
                queued: Vec::new(),
            }),
        }
    }

    fn session(&self) -> Option<Session> {
        self.inner.with_value(|inner| inner.session.clone())
    }

    fn set_session(&self, session: Option<Session>) {
        self.inner.update_value(|inner| inner.session = session);
    }

    fn set_failed(&self, text: Option<String>) {
        self.inner.update_value(|inner| inner.failed = text);
    }

    /// The host's callbacks, cloned so none runs while the store is borrowed: a handler may
    /// call back into the widget (`ask()` from `onEvent`).
    fn host(&self) -> Host {
        self.inner.with_value(|inner| inner.host.clone())
    }

    pub fn locale(&self) -> Locale {
        self.inner.with_value(|inner| inner.config.locale)
    }

    pub fn shop_name(&self) -> String {
        self.inner
            .with_value(|inner| inner.config.shop_name.clone())
    }

    fn api(&self) -> Api {
        self.inner
            .with_value(|inner| Api::new(&inner.config.api_base))
    }

    fn options(&self) -> JsValue {
        self.inner.with_value(|inner| inner.config.options.clone())
    }

    fn shop(&self) -> String {
        self.inner.with_value(|inner| inner.config.shop.clone())
    }

    /// Shows the conversation stored for this shop, if the server still knows it.
    pub fn restore(self) {
        let Some(session) = Session::load(&self.shop()) else {
            return;
        };
        self.status.set(Status::Loading);
        spawn_local(async move {
            match self.api().history(&session).await {
                Ok(history) => {
                    self.tell_context(&session);
                    self.set_session(Some(session));
                    let last_replies = last_quick_replies(&history.messages);
                    let shown = history
                        .messages
                        .into_iter()
                        .map(|m| ChatMessage::new(m.role, m.text, m.products))
                        .collect();
                    self.messages.set(shown);
                    self.quick_replies.set(last_replies);
                    // Still waiting for a person: the handoff card checks for their reply.
                    if history.awaiting_person {
                        self.push_card(r#"{"type":"handoff"}"#.to_owned());
                    }
                }
                Err(error) if error.rejects_session() => Session::clear(&self.shop()),
                // A passing failure: keep the session and use it for the next message.
                Err(_) => self.set_session(Some(session)),
            }
            self.settle();
        });
    }

    /// The page's customer changed: remembered for new conversations, told to the open one.
    pub fn identify(self, identity: JsValue) {
        self.inner
            .with_value(|inner| set_js(&inner.config.options, "identity", &identity));
        if let Some(session) = self.session() {
            self.tell_context(&session);
        }
    }

    fn tell_context(self, session: &Session) {
        self.inner.with_value(|inner| {
            page::send_context(
                &inner.config.api_base,
                &session.conversation_id,
                &session.token,
                &inner.config.options,
            )
        });
    }

    /// Sends a shopper message, or queues it while a reply is still arriving.
    pub fn send(self, text: String) {
        let text = text.trim().to_owned();
        if text.is_empty() {
            return;
        }
        if self.status.get_untracked() != Status::Idle {
            self.inner.update_value(|inner| inner.queued.push(text));
            return;
        }
        self.push(Role::Shopper, text.clone());
        self.emit_message(Role::Shopper, &text);
        self.deliver(text);
    }

    /// Sends the last failed message again (its bubble is already shown).
    pub fn retry(self) {
        if self.status.get_untracked() != Status::Idle {
            return;
        }
        let failed = self.inner.try_update_value(|inner| inner.failed.take());
        if let Some(text) = failed.flatten() {
            self.deliver(text);
        }
    }

    /// The shopper wants to buy a card's product: tells the host and opens a checkout card.
    pub fn buy(self, card: &ProductCard) {
        let detail = Object::new();
        set(
            &detail,
            "product_id",
            &JsValue::from_f64(card.product_id as f64),
        );
        set(
            &detail,
            "variant_id",
            &JsValue::from_f64(card.variant_id as f64),
        );
        self.host().emit("buy", &detail);
        set(&detail, "type", &JsValue::from_str("buy"));
        self.push_card(wire::stringify(&detail));
    }

    /// Adds a commerce card (its JSON, see `commerce`) to the log and has it drawn.
    fn push_card(self, spec: String) {
        let Some(session) = self.session() else {
            return;
        };
        let mut message = ChatMessage::new(Role::Assistant, String::new(), Vec::new());
        message.card = true;
        self.messages.update(|all| all.push(message));
        let (config, host) = self
            .inner
            .with_value(|inner| (inner.config.clone(), inner.host.clone()));
        let Some(root) = config.root.clone() else {
            return;
        };
        let ctx = Object::new();
        for (key, value) in [
            ("card", spec.as_str()),
            ("shop", config.shop.as_str()),
            ("apiBase", config.api_base.as_str()),
            ("locale", config.locale.code()),
            ("conversationId", session.conversation_id.as_str()),
            ("token", session.token.as_str()),
        ] {
            set(&ctx, key, &JsValue::from_str(value));
        }
        if let Some(on_event) = &host.on_event {
            set(&ctx, "onEvent", on_event);
        }
        page::show_card(&root, &ctx, config.locale.error_text("network"));
    }

    pub fn close(self) {
        self.host().close();
    }

    fn deliver(self, text: String) {
        self.error.set(None);
        self.quick_replies.set(Vec::new());
        self.status.set(Status::Waiting);
        spawn_local(async move {
            if let Err(error) = self.exchange(&text).await {
                self.set_failed(Some(text));
                self.error.set(Some(error.code));
            }
            self.settle();
        });
    }

    /// Back to idle, then sends whatever was asked meanwhile.
    fn settle(self) {
        self.status.set(Status::Idle);
        let next = self
            .inner
            .try_update_value(|inner| (!inner.queued.is_empty()).then(|| inner.queued.remove(0)));
        if let Some(text) = next.flatten() {
            self.send(text);
        }
    }

    /// Sends `text` in the current conversation, creating one on the first message and a
    /// fresh one when the server no longer accepts the stored one.
    async fn exchange(self, text: &str) -> Result<(), ApiError> {
        let session = match self.session() {
            Some(session) => session,
            None => self.start().await?,
        };
        match self.stream_reply(&session, text).await {
            Err(error) if error.rejects_session() => {
                Session::clear(&self.shop());
                self.set_session(None);
                let fresh = self.start().await?;
                self.stream_reply(&fresh, text).await
            }
            other => other,
        }
    }

    async fn start(self) -> Result<Session, ApiError> {
        let created = self
            .api()
            .create_conversation(&self.shop(), self.locale().code(), &self.options())
            .await?;
        let session = Session {
            conversation_id: created.conversation_id,
            token: created.token,
        };
        session.save(&self.shop());
        self.set_session(Some(session.clone()));
        Ok(session)
    }

    async fn stream_reply(self, session: &Session, text: &str) -> Result<(), ApiError> {
        let mut reply: Option<ChatMessage> = None;
        // Until `done` arrives: a stream that just stops was cut off.
        let mut outcome = Err(ApiError {
            status: 0,
            code: "network".into(),
        });
        let reply_to = |reply: &mut Option<ChatMessage>| {
            self.status.set(Status::Streaming);
            *reply.get_or_insert_with(|| self.push(Role::Assistant, String::new()))
        };
        self.api()
            .send_message(session, text, |event| match event {
                Incoming::Event(StreamEvent::Text { delta }) => {
                    reply_to(&mut reply).text.update(|t| t.push_str(&delta))
                }
                Incoming::Event(StreamEvent::Products { items }) => {
                    reply_to(&mut reply).products.set(items)
                }
                Incoming::Event(StreamEvent::QuickReplies { items }) => {
                    self.quick_replies.set(items)
                }
                Incoming::Event(StreamEvent::Done { .. }) => outcome = Ok(()),
                Incoming::Event(StreamEvent::Error { code, .. }) => {
                    outcome = Err(ApiError { status: 0, code })
                }
                Incoming::Card(spec) => {
                    reply_to(&mut reply);
                    self.push_card(spec);
                }
                // Read as cards above, never as events.
                Incoming::Event(
                    StreamEvent::Checkout { .. }
                    | StreamEvent::Order { .. }
                    | StreamEvent::Handoff { .. }
                    | StreamEvent::Links { .. },
                ) => {}
            })
            .await?;
        match (&outcome, reply) {
            (Ok(()), Some(reply)) => {
                self.emit_message(Role::Assistant, &reply.text.get_untracked())
            }
            // A failed reply goes away; Retry asks for a whole new one.
            (Err(_), Some(reply)) => self
                .messages
                .update(|all| all.retain(|m| m.key != reply.key)),
            (_, None) => {}
        }
        outcome
    }

    fn push(self, role: Role, text: String) -> ChatMessage {
        let message = ChatMessage::new(role, text, Vec::new());
        self.messages.update(|all| all.push(message));
        message
    }

    fn emit_message(self, role: Role, text: &str) {
        let detail = Object::new();
        let role = match role {
            Role::Shopper => "shopper",
            Role::Assistant => "assistant",
            Role::Merchant => "merchant",
        };
        set(&detail, "role", &JsValue::from_str(role));
        set(&detail, "text", &JsValue::from_str(text));
        self.host().emit("message", &detail);
    }
}

fn last_quick_replies(messages: &[MessageView]) -> Vec<String> {
    match messages.last() {
        Some(last) if last.role == Role::Assistant => last.quick_replies.clone(),
        _ => Vec::new(),
    }
}

fn set(object: &Object, key: &str, value: &JsValue) {
    set_js(object, key, value);
}

fn set_js(object: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

//! Shopchat's chat panel, a Leptos app compiled to WebAssembly. The loader (`public/embed.js`)
//! imports the JS glue, initialises it and calls [`mount`] with a container in its shadow root.

pub mod api;
pub mod components;
pub mod i18n;
pub mod money;
pub mod page;
pub mod redraw;
pub mod session;
pub mod sse;
pub mod state;
pub mod wire;

use js_sys::{Function, Reflect};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::components::App;
use crate::i18n::Locale;
use crate::session::Session;
use crate::state::{Chat, Config, Host};

/// What the loader holds on to after mounting: lets the page talk to the widget.
#[wasm_bindgen]
pub struct WidgetHandle {
    chat: Chat,
    container: HtmlElement,
}

#[wasm_bindgen]
impl WidgetHandle {
    /// Sends `text` as if the shopper had typed it (queued while a reply is arriving).
    pub fn ask(&self, text: String) {
        self.chat.send(text);
    }

    /// The page's signed-in customer changed (`Shopchat.identify`): `identity` is
    /// `{id, email, signature}` or null. A conversation already open is told at once.
    pub fn identify(&self, identity: JsValue) {
        self.chat.identify(identity);
    }

    /// Moves keyboard focus into the composer.
    pub fn focus(&self) {
        let input = self.container.query_selector("textarea").ok().flatten();
        if let Some(input) = input.and_then(|el| el.dyn_into::<HtmlElement>().ok()) {
            let _ = input.focus();
        }
    }
}

/// Mounts the chat panel into `container`.
///
/// `options` is `{ shop, apiBase, locale, shopName, currency, identity, context, onEvent,
/// onClose }`: `identity` (`{id, email, signature}`) and `context` (`{product, cartCount}`) say
/// who and where the shopper is; `locale` is
/// `"en"`, `"es"` or null (then the browser's language decides), `onEvent(name, detail)` hears
/// `message`, `buy` and `purchase`, `onClose()` is called by the close button. `currency` is accepted but
/// not needed yet: every price arrives with its own currency.
#[wasm_bindgen(js_name = mount)]
pub fn mount_widget(container: HtmlElement, options: JsValue) -> WidgetHandle {
    let config = Config {
        shop: read_string(&options, "shop").unwrap_or_default(),
        api_base: read_string(&options, "apiBase")
            .unwrap_or_default()
            .trim_end_matches('/')
            .to_owned(),
        locale: Locale::resolve(read_string(&options, "locale").as_deref()),
        shop_name: read_string(&options, "shopName").unwrap_or_default(),
        root: Some(container.clone()),
        options: options.clone(),
    };
    let host = Host {
        on_event: read_function(&options, "onEvent"),
        on_close: read_function(&options, "onClose"),
    };
    page::count_card_clicks(&container, &config.api_base, &Session::key(&config.shop));
    // The widget lives as long as the page: its owner and mount are never dropped.
    let owner = Owner::new();
    let chat = owner.with(|| {
        let chat = Chat::new(config, host);
        leptos::mount::mount_to(container.clone(), move || view! { <App chat /> }).forget();
        chat.restore();
        chat
    });
    std::mem::forget(owner);
    WidgetHandle { chat, container }
}

fn read_string(options: &JsValue, key: &str) -> Option<String> {
    Reflect::get(options, &JsValue::from_str(key))
        .ok()?
        .as_string()
}

fn read_function(options: &JsValue, key: &str) -> Option<Function> {
    Reflect::get(options, &JsValue::from_str(key))
        .ok()?
        .dyn_into()
        .ok()
}

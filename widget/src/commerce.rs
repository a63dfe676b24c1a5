//! The commerce cards (checkout, order status) live in a module of their own, `commerce/`,
//! loaded the first time a card is shown — as Stripe.js is — so the chat every shopper opens
//! stays small. This is the chat's side of it: a card's message renders as an empty
//! `.sc-card-slot`, and [`show_card`] loads the module (once) and has it draw the card there.

use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

// Two things are JS because they are smaller so: the request that opens a conversation, and
// loading the module (`import()` is syntax, not a function wasm can import). The build bundles
// this into the widget's glue, so `import.meta.url` is the glue's URL and the module and its
// stylesheet are found beside it. The slot is looked up after a timeout, once the view has
// drawn the new message; slots are filled in the order cards arrive. A failed load is tried
// again with the next card.
#[wasm_bindgen(
    inline_js = "export function conversation_body(s,l){let t;try{t=JSON.parse(localStorage.getItem('shopchat:'+s+':orders')).map((o)=>o.token)}catch(e){t=[]}return JSON.stringify({shop:s,locale:l,features:['checkout'],order_tokens:t})}let m;export function show_card(r,c,f){const s=()=>r.querySelector('.sc-card-slot:not([data-on])'),d=document.createElement('div');(m||(m=import(new URL('shopchat_commerce.js',import.meta.url).href).then(async(x)=>{await x.default();return x}))).then((x)=>setTimeout(()=>{const e=s();if(e){e.dataset.on=1;e.append(d);x.show(d,Object.assign({css:new URL('commerce.css',import.meta.url).href},c))}})).catch((e)=>{m=null;console.error(e);const t=s();if(t){t.dataset.on=1;t.append(f)}})}"
)]
extern "C" {
    /// The body of `POST /api/v1/conversations`: the shop, the language, the `checkout` feature
    /// (this chat draws checkout cards) and the tokens of the orders bought from this shop in
    /// this browser (kept by the commerce module under `orders_storage_key`), which prove them.
    pub fn conversation_body(shop: &str, locale: &str) -> String;

    /// Draws the card `ctx.card` into the first undrawn card slot under `root`. `ctx` is what
    /// `commerce::show` reads; `failed` is shown in the slot when the module can't be loaded.
    pub fn show_card(root: &HtmlElement, ctx: &JsValue, failed: &str);
}

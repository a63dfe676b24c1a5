// The chat's few pieces of plain JS (see `page.rs`): smaller so than in wasm. The build bundles
// this file into the widget's glue, so `import.meta.url` is the glue's URL and the commerce
// module and its stylesheet are found beside it.

// What the page says about the shopper, as the server's `identity` and `context` fields.
function page(options) {
  const context = options && options.context;
  return {
    identity: (options && options.identity) || undefined,
    context: context
      ? { product: context.product || undefined, cart_count: context.cartCount ?? undefined }
      : undefined,
  };
}

// The body of `POST /api/v1/conversations`: the shop, the language, the `checkout` feature
// (this chat draws checkout cards), the tokens of the orders bought from this shop in this
// browser (kept by the commerce module under `ordersKey`, the storage key Rust passes), which
// prove them, and who and where the shopper is.
export function conversation_body(shop, locale, ordersKey, options) {
  let tokens;
  try {
    tokens = JSON.parse(localStorage.getItem(ordersKey)).map((o) => o.token);
  } catch (e) {
    tokens = [];
  }
  return JSON.stringify(Object.assign(
    { shop, locale, features: ['checkout'], order_tokens: tokens },
    page(options),
  ));
}

// Tells a resumed conversation the page the shopper is on now and who is signed in.
export function send_context(apiBase, conversation, token, options) {
  fetch(apiBase + '/api/v1/conversations/' + conversation + '/context', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
    body: JSON.stringify(page(options)),
  }).catch(() => {});
}

// Counts taps on a product card's View or Buy for the shop's analytics, in the background,
// in the conversation kept for this shop under `sessionKey`, the storage key Rust passes (none
// yet: nothing to count against).
export function count_card_clicks(root, apiBase, sessionKey) {
  root.addEventListener('click', (event) => {
    const card = event.target.closest('.sc-card');
    if (!card || !event.target.closest('a, button')) return;
    let session;
    try {
      session = JSON.parse(localStorage.getItem(sessionKey));
    } catch (e) {
      return;
    }
    if (!session) return;
    fetch(apiBase + '/api/v1/conversations/' + session.conversation_id + '/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + session.token },
      body: JSON.stringify({ type: 'card_click', product_id: +card.dataset.product }),
    }).catch(() => {});
  });
}

// Loads the commerce module (once; a failed load is tried again with the next card) and has
// it draw the card `ctx.card` into the first undrawn card slot under `root`, after a timeout
// so the view has drawn the card's message. Slots fill in the order cards arrive.
let commerce;
export function show_card(root, ctx, failed) {
  const slot = () => root.querySelector('.sc-card-slot:not([data-on])');
  const place = document.createElement('div');
  commerce ||= import(new URL('shopchat_commerce.js', import.meta.url).href)
    .then(async (module) => { await module.default(); return module; });
  commerce
    .then((module) => setTimeout(() => {
      const found = slot();
      if (!found) return;
      found.dataset.on = 1;
      found.append(place);
      module.show(place, Object.assign({ css: new URL('commerce.css', import.meta.url).href }, ctx));
    }))
    .catch((error) => {
      commerce = null;
      console.error(error);
      const found = slot();
      if (found) { found.dataset.on = 1; found.append(failed); }
    });
}

/* Shopchat loader: reads data-shop (+ data-locale, data-position, data-brand-color, data-preload,
   nonce, and the page context: data-product, data-cart-count, data-customer-id/-email/-signature;
   data-platform="shopify" is read from this tag by the commerce cards, which then use the store's cart),
   draws the chat button in the shop's colour, loads the chat (wasm) on first use. API: window.Shopchat.
   Shoppers get it minified (scripts/build-loader.sh); this is the readable source. */
(() => {
  const d = document;
  const w = window;
  const tag = d.currentScript || d.querySelector('script[src*="embed.js"][data-shop]');
  const fail = (why) => console.error('Shopchat: ' + why);
  if (!tag) return;
  const data = tag.dataset;
  const shop = data.shop;
  if (!shop) return fail('add data-shop="YOUR_SHOP_KEY" to the script tag.');
  if (w.Shopchat && w.Shopchat.on) return; // loaded twice
  // Calls made before this script ran: (window.Shopchat = window.Shopchat || []).push(['identify', {…}]).
  const early = Array.isArray(w.Shopchat) ? w.Shopchat : [];

  const origin = new URL(tag.src, location.href).origin;
  const lang = (tagName) => (/^es\b/i.test(tagName) ? 'es' : /^en\b/i.test(tagName) ? 'en' : null);
  const locale = lang(data.locale);
  const T = (locale || lang(navigator.language)) === 'es'
    ? ['Abrir chat', 'Cerrar chat', 'Cargando…', 'No se pudo cargar el chat.', 'Reintentar']
    : ['Open chat', 'Close chat', 'Loading…', "The chat couldn't load.", 'Retry'];
  const brand = 'var(--sc-brand,#2563eb)';
  const count = parseInt(data.cartCount, 10);
  const context = { product: data.product || null, cartCount: count >= 0 ? count : null };
  const who = (id, email, signature) => (id ? { id: String(id), email: email || null, signature: signature || null } : null);
  let identity = who(data.customerId, data.customerEmail, data.customerSignature);
  let side; let color; let label;
  const host = ':host{all:initial;position:fixed;right:20px;';
  const handlers = {};
  const asked = []; // before the widget was ready
  let info; let button; let panel; let box; let statusBox; let widget;
  let attempt = 0; let loading = false; let isOpen = false; let wantOpen = false;

  const el = (name, attrs, parent, text, ns) => {
    const node = ns ? d.createElementNS(ns, name) : d.createElement(name);
    for (const key in attrs) node.setAttribute(key, attrs[key]);
    if (tag.nonce && /^(style|link|script)$/.test(name)) node.nonce = tag.nonce;
    if (text) node.textContent = text;
    if (parent) parent.append(node);
    return node;
  };
  // A fixed element with its own shadow root: the shop's CSS can't reach in (except the
  // --sc-brand custom property, which a shop may set on #shopchat-launcher / #shopchat-panel).
  const shadowHost = (id, css) => {
    const node = el('div', { id, class: side }, d.body || d.documentElement);
    const root = node.attachShadow({ mode: 'open' });
    el('style', {}, root, (color ? ':host{--sc-brand:' + color + '}' : '') + css + ':host(.left){right:auto;left:20px}');
    return root;
  };
  const emit = (name, detail) => (handlers[name] || []).forEach((handler) => {
    try { handler(detail); } catch (error) { console.error(error); }
  });

  const showStatus = (failed) => {
    statusBox.textContent = '';
    if (!failed) return el('p', {}, statusBox, T[2]).before(el('div', { class: 'sp' }));
    el('p', {}, statusBox, T[3]);
    const retry = el('button', { type: 'button' }, statusBox, T[4]);
    retry.onclick = load;
    if (isOpen) retry.focus();
  };

  const ensurePanel = () => {
    if (panel) return;
    const root = shadowHost('shopchat-panel', host
      + 'z-index:2147483001;bottom:88px;width:380px;height:600px;max-height:calc(100vh - 108px);font:14px sans-serif}'
      + ':host([hidden]){display:none}.st{height:100%;display:flex;flex-direction:column;align-items:center;justify-content:center;background:#fff;border-radius:16px;box-shadow:0 12px 40px #0004}'
      + '.sp{width:24px;height:24px;border:3px solid #ddd;border-top-color:' + brand + ';border-radius:50%;animation:r 1s linear infinite}@keyframes r{to{transform:rotate(1turn)}}'
      + '.st button{font:inherit;padding:6px 14px;border:1px solid;border-radius:8px;background:none;color:' + brand + '}'
      + '@media (max-width:480px){:host{inset:0;width:auto;height:auto;max-height:none}.st{border-radius:0}}'
      + '@media (prefers-reduced-motion:reduce){.sp{animation:none}}');
    panel = root.host;
    panel.hidden = true;
    panel.addEventListener('keydown', (event) => event.key === 'Escape' && api.close());
    el('link', { rel: 'stylesheet', href: info.widget_css }, root);
    statusBox = el('div', { class: 'st', role: 'status' }, root);
    box = el('div', { class: 'sc-app', hidden: '' }, root);
    load();
  };

  // Imports the JS glue (the wasm lies beside it). Retries use a fresh URL: browsers may
  // remember a failed module fetch.
  function load() {
    if (widget || loading) return;
    loading = true;
    const mine = ++attempt;
    const late = () => { if (mine === attempt && !widget) { loading = false; showStatus(true); } };
    const timer = setTimeout(late, 10000);
    showStatus(false);
    import(info.widget_js + (mine > 1 ? '?retry=' + mine : ''))
      .then(async (glue) => {
        await glue.default();
        clearTimeout(timer);
        if (widget) return; // an earlier attempt got there first
        widget = glue.mount(box, {
          shop, apiBase: origin, locale, shopName: info.name, currency: info.currency,
          brandColor: color, identity, context, onEvent: emit, onClose: () => api.close(),
        });
        statusBox.remove();
        box.hidden = false;
        emit('ready');
        asked.splice(0).forEach((text) => widget.ask(text));
        if (isOpen) widget.focus();
      })
      .catch((error) => { clearTimeout(timer); fail(error); late(); });
  }

  const show = (open) => {
    isOpen = open;
    panel.hidden = !open;
    button.setAttribute('aria-expanded', open);
    button.setAttribute('aria-label', button.title = open ? T[1] : label);
    emit(open ? 'open' : 'close');
  };
  const api = {
    open() {
      if (!info) return void (wantOpen = true);
      ensurePanel();
      if (isOpen) return;
      show(true);
      if (widget) widget.focus();
    },
    close() {
      if (!isOpen) return;
      show(false);
      button.focus();
    },
    toggle: () => (isOpen ? api.close() : api.open()),
    ask(text) {
      api.open();
      widget ? widget.ask(String(text)) : asked.push(String(text));
    },
    on(event, handler) {
      (handlers[event] = handlers[event] || []).push(handler);
      if (event === 'ready' && widget) handler();
    },
    // The logged-in customer: { id, email, signature }, the signature computed by the shop's
    // server (never in the page). Before the chat loads it is kept for it; after, handed over.
    identify(customer) {
      identity = customer ? who(customer.id, customer.email, customer.signature) : null;
      if (widget && widget.identify) widget.identify(identity);
    },
  };
  w.Shopchat = api;
  early.forEach(([name, ...args]) => api[name] && api[name](...args));

  fetch(origin + '/api/v1/shops/' + encodeURIComponent(shop), { credentials: 'omit' })
    .then((response) => (response.ok ? response.json() : Promise.reject('shop "' + shop + '": HTTP '
      + response.status + (response.status == 404 ? ', unknown key (check data-shop)' : ''))))
    .then((shopInfo) => {
      info = shopInfo;
      side = (data.position || info.position) === 'left' ? 'left' : 'right';
      // The tag's colour (Shopify app embed) over the shop's; only a hex colour reaches the CSS.
      color = [data.brandColor, info.brand_color].find((c) => /^#[\da-f]{3,8}$/i.test(c)) || null;
      label = info.launcher_text || T[0];
      const root = shadowHost('shopchat-launcher', host
        + 'z-index:2147483000;bottom:20px}button{display:grid;place-items:center;width:56px;height:56px;padding:0;border:0;border-radius:50%;cursor:pointer;color:#fff;background:'
        + brand + ';box-shadow:0 4px 14px #0004}button:focus-visible{outline:3px solid ' + brand + ';outline-offset:3px}'
        + 'svg{width:28px;fill:none;stroke:#fff;stroke-width:2}'
        + '[aria-expanded=true] .o,[aria-expanded=false] .x{display:none}');
      button = el('button', { type: 'button', 'aria-expanded': false, 'aria-label': label, title: label }, root);
      button.onclick = api.toggle;
      const ns = 'http://www.w3.org/2000/svg';
      const icon = el('svg', { viewBox: '0 0 24 24', 'aria-hidden': true }, button, '', ns);
      el('path', { class: 'o', d: 'M21 11.5a8.4 8.4 0 0 1-12.3 7.5L3 21l2-5.4A8.4 8.4 0 1 1 21 11.5z' }, icon, '', ns);
      el('path', { class: 'x', d: 'M6 6l12 12M18 6 6 18' }, icon, '', ns);
      if (wantOpen) api.open();
      else if (data.preload === 'true') (w.requestIdleCallback || setTimeout).call(w, ensurePanel);
    })
    .catch(fail);
})();

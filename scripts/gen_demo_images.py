#!/usr/bin/env python3
"""Generate the demo shop's product pictures and storefront page from the demo catalog.

Input:   server/demo/catalog.csv          (Shopify product CSV, the source of truth)
Outputs: public/demo/images/<handle>.svg  (one flat illustration per product)
         public/demo/images/placeholder.svg
         public/demo/index.html           (static storefront listing every product)

It also checks the catalog (header, unique handles, at least 44 products, unique SKUs,
Image Src pointing at /demo/images/<handle>.svg) and exits non-zero on a problem.
public/demo/demo.css is hand-written and not touched.

Usage (from anywhere, standard library only):  python3 scripts/gen_demo_images.py
Re-run it after editing the catalog and commit the regenerated files.
"""

from __future__ import annotations

import csv
import html
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "server" / "demo" / "catalog.csv"
IMAGES = ROOT / "public" / "demo" / "images"
INDEX = ROOT / "public" / "demo" / "index.html"

HEADER = [
    "Handle", "Title", "Body (HTML)", "Vendor", "Type", "Tags", "Published",
    "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value",
    "Option3 Name", "Option3 Value", "Variant SKU", "Variant Grams",
    "Variant Inventory Tracker", "Variant Inventory Qty", "Variant Inventory Policy",
    "Variant Fulfillment Service", "Variant Price", "Variant Compare At Price",
    "Variant Requires Shipping", "Variant Taxable", "Variant Barcode", "Image Src",
    "Image Position", "Image Alt Text", "Gift Card", "SEO Title", "SEO Description",
    "Status",
]
MIN_PRODUCTS = 44

# Colour words (option values and tags) -> hex used for the illustrations.
PALETTE = {
    "white": "#f7f7f4", "black": "#2b2b2e", "grey": "#8d9399", "heather grey": "#a3a7ab",
    "charcoal": "#4a4e54", "navy": "#2f4068", "blue": "#3f74c9", "light blue": "#8fb3d9",
    "indigo": "#34456f", "teal": "#2f8f8a", "green": "#4f9a5b", "forest green": "#2f5e43",
    "sage": "#9bb09a", "olive": "#6b7340", "yellow": "#f2c230", "mustard": "#d1a030",
    "sand": "#d9c7a6", "oat": "#dccfb8", "oatmeal": "#d8cbb3", "cream": "#efe6d2",
    "natural": "#e3d3ad", "kraft": "#c39b6a", "camel": "#c1915a", "tan": "#c49a6c",
    "brown": "#7a5236", "tortoise": "#7b4a2a", "rust": "#b5532f", "terracotta": "#c56a45",
    "red": "#c0392b", "coral": "#f07a67", "dusty pink": "#d9a0a4", "lavender": "#a99bd3",
    "silver": "#b8bec4", "gold": "#caa24a",
}
DEFAULT_COLOUR = "#8d9399"

CATEGORIES = [
    ("clothing", "Clothing", {"T-Shirt", "Hoodie", "Jacket", "Coat", "Sweater", "Jeans", "Dress"}),
    ("shoes", "Shoes", {"Running Shoes", "Sneakers", "Boots", "Sandals"}),
    ("accessories", "Accessories", {"Socks", "Beanie", "Hat", "Scarf", "Gloves", "Backpack",
                                    "Tote Bag", "Wallet", "Sunglasses", "Watch"}),
    ("home", "Home &amp; Living", {"Mug", "Candle", "Throw Blanket", "Cushion", "Lamp",
                                   "Water Bottle", "Yoga Mat", "Notebook", "Plant Pot"}),
]


@dataclass
class Variant:
    options: list[str]
    sku: str
    qty: int
    price: Decimal
    compare_at: Decimal | None


@dataclass
class Product:
    handle: str
    title: str
    vendor: str
    type: str
    tags: list[str]
    image_src: str
    image_alt: str
    option_names: list[str]
    variants: list[Variant] = field(default_factory=list)

    @property
    def sold_out(self) -> bool:
        return all(v.qty <= 0 for v in self.variants)

    @property
    def colour_name(self) -> str | None:
        if "Color" in self.option_names:
            return self.variants[0].options[self.option_names.index("Color")].lower()
        return next((t for t in self.tags if t in PALETTE), None)


# ---------------------------------------------------------------------------- catalog


def fail(msg: str) -> None:
    sys.exit(f"catalog error: {msg}")


def load_catalog() -> list[Product]:
    with CATALOG.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        if next(reader) != HEADER:
            fail("header row differs from the expected Shopify column set")
        rows = [dict(zip(HEADER, r)) for r in reader]
    products: dict[str, Product] = {}
    skus: set[str] = set()
    for n, r in enumerate(rows, start=2):
        h = r["Handle"]
        if r["Title"]:
            if h in products:
                fail(f"line {n}: handle {h!r} starts a second product")
            names = [r[f"Option{i} Name"] for i in (1, 2, 3) if r[f"Option{i} Name"]]
            products[h] = Product(h, r["Title"], r["Vendor"], r["Type"],
                                  [t.strip() for t in r["Tags"].split(",") if t.strip()],
                                  r["Image Src"], r["Image Alt Text"], names)
            if r["Image Src"] != f"/demo/images/{h}.svg":
                fail(f"line {n}: Image Src should be /demo/images/{h}.svg")
        elif h not in products:
            fail(f"line {n}: variant row for unknown handle {h!r}")
        p = products[h]
        if r["Variant SKU"] in skus:
            fail(f"line {n}: duplicate SKU {r['Variant SKU']}")
        skus.add(r["Variant SKU"])
        compare = r["Variant Compare At Price"]
        p.variants.append(Variant(
            [r[f"Option{i} Value"] for i in range(1, len(p.option_names) + 1)],
            r["Variant SKU"], int(r["Variant Inventory Qty"]), Decimal(r["Variant Price"]),
            Decimal(compare) if compare else None))
    if len(products) < MIN_PRODUCTS:
        fail(f"only {len(products)} products, want at least {MIN_PRODUCTS}")
    return list(products.values())


# ---------------------------------------------------------------------------- drawing


def mix(a: str, b: str, t: float) -> str:
    """Blend hex colour a towards b by t (0..1)."""
    ca = [int(a[i:i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb))


def luminance(c: str) -> float:
    r, g, b = (int(c[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


TOP = ("M150 100L115 110Q90 125 85 160L70 300L105 305L125 185L130 310H270L275 185"
       "L295 305L330 300L315 160Q310 125 285 110L250 100Q200 135 150 100Z")
SHOE = ("M70 270Q70 230 100 222L170 192Q192 150 228 166L272 200Q332 214 336 252V272"
        "Q336 292 316 292H90Q70 292 70 272Z")
SOLE = '<path fill="#fff" d="M72 270H334V278Q334 290 316 290H90Q72 290 72 278Z"/>'


def shape(p: Product, d: str) -> str:
    """SVG elements for product p; fill/stroke are inherited from the enclosing group."""
    t, tags = p.type, set(p.tags)
    if t == "T-Shirt":
        return ('<path d="M150 100L120 108L70 150L100 190L130 170V310H270V170L300 190L330 150'
                'L280 108L250 100Q200 135 150 100Z"/>')
    if t == "Hoodie":
        s = f'<path d="M152 104Q155 55 200 55Q245 55 248 104Z"/><path d="{TOP}"/>'
        s += f'<path fill="{d}" opacity=".25" d="M150 240H250L265 290H135Z"/>'
        if "Zip" in p.title:
            return s + '<path fill="none" d="M200 118V310"/>'
        return s + '<path fill="none" d="M185 118V165M215 118V165"/>'
    if t == "Jacket":
        s = ""
        if "rain" in tags:
            s += '<path d="M152 104Q155 50 200 50Q245 50 248 104Z"/>'
        s += f'<path d="{TOP}"/><path fill="none" d="M200 122V310M150 100L178 142L200 122L222 142L250 100"/>'
        if tags & {"down", "insulated"}:
            s += '<path fill="none" d="M132 170H268M131 210H269M130 250H270M88 200L122 205M80 250L116 252M312 200L278 205M320 250L284 252"/>'
        if "denim" in tags:
            s += '<path fill="none" d="M145 170H185V200H145ZM215 170H255V200H215Z"/>'
        return s
    if t == "Coat":
        return ('<path d="M150 90L115 100Q90 115 85 150L70 290L105 295L125 175L125 340H275'
                'L275 175L295 295L330 290L315 150Q310 115 285 100L250 90L200 150Z"/>'
                '<path fill="none" d="M200 150V340M127 230H273"/>')
    if t == "Sweater":
        return (f'<path d="{TOP}"/><path fill="none" d="M130 288H270M73 280L108 285M327 280L292 285'
                'M160 105Q200 130 240 105"/>')
    if t == "Jeans":
        return ('<path d="M140 80H260L278 330H215L200 160L185 330H122Z"/>'
                '<path fill="none" d="M139 105H261M200 105V160M150 120Q170 135 180 110M250 120Q230 135 220 110"/>')
    if t == "Dress":
        return ('<path d="M170 80L160 130Q178 150 166 172L110 330H290L234 172Q222 150 240 130'
                'L230 80Q200 110 170 80Z"/><path fill="none" d="M166 172H234"/>')
    if t in ("Running Shoes", "Sneakers"):
        s = f'<path d="{SHOE}"/>{SOLE}<path fill="none" d="M182 200L205 214M193 186L218 200"/>'
        if t == "Running Shoes":
            stripe = "#fff"
            if luminance(PALETTE.get(p.colour_name or "", DEFAULT_COLOUR)) > 0.7:
                others = [PALETTE[x] for x in p.tags if x in PALETTE and x != p.colour_name]
                stripe = others[0] if others else d
            s += f'<path fill="none" stroke="{stripe}" stroke-width="10" d="M140 252Q215 238 282 206"/>'
        else:
            s += '<path fill="none" d="M290 212Q300 250 334 252"/>'
        return s
    if t == "Boots":
        return ('<path d="M150 90H240L246 222Q322 232 332 266V292H110V260Q142 250 150 222Z"/>'
                '<path fill="#fff" d="M112 272H330V280Q330 290 318 290H112Z"/>'
                '<path fill="none" d="M152 120H238"/>')
    if t == "Sandals":
        return ('<path fill="#e0c097" d="M88 262Q88 232 148 236H300Q336 236 336 262Q336 288 300 288H148Q88 292 88 262Z"/>'
                '<path fill="none" stroke-width="24" d="M150 250Q175 190 204 250M230 250Q260 190 290 250"/>')
    if t == "Socks":
        return ('<path d="M170 80H240V240Q240 300 185 310L120 316Q85 316 85 286Q85 260 115 255L170 245Z"/>'
                f'<path fill="none" d="M172 112H238"/><path fill="{d}" opacity=".3" d="M86 284Q90 262 112 258L120 314Q88 314 86 284Z"/>')
    if t == "Beanie":
        return ('<circle cx="200" cy="108" r="28"/><path d="M110 250Q110 125 200 125Q290 125 290 250Z"/>'
                '<rect x="100" y="236" width="200" height="64" rx="14"/>'
                '<path fill="none" d="M130 244V292M160 244V292M190 244V292M220 244V292M250 244V292M280 244V292"/>')
    if t == "Hat" and "sun" in tags:
        return (f'<ellipse cx="200" cy="258" rx="160" ry="46"/><path d="M138 258Q138 160 200 160Q262 160 262 258Z"/>'
                f'<path fill="{d}" d="M140 225H260V245H140Z"/>')
    if t == "Hat":
        return ('<path d="M250 238Q335 236 344 266Q300 278 238 266Z"/>'
                '<path d="M108 250Q108 130 200 130Q292 130 292 250Z"/><circle cx="200" cy="130" r="9"/>'
                '<path fill="none" d="M200 138V250M150 150Q165 200 160 250"/>')
    if t == "Scarf":
        return ('<path d="M140 70H212V280H140Z"/><path d="M188 180L252 170L282 322L218 332Z"/>'
                '<path fill="none" d="M160 70V280M192 70V280M140 120H212M140 200H212M198 220L262 210M205 270L270 260'
                'M222 334V358M240 331V356M258 328V352M276 325V349"/>')
    if t == "Gloves":
        return ('<path d="M140 320V212Q130 182 110 162Q98 146 114 138Q130 134 150 165V110Q150 94 163 94Q176 94 176 110'
                'V158V90Q176 76 190 76Q204 76 204 90V158V98Q204 84 218 84Q232 84 232 98V162V122Q232 108 245 108'
                'Q258 108 258 122V240Q258 270 240 290V320Z"/><rect x="132" y="290" width="116" height="44" rx="8"/>')
    if t == "Backpack":
        return ('<path fill="none" stroke-width="14" d="M170 95Q170 60 200 60Q230 60 230 95"/>'
                '<rect x="115" y="90" width="170" height="240" rx="42"/>'
                '<rect x="145" y="220" width="110" height="84" rx="16"/><path fill="none" d="M120 160Q200 190 280 160"/>')
    if t == "Tote Bag":
        return (f'<path fill="none" stroke="{d}" stroke-width="12" d="M155 165Q155 80 200 80Q245 80 245 165"/>'
                '<path d="M108 160H292L276 330H124Z"/>')
    if t == "Wallet":
        return ('<rect x="120" y="118" width="150" height="90" rx="8" fill="#fff"/>'
                '<rect x="90" y="150" width="220" height="140" rx="16"/><path fill="none" d="M200 150V290M110 170H180"/>')
    if t == "Sunglasses":
        return (f'<g fill="{d}" stroke-width="14" stroke="{mix(d, "#000000", .2)}"><circle cx="135" cy="210" r="55"/>'
                '<circle cx="265" cy="210" r="55"/></g>'
                '<path fill="none" stroke-width="12" d="M188 200Q200 186 212 200M80 200L52 188M320 200L348 188"/>')
    if t == "Watch":
        return ('<rect x="165" y="55" width="70" height="290" rx="14"/>'
                f'<circle cx="200" cy="200" r="76" fill="#eef0f2"/><circle cx="200" cy="200" r="58" fill="{mix(d, "#ffffff", .15)}"/>'
                '<rect x="276" y="190" width="14" height="20" rx="3"/>'
                '<path fill="none" stroke="#fff" d="M200 200V160M200 200L230 212"/>')
    if t == "Mug":
        return ('<path fill="none" stroke-width="22" d="M262 182Q318 182 318 226Q318 270 262 270"/>'
                '<rect x="118" y="140" width="146" height="172" rx="18"/>'
                '<path fill="none" d="M165 125Q155 110 165 95M200 125Q190 110 200 95M235 125Q225 110 235 95"/>')
    if t == "Candle":
        return ('<rect x="132" y="170" width="136" height="152" rx="16"/>'
                '<rect x="152" y="225" width="96" height="52" rx="6" fill="#fff"/>'
                '<path fill="none" d="M200 170V150"/>'
                '<path fill="#ffb13b" stroke="#e07b12" d="M200 150Q178 128 200 96Q222 128 200 150Z"/>')
    if t == "Throw Blanket":
        return ('<rect x="90" y="150" width="220" height="150" rx="16"/>'
                '<path fill="none" d="M90 200H310M90 250H310M120 150L140 200L120 250L140 300M200 150L220 200L200 250'
                'L220 300M280 150L300 200L280 250L300 300M110 300V325M140 300V325M170 300V325M200 300V325M230 300V325'
                'M260 300V325M290 300V325"/>')
    if t == "Cushion":
        return ('<path d="M100 110Q200 136 300 110Q280 210 300 310Q200 284 100 310Q120 210 100 110Z"/>'
                '<path fill="none" d="M170 210Q200 222 230 210"/>')
    if t == "Lamp":
        return ('<path fill="#f3ead8" d="M140 95H260L296 200H104Z"/>'
                '<path d="M176 204Q128 252 160 312H240Q272 252 224 204Z"/><rect x="150" y="310" width="100" height="16" rx="6"/>')
    if t == "Water Bottle":
        return (f'<rect x="150" y="112" width="100" height="222" rx="32"/><rect x="168" y="66" width="64" height="50" rx="10" fill="{d}"/>'
                '<path fill="none" d="M232 80Q262 80 262 100Q262 118 232 112M160 170H240"/>')
    if t == "Yoga Mat":
        return (f'<rect x="112" y="160" width="200" height="110" rx="8"/><ellipse cx="112" cy="215" rx="30" ry="55" fill="{mix(d, "#ffffff", .35)}"/>'
                '<path fill="none" d="M112 215m-14 0a14 14 0 1 0 28 0a26 26 0 1 0 -52 0M200 160V270"/>')
    if t == "Notebook":
        return ('<rect x="118" y="78" width="176" height="248" rx="12"/>'
                '<rect x="150" y="130" width="110" height="50" rx="6" fill="#fff"/>'
                '<path fill="none" d="M140 78V326M266 78V326"/>')
    if t == "Plant Pot":
        return ('<g fill="#5e9e5a" stroke="#3c6b3a"><path d="M200 210Q140 160 150 90Q200 130 200 210Z"/>'
                '<path d="M200 210Q260 150 262 100Q210 130 200 210Z"/><path d="M200 210Q190 140 205 70Q225 140 200 210Z"/></g>'
                '<path d="M135 228H265L252 332H148Z"/><rect x="122" y="206" width="156" height="30" rx="6"/>')
    return '<rect x="110" y="110" width="180" height="180" rx="24"/>'


def svg(body: str, bg: str, alt: str) -> str:
    alt = html.escape(alt)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" '
            f'role="img" aria-label="{alt}"><title>{alt}</title>'
            f'<rect width="400" height="400" fill="{bg}"/>{body}</svg>\n')


def product_svg(p: Product) -> str:
    c = PALETTE.get(p.colour_name or "", DEFAULT_COLOUR)
    d = mix(c, "#000000", 0.45)
    bg = mix(c, "#ffffff", 0.82) if luminance(c) < 0.7 else "#e7ecf0"
    g = (f'<ellipse cx="200" cy="352" rx="120" ry="12" fill="{d}" opacity=".15"/>'
         f'<g fill="{c}" stroke="{d}" stroke-width="6" stroke-linejoin="round" stroke-linecap="round">'
         f'{shape(p, d)}</g>')
    return svg(g, bg, p.image_alt or p.title)


PLACEHOLDER = svg(
    '<g fill="none" stroke="#9aa3ab" stroke-width="10" stroke-linejoin="round" stroke-linecap="round">'
    '<rect x="110" y="120" width="180" height="150" rx="14"/><path d="M120 250L175 195L215 235L240 210L280 250"/>'
    '<circle cx="240" cy="165" r="14"/></g>'
    '<text x="200" y="320" text-anchor="middle" font-family="sans-serif" font-size="24" fill="#7b858e">No image</text>',
    "#eef1f4", "No image available")


# ---------------------------------------------------------------------------- storefront


def money(x: Decimal) -> str:
    return f"${x:,.2f}"


def size_summary(p: Product) -> str:
    parts = []
    for i, name in enumerate(p.option_names):
        if name == "Title":
            continue
        values = list(dict.fromkeys(v.options[i] for v in p.variants))
        if name == "Color":
            parts.append(f"{len(values)} colours" if len(values) > 1 else values[0])
        elif len(values) > 1:
            first, last = (v.split(" / ")[0] for v in (values[0], values[-1]))
            if "-" in first + last:  # ranges such as kids' "3-4Y" read badly as "3-4Y–11-12Y"
                parts.append(f"{len(values)} sizes")
                continue
            if first.startswith("EU ") and last.startswith("EU "):
                last = last[3:]
            parts.append(f"Sizes {first}–{last}")
    return " · ".join(parts)


def card(p: Product) -> str:
    e = html.escape
    prices = [v.price for v in p.variants]
    low = min(prices)
    compare = max((v.compare_at for v in p.variants if v.compare_at), default=None)
    on_sale = compare is not None and compare > low
    price = ("From " if len(set(prices)) > 1 else "") + money(low)
    if on_sale:
        price_html = (f'<s class="price-was">{money(compare)}</s> '
                      f'<span class="price-now price-sale">{price}</span>')
    else:
        price_html = f'<span class="price-now">{price}</span>'
    badge = ""
    if p.sold_out:
        badge = '<span class="badge badge-soldout">Sold out</span>'
    elif on_sale:
        badge = '<span class="badge badge-sale">Sale</span>'
    meta = size_summary(p)
    meta_html = f'\n          <p class="card-meta">{e(meta)}</p>' if meta else ""
    cls = "card is-soldout" if p.sold_out else "card"
    return f'''        <article class="{cls}" id="product-{p.handle}">
          <div class="card-media">
            <img src="{e(p.image_src)}" alt="{e(p.image_alt or p.title)}" width="400" height="400" loading="lazy">
            {badge}
          </div>
          <p class="card-vendor">{e(p.vendor)}</p>
          <h3 class="card-title"><a href="#product-{p.handle}">{e(p.title)}</a></h3>
          <p class="card-price">{price_html}</p>{meta_html}
        </article>'''.replace("\n            \n", "\n")


def storefront(products: list[Product]) -> str:
    sections = []
    known = set()
    groups = []
    for slug, name, types in CATEGORIES:
        groups.append((slug, name, [p for p in products if p.type in types]))
        known |= types
    groups.append(("more", "More", [p for p in products if p.type not in known]))
    nav = []
    for slug, name, items in groups:
        if not items:
            continue
        nav.append(f'<li><a href="#{slug}">{name}</a></li>')
        cards = "\n".join(card(p) for p in items)
        sections.append(f'''    <section class="category" id="{slug}" aria-labelledby="{slug}-title">
      <div class="category-head">
        <h2 id="{slug}-title">{name}</h2>
        <p>{len(items)} products</p>
      </div>
      <div class="grid">
{cards}
      </div>
    </section>''')
    nav_html = "\n          ".join(nav)
    body = "\n\n".join(sections)
    return f'''<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Northwind Demo Shop</title>
  <meta name="description" content="Northwind Demo Shop: a demo storefront for trying the Shopchat shop assistant.">
  <link rel="stylesheet" href="/demo/demo.css">
</head>
<body>
  <!-- Generated by scripts/gen_demo_images.py from server/demo/catalog.csv. Do not edit by hand. -->
  <a class="skip-link" href="#main">Skip to products</a>
  <header class="site-header">
    <div class="wrap header-inner">
      <a class="logo" href="/demo/"><span class="logo-mark" aria-hidden="true">N</span>Northwind <span class="logo-sub">Demo Shop</span></a>
      <nav class="site-nav" aria-label="Categories">
        <ul>
          {nav_html}
        </ul>
      </nav>
      <span class="cart" aria-label="Cart, 0 items">Cart (0)</span>
    </div>
  </header>

  <div class="hero">
    <div class="wrap">
      <p class="hero-kicker">Autumn / Winter collection</p>
      <h1>Warm layers, good shoes, and a few things for slow Sundays.</h1>
      <p class="hero-sub">Not sure what fits or what is warm enough? Ask our shop assistant, bottom right.</p>
      <a class="button" href="#clothing">Shop the collection</a>
    </div>
  </div>

  <main id="main" class="wrap">
{body}
  </main>

  <footer class="site-footer">
    <div class="wrap footer-inner">
      <div>
        <p class="logo logo-footer">Northwind <span class="logo-sub">Demo Shop</span></p>
        <p>Free shipping over $75 · 30-day returns · Friendly help, day and night.</p>
      </div>
      <p class="demo-note">This is a demo storefront for Shopchat. Click the chat bubble to try the assistant — payments here are in test mode.</p>
      <p class="fine-print">Northwind Demo Shop and its brands and products are invented for this demo.</p>
    </div>
  </footer>

  <script src="{{{{PUBLIC_URL}}}}/embed.js" data-shop="{{{{SHOP_KEY}}}}" async></script>
</body>
</html>
'''


def main() -> None:
    products = load_catalog()
    IMAGES.mkdir(parents=True, exist_ok=True)
    total = 0
    for p in products:
        out = IMAGES / f"{p.handle}.svg"
        out.write_text(product_svg(p), encoding="utf-8")
        total += out.stat().st_size
        if out.stat().st_size > 2048:
            print(f"warning: {out.name} is {out.stat().st_size} bytes", file=sys.stderr)
    (IMAGES / "placeholder.svg").write_text(PLACEHOLDER, encoding="utf-8")
    INDEX.write_text(storefront(products), encoding="utf-8")
    variants = sum(len(p.variants) for p in products)
    print(f"{len(products)} products, {variants} variants, {total} bytes of product images")


if __name__ == "__main__":
    main()

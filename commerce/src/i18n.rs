//! What the commerce cards say, in English and Spanish.

use shopchat_protocol::OrderStatus;

/// A language the cards speak; English unless the chat says Spanish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Es,
}

impl Lang {
    pub fn parse(code: &str) -> Self {
        if code.to_ascii_lowercase().starts_with("es") {
            Lang::Es
        } else {
            Lang::En
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::En => &EN,
            Lang::Es => &ES,
        }
    }

    /// The text for an inline field error code (`required`, `invalid_email`…).
    pub fn field_error_text(self, code: &str) -> &'static str {
        let s = self.strings();
        match code {
            "required" => s.field_required,
            "invalid_email" => s.field_invalid_email,
            "invalid_country" => s.field_invalid_country,
            "invalid_postal_code" => s.field_invalid_postal_code,
            _ => s.field_invalid,
        }
    }

    /// The text for a card's notice: a decline code, `sold_out`, or any error code.
    pub fn notice_text(self, code: &str) -> &'static str {
        let s = self.strings();
        match code {
            "sold_out" | "variant_not_found" => s.sold_out,
            "card_declined" => s.card_declined,
            "invalid_number" => s.invalid_number,
            "invalid_expiry" => s.invalid_expiry,
            "expired_card" => s.expired_card,
            "incorrect_cvc" => s.incorrect_cvc,
            "authentication_failed" => s.authentication_failed,
            "rate_limited" => s.rate_limited,
            "network" => s.network,
            "payment_provider_unavailable" => s.provider_unavailable,
            "order_not_payable" => s.not_payable,
            "payment_pending" => s.payment_pending,
            "not_in_store" => s.not_in_store,
            "store_cart" => s.store_cart_failed,
            "buy_in_store_cart" => s.buy_in_store_cart,
            _ => s.something_wrong,
        }
    }
}

impl Lang {
    pub fn status_text(self, status: OrderStatus) -> &'static str {
        let index = match status {
            OrderStatus::AwaitingPayment => 0,
            OrderStatus::Paid => 1,
            OrderStatus::Fulfilled => 2,
            OrderStatus::PaymentFailed => 3,
            OrderStatus::Canceled => 4,
            OrderStatus::PartiallyRefunded => 5,
            OrderStatus::Refunded => 6,
            OrderStatus::Disputed => 7,
        };
        self.strings().statuses[index]
    }

    /// The text of a timeline code; `None` for codes this module doesn't know.
    pub fn timeline_text(self, kind: &str) -> Option<&'static str> {
        let index = TIMELINE_KINDS.iter().position(|k| *k == kind)?;
        Some(self.strings().timeline[index])
    }
}

pub struct Strings {
    pub test_mode: &'static str,
    pub email: &'static str,
    pub shipping_address: &'static str,
    pub full_name: &'static str,
    pub line1: &'static str,
    pub line2: &'static str,
    pub city: &'static str,
    pub postal_code: &'static str,
    pub country: &'static str,
    pub to_payment: &'static str,
    pub subtotal: &'static str,
    pub shipping: &'static str,
    pub tax: &'static str,
    pub tax_included: &'static str,
    pub total: &'static str,
    pub card_number: &'static str,
    pub expiry: &'static str,
    pub cvc: &'static str,
    pub pay: &'static str,
    pub confirm_prompt: &'static str,
    pub confirm: &'static str,
    pub cancel: &'static str,
    pub thanks: &'static str,
    pub order: &'static str,
    pub next_steps: &'static str,
    pub field_required: &'static str,
    pub field_invalid_email: &'static str,
    pub field_invalid_country: &'static str,
    pub field_invalid_postal_code: &'static str,
    pub field_invalid: &'static str,
    pub sold_out: &'static str,
    pub card_declined: &'static str,
    pub invalid_number: &'static str,
    pub invalid_expiry: &'static str,
    pub expired_card: &'static str,
    pub incorrect_cvc: &'static str,
    pub authentication_failed: &'static str,
    pub rate_limited: &'static str,
    pub network: &'static str,
    pub provider_unavailable: &'static str,
    pub not_payable: &'static str,
    pub something_wrong: &'static str,
    pub loading: &'static str,
    pub processing: &'static str,
    pub card_details: &'static str,
    pub payment_pending: &'static str,
    pub quantity: &'static str,
    pub add_to_cart: &'static str,
    pub buy_now: &'static str,
    pub added_to_cart: &'static str,
    pub go_to_checkout: &'static str,
    pub not_in_store: &'static str,
    pub store_cart_failed: &'static str,
    pub buy_in_store_cart: &'static str,
    pub refunded: &'static str,
    pub not_shipped: &'static str,
    pub shipped: &'static str,
    pub delivered: &'static str,
    pub tracking: &'static str,
    /// "Arrives between " {first} " and " {last}; "Arrives " {day} when they are one day.
    pub arrives_between: &'static str,
    pub arrives_and: &'static str,
    pub arrives_on: &'static str,
    /// Short weekday names from Monday, and month names from January.
    pub weekdays: [&'static str; 7],
    pub months: [&'static str; 12],
    pub refund_pending_1: &'static str,
    pub refund_pending_2: &'static str,
    pub waiting_for_person: &'static str,
    pub shop_team: &'static str,
    /// Order statuses, in the order of `status_text`.
    pub statuses: [&'static str; 8],
    /// Timeline entries, in the order of `TIMELINE_KINDS`.
    pub timeline: [&'static str; 10],
}

/// The timeline codes of `OrderCard` this module knows (others are left out of the card).
const TIMELINE_KINDS: [&str; 10] = [
    "created",
    "paid",
    "payment_failed",
    "canceled",
    "fulfilled",
    "delivered",
    "refund_requested",
    "refunded",
    "refund_denied",
    "disputed",
];

static EN: Strings = Strings {
    test_mode: "Test mode — no real charge",
    email: "Email",
    shipping_address: "Shipping address",
    full_name: "Full name",
    line1: "Address",
    line2: "Apartment, suite (optional)",
    city: "City",
    postal_code: "Postal code",
    country: "Country code (e.g. US)",
    to_payment: "Continue to payment",
    subtotal: "Subtotal",
    shipping: "Shipping",
    tax: "Tax",
    tax_included: "Tax (included)",
    total: "Total",
    card_number: "Card number",
    expiry: "MM/YY",
    cvc: "CVC",
    pay: "Pay",
    confirm_prompt: "Your bank asks you to confirm this payment.",
    confirm: "Confirm",
    cancel: "Cancel",
    thanks: "Thank you! Your order is confirmed.",
    order: "Order",
    next_steps: "The shop is preparing your order and will email you when it ships.",
    field_required: "Please fill this in.",
    field_invalid_email: "Enter a valid email address.",
    field_invalid_country: "Use a two-letter country code, e.g. US.",
    field_invalid_postal_code: "This postal code doesn't match the country.",
    field_invalid: "Please check this field.",
    sold_out: "Sorry, this option is sold out.",
    card_declined: "Your card was declined. Try another card.",
    invalid_number: "That card number isn't valid.",
    invalid_expiry: "Check the expiry date (MM/YY).",
    expired_card: "That card has expired.",
    incorrect_cvc: "The CVC is incorrect.",
    authentication_failed: "The payment wasn't confirmed. You can try again.",
    rate_limited: "Too many attempts. Please wait a moment and try again.",
    network: "Can't reach the shop. Check your connection and try again.",
    provider_unavailable: "Payments are unavailable right now. Please try again later.",
    not_payable: "This order can't be paid any more. Start again from the product.",
    something_wrong: "Something went wrong. Please try again.",
    loading: "Loading…",
    processing: "Processing your payment…",
    card_details: "Card details",
    payment_pending:
        "Your payment is being processed. You'll get an email as soon as it's confirmed.",
    quantity: "Quantity",
    add_to_cart: "Add to cart",
    buy_now: "Buy now",
    added_to_cart: "Added to your cart.",
    go_to_checkout: "Go to checkout",
    not_in_store: "This option isn't available in the store. Try another one.",
    store_cart_failed: "The store's cart didn't answer. Please try again.",
    buy_in_store_cart: "This shop sells through its own cart: add the item to your cart.",
    refunded: "Refunded",
    not_shipped: "Not shipped yet",
    shipped: "Shipped",
    delivered: "Delivered",
    tracking: "tracking",
    arrives_between: "Arrives between ",
    arrives_and: " and ",
    arrives_on: "Arrives ",
    weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    months: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    refund_pending_1: "Refund of ",
    refund_pending_2: " requested — waiting for the shop's answer.",
    waiting_for_person: "A person from the shop will reply here.",
    shop_team: "Shop team",
    statuses: [
        "Awaiting payment",
        "Paid",
        "Shipped",
        "Payment failed",
        "Canceled",
        "Partially refunded",
        "Refunded",
        "Disputed",
    ],
    timeline: [
        "Order placed",
        "Paid",
        "Payment declined",
        "Canceled",
        "Shipped",
        "Delivered",
        "Refund requested",
        "Refunded",
        "Refund declined by the shop",
        "Payment disputed",
    ],
};

static ES: Strings = Strings {
    test_mode: "Modo de prueba — sin cargo real",
    email: "Correo electrónico",
    shipping_address: "Dirección de envío",
    full_name: "Nombre completo",
    line1: "Dirección",
    line2: "Piso, puerta (opcional)",
    city: "Ciudad",
    postal_code: "Código postal",
    country: "Código de país (p. ej. ES)",
    to_payment: "Continuar al pago",
    subtotal: "Subtotal",
    shipping: "Envío",
    tax: "Impuestos",
    tax_included: "Impuestos (incluidos)",
    total: "Total",
    card_number: "Número de tarjeta",
    expiry: "MM/AA",
    cvc: "CVC",
    pay: "Pagar",
    confirm_prompt: "Tu banco pide que confirmes este pago.",
    confirm: "Confirmar",
    cancel: "Cancelar",
    thanks: "¡Gracias! Tu pedido está confirmado.",
    order: "Pedido",
    next_steps: "La tienda está preparando tu pedido y te escribirá cuando se envíe.",
    field_required: "Completa este campo.",
    field_invalid_email: "Introduce un correo electrónico válido.",
    field_invalid_country: "Usa un código de país de dos letras, p. ej. ES.",
    field_invalid_postal_code: "El código postal no corresponde al país.",
    field_invalid: "Revisa este campo.",
    sold_out: "Lo sentimos, esta opción está agotada.",
    card_declined: "Tu tarjeta fue rechazada. Prueba con otra.",
    invalid_number: "El número de tarjeta no es válido.",
    invalid_expiry: "Revisa la fecha de caducidad (MM/AA).",
    expired_card: "La tarjeta ha caducado.",
    incorrect_cvc: "El CVC no es correcto.",
    authentication_failed: "El pago no se confirmó. Puedes intentarlo de nuevo.",
    rate_limited: "Demasiados intentos. Espera un momento y vuelve a intentarlo.",
    network: "No se puede conectar con la tienda. Revisa tu conexión y vuelve a intentarlo.",
    provider_unavailable: "Los pagos no están disponibles ahora. Inténtalo más tarde.",
    not_payable: "Este pedido ya no se puede pagar. Empieza de nuevo desde el producto.",
    something_wrong: "Algo salió mal. Inténtalo de nuevo.",
    loading: "Cargando…",
    processing: "Procesando tu pago…",
    card_details: "Datos de la tarjeta",
    payment_pending: "Tu pago se está procesando. Recibirás un correo en cuanto se confirme.",
    quantity: "Cantidad",
    add_to_cart: "Añadir al carrito",
    buy_now: "Comprar ya",
    added_to_cart: "Añadido a tu carrito.",
    go_to_checkout: "Ir a pagar",
    not_in_store: "Esta opción no está disponible en la tienda. Prueba con otra.",
    store_cart_failed: "El carrito de la tienda no respondió. Inténtalo de nuevo.",
    buy_in_store_cart: "Esta tienda vende con su propio carrito: añade el artículo a tu carrito.",
    refunded: "Reembolsado",
    not_shipped: "Aún no enviado",
    shipped: "Enviado",
    delivered: "Entregado",
    tracking: "seguimiento",
    arrives_between: "Llega entre el ",
    arrives_and: " y el ",
    arrives_on: "Llega el ",
    weekdays: ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"],
    months: [
        "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
    ],
    refund_pending_1: "Reembolso de ",
    refund_pending_2: " solicitado — pendiente de la respuesta de la tienda.",
    waiting_for_person: "Una persona de la tienda te responderá aquí.",
    shop_team: "Equipo de la tienda",
    statuses: [
        "Pendiente de pago",
        "Pagado",
        "Enviado",
        "Pago fallido",
        "Cancelado",
        "Reembolsado en parte",
        "Reembolsado",
        "En disputa",
    ],
    timeline: [
        "Pedido realizado",
        "Pagado",
        "Pago rechazado",
        "Cancelado",
        "Enviado",
        "Entregado",
        "Reembolso solicitado",
        "Reembolsado",
        "La tienda rechazó el reembolso",
        "Pago en disputa",
    ],
};

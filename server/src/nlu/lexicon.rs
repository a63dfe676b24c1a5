//! The intent lexicon: words and phrases of English and Spanish shoppers, each tagged with the
//! concept ([`Cue`]) it expresses. Intents are decided from combinations of concepts
//! (see `intent.rs`), so a new phrasing only needs its words here, not a new sentence.
//!
//! Entry syntax: words separated by spaces; a trailing `*` matches any ending, which covers
//! inflection in both languages (`cancel*` = cancel, cancelled, cancellation, cancelar…).
//! Exact words also match their plural ("refunds" → `refund`).

/// A concept the intent rules reason with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cue {
    /// refund, money back, reembolso
    Refund,
    /// return, send back, devolver: usually a refund request
    Return,
    /// damaged, broken, defectuoso: wants a remedy
    Defect,
    /// cancel, call off, anular
    Cancel,
    /// fee, penalty, comisión: a question about charges, not an action
    Fee,
    /// order, package, pedido, paquete: a placed order
    Order,
    /// bought, ordered, compré: points at a placed order
    PastPurchase,
    /// track, status, seguimiento
    Track,
    /// where is, dónde está
    WhereIs,
    /// where (an embedded "where my order is"; "where can I…" is not asked about)
    Where,
    /// when, cuándo: asks for a time
    When,
    /// arrive, shipped, llegar, entregado
    Arrive,
    /// not arrived, still waiting, no ha llegado
    Late,
    /// human, agent, representative, agente
    Human,
    /// someone, assistant, alguien: a person only next to a contact verb
    Someone,
    /// customer service, atención al cliente
    Support,
    /// talk, speak, contact, hablar
    Contact,
    /// useless, you don't understand, no me entiendes
    BotComplaint,
    /// buy, purchase, checkout, comprar
    Buy,
    /// pedir, encargar: ordering, weaker (also "ask for")
    BuyWeak,
    /// change, modify, add, remove, cambiar
    Change,
    /// address, dirección
    Address,
    /// account, password, sign up, cuenta
    Account,
    /// invoice, receipt, factura
    Invoice,
    /// payment, card, pago
    Payment,
    /// newsletter, subscription, boletín
    Newsletter,
    /// review, complaint, queja
    Feedback,
    /// delivery options, how long, plazo de entrega
    DeliveryInfo,
    /// policy, política
    Policy,
    /// hi, hola
    Greeting,
    /// thanks, gracias, bye
    Thanks,
    /// show me, recommend, busco
    Show,
    /// want, need, quiero
    Want,
    /// gift, regalo
    Gift,
    /// size/fit questions
    AttrSize,
    /// material/fabric questions
    AttrMaterial,
    /// price questions
    AttrPrice,
    /// stock/availability questions
    AttrStock,
    /// colour-choice questions
    AttrColour,
    /// washing/care questions
    AttrCare,
    /// it, this one, ese: points at a shown product
    Deictic,
    /// item, delivery, product: a shipment named without the word "order"
    ItemRef,
    /// "too late", "never mind", "me llamo": phrases whose words would mislead
    Filler,
    /// what, how, qué, cómo: the message asks something
    Question,
    /// not, never, no
    Negation,
}

use Cue::*;

pub use super::shop_lexicon::SHOP_CUES;

/// Every entry: customer-service cues here, shopping and small talk in `shop_lexicon.rs`.
pub fn all() -> impl Iterator<Item = &'static (&'static str, Cue)> {
    CUES.iter().chain(FAULTS).chain(SHOP_CUES)
}

/// What went wrong with a thing after it came, said as what it did: it shrank, faded, leaks,
/// pills, fell apart, stopped, won't turn on; what came dirty, wet, used or empty. Read as
/// [`Defect`] with the rest, and by the refund's reason (`refunds::policy::reason_code`) as
/// damage. (Said of the thing, not asked of one: "does it shrink?" is a product question.)
#[rustfmt::skip]
pub const FAULTS: &[(&str, Cue)] = &[
    ("shrank", Defect), ("shrunk", Defect), ("faded", Defect), ("colour ran", Defect),
    ("color ran", Defect), ("bled colour", Defect), ("bled color", Defect), ("leaks", Defect),
    ("leaking", Defect), ("leaked", Defect), ("pilling", Defect), ("bobbled", Defect),
    ("bobbling", Defect), ("fell apart", Defect), ("falling apart", Defect), ("came apart", Defect),
    ("coming apart", Defect), ("came off", Defect), ("came loose", Defect), ("came undone", Defect),
    ("unravel*", Defect), ("fraying", Defect), ("frayed", Defect), ("peeling", Defect),
    ("peeled off", Defect), ("snapped", Defect), ("warped", Defect), ("shattered", Defect),
    ("smashed", Defect), ("scuffed", Defect), ("mouldy", Defect), ("moldy", Defect),
    // (Each way "won't" and "doesn't" come in: expanded, split at the apostrophe, or run on.)
    ("rusted", Defect), ("will not turn on", Defect), ("won t turn on", Defect),
    ("wont turn on", Defect), ("does not turn on", Defect), ("doesn t turn on", Defect),
    ("doesnt turn on", Defect), ("will not charge", Defect), ("won t charge", Defect),
    ("wont charge", Defect), ("does not charge", Defect), ("doesn t charge", Defect),
    ("doesnt charge", Defect), ("does not work", Defect), ("doesn t work", Defect),
    ("doesnt work", Defect), ("will not work", Defect), ("won t work", Defect), ("wont work", Defect),
    ("stopped after", Defect),
    ("stopped ticking", Defect), ("it broke", Defect), ("they broke", Defect), ("broke after", Defect),
    ("broke the first", Defect), ("broke within", Defect), ("already broke", Defect),
    ("is missing", Defect), ("was missing", Defect), ("are missing", Defect), ("were missing", Defect),
    ("missing from", Defect), ("arrived empty", Defect), ("came empty", Defect), ("was empty", Defect),
    ("looks used", Defect), ("been used", Defect), ("came dirty", Defect), ("arrived dirty", Defect),
    ("soaked", Defect), ("arrived wet", Defect), ("came wet", Defect), ("smells bad", Defect),
    ("smells awful", Defect), ("smells weird", Defect), ("stinks", Defect), ("a stain", Defect),
    ("has a tear", Defect), ("has a rip", Defect), ("a big rip", Defect),
    ("encogi*", Defect), ("se encoge", Defect), ("desteni*", Defect), ("destine", Defect),
    ("destino al lavar", Defect), ("destino en el primer", Defect), ("se destino", Defect),
    ("descolori*", Defect), ("gotea", Defect), ("goteaba", Defect), ("pierde agua", Defect),
    ("bolitas", Defect), ("se deshizo", Defect), ("se deshace", Defect), ("se desarmo", Defect),
    ("se despego", Defect), ("despegad*", Defect), ("se rompio", Defect), ("se ha roto", Defect),
    ("se paro", Defect), ("se ha parado", Defect), ("no enciende", Defect), ("no prende", Defect),
    ("no carga", Defect), ("dejo de andar", Defect), ("dejo de servir", Defect), ("se solto", Defect),
    ("se cayo el boton", Defect), ("se pela", Defect), ("se pelo", Defect), ("oxidad*", Defect),
    ("huele mal", Defect), ("apesta", Defect), ("llego sucio", Defect), ("llego sucia", Defect),
    ("vino sucio", Defect), ("vino sucia", Defect), ("parece usado", Defect), ("parece usada", Defect),
    ("llego vacio", Defect), ("llego vacia", Defect), ("vino vacio", Defect), ("vino vacia", Defect),
    ("estaba vacio", Defect), ("estaba vacia", Defect), ("mojad*", Defect), ("aplastad*", Defect),
    ("desportillad*", Defect), ("descascarillad*", Defect), ("agrietad*", Defect), ("se quebro", Defect),
    ("descosio", Defect), ("se rasgo", Defect), ("rasgad*", Defect), ("se dio de si", Defect),
    ("falta un", Defect), ("faltaba un", Defect), ("faltaba una", Defect), ("faltan piezas", Defect),
    ("hecha pedazos", Defect), ("hecho pedazos", Defect), ("hechas pedazos", Defect),
    ("hechos pedazos", Defect), ("en pedazos", Defect), ("hecha trizas", Defect), ("hecho trizas", Defect),
    ("hecha anicos", Defect), ("hecho anicos", Defect), ("arrived in pieces", Defect),
    ("came in pieces", Defect), ("in a million pieces", Defect),
];

/// The customer-service lexicon. Longer phrases win over their words ("money back" is [`Refund`], not "back").
#[rustfmt::skip]
pub const CUES: &[(&str, Cue)] = &[
    // refunds and returns
    ("refund*", Refund), ("reimburs*", Refund), ("money back", Refund), ("my money", Refund),
    ("chargeback", Refund), ("rebate", Refund), ("cash back", Refund), ("mi plata", Refund), ("la platica", Refund), ("mi platica", Refund), ("plata de vuelta", Refund), ("dinero de vuelta", Refund), ("money returned", Refund), ("compensa*", Refund), ("repay*", Refund), ("reembols*", Refund), ("reintegr*", Refund),
    // Money in the words of places: Honduras's "pisto", Argentina's "guita", Mexico's "varo".
    ("mi pisto", Refund), ("pisto de vuelta", Refund), ("mi guita", Refund), ("mi varo", Refund),
    // The Dominican Republic's and the Caribbean's "los cuartos".
    ("lo cuarto", Refund), ("los cuartos", Refund), ("mis cuartos", Refund),
    // "¿Me pueden devolver la plata?" (not "la plata", the metal, alone).
    ("devolver la plata", Refund), ("devuelvan la plata", Refund), ("devuelve la plata", Refund),
    ("mi platita", Refund), ("la platita", Refund), ("su platita", Refund), ("su plata", Refund),
    ("su dinero", Refund),
    // "Kiero la plata del gorro": the money of a thing bought, wanted.
    ("la plata del", Refund), ("quiero la plata", Refund), ("queria la plata", Refund),
    // A charge undone, and money back in other words: "have this charge reversed", "que me
    // reversen el cobro", "the few bob back".
    ("reverse the charge", Refund), ("charge reversed", Refund), ("reversed", Refund), ("reversen", Refund),
    ("reversar", Refund), ("revertir el cobro", Refund), ("reviertan", Refund), ("bob back", Refund),
    ("quid back", Refund), ("bucks back", Refund), ("dollars back", Refund),
    ("mi dinero", Refund), ("el dinero", Refund), ("the money", Refund), ("store credit", Refund), ("devolver el dinero", Refund), ("devuelvan el dinero", Refund),
    ("return*", Return), ("send back", Return), ("send it back", Return), ("devol*", Return),
    ("devuelv*", Return), ("regres*", Return),
    ("damaged", Defect), ("broken", Defect), ("defective", Defect), ("faulty", Defect),
    ("torn", Defect), ("wrong item", Defect), ("wrong size", Defect), ("not working", Defect),
    ("roto", Defect), ("rota", Defect), ("agujer*", Defect), ("a hole", Defect), ("holes", Defect),
    ("nothing like the photo", Defect), ("nothing like the picture", Defect),
    ("not like the photo", Defect), ("not like the picture", Defect),
    ("different from the photo", Defect), ("different from the picture", Defect),
    ("no se parece a la foto", Defect), ("nada que ver con la foto", Defect),
    ("distinto a la foto", Defect), ("diferente a la foto", Defect),
    ("descosid*", Defect), ("hilo suelto", Defect), ("hilos sueltos", Defect), ("loose thread*", Defect),
    ("manchad*", Defect), ("stained", Defect), ("ripped", Defect), ("danad*", Defect), ("defectuos*", Defect),
    ("no funciona", Defect), ("not fit", Defect), ("no me queda", Defect),
    // (Each way "doesn't", "don't", "didn't" and "won't" come in: split at the apostrophe or run on.)
    ("doesn t fit", Defect), ("doesnt fit", Defect), ("don t fit", Defect), ("dont fit", Defect),
    ("didn t fit", Defect), ("didnt fit", Defect), ("won t fit", Defect), ("wont fit", Defect),
    ("equivocad*", Defect),
    ("itchy", Defect), ("too itchy", Defect), ("scratchy", Defect), ("hates it", Defect),
    // Unhappy with what came, said of a purchase: a remedy is asked for.
    ("not happy with", Defect), ("unhappy with", Defect), ("disappointed with", Defect),
    ("disappointed in", Defect), ("not satisfied with", Defect), ("dissatisfied with", Defect),
    ("no estoy contento con", Defect), ("no estoy contenta con", Defect),
    ("no estoy conforme con", Defect), ("no estoy satisfecho con", Defect),
    ("no estoy satisfecha con", Defect), ("decepcionado con", Defect), ("decepcionada con", Defect),
    ("hates wool", Defect), ("wont wear", Defect), ("le pica", Defect),
    ("me pica", Defect), ("no se lo pone", Defect),
    ("too small", Defect), ("too big", Defect), ("queda grande", Defect), ("quedar grande", Defect),
    ("queda chico", Defect), ("quedar chico", Defect), ("queda pequeno", Defect), ("quedar pequeno", Defect),
    // A fit said with who wears it, which "me queda" (how something fits) would otherwise take:
    // "compré una chaqueta y me queda grande", "la gorra le queda chica", "me quedan apretadas".
    ("me queda grande", Defect), ("me queda enorme", Defect), ("me queda chico", Defect),
    ("me queda chica", Defect), ("me queda pequeno", Defect), ("me queda pequena", Defect),
    ("me queda apretado", Defect), ("me queda apretada", Defect), ("me queda corto", Defect),
    ("me queda corta", Defect), ("me queda largo", Defect), ("me queda larga", Defect),
    ("me quedan grande", Defect), ("me quedan enorme", Defect), ("me quedan chico", Defect),
    ("me quedan chica", Defect), ("me quedan pequeno", Defect), ("me quedan pequena", Defect),
    ("me quedan apretado", Defect), ("me quedan apretada", Defect), ("me quedan corto", Defect),
    ("me quedan corta", Defect), ("me quedan largo", Defect), ("me quedan larga", Defect),
    ("le queda grande", Defect), ("le queda enorme", Defect), ("le queda chico", Defect),
    ("le queda chica", Defect), ("le queda pequeno", Defect), ("le queda pequena", Defect),
    ("le queda apretado", Defect), ("le queda apretada", Defect), ("le queda corto", Defect),
    ("le queda corta", Defect), ("le queda largo", Defect), ("le queda larga", Defect),
    ("le quedan grande", Defect), ("le quedan enorme", Defect), ("le quedan chico", Defect),
    ("le quedan chica", Defect), ("le quedan pequeno", Defect), ("le quedan pequena", Defect),
    ("le quedan apretado", Defect), ("le quedan apretada", Defect), ("le quedan corto", Defect),
    ("le quedan corta", Defect), ("le quedan largo", Defect), ("le quedan larga", Defect),
    ("queda chica", Defect), ("queda pequena", Defect), ("queda apretado", Defect),
    ("queda apretada", Defect), ("quedan chica", Defect), ("quedan pequena", Defect),
    ("quedan apretado", Defect), ("quedan apretada", Defect), ("no le queda", Defect),
    // Something else than what was ordered, or what came broken in other words.
    ("wrong colour", Defect), ("wrong color", Defect), ("wrong one", Defect), ("wrong product", Defect),
    ("wrong thing", Defect), ("wrong model", Defect), ("wrong pair", Defect),
    // Something else than what was ordered came: "vino con otra cosa", "not what I ordered".
    ("vino otra cosa", Defect), ("vino con otra cosa", Defect), ("llego otra cosa", Defect),
    ("mandaron otra cosa", Defect), ("enviaron otra cosa", Defect), ("no es lo que pedi", Defect),
    ("no era lo que pedi", Defect), ("no es lo que compre", Defect), ("not what i ordered", Defect),
    ("vino de otro color", Defect), ("vino en otro color", Defect), ("llego de otro color", Defect),
    ("llego en otro color", Defect), ("vino de otra talla", Defect), ("llego de otra talla", Defect),
    ("son de otra talla", Defect), ("es de otra talla", Defect),
    ("stopped working", Defect), ("crushed", Defect), ("dented", Defect), ("scratched", Defect),
    ("chipped", Defect), ("cracked", Defect), ("missing a piece", Defect), ("missing piece", Defect),
    ("dejo de funcionar", Defect),
    ("rayado", Defect), ("rayada", Defect), ("abollado", Defect), ("abollada", Defect),
    ("astillado", Defect), ("astillada", Defect), ("rajado", Defect), ("rajada", Defect),
    ("falta una pieza", Defect),
    // (What came other than ordered, "me mandaron otro color", is read in `nlu::ground`: its
    // words say both that it came and what is wrong with it.)
    // cancelling
    ("cancel*", Cancel), ("call off", Cancel), ("anul*", Cancel), ("no longer want", Cancel),
    ("changed my mind", Cancel), ("ya no lo quiero", Cancel), ("ya no la quiero", Cancel),
    ("termination", Cancel), ("terminate", Cancel), ("not want it anymore", Cancel), ("scrap", Cancel), ("dar de baja", Cancel), ("darme de baja", Cancel),
    ("stop my order", Cancel), ("stop the order", Cancel), ("cambiado de opinion", Cancel),
    // Pulling out of a purchase in other words: "back out of my purchase", "not go ahead with
    // my order", "withdraw my order", "me echo para atrás", "desistir de la compra", "no sigan
    // con mi pedido", "detengan el pedido", "al final no lo quiero".
    ("back out", Cancel), ("backing out", Cancel), ("second thoughts", Cancel), ("pull out of", Cancel),
    ("not go ahead", Cancel), ("withdraw my order", Cancel), ("withdraw the order", Cancel),
    ("withdraw my purchase", Cancel), ("get out of my order", Cancel),
    ("echo para atras", Cancel), ("echarme para atras", Cancel), ("echo atras", Cancel),
    ("echarme atras", Cancel), ("echar para atras", Cancel), ("echar atras", Cancel),
    ("echarse para atras", Cancel), ("echarse atras", Cancel), ("desistir", Cancel), ("desisto", Cancel), ("no sigan con", Cancel),
    ("no continuen con", Cancel), ("no procesen", Cancel), ("deten*", Cancel),
    ("al final no lo quiero", Cancel), ("al final no la quiero", Cancel),
    ("cambie de opinion", Cancel),
    // Asking not to send what was bought: "dont send the beanie", "no me lo manden", "paren
    // el pedido" (not "para el pedido", which folded is also "for the order").
    ("dont send", Cancel), ("do not send", Cancel), ("dont ship", Cancel), ("do not ship", Cancel),
    ("no point in sending", Cancel), ("no point in you sending", Cancel), ("no point sending", Cancel),
    ("no need to send", Cancel), ("no need to ship", Cancel), ("no hace falta que lo manden", Cancel),
    ("no hace falta que me lo manden", Cancel), ("no hace falta enviarlo", Cancel),
    ("dont post", Cancel), ("halt my order", Cancel), ("halt the order", Cancel), ("stop the shipment", Cancel),
    ("no me lo manden", Cancel), ("no lo manden", Cancel), ("no me la manden", Cancel), ("no la manden", Cancel),
    ("no me lo envien", Cancel), ("no lo envien", Cancel), ("no me lo mandes", Cancel), ("no lo mandes", Cancel),
    ("no me lo envies", Cancel), ("parar el pedido", Cancel), ("paren el pedido", Cancel),
    ("pare el pedido", Cancel), ("parar el envio", Cancel), ("paren el envio", Cancel),
    ("frenar el envio", Cancel), ("frenen el envio", Cancel), ("stop my shipment", Cancel),
    ("stop the delivery", Cancel), ("halt the shipment", Cancel), ("void my order", Cancel), ("void the order", Cancel), ("undo", Cancel), ("undone", Cancel), ("deshacer el pedido", Cancel),
    ("deshacer mi pedido", Cancel), ("deshacer la compra", Cancel), ("deshacer mi compra", Cancel),
    ("fee", Fee), ("penalt*", Fee), ("charge", Fee), ("early exit", Fee), ("withdrawal", Fee),
    ("free", Fee), ("comision", Fee), ("penaliz*", Fee), ("cargo", Fee), ("tarifa", Fee),
    // orders and their whereabouts
    ("order", Order), ("package", Order), ("parcel", Order), ("shipment", Order),
    ("pedido", Order), ("orden", Order), ("paquete", Order), ("envio", Order),
    ("encargo", Order), ("compra", Order), ("purchase", Order), ("my purchase", Order), ("mi compra", Order),
    ("bought", PastPurchase), ("purchased", PastPurchase), ("ordered", PastPurchase),
    ("placed", PastPurchase), ("compre", PastPurchase), ("pedi", PastPurchase),
    ("made a purchase", PastPurchase), ("made an order", PastPurchase), ("made a order", PastPurchase),
    ("encargue", PastPurchase), ("he comprado", PastPurchase), ("he pedido", PastPurchase),
    ("hice un pedido", PastPurchase), ("hice el pedido", PastPurchase), ("hice una compra", PastPurchase),
    ("realice un pedido", PastPurchase), ("realice una compra", PastPurchase),
    ("track*", Track), ("trace", Track), ("status", Track), ("eta", Track),
    ("whereabout*", Track), ("update on", Track), ("updates on", Track), ("news on", Track),
    ("no update*", Track), ("any update*", Track), ("an update", Track), ("latest update*", Track),
    ("rastre*", Track), ("seguimiento", Track), ("estado", Track), ("localiz*", Track),
    ("where is", WhereIs), ("where are", WhereIs), ("where the hell is", WhereIs),
    ("donde esta", WhereIs), ("donde estan", WhereIs), ("donde anda", WhereIs),
    ("donde se encuentra", WhereIs), ("donde queda", WhereIs), ("where", Where), ("donde", Where),
    ("when", When), ("cuando", When), ("what day", When), ("que dia", When),
    ("arriv*", Arrive), ("deliver*", Arrive), ("shipped", Arrive), ("dispatched", Arrive),
    // Said by shoppers writing English as a second language: "it ship already or not yet?".
    ("it ship", Arrive), ("ship already", Arrive), ("ship yet", Arrive), ("already ship", Arrive),
    ("gone out", Arrive), ("sent out", Arrive), ("went out", Arrive), ("mandaron", Arrive),
    ("did you send", Arrive), ("did u send", Arrive), ("send it already", Arrive), ("send out", Arrive),
    ("already send", Arrive), ("send already", Arrive), ("is it sent", Arrive), ("sent already", Arrive),
    ("in the mail", Arrive), ("in the post", Arrive),
    ("despacharon", Arrive), ("despachado", Arrive),
    ("on its way", Arrive), ("on the way", Arrive), ("in transit", Arrive), ("receive*", Arrive),
    ("sent me", Arrive), ("they sent", Arrive), ("you sent", Arrive), ("get here", Arrive), ("show up", Arrive), ("lleg*", Arrive), ("entreg*", Arrive),
    ("enviado", Arrive), ("ya salio", Arrive), ("ha salido", Arrive), ("enviaron", Arrive), ("recib*", Arrive), ("en camino", Arrive),
    ("not arriv*", Late), ("never arriv*", Late), ("not receive*", Late), ("never receive*", Late),
    ("never came", Late), ("not come", Late), ("not here", Late), ("still waiting", Late),
    // "My late father": no delay.
    ("my late", Filler), ("his late", Filler), ("her late", Filler), ("our late", Filler),
    ("late", Late), ("delayed", Late), ("lost", Late), ("missing", Late), ("no ha llegado", Late),
    ("no llega", Late), ("no me ha llegado", Late), ("no he recibido", Late), ("sin llegar", Late),
    ("sigo esperando", Late), ("sin moverse", Late), ("no se mueve", Late),
    ("not moving", Late), ("stuck", Late), ("retras*", Late), ("perdido", Late), ("tarda tanto", Late),
    // people
    ("human*", Human), ("agent*", Human), ("real person", Human), ("person", Human),
    // Trade enquiries are for the shop's people: "¿manejan precio mayorista? ¿con quién hablo?"
    ("wholesale", Human), ("mayorista*", Human), ("al por mayor", Human), ("bulk order*", Human),
    ("bulk pric*", Human), ("bulk buy*", Human),
    ("people", Human), ("representative*", Human), ("rep", Human), ("operator*", Human),
    ("staff", Human), ("employee", Human), ("manager", Human), ("supervisor", Human),
    ("live chat", Human), ("persona", Human), ("representante", Human), ("operador*", Human),
    ("asesor*", Human), ("encargad*", Human), ("empleado", Human), ("gerente", Human),
    ("someone", Someone), ("somebody", Someone), ("anyone", Someone), ("assistant", Someone),
    ("alguien", Someone), ("you guys", Someone), ("ustedes", Someone),
    ("customer service*", Support), ("customer support", Support), ("customer care", Support),
    ("customer assistance", Support), ("support team", Support), ("help desk", Support),
    ("helpdesk", Support), ("call center", Support), ("hotline", Support), ("helpline", Support),
    ("atencion al cliente", Support), ("servicio al cliente", Support), ("soporte", Support),
    ("servicio de atencion", Support), ("centro de atencion", Support),
    ("talk*", Contact), ("speak*", Contact), ("chat*", Contact), ("contact*", Contact),
    ("call", Contact), ("reach", Contact), ("transfer*", Contact), ("connect*", Contact),
    ("put me through", Contact), ("get in touch", Contact), ("escalate", Contact),
    ("habl*", Contact), ("comunic*", Contact), ("llamar*", Contact), ("llame*", Contact), ("llamen", Contact), ("llamad*", Contact),
    ("pasar con", Contact), ("pasame con", Contact), ("pas* con", Contact), ("ponme con", Contact), ("ponerme con", Contact),
    ("me pones con", Contact), ("ponerme en contacto", Contact),
    ("not helpful", BotComplaint), ("useless", BotComplaint), ("do not understand", BotComplaint),
    ("stupid", BotComplaint), ("a bot", BotComplaint), ("a robot", BotComplaint),
    ("not understand", BotComplaint), ("cannot understand", BotComplaint), ("no me entiendes", BotComplaint), ("no sirves", BotComplaint), ("inutil", BotComplaint),
    // buying
    ("buy*", Buy), ("purchasing", Buy), ("checkout", Buy), ("check out", Buy),
    ("to cart", Buy), ("to my cart", Buy), ("to the cart", Buy), ("to basket", Buy),
    ("to my basket", Buy), ("in my cart", Buy), ("en el carrito", Buy),
    ("place an order", Buy), ("place a order", Buy), ("place order", Buy),
    ("make an order", Buy), ("make order", Buy), ("make a purchase", Buy), ("make purchase", Buy),
    ("making an order", Buy), ("making order", Buy), ("making a purchase", Buy),
    ("making purchase", Buy), ("ordering", Buy),
    ("i will take", Buy), ("i will get it", Buy), ("i will get that", Buy), ("i will go with", Buy), ("take it", Buy), ("to by", Buy), ("to bye", Buy), ("me llevo", Buy), ("me quedo con", Buy),
    ("hago un pedido", Buy), ("hacer pedido", Buy), ("hacer el pedido", Buy), ("hago una compra", Buy), ("take my money", Buy), ("ready to pay", Buy),
    ("ir a pagar", Buy), ("quiero pagar", Buy), ("take it back", Return), ("pay for", Buy), ("get one", Buy),
    ("comprar*", Buy), ("compro", Buy), ("compramos", Buy), ("hacer un pedido", Buy),
    ("realizar un pedido", Buy), ("hacer una compra", Buy), ("realizar una compra", Buy),
    ("me lo llevo", Buy), ("me la llevo", Buy), ("al carrito", Buy), ("a la cesta", Buy),
    ("give me the", BuyWeak), ("give me this", BuyWeak), ("give me that", BuyWeak),
    ("dame la", BuyWeak), ("dame el", BuyWeak), ("dame esa", BuyWeak), ("dame ese", BuyWeak),
    ("damela", Buy), ("damelo", Buy), ("denme la", BuyWeak), ("denme el", BuyWeak),
    ("get this", BuyWeak), ("get that", BuyWeak), ("want to get", BuyWeak), ("i will have", Buy),
    ("lo quiero", Buy), ("la quiero", Buy), ("los quiero", Buy), ("las quiero", Buy),
    ("pedir", BuyWeak), ("pido", BuyWeak), ("encargar", BuyWeak), ("pagar", BuyWeak),
    // other business (out of scope for the shop assistant)
    ("chang*", Change), ("modif*", Change), ("edit", Change), ("edits", Change), ("editing", Change), ("editar*", Change), ("update", Change),
    ("alter*", Change), ("add", Change), ("adding", Change), ("remov*", Change),
    ("correct*", Change), ("swap", Change), ("exchang*", Change), ("replac*", Change),
    ("cambi*", Change), ("anad*", Change), ("agreg*", Change),
    ("quita*", Change), ("quiten", Change), ("quite la", Change), ("quite el", Change), ("elimin*", Change), ("actualiz*", Change), ("correg*", Change),
    ("sustitu*", Change), ("includ*", Change), ("incluir", Change),
    ("address*", Address), ("direcci*", Address), ("domicilio", Address),
    ("account*", Account), ("profile", Account), ("user", Account), ("username", Account),
    ("password*", Account), ("passcode", Account), ("pin", Account), ("login", Account),
    ("log in", Account), ("sign in", Account), ("sign up", Account), ("signup", Account),
    ("regist*", Account), ("personal information", Account), ("personal info", Account),
    ("personal data", Account), ("personal details", Account), ("datos personales", Account),
    ("mis datos", Account), ("cuenta", Account), ("perfil", Account), ("usuario", Account),
    ("contrasena", Account), ("clave", Account), ("iniciar sesion", Account), ("registr*", Account),
    ("invoic*", Invoice), ("bill", Invoice), ("billing", Invoice), ("receipt*", Invoice),
    ("factur*", Invoice),
    ("payment*", Payment), ("pay with", Payment), ("credit card", Payment), ("card", Payment),
    ("paypal", Payment), ("charged", Payment), ("pago", Payment), ("pagos", Payment), ("tarjeta", Payment),
    ("cobra*", Payment), ("cobro*", Payment), ("como puedo pagar", Payment), ("como pago", Payment), ("como se paga", Payment),
    ("newsletter*", Newsletter), ("subscri*", Newsletter), ("unsubscri*", Newsletter),
    ("mailing list", Newsletter), ("boletin", Newsletter), ("suscri*", Newsletter),

    ("review*", Feedback), ("feedback", Feedback), ("complain*", Feedback), ("claim", Feedback),
    ("reclamation", Feedback), ("queja*", Feedback), ("reclamacion", Feedback),
    ("resena", Feedback), ("opinion", Feedback), ("valoracion", Feedback),
    ("delivery option*", DeliveryInfo), ("shipping option*", DeliveryInfo),
    ("delivery method*", DeliveryInfo), ("shipping method*", DeliveryInfo),
    ("delivery period*", DeliveryInfo), ("delivery time*", DeliveryInfo),
    ("shipping time*", DeliveryInfo), ("shipping cost*", DeliveryInfo), ("shipping fee*", DeliveryInfo),
    ("how long", DeliveryInfo), ("how soon", DeliveryInfo), ("do you ship", DeliveryInfo), ("do you deliver", DeliveryInfo),
    ("deliver to", DeliveryInfo), ("envian a", DeliveryInfo), ("haceis envios", DeliveryInfo),
    ("hacen envios", DeliveryInfo),
    ("ship to", DeliveryInfo), ("free shipping", DeliveryInfo), ("shipping", DeliveryInfo),
    ("opciones de envio", DeliveryInfo), ("postage", DeliveryInfo), ("delivery charge*", DeliveryInfo),
    ("delivery fee*", DeliveryInfo), ("costo de envio", DeliveryInfo), ("costos de envio", DeliveryInfo),
    ("metodos de envio", DeliveryInfo), ("tiempo de entrega", DeliveryInfo),
    ("plazo de entrega", DeliveryInfo), ("plazos de entrega", DeliveryInfo), ("cuanto tarda", DeliveryInfo),
    ("cuanto tardan", DeliveryInfo), ("gastos de envio", DeliveryInfo), ("envio gratis", DeliveryInfo),
    ("policy", Policy), ("policies", Policy), ("politica*", Policy),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_lower_case_and_accent_free() {
        for (phrase, _) in all() {
            assert!(
                phrase
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == ' ' || c == '*'),
                "{phrase} must be folded"
            );
        }
    }

    #[test]
    fn no_phrase_is_listed_twice() {
        let mut phrases: Vec<&str> = all().map(|(p, _)| *p).collect();
        phrases.sort_unstable();
        let before = phrases.len();
        phrases.dedup();
        assert_eq!(before, phrases.len());
    }
}

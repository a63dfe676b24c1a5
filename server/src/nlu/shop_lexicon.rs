//! The shopping half of the lexicon: small talk, browsing, product questions and the words
//! that point at a shown product. Entry syntax as in `lexicon.rs`.

use super::lexicon::Cue::{self, *};

#[rustfmt::skip]
pub const SHOP_CUES: &[(&str, Cue)] = &[
    // small talk
    ("hi", Greeting), ("hello", Greeting), ("hey", Greeting), ("hiya", Greeting),
    ("howdy", Greeting), ("good morning", Greeting), ("good afternoon", Greeting),
    ("good evening", Greeting), ("hola", Greeting), ("buenas", Greeting), ("buenos dias", Greeting),
    ("buenas tardes", Greeting), ("buenas noches", Greeting), ("que tal", Greeting),
    ("saludos", Greeting),
    ("thank*", Thanks), ("cheers", Thanks), ("appreciate it", Thanks), ("gracias", Thanks),
    ("te lo agradezco", Thanks), ("muy amable", Thanks), ("bye", Thanks), ("goodbye", Thanks),
    ("adios", Thanks), ("hasta luego", Thanks), ("that is all", Thanks), ("eso es todo", Thanks),
    // shopping
    ("show", Show), ("recommend*", Show), ("suggest*", Show), ("looking for", Show),
    ("look for", Show), ("search*", Show), ("do you have", Show), ("do you sell", Show),
    ("do you carry", Show), ("got any", Show), ("browse", Show), ("options for", Show),
    ("muestr*", Show), ("ensen*", Show), ("recomiend*", Show), ("recomend*", Show),
    ("suger*", Show), ("busc*", Show), ("tienes", Show), ("teneis", Show), ("tienen", Show),
    ("venden", Show), ("vendeis", Show),
    ("want", Want), ("need", Want), ("would like", Want), ("quiero", Want), ("necesito", Want),
    ("quisiera", Want), ("me gustaria", Want),
    // "I'd like", "I'd love": the "d" is "would".
    ("d like", Want), ("d love", Want),
    ("gift", Gift), ("present", Gift), ("regalo", Gift), ("regalar", Gift),
    ("stocking stuffer*", Gift), ("stocking filler*", Gift), ("secret santa", Gift),
    ("goodies", Gift), ("amigo invisible", Gift), ("amigo secreto", Gift), ("detallito", Gift),
    // questions about a product
    ("what size*", AttrSize), ("which size*", AttrSize), ("sizes", AttrSize), ("sizing", AttrSize),
    ("fit", AttrSize), ("fits", AttrSize), ("true to size", AttrSize), ("runs small", AttrSize),
    ("runs large", AttrSize), ("run small", AttrSize),
    ("run large", AttrSize), ("run big", AttrSize), ("runs big", AttrSize), ("size guide", AttrSize), ("tallas", AttrSize), ("tallaje", AttrSize),
    ("que talla", AttrSize), ("horma", AttrSize), ("me queda", AttrSize), ("talles", AttrSize),
    ("que talle", AttrSize), ("talla para", AttrSize), ("talle para", AttrSize), ("size for", AttrSize),
    ("material*", AttrMaterial), ("fabric", AttrMaterial), ("made of", AttrMaterial),
    ("made from", AttrMaterial), ("waterproof", AttrMaterial), ("tejido", AttrMaterial),
    ("hecho de", AttrMaterial), ("hecha de", AttrMaterial), ("composicion", AttrMaterial),
    ("impermeable", AttrMaterial), ("de que es", AttrMaterial), ("de que son", AttrMaterial),
    ("de que esta hech*", AttrMaterial), ("de que estan hech*", AttrMaterial),
    ("how much", AttrPrice), ("price", AttrPrice), ("cost", AttrPrice), ("costs", AttrPrice), ("costing", AttrPrice), ("costo", AttrPrice), ("precio", AttrPrice),
    ("cuanto cuesta", AttrPrice), ("cuanto vale", AttrPrice), ("cuesta", AttrPrice),
    // "What is the rate?": the price, as asked in India and elsewhere.
    ("what is the rate", AttrPrice), ("whats the rate", AttrPrice), ("what s the rate", AttrPrice),
    ("the rate of", AttrPrice),
    // How much it holds is no price: "How much does it hold? She likes a proper brew".
    ("how much does it hold", Question), ("how much will it hold", Question),
    ("how much can it hold", Question), ("how much does it fit", Question),
    ("how much fits", Question), ("how much can it take", Question),
    ("how much does it take", Question), ("how much can it carry", Question),
    ("how much water", Question), ("how much coffee", Question), ("how much tea", Question),
    ("how much stuff", Question), ("how much space", Question), ("how much room", Question),
    ("in stock", AttrStock), ("stock", AttrStock), ("availab*", AttrStock), ("sold out", AttrStock),
    ("out of stock", AttrStock), ("left", AttrStock), ("disponib*", AttrStock), ("quedan", AttrStock),
    ("agotad*", AttrStock), ("existencias", AttrStock), ("en stock", AttrStock),
    ("what colo*", AttrColour), ("which colo*", AttrColour), ("colours", AttrColour),
    ("colors", AttrColour), ("colores", AttrColour), ("que color*", AttrColour), ("come in", AttrColour),
    ("wash*", AttrCare), ("dryer", AttrCare), ("iron", AttrCare), ("care", AttrCare),
    ("lavar*", AttrCare), ("lavadora", AttrCare), ("lavado", AttrCare), ("planch*", AttrCare),
    ("secadora", AttrCare),
    ("it", Deictic), ("this", Deictic), ("that", Deictic), ("this one", Deictic),
    ("that one", Deictic), ("these", Deictic), ("those", Deictic), ("them", Deictic),
    ("este", Deictic), ("esta", Deictic), ("ese", Deictic), ("esa", Deictic), ("eso", Deictic),
    ("esto", Deictic), ("estos", Deictic), ("esas", Deictic),
    ("item", ItemRef), ("delivery", ItemRef), ("product", ItemRef), ("articulo", ItemRef),
    ("producto", ItemRef), ("stuff", ItemRef),
    ("too late", Filler), ("never mind", Filler), ("me llamo", Filler), ("by the way", Filler),
    ("what", Question), ("which", Question), ("how", Question), ("que", Question),
    ("cual", Question), ("como", Question), ("cuanto", Question), ("cuantos", Question),
    ("not", Negation), ("never", Negation), ("no", Negation),
];

//! Reads a price range from normalised tokens, in integer minor units of the shop's currency:
//! "under $50", "menos de 50 €", "between 20 and 40", "entre 20 y 40", "max 30", "up to 80",
//! "80 or less", "around 60". A bare number is a budget only with a currency sign or word, so
//! sizes ("talla 42") and order numbers stay out.

/// Lowest and highest price the shopper wants, in minor units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Budget {
    pub min: Option<i64>,
    pub max: Option<i64>,
}

#[rustfmt::skip]
const MAX_BEFORE: &[&str] = &[
    "under", "below", "less than", "lower than", "cheaper than", "no more than", "not more than",
    "up to", "max", "maximum", "at most", "within", "budget of", "budget is", "budget", "for less than",
    "menos de", "por menos de", "maximo", "como maximo", "hasta", "no mas de", "por debajo de",
    "inferior a", "presupuesto de", "presupuesto es de", "presupuesto", "que no pase de", "que no supere",
    "no supere", "debajo de", "less then", "nothing over", "nothing above", "nothing more than",
    "not over", "not above", "no higher than", "not exceeding", "no pase de", "sin pasar de",
    "nada de mas de", "nada por encima de", "que no cueste mas de", "que no sea mas de",
    "no more then", "tope de", "tope", "no pasen de", "que no pasen de", "no pasan de",
    "no superen", "que no superen", "que no cuesten mas de", "no cuesten mas de", "sin pasarse de",
    "no mas caro de", "no mas caros de", "no mas caro que", "no mas caros que",
    "no more expensive than", "nothing more expensive than", "not more expensive than",
    "nae mair than", "no mair than", "me estiro a", "estirarme a", "subo a", "subir a", "stretch to",
    "make it",
];
#[rustfmt::skip]
const MIN_BEFORE: &[&str] = &[
    "over", "above", "more than", "at least", "starting at", "minimum", "min", "mas de",
    "por encima de", "minimo", "al menos", "a partir de", "superior a", "encima de",
];
const AROUND_BEFORE: &[&str] = &[
    "around",
    "approximately",
    "roughly",
    "approx",
    "alrededor de",
    "aprox",
    "aproximadamente",
];
/// Money the shopper says they have or can spend ("tengo como 70 nomás", "I've only got 40"):
/// a ceiling, when the amount is followed by nothing that it counts (`ON_HAND_AFTER`).
#[rustfmt::skip]
const ON_HAND_BEFORE: &[&str] = &[
    "i have", "i only have", "only have", "i have got", "i have only got", "have only got", "i got", "i only got", "only got", "got",
    "i can spend", "can spend", "i can afford", "can afford", "tengo", "solo tengo", "nomas tengo",
    "nada mas tengo", "cuento con", "puedo gastar", "me alcanza para", "traigo",
];
/// What may stand between an on-hand cue and its amount ("tengo como 70").
#[rustfmt::skip]
const ON_HAND_HEDGE: &[&str] = &[
    "like", "about", "around", "maybe", "just", "only", "como", "unos", "unas", "solo", "nomas",
];
/// What may follow an on-hand amount: the end, or a word that counts nothing ("tengo 40 años"
/// and "I have 2 kids" are no budget).
#[rustfmt::skip]
const ON_HAND_AFTER: &[&str] = &[
    "nomas", "only", "left", "to", "para", "for", "tops", "max", "maximo", "in", "en", "total",
    "or", "o", "what", "que", "q", "and", "y", "but", "pero", "so", "entonces", "on", "a", "so",
    "pa", "nada", "mas", "is", "es", "de",
];
/// "about 2 hoodies", "unos 3 pares": these read as a price with a currency, or when the
/// amount is ten units or more and is followed by nothing that it counts ("for about 60",
/// "por unos 40 para mi hermana").
#[rustfmt::skip]
const AROUND_WITH_CURRENCY: &[&str] = &[
    "about", "unos", "unas", "sobre", "cerca de", "like", "some", "como", "somewhere around",
    "somewhere near", "close to", "near", "more or less", "mas o menos", "por ahi de",
    "en torno a", "something like", "in the region of", "aprox", "approx",
];
/// After an amount of ten units or more, these make it approximate: "sixty or so", "60ish",
/// "unos 40 más o menos".
#[rustfmt::skip]
const AROUND_AFTER: &[&str] = &[
    "or so", "ish", "or thereabouts", "give or take", "more or less", "or around there",
    "mas o menos", "o asi", "o por ahi", "aprox", "aproximadamente", "approx", "roughly",
    "masomenos", "mas menos",
];
/// After an amount: a little more than it ("40 y pico", "forty odd", "50 and change"). (Not
/// "something": punctuation is gone, and "under 50, something warm" is no 60.)
const AND_A_BIT: &[&str] = &["y pico", "odd", "and change"];
const MAX_AFTER: &[&str] = &[
    "or less",
    "or under",
    "max",
    "maximum",
    "tops",
    "at most",
    "o menos",
    "como maximo",
    "maximo",
    "de maximo",
];
const MIN_AFTER: &[&str] = &[
    "or more",
    "and up",
    "and above",
    "plus",
    "o mas",
    "como minimo",
    "minimo",
    "para arriba",
];
const RANGE_START: &[&str] = &["between", "from", "entre", "de", "desde"];
const RANGE_JOIN: &[&str] = &["and", "to", "y", "a", "hasta"];
#[rustfmt::skip]
const CURRENCY: &[&str] = &[
    "$", "€", "£", "eur", "euro", "euros", "usd", "dollar", "dollars", "bucks", "pound", "pounds",
    "gbp", "pesos", "peso", "pavos", "dolares", "dolar", "mxn", "quid",
];

/// Every word the budget reader relies on, so typo correction leaves them alone.
pub fn words() -> impl Iterator<Item = &'static str> {
    [
        MAX_BEFORE,
        MIN_BEFORE,
        AROUND_BEFORE,
        AROUND_WITH_CURRENCY,
        AROUND_AFTER,
        AND_A_BIT,
        MAX_AFTER,
        MIN_AFTER,
        RANGE_START,
        RANGE_JOIN,
        CURRENCY,
    ]
    .into_iter()
    .flatten()
    .flat_map(|p| p.split(' '))
    .chain(NUMBER_WORDS.iter().map(|(w, _)| *w))
}

/// The budget the tokens state, if any.
pub fn read(tokens: &[String], exponent: u32) -> Budget {
    // "60ish", "fortyish": the figure, then "ish".
    let approximate = |t: &String| {
        t.strip_suffix("ish")
            .filter(|figure| to_minor(figure, exponent).is_some())
            .map(str::to_owned)
    };
    let split: Vec<String>;
    let tokens = if tokens.iter().any(|t| approximate(t).is_some()) {
        split = tokens
            .iter()
            .flat_map(|t| match approximate(t) {
                Some(figure) => vec![figure, "ish".to_owned()],
                None => vec![t.clone()],
            })
            .collect();
        &split[..]
    } else {
        tokens
    };
    let mut budget = Budget::default();
    let mut i = 0;
    while i < tokens.len() {
        if let Some((low, high)) = range_at(tokens, i, exponent) {
            return Budget {
                min: Some(low.min(high)),
                max: Some(low.max(high)),
            };
        } else if let Some((amount, next)) = after_cue(tokens, i, MAX_BEFORE, exponent) {
            budget.max = Some(amount);
            i = next;
        } else if let Some((amount, next)) = after_cue(tokens, i, MIN_BEFORE, exponent) {
            // "can't spend more than 70", "no quiero gastar más de 50": a negated floor is
            // a ceiling.
            if negated_before(tokens, i) {
                budget.max = Some(amount);
            } else {
                budget.min = Some(amount);
            }
            i = next;
        } else if let Some((amount, next)) =
            after_cue(tokens, i, AROUND_BEFORE, exponent).or_else(|| {
                after_cue(tokens, i, AROUND_WITH_CURRENCY, exponent).filter(|&(amount, end)| {
                    has_currency(tokens, i, end - i)
                        || (at_least_ten(amount, exponent) && counts_nothing(tokens, end))
                })
            })
        {
            budget = around(amount);
            i = next;
        } else if let Some((amount, next)) = on_hand_at(tokens, i, exponent) {
            budget.max = Some(amount);
            i = next;
        } else if let Some((amount, len)) = amount_at(tokens, i, exponent) {
            if let Some(cue_len) = phrase_at(tokens, i + len, AROUND_AFTER)
                .filter(|_| at_least_ten(amount, exponent) && !sized(tokens, i))
            {
                budget = around(amount);
                i += len + cue_len;
            } else if let Some(cue_len) = phrase_at(tokens, i + len, MAX_AFTER) {
                budget.max = Some(amount);
                i += len + cue_len;
            } else if let Some(cue_len) = phrase_at(tokens, i + len, MIN_AFTER) {
                budget.min = Some(amount);
                i += len + cue_len;
            } else {
                if has_currency(tokens, i, len) && budget.max.is_none() {
                    budget.max = Some(amount);
                }
                i += len;
            }
        } else {
            i += 1;
        }
    }
    budget
}

/// "Around 60" is a range from two fifths under the figure to a fifth over it: near the figure
/// and not a hard cap, leaving room for what costs less.
fn around(amount: i64) -> Budget {
    Budget {
        min: Some(amount - amount * 2 / 5),
        max: Some(amount + amount / 5),
    }
}

/// Ten units of the currency or more: below that a number more likely counts things.
fn at_least_ten(amount: i64, exponent: u32) -> bool {
    10_i64
        .checked_pow(exponent)
        .is_some_and(|scale| amount >= 10 * scale)
}

/// Nothing follows `end`, or a word that counts nothing ("about 60 for a scarf", but not
/// "about 12 mugs").
fn counts_nothing(tokens: &[String], end: usize) -> bool {
    tokens
        .get(end)
        .is_none_or(|t| ON_HAND_AFTER.contains(&t.as_str()))
}

/// A size word just before `i` ("size 10 or so", "talla 40 más o menos").
fn sized(tokens: &[String], i: usize) -> bool {
    i > 0
        && matches!(
            tokens[i - 1].as_str(),
            "size" | "sz" | "talla" | "talle" | "numero" | "number" | "calzo" | "no"
        )
}

/// A negation among the few words before `i` ("can't spend", "don't want anything",
/// "no quiero gastar").
fn negated_before(tokens: &[String], i: usize) -> bool {
    const NEGATIONS: &[&str] = &[
        "not", "no", "cannot", "cant", "dont", "never", "wont", "nothing", "nunca", "nada",
    ];
    tokens[i.saturating_sub(4)..i]
        .iter()
        .any(|t| NEGATIONS.contains(&t.as_str()))
}

/// Money on hand ("tengo como 70 nomás", "I've only got 40 quid"), of ten units or more,
/// followed by the end or a word that counts nothing.
fn on_hand_at(tokens: &[String], i: usize, exponent: u32) -> Option<(i64, usize)> {
    let cue_len = phrase_at(tokens, i, ON_HAND_BEFORE)?;
    let hedge = usize::from(
        tokens
            .get(i + cue_len)
            .is_some_and(|t| ON_HAND_HEDGE.contains(&t.as_str())),
    );
    let at = i + cue_len + hedge;
    let (amount, len) = amount_at(tokens, at, exponent)?;
    let end = at + len;
    let priced = has_currency(tokens, at, len);
    (at_least_ten(amount, exponent) && (counts_nothing(tokens, end) || priced))
        .then_some((amount, end))
}

/// "between 20 and 40", "20 to 40 €", "entre 20 y 40", "de 20 a 40 euros".
fn range_at(tokens: &[String], i: usize, exponent: u32) -> Option<(i64, i64)> {
    let start_len = phrase_at(tokens, i, RANGE_START).unwrap_or(0);
    let (low, low_len) = amount_at(tokens, i + start_len, exponent)?;
    let join_at = i + start_len + low_len;
    let join_len = phrase_at(tokens, join_at, RANGE_JOIN)?;
    let (high, high_len) = amount_at(tokens, join_at + join_len, exponent)?;
    // Without "between"/"entre", two numbers joined by "to" need a currency to be prices.
    let priced = has_currency(tokens, i + start_len, low_len)
        || has_currency(tokens, join_at + join_len, high_len);
    let explicit = matches!(tokens[i].as_str(), "between" | "entre");
    (explicit || priced).then_some((low, high))
}

fn after_cue(tokens: &[String], i: usize, cues: &[&str], exponent: u32) -> Option<(i64, usize)> {
    let cue_len = phrase_at(tokens, i, cues)?;
    // ("Under the 50", "under like 80", "hasta unos 60": a word between the cue and the
    // amount.)
    let skip = usize::from(tokens.get(i + cue_len).is_some_and(|t| {
        matches!(
            t.as_str(),
            "the" | "los" | "like" | "about" | "around" | "roughly" | "unos" | "como"
        )
    }));
    let (amount, len) = amount_at(tokens, i + cue_len + skip, exponent)?;
    Some((amount, i + cue_len + skip + len))
}

/// An amount at `i`: a number with an optional currency before or after. Returns the value in
/// minor units and the tokens it used.
fn amount_at(tokens: &[String], i: usize, exponent: u32) -> Option<(i64, usize)> {
    let sign_before = tokens
        .get(i)
        .is_some_and(|t| CURRENCY.contains(&t.as_str()));
    let at = i + usize::from(sign_before);
    // "A hundred", "one hundred": the article is part of the number.
    let article = tokens.get(at).is_some_and(|t| t == "a")
        && tokens
            .get(at + 1)
            .is_some_and(|t| matches!(t.as_str(), "hundred" | "thousand"));
    let at = at + usize::from(article);
    // A number spelt out in words ("a hundred and fifty", "sixty five", "ciento cincuenta",
    // "cuarenta y cinco"), else one token ("150", "49.99", "sixty-five").
    let (value, used) = match spelt_number(&tokens[at..]) {
        Some((whole, used)) => (whole.checked_mul(10_i64.checked_pow(exponent)?)?, used),
        None => (to_minor(tokens.get(at)?, exponent)?, 1),
    };
    let at = at + used - 1;
    // "40 y pico", "forty odd": a little more than the figure.
    let (value, at) = match phrase_at(tokens, at + 1, AND_A_BIT) {
        Some(len) => (value + value / 5, at + len),
        None => (value, at),
    };
    let used = at + 1 - i - usize::from(sign_before) - usize::from(article);
    // "Around 40 litres", "under 2 kg": a measure, not money.
    if !sign_before
        && tokens
            .get(at + 1)
            .is_some_and(|t| UNITS.contains(&t.as_str()))
    {
        return None;
    }
    let sign_after = tokens
        .get(at + 1)
        .is_some_and(|t| CURRENCY.contains(&t.as_str()));
    Some((
        value,
        usize::from(sign_before) + usize::from(article) + used + usize::from(sign_after),
    ))
}

/// A whole number spelt out in English or Spanish words at the start of `tokens`, and how
/// many tokens it takes: "a hundred and fifty" (from "hundred"), "one hundred fifty", "two
/// hundred", "sixty five", "twelve", "ciento cincuenta", "doscientos", "cuarenta y cinco",
/// "mil". A unit alone ("two", "tres") is no amount: it counts things.
fn spelt_number(tokens: &[String]) -> Option<(i64, usize)> {
    spelt_whole(tokens)
        .filter(|(_, _, only_units)| !only_units)
        .map(|(n, used, _)| (n, used))
}

/// A whole number spelt out at the start of `tokens`, a unit alone included ("nine", "ocho"):
/// a size after its cue ("talla cuarenta y uno", "size nine"). Returns it and the tokens used.
pub(super) fn spelt_size_number(tokens: &[String]) -> Option<(i64, usize)> {
    spelt_whole(tokens).map(|(n, used, _)| (n, used))
}

/// A whole number spelt out at the start of `tokens`, the tokens it takes, and whether it is
/// a unit alone.
fn spelt_whole(tokens: &[String]) -> Option<(i64, usize, bool)> {
    enum Word {
        /// Added: units, teens, tens, Spanish hundreds.
        Plus(i64, bool),
        /// Multiplies what came before (at least one): "hundred", "thousand", "mil".
        Times(i64),
    }
    let read = |w: &str| -> Option<Word> {
        if let Some(n) = unit_word(w) {
            return Some(Word::Plus(n, true));
        }
        if let Some(n) = number_word(w).and_then(|n| n.parse::<i64>().ok()) {
            return Some(match n {
                100 if w == "hundred" => Word::Times(100),
                n => Word::Plus(n, false),
            });
        }
        #[rustfmt::skip]
        const MORE: &[(&str, i64)] = &[
            ("eleven", 11), ("once", 11), ("twelve", 12), ("doce", 12), ("thirteen", 13),
            ("trece", 13), ("fourteen", 14), ("catorce", 14), ("fifteen", 15), ("quince", 15),
            ("sixteen", 16), ("dieciseis", 16), ("seventeen", 17), ("diecisiete", 17),
            ("eighteen", 18), ("dieciocho", 18), ("nineteen", 19), ("diecinueve", 19),
            ("ciento", 100), ("doscientos", 200), ("doscientas", 200), ("trescientos", 300),
            ("trescientas", 300), ("cuatrocientos", 400), ("quinientos", 500),
            ("seiscientos", 600), ("setecientos", 700), ("ochocientos", 800),
            ("novecientos", 900),
        ];
        if let Some((_, n)) = MORE.iter().find(|(m, _)| *m == w) {
            return Some(Word::Plus(*n, false));
        }
        match w {
            "thousand" | "mil" => Some(Word::Times(1000)),
            _ => None,
        }
    };
    let (mut total, mut current, mut used, mut only_units) = (0_i64, 0_i64, 0, true);
    let mut i = 0;
    while let Some(token) = tokens.get(i) {
        // "and" / "y" only between two parts of the number.
        let joins = matches!(token.as_str(), "and" | "y")
            && used > 0
            && tokens.get(i + 1).is_some_and(|next| read(next).is_some());
        if joins {
            i += 1;
            continue;
        }
        match read(token) {
            // A part only follows a bigger place: "twenty one", "ciento cincuenta"; not
            // "nueve diez" (sizes 9-10) or "fifty sixty" (two figures).
            Some(Word::Plus(n, unit))
                if current == 0
                    || (n < 10 && current % 10 == 0)
                    || (n < 100 && current % 100 == 0) =>
            {
                current += n;
                only_units &= unit;
            }
            Some(Word::Plus(..)) => break,
            Some(Word::Times(n)) => {
                only_units = false;
                if n == 1000 {
                    total += current.max(1) * n;
                    current = 0;
                } else {
                    current = current.max(1) * n;
                }
            }
            None => break,
        }
        i += 1;
        used = i;
    }
    (used > 0).then_some((total + current, used, only_units))
}

fn has_currency(tokens: &[String], i: usize, len: usize) -> bool {
    tokens[i..(i + len).min(tokens.len())]
        .iter()
        .any(|t| CURRENCY.contains(&t.as_str()))
}

/// Length of the first phrase of `phrases` found at `i`.
fn phrase_at(tokens: &[String], i: usize, phrases: &[&str]) -> Option<usize> {
    phrases
        .iter()
        .filter(|p| {
            p.split(' ')
                .enumerate()
                .all(|(k, w)| tokens.get(i + k).is_some_and(|t| t == w))
        })
        .map(|p| p.split(' ').count())
        .max()
}

/// "49.99" with exponent 2 → 4999; extra decimals are cut, never rounded up past the budget.
fn to_minor(text: &str, exponent: u32) -> Option<i64> {
    // "sixty-five" in one token ("sixtyfive" once normalised).
    let hyphenated = || {
        NUMBER_WORDS.iter().find_map(|(word, n)| {
            let units = text.strip_prefix(word)?.trim_start_matches('-');
            let tens: i64 = n.parse().ok().filter(|t| t % 10 == 0 && *t >= 20)?;
            Some((tens + unit_word(units)?).to_string())
        })
    };
    let whole_number = number_word(text).map(str::to_owned).or_else(hyphenated);
    let text = whole_number.as_deref().unwrap_or(text);
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if int.is_empty()
        || !int.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let scale = 10_i64.checked_pow(exponent)?;
    let whole: i64 = int.parse().ok()?;
    let mut cents = 0_i64;
    for (k, digit) in frac.chars().take(exponent as usize).enumerate() {
        let place = 10_i64.checked_pow(exponent - 1 - k as u32)?;
        cents += i64::from(digit.to_digit(10)?) * place;
    }
    whole.checked_mul(scale)?.checked_add(cents)
}

/// The message without the words that make an amount before them a ceiling ("twenty dollars
/// tops", "30 max"): they name no product ("tops" beside tank tops, or a spinning top).
pub fn without_ceiling_words(message: &str) -> std::borrow::Cow<'_, str> {
    let words = crate::text::words(message);
    let amount = |w: &str| {
        w.starts_with(|c: char| c.is_ascii_digit())
            || CURRENCY.contains(&w)
            || number_word(w).is_some()
            || unit_word(w).is_some()
    };
    // After the amount ("ten bucks tops") or before it ("stocking stuffers under 10 bucks",
    // "hasta 30 dólares"): no product beside a catalog's "Under-Eye Patches" or "Max".
    let ceiling = |i: usize| {
        (matches!(words[i].as_str(), "tops" | "max" | "maximum" | "maximo")
            && i > 0
            && amount(&words[i - 1]))
            || (matches!(
                words[i].as_str(),
                "under" | "below" | "over" | "upto" | "hasta" | "max" | "maximum" | "maximo"
            ) && words.get(i + 1).is_some_and(|w| amount(w)))
    };
    // "40 y pico", "forty odd": no peak (pico) and nothing odd.
    let a_bit = |i: usize| {
        let after = |k: usize| i >= k && amount(&words[i - k]);
        match words[i].as_str() {
            "pico" => after(2) && words[i - 1] == "y",
            "y" => words.get(i + 1).is_some_and(|w| w == "pico") && after(1),
            "odd" => after(1),
            _ => false,
        }
    };
    let dropped = |i: usize| ceiling(i) || a_bit(i);
    if !(0..words.len()).any(dropped) {
        return std::borrow::Cow::Borrowed(message);
    }
    let kept: Vec<&str> = (0..words.len())
        .filter(|&i| !dropped(i))
        .map(|i| words[i].as_str())
        .collect();
    std::borrow::Cow::Owned(kept.join(" "))
}

/// Whether `word` is a unit of measure or a count ("cm", "minutos", "pairs").
pub(super) fn is_unit(word: &str) -> bool {
    UNITS.contains(&word)
}

/// Units of measure and counts: a number before one is no amount of money.
#[rustfmt::skip]
const UNITS: &[&str] = &[
    "l", "litre", "litres", "liter", "liters", "ml", "kg", "kgs", "kilo", "kilos", "g", "gram",
    "grams", "lb", "lbs", "pound", "oz", "ounce", "ounces", "cm", "mm", "metre", "metres",
    "meter", "meters", "inch", "inches", "ft", "foot", "feet", "gb", "tb", "mah", "w", "watt",
    "watts", "v", "volt", "volts", "h", "hour", "hours", "min", "mins", "minute", "minutes",
    "year", "years", "yo", "month", "months", "pack", "pcs", "piece", "pieces", "pair", "pairs",
    "people", "person", "degree", "degrees", "litro", "litros", "gramo", "gramos", "centimetro",
    "centimetros", "metro", "metros", "pulgada", "pulgadas", "hora", "horas", "ano", "anos",
    "mes", "meses", "pieza", "piezas", "par", "pares", "persona", "personas", "grado", "grados",
    "pagina", "paginas", "page", "pages", "graus", "celsius", "fahrenheit", "km", "kms",
    "kilometro", "kilometros", "kilometre", "kilometres", "kilometer", "kilometers", "mile",
    "miles", "day", "days", "dia", "dias", "week", "weeks", "semana", "semanas", "times",
    "veces", "vezes", "minuto", "minutos", "segundo", "segundos",
];

/// Round numbers shoppers spell out.
#[rustfmt::skip]
const NUMBER_WORDS: &[(&str, &str)] = &[
    ("ten", "10"), ("diez", "10"), ("twenty", "20"), ("veinte", "20"), ("thirty", "30"),
    ("treinta", "30"), ("forty", "40"), ("cuarenta", "40"), ("fifty", "50"), ("cincuenta", "50"),
    ("sixty", "60"), ("sesenta", "60"), ("seventy", "70"), ("setenta", "70"), ("eighty", "80"),
    ("ochenta", "80"), ("ninety", "90"), ("noventa", "90"), ("hundred", "100"), ("cien", "100"),
];

/// One to nine, spelt out.
fn unit_word(word: &str) -> Option<i64> {
    const UNITS: &[(&str, &str, i64)] = &[
        ("one", "uno", 1),
        ("two", "dos", 2),
        ("three", "tres", 3),
        ("four", "cuatro", 4),
        ("five", "cinco", 5),
        ("six", "seis", 6),
        ("seven", "siete", 7),
        ("eight", "ocho", 8),
        ("nine", "nueve", 9),
    ];
    UNITS
        .iter()
        .find(|(en, es, _)| *en == word || *es == word)
        .map(|(_, _, n)| *n)
}

fn number_word(word: &str) -> Option<&'static str> {
    NUMBER_WORDS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlu::normalize::normalize;

    fn budget(text: &str) -> Budget {
        read(&normalize(text), 2)
    }

    #[test]
    fn english_under_50_dollars_is_a_maximum_of_5000() {
        assert_eq!(budget("a hoodie under $50").max, Some(5000));
        assert_eq!(budget("up to 80").max, Some(8000));
        assert_eq!(budget("80 or less").max, Some(8000));
        assert_eq!(budget("max 30 bucks").max, Some(3000));
    }

    #[test]
    fn a_budget_stretched_to_an_amount_is_its_new_ceiling() {
        assert_eq!(budget("vale y si me estiro a 150?").max, Some(15000));
        assert_eq!(budget("y si subo a 150").max, Some(15000));
        assert_eq!(budget("ok make it 60 then").max, Some(6000));
        assert_eq!(budget("I could stretch to 90").max, Some(9000));
    }

    #[test]
    fn spanish_budget_menos_de_50_euros_becomes_5000_minor_units() {
        assert_eq!(budget("zapatillas por menos de 50 €").max, Some(5000));
        assert_eq!(budget("como máximo 49,99 euros").max, Some(4999));
    }

    #[test]
    fn ranges_in_both_languages_set_both_ends() {
        let range = Budget {
            min: Some(2000),
            max: Some(4000),
        };
        assert_eq!(budget("between 20 and 40"), range);
        assert_eq!(budget("entre 20 y 40 €"), range);
        assert_eq!(budget("20-40$"), range);
        assert_eq!(budget("de 20 a 40 euros"), range);
    }

    #[test]
    fn a_word_between_the_ceiling_and_the_amount_keeps_the_ceiling() {
        assert_eq!(budget("Anything under like 80?").max, Some(8000));
        assert_eq!(budget("algo hasta unos 60 dólares").max, Some(6000));
    }

    #[test]
    fn a_lower_bound_is_a_minimum() {
        assert_eq!(budget("over 100").min, Some(10000));
        assert_eq!(budget("más de 30 euros").min, Some(3000));
        assert_eq!(budget("can't spend more than 70 quid").max, Some(7000));
        assert_eq!(budget("can't spend more than 70 quid").min, None);
        assert_eq!(budget("no quiero gastar más de 50 euros").max, Some(5000));
        assert_eq!(budget("something over 50 dollars").min, Some(5000));
    }

    #[test]
    fn a_currency_amount_alone_is_a_maximum_but_a_bare_number_is_not() {
        assert_eq!(budget("a jacket for 80 €").max, Some(8000));
        assert_eq!(budget("talla 42"), Budget::default());
    }

    #[test]
    fn money_on_hand_is_a_ceiling_but_what_it_counts_is_not() {
        assert_eq!(
            budget("q chompa me recomiendas? tengo como 70 nomas").max,
            Some(7000)
        );
        assert_eq!(budget("I've only got 40 quid").max, Some(4000));
        assert_eq!(budget("skint, got 45 to spend").max, Some(4500));
        assert_eq!(budget("I have 60, what can I get").max, Some(6000));
        assert_eq!(budget("im skint so nae mair than 60").max, Some(6000));
        assert_eq!(budget("tengo 40 años y frío"), Budget::default());
        assert_eq!(budget("I have 2 kids and a dog"), Budget::default());
        assert_eq!(budget("I have 3 and need one more"), Budget::default());
    }

    #[test]
    fn an_approximate_figure_is_a_range_around_it() {
        let around_60 = Budget {
            min: Some(3600),
            max: Some(7200),
        };
        assert_eq!(
            budget("nothing too dear, sixty or so would be lovely"),
            around_60
        );
        assert_eq!(budget("a scarf for about 60"), around_60);
        assert_eq!(budget("a scarf, 60ish"), around_60);
        assert_eq!(budget("a scarf, sixty-ish"), around_60);
        assert_eq!(budget("una bufanda, 60 más o menos"), around_60);
        assert_eq!(budget("una bufanda por ahí de 60"), around_60);
        assert_eq!(budget("something for my sister, like 60"), around_60);
        assert_eq!(budget("por unos 60 para mi hermana"), around_60);
        // A little more than the figure.
        assert_eq!(budget("que no pase de 40 y pico").max, Some(4800));
        // What follows a ceiling is no part of it.
        assert_eq!(
            budget("under $50, something warm for my dad").max,
            Some(5000)
        );
        assert_eq!(budget("hasta 40 y algo para él").max, Some(4000));
        // Counts and sizes stay out.
        assert_eq!(budget("about 12 mugs for the office"), Budget::default());
        assert_eq!(budget("about 2 hoodies"), Budget::default());
        assert_eq!(budget("size 10 or so"), Budget::default());
        assert_eq!(budget("in 10 days or so"), Budget::default());
        assert_eq!(budget("like 3 or so"), Budget::default());
    }

    #[test]
    fn zero_decimal_currencies_cut_decimals() {
        assert_eq!(read(&normalize("under 5000"), 0).max, Some(5000));
        assert_eq!(read(&normalize("under 49.99"), 0).max, Some(49));
    }

    #[test]
    fn spelled_out_amounts_count() {
        assert_eq!(budget("under fifty dollars").max, Some(5000));
        assert_eq!(
            budget("show me something under a hundred, still white").max,
            Some(10000)
        );
        assert_eq!(budget("no more than one hundred bucks").max, Some(10000));
        assert_eq!(
            budget("Nothing over sixty-five dollars, mind.").max,
            Some(6500)
        );
        assert_eq!(
            budget("que no pase de cuarenta y cinco euros").max,
            Some(4500)
        );
        assert_eq!(
            budget("cordless drill but nothing over a hundred and fifty dollars").max,
            Some(15000)
        );
        assert_eq!(budget("under one hundred fifty").max, Some(15000));
        assert_eq!(budget("no more than two hundred bucks").max, Some(20000));
        assert_eq!(budget("hasta ciento cincuenta euros").max, Some(15000));
        assert_eq!(budget("menos de doscientos dólares").max, Some(20000));
        assert_eq!(budget("under fifteen quid").max, Some(1500));
        assert_eq!(
            budget("a hundred and twenty nine is a lot, under a hundred and ten").max,
            Some(11000)
        );
        // Two figures side by side are two, not their sum.
        assert_eq!(budget("under fifty sixty bucks").max, Some(5000));
        // A count is no amount.
        assert_eq!(budget("under two"), Budget::default());
    }

    #[test]
    fn the_words_that_make_a_ceiling_name_no_product() {
        assert_eq!(
            without_ceiling_words("stocking filler for him, twenty dollars tops"),
            "stocking filler for him twenty dollars"
        );
        assert_eq!(
            without_ceiling_words("summer tops for my niece"),
            "summer tops for my niece"
        );
        assert_eq!(
            without_ceiling_words("stocking stuffers under 10 bucks"),
            "stocking stuffers 10 bucks"
        );
        assert_eq!(
            without_ceiling_words("something under the bed"),
            "something under the bed"
        );
        assert_eq!(
            without_ceiling_words("una chaqueta de 40 y pico"),
            "una chaqueta de 40"
        );
    }

    #[test]
    fn a_measure_is_no_amount_of_money() {
        assert_eq!(
            budget("backpack that counts as carry-on, around 40 litres"),
            Budget::default()
        );
        assert_eq!(budget("a tent under 2 kg"), Budget::default());
        assert_eq!(budget("una mochila de unos 30 litros"), Budget::default());
        // Nor is a temperature, a distance or a count of days.
        assert_eq!(
            budget("en Goiânia nunca hace menos de 15 graus"),
            Budget::default()
        );
        assert_eq!(budget("I run under 10 km a day"), Budget::default());
        assert_eq!(budget("lo necesito en menos de 5 días"), Budget::default());
        // With its currency it is money.
        assert_eq!(budget("under $40").max, Some(4000));
        // "In" is a preposition before it is inches.
        assert_eq!(budget("sneakers under 60 in black").max, Some(6000));
    }
}

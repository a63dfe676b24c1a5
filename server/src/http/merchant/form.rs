//! Reading a submitted form into typed structs. A page posts `axum::Form<Fields>`, and each of
//! its sections reads the fields it knows with [`Fields::read`]: a `Vec<String>` field collects
//! every value of a repeated name (a checkbox group), any other field takes the first, and
//! every value arrives trimmed.

use std::collections::BTreeMap;

use serde::de::value::{Error, MapDeserializer, SeqDeserializer};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde::{Deserialize, Deserializer};

/// A submitted `application/x-www-form-urlencoded` form: every value of each name, in order.
#[derive(Debug, Clone, Default)]
pub struct Fields(BTreeMap<String, Vec<String>>);

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let pairs = Vec::<(String, String)>::deserialize(deserializer)?;
        Ok(Self::from_pairs(pairs))
    }
}

impl Fields {
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, value) in pairs {
            fields
                .entry(name)
                .or_default()
                .push(value.trim().to_owned());
        }
        Self(fields)
    }

    /// A body as the session check reads it, before the handler does (never fails: a
    /// malformed body reads as an empty form).
    pub fn parse(body: &[u8]) -> Self {
        serde_urlencoded::from_bytes(body).unwrap_or_default()
    }

    /// True when the form carries `name` at all (a section an older page lacks doesn't).
    pub fn has(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    /// The first value of `name`; empty when absent.
    pub fn first(&self, name: &str) -> &str {
        self.0
            .get(name)
            .and_then(|values| values.first())
            .map_or("", String::as_str)
    }

    /// The fields `T` names. Fields are strings, lists of strings or options of them, so this
    /// fails only for a struct that asks for something else, or lacks `#[serde(default)]`.
    pub fn read<T: DeserializeOwned>(&self) -> Result<T, Error> {
        T::deserialize(MapDeserializer::new(
            self.0
                .iter()
                .map(|(name, values)| (name.as_str(), Values(values))),
        ))
    }
}

/// The values of one name, as one string or as a list.
struct Values<'a>(&'a [String]);

impl<'de> IntoDeserializer<'de, Error> for Values<'_> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> Deserializer<'de> for Values<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str(self.0.first().map_or("", String::as_str))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(SeqDeserializer::new(self.0.iter().map(String::as_str)))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// A checkbox: ticked when the form carries its name, whatever the value.
pub fn checked<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Option::<de::IgnoredAny>::deserialize(deserializer).map(|value| value.is_some())
}

/// A code typed in any case, kept upper-case (`usd` → `USD`).
pub fn upper<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    String::deserialize(deserializer).map(|text| text.to_ascii_uppercase())
}

/// A value typed in any case, kept lower-case (`#FF0066` → `#ff0066`).
pub fn lower<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    String::deserialize(deserializer).map(|text| text.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(default)]
    struct Example {
        name: String,
        languages: Vec<String>,
        missing: Option<String>,
        #[serde(deserialize_with = "checked")]
        tax_inclusive: bool,
        #[serde(deserialize_with = "upper")]
        currency: String,
    }

    #[test]
    fn forms_keep_repeated_fields_and_trim_values() {
        let fields = Fields::parse(
            b"languages=en&languages=es&name=+Shop+&name=Other&tax_inclusive=&currency=usd",
        );
        let read: Example = fields.read().expect("a form");
        assert_eq!(
            read,
            Example {
                name: "Shop".into(),
                languages: vec!["en".into(), "es".into()],
                missing: None,
                tax_inclusive: true,
                currency: "USD".into(),
            }
        );
        assert_eq!(fields.first("name"), "Shop");
        assert_eq!(fields.first("missing"), "");
        assert!(fields.has("tax_inclusive") && !fields.has("other"));
        let empty: Example = Fields::parse(b"%%%&&=").read().expect("a form");
        assert!(!empty.tax_inclusive && empty.languages.is_empty());
    }
}

//! Reading Make wire bodies: strict JSON (no duplicate keys) and field-by-field checks that
//! report every problem as its own suberror.

use crate::security::secret::Secret;
use crate::wire::error::{Error, Result};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// Parses JSON text, refusing duplicate object keys (which JSON parsers disagree on).
pub fn parse_json(text: &[u8]) -> Result<Value> {
    let mut de = serde_json::Deserializer::from_slice(text);
    let Strict(v) = Strict::deserialize(&mut de).map_err(|e| {
        if e.is_data() {
            Error::bad_request("Malformed JSON: duplicate object key.")
        } else {
            Error::from(e)
        }
    })?;
    de.end()?;
    Ok(v)
}

struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> std::result::Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> std::result::Result<Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> std::result::Result<Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> std::result::Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> std::result::Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> std::result::Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let Strict(v) = map.next_value()?;
            if out.insert(key, v).is_some() {
                return Err(de::Error::custom("duplicate key"));
            }
        }
        Ok(Value::Object(out))
    }
}

/// A JSON object body read field by field. Every problem (missing, null, wrong type, unknown
/// field) is collected; [`Body::finish`] reports them all at once.
pub struct Body {
    map: Map<String, Value>,
    problems: Vec<String>,
    /// How problems name a field: empty at the top, `hashing.` inside `{"hashing":{…}}`.
    prefix: String,
}

/// An integer, or decimal text of one.
fn integer_or_text(v: Value) -> Option<i64> {
    match v {
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'-') => {
            s.parse().ok()
        }
        v => v.as_i64(),
    }
}

impl Body {
    /// Starts reading `v`, which must be a JSON object.
    pub fn new(v: Value) -> Result<Body> {
        match v {
            Value::Object(map) => Ok(Body {
                map,
                problems: Vec::new(),
                prefix: String::new(),
            }),
            _ => Err(Error::bad_request(
                "The request body must be a JSON object.",
            )),
        }
    }

    fn take(&mut self, key: &str, required: bool) -> Option<Value> {
        match self.map.remove(key) {
            None if required => {
                self.complain(key, "is required");
                None
            }
            None => None,
            Some(Value::Null) => {
                self.complain(key, "must not be null");
                None
            }
            Some(v) => Some(v),
        }
    }

    /// Records the problem "'{field}' {what}." for field `key`.
    fn complain(&mut self, key: &str, what: &str) {
        self.problems
            .push(format!("'{}{key}' {what}.", self.prefix));
    }

    /// Field `key` as `read` takes it; `what` is said of it when `read` does not.
    fn typed<T>(
        &mut self,
        key: &str,
        required: bool,
        what: &str,
        read: impl FnOnce(Value) -> Option<T>,
    ) -> Option<T> {
        let value = read(self.take(key, required)?);
        if value.is_none() {
            self.complain(key, what);
        }
        value
    }

    /// A string field.
    pub fn string(&mut self, key: &str, required: bool) -> Option<String> {
        self.typed(key, required, "must be a string", |v| match v {
            Value::String(s) => Some(s),
            _ => None,
        })
    }

    /// A secret string field (a password); wiped on drop.
    pub fn secret(&mut self, key: &str) -> Option<Secret> {
        self.string(key, true).map(Secret::from)
    }

    /// An integer field.
    pub fn integer(&mut self, key: &str, required: bool) -> Option<i64> {
        self.typed(key, required, "must be an integer", |v| v.as_i64())
    }

    /// An integer field that may also come as decimal text, as query-string values do
    /// (`roleId=3`).
    pub fn integer_or_text(&mut self, key: &str, required: bool) -> Option<i64> {
        self.typed(key, required, "must be an integer", integer_or_text)
    }

    /// An array of integers that may come as decimal text (`excludeRole[]=2&excludeRole[]=3`).
    pub fn integers_or_text(&mut self, key: &str) -> Option<Vec<i64>> {
        self.typed(key, false, "must be an array of integers", |v| match v {
            Value::Array(items) => items.into_iter().map(integer_or_text).collect(),
            _ => None,
        })
    }

    /// A boolean field that may also come as text (`confirmed=true`).
    pub fn boolean_or_text(&mut self, key: &str) -> Option<bool> {
        self.typed(key, false, "must be true or false", |v| match v {
            Value::String(s) if s == "true" => Some(true),
            Value::String(s) if s == "false" => Some(false),
            v => v.as_bool(),
        })
    }

    /// An array-of-strings field.
    pub fn strings(&mut self, key: &str, required: bool) -> Option<Vec<String>> {
        self.typed(key, required, "must be an array of strings", |v| match v {
            Value::Array(items) => items
                .into_iter()
                .map(|v| match v {
                    Value::String(s) => Some(s),
                    _ => None,
                })
                .collect(),
            _ => None,
        })
    }

    /// An array field, its items left for the caller to read.
    pub fn array(&mut self, key: &str, required: bool) -> Option<Vec<Value>> {
        self.typed(key, required, "must be an array", |v| match v {
            Value::Array(items) => Some(items),
            _ => None,
        })
    }

    /// A boolean field.
    pub fn boolean(&mut self, key: &str) -> Option<bool> {
        self.typed(key, false, "must be true or false", |v| v.as_bool())
    }

    /// A non-negative integer field that fits `T`.
    pub fn unsigned<T: TryFrom<u64>>(&mut self, key: &str, required: bool) -> Option<T> {
        let Some(n) = self.take(key, required)?.as_u64() else {
            self.complain(key, "must be a non-negative integer");
            return None;
        };
        let value = T::try_from(n).ok();
        if value.is_none() {
            self.complain(key, "is too large");
        }
        value
    }

    /// An object field, read as a body of its own whose problems name their fields
    /// `'{key}.{field}'`; give it back with [`Body::absorb`] when done.
    pub fn object(&mut self, key: &str) -> Option<Body> {
        match self.take(key, false)? {
            Value::Object(map) => Some(Body {
                map,
                problems: Vec::new(),
                prefix: format!("{}{key}.", self.prefix),
            }),
            _ => {
                self.complain(key, "must be an object");
                None
            }
        }
    }

    /// Takes back a body from [`Body::object`]: its problems and unknown fields become ours.
    pub fn absorb(&mut self, inner: Body) {
        self.problems.extend(inner.into_problems());
    }

    /// Adds a problem found by the caller.
    pub fn problem(&mut self, message: String) {
        self.problems.push(message);
    }

    /// Ends reading: unknown fields and every collected problem become one validation error.
    pub fn finish(self) -> Result<()> {
        let problems = self.into_problems();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::validation(problems))
        }
    }

    /// Every collected problem, then one for each field nobody read.
    fn into_problems(mut self) -> Vec<String> {
        for key in self.map.keys() {
            self.problems.push(format!(
                "Unknown field '{}{}'.",
                self.prefix,
                crate::wire::validate::truncate(key)
            ));
        }
        self.problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_keys_are_refused() {
        let e = parse_json(br#"{"a":1,"a":2}"#).unwrap_err();
        assert_eq!(e.detail(), "Malformed JSON: duplicate object key.");
        assert!(parse_json(br#"{"a":{"b":1,"b":1}}"#).is_err());
        assert_eq!(
            parse_json(br#"{"a":[1,{"b":null}]}"#).unwrap(),
            serde_json::json!({"a":[1,{"b":null}]})
        );
    }

    #[test]
    fn deep_nesting_and_trailing_garbage_are_refused() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert_eq!(
            parse_json(deep.as_bytes()).unwrap_err().code(),
            crate::Code::SC400
        );
        assert!(parse_json(b"{} x").is_err());
        assert!(parse_json(b"\xff").is_err());
    }

    #[test]
    fn every_problem_is_reported() {
        let mut b =
            Body::new(parse_json(br#"{"name":null,"timezoneId":"x","extra":1}"#).unwrap()).unwrap();
        assert_eq!(b.string("name", false), None);
        assert_eq!(b.integer("timezoneId", false), None);
        assert_eq!(b.string("language", true), None);
        let e = b.finish().unwrap_err();
        let msgs: Vec<_> = e.suberrors().iter().map(|s| s.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "'name' must not be null.",
                "'timezoneId' must be an integer.",
                "'language' is required.",
                "Unknown field 'extra'."
            ]
        );
    }
}

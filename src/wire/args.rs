//! The arguments of an operation: one JSON object holding its wire body plus its path or query
//! parameters as extra keys (`updateUser` takes `{"userId": 5, "name": "Jane"}`).

use crate::wire::body::Body;
use crate::wire::error::{Error, Result};
use serde_json::{Map, Value};

/// An operation's arguments, read key by key; what is left is the body.
pub(crate) struct Args(Map<String, Value>);

impl Args {
    /// The arguments as given: a JSON object, or `null` for none.
    pub(crate) fn new(args: Value) -> Result<Args> {
        match args {
            Value::Object(map) => Ok(Args(map)),
            Value::Null => Ok(Args(Map::new())),
            _ => Err(Error::bad_request("The arguments must be a JSON object.")),
        }
    }

    /// Takes `key` out as a required positive integer (an id).
    pub(crate) fn id(&mut self, key: &str) -> Result<i64> {
        match self.0.remove(key) {
            Some(Value::Number(n)) if n.as_i64().is_some_and(|v| v > 0) => {
                Ok(n.as_i64().unwrap_or_default())
            }
            Some(_) => Err(Error::validation(vec![format!(
                "'{key}' must be a positive integer."
            )])),
            None => Err(Error::validation(vec![format!("'{key}' is required.")])),
        }
    }

    /// Takes `keys` out as required positive integers (ids) and refuses anything else: the
    /// arguments of an operation that takes ids alone.
    pub(crate) fn ids<const N: usize>(mut self, keys: [&str; N]) -> Result<[i64; N]> {
        let mut ids = [0; N];
        for (id, key) in ids.iter_mut().zip(keys) {
            *id = self.id(key)?;
        }
        self.finish()?;
        Ok(ids)
    }

    /// Adds `more` (a request's body, query or cookie) to the path parameters; a key sent
    /// twice is refused, as the operation's own reader would refuse a field it does not know.
    pub(crate) fn add_all(&mut self, more: Map<String, Value>) -> Result<()> {
        for (key, value) in more {
            if self.0.contains_key(&key) {
                return Err(Error::validation(vec![format!("Unknown field '{key}'.")]));
            }
            self.0.insert(key, value);
        }
        Ok(())
    }

    /// Takes `key` out as it is.
    pub(crate) fn take(&mut self, key: &str) -> Option<Value> {
        self.0.remove(key)
    }

    /// The rest, as the body an operation's own reader checks.
    pub(crate) fn rest(self) -> Value {
        Value::Object(self.0)
    }

    /// The rest, read field by field.
    pub(crate) fn body(self) -> Result<Body> {
        Body::new(self.rest())
    }

    /// Refuses any key left: the operation takes nothing more.
    pub(crate) fn finish(self) -> Result<()> {
        self.body()?.finish()
    }

    /// Reads an all-optional integer-fields object like `{"offset":0,"limit":10}`.
    pub(crate) fn integers<const N: usize>(self, keys: [&str; N]) -> Result<[Option<i64>; N]> {
        let mut b = self.body()?;
        let out = keys.map(|k| b.integer(k, false));
        b.finish()?;
        Ok(out)
    }
}

//! What an operation gives back: its typed body, written as JSON without a JSON tree, and the
//! small bodies several operations share.

use crate::security::secret::Secret;
use crate::wire::error::Result;
use serde::ser::{Serialize, SerializeMap, Serializer};

/// `{"ok":1}`: the body of an operation that has nothing else to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Done;

impl Serialize for Done {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        Named("ok", 1).serialize(s)
    }
}

/// `{"changed":…}`: whether the change took effect now (a password, a confirmed email).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Changed {
    /// True when the change is made.
    pub changed: bool,
}

/// A body of one key: `{"<key>": value}` (`{"organization":{…}}`, `{"ids":[…]}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named<T>(pub &'static str, pub T);

impl<T: Serialize> Serialize for Named<T> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry(self.0, &self.1)?;
        map.end()
    }
}

/// Writes a [`Secret`] as a JSON string: for the few bodies that hand one out (a new session,
/// a new API token, a reset session).
pub(crate) fn expose<S: Serializer>(secret: &Secret, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(secret.expose())
}

/// A typed body, erased: one `to_writer` per body type and no JSON tree.
trait Json {
    fn write(&self, out: &mut Vec<u8>) -> serde_json::Result<()>;
}

impl<T: Serialize> Json for T {
    fn write(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        serde_json::to_writer(out, self)
    }
}

/// The reply of an operation: its body and, for an HTTP answer, the secret its cookie carries
/// (the session token of a login, the reset session).
pub(crate) struct Reply {
    body: Box<dyn Json>,
    cookie: Option<Secret>,
}

impl Reply {
    /// A reply with this body.
    pub(crate) fn new(body: impl Serialize + 'static) -> Reply {
        Reply {
            body: Box::new(body),
            cookie: None,
        }
    }

    /// The same reply, with the secret an HTTP answer sets as a cookie.
    pub(crate) fn with_cookie(mut self, secret: Secret) -> Reply {
        self.cookie = Some(secret);
        self
    }

    /// The cookie's secret, if the operation gave one.
    pub(crate) fn cookie(&self) -> Option<&Secret> {
        self.cookie.as_ref()
    }

    /// The body as JSON bytes, written into a buffer large enough that a body carrying a token
    /// never grows it (growing would free a copy unwiped); the bytes are the caller's to wipe.
    pub(crate) fn into_json(self) -> Result<Vec<u8>> {
        let mut text = Vec::with_capacity(4096);
        self.body.write(&mut text)?;
        Ok(text)
    }
}

//! Every operation by name, with JSON in and JSON out: the one entry point the C and wasm
//! bindings translate to, so no binding repeats the dispatch. The operations are those of
//! [`OPERATIONS`]; the HTTP router reaches them through the same [`run`].
//!
//! `args` is a JSON object: the operation's wire body plus its path or query parameters as
//! extra keys (for example `updateUser` takes `{"userId": 5, "name": "Jane"}`).

use crate::model::Actor;
use crate::wire::args::Args;
use crate::wire::error::{Error, Result};
use crate::wire::operations::Run;
use crate::wire::reply::Reply;
use crate::{Store, http};
use serde_json::Value;

/// Strict JSON for operation arguments: duplicate keys are refused, as in request bodies.
pub use crate::wire::body::parse_json;
pub use crate::wire::operations::{Access, Cookie, Operation, Route, Source};
pub use crate::wire::table::{OPERATIONS, find};

/// Who calls an operation. Acting as the host's system actor is always asked for by name:
/// a missing authorization is [`Caller::Anonymous`], never the system (SPEC section 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller<'a> {
    /// The host itself, with every right. Never reachable over HTTP.
    System,
    /// No credentials: only what needs no caller (login, the reset steps, enums, …); every
    /// other operation answers `SC401`.
    Anonymous,
    /// An `Authorization` header value: `Bearer <session token>` or `Token <API token>`.
    Authorization(&'a str),
}

impl<'a> Caller<'a> {
    /// The caller of a binding's call: an authorization value, or anonymous when there is
    /// none (JavaScript's `null` or `undefined`, C's `NULL`).
    pub fn from_authorization(authorization: Option<&'a str>) -> Caller<'a> {
        authorization.map_or(Caller::Anonymous, Caller::Authorization)
    }

    /// The actor this caller acts as; `None` for an anonymous caller.
    pub fn actor(self, store: &Store) -> Result<Option<Actor>> {
        match self {
            Caller::System => Ok(Some(Actor::System)),
            Caller::Anonymous => Ok(None),
            Caller::Authorization(value) => http::auth_from_header(store, value).map(Some),
        }
    }
}

/// Runs operation `op` as `caller`; the reply as a JSON tree.
pub fn call(store: &Store, caller: Caller<'_>, op: &str, args: Value) -> Result<Value> {
    let mut text = dispatch(store, caller, op, args)?.into_json()?;
    let value = serde_json::from_slice(&text);
    zeroize::Zeroize::zeroize(&mut text);
    Ok(value?)
}

/// [`call`] with the reply as JSON text, which is what the bindings hand on; no JSON tree is
/// built. A reply that carries a token (`login`, `createApiToken`, `openResetSession`) is
/// written into a buffer that never grows; the text returned is the caller's to wipe.
pub fn call_json(store: &Store, caller: Caller<'_>, op: &str, args: Value) -> Result<String> {
    let text = dispatch(store, caller, op, args)?.into_json()?;
    Ok(String::from_utf8(text).expect("serde_json writes UTF-8"))
}

fn dispatch(store: &Store, caller: Caller<'_>, op: &str, args: Value) -> Result<Reply> {
    let actor = caller.actor(store)?;
    let args = Args::new(args)?;
    let op = find(op).ok_or_else(|| {
        Error::not_found(format!(
            "Unknown operation '{}'.",
            crate::wire::validate::truncate(op)
        ))
    })?;
    run(store, actor.as_ref(), op, args)
}

/// Runs `op` as `actor` (`None`: anonymous): the one place every front door (the bindings'
/// `call`, the HTTP router) reaches the operations through, and where access is checked.
pub(crate) fn run(
    store: &Store,
    actor: Option<&Actor>,
    op: &Operation,
    args: Args,
) -> Result<Reply> {
    match (&op.run, actor) {
        (Run::Anyone(run), _) => run(store, args),
        (_, None) => Err(Error::unauthorized()),
        (Run::Caller(run), Some(actor)) => {
            if let Some(scope) = op.scope {
                crate::ops::users::require_scope(actor, scope)?;
            }
            run(store, actor, args)
        }
        (Run::Host(run), Some(Actor::System)) => run(store, args),
        (Run::Host(_), Some(_)) => Err(Error::forbidden("Only the host may do this.")),
    }
}

//! What an operation is: its name, who may run it, its Make route (if any) and the typed
//! [`Store`] method it runs. The operations themselves are declared once, in
//! [`OPERATIONS`](crate::wire::table::OPERATIONS); the by-name `api::call` of the bindings, the
//! HTTP router and the CLI's admin commands all read that one table.

use crate::Store;
use crate::model::Actor;
use crate::wire::args::Args;
use crate::wire::error::Result;
use crate::wire::reply::Reply;

/// One operation.
pub struct Operation {
    /// Its name for `call` (`"updateUser"`), also the wasm class's method name.
    pub name: &'static str,
    /// Its Make route, if it has one; host-only operations have none.
    pub route: Option<Route>,
    /// The API-token scope Make documents for it (`user:read`); a token without it gets
    /// `SC403`. Login sessions and the host hold every scope.
    pub scope: Option<&'static str>,
    pub(crate) run: Run,
}

/// Who may run an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anybody: the operation acts for nobody and ignores credentials (login, the reset
    /// steps, confirming an email change, the enums and roles).
    Anyone,
    /// A caller with credentials (a session or an API token), or the host.
    Caller,
    /// Only the host (the system actor): administration, the outbox, the audit log, the clock.
    Host,
}

/// The typed method an operation runs, by who may run it.
pub(crate) enum Run {
    Anyone(fn(&Store, Args) -> Result<Reply>),
    Caller(fn(&Store, &Actor, Args) -> Result<Reply>),
    Host(fn(&Store, Args) -> Result<Reply>),
}

/// An operation's Make route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub method: &'static str,
    /// The path below `/api/v2`: literal segments, `{name}` for a positive integer id,
    /// `{name:a|b}` for one of the listed words and `{name:*}` for any segment (as text);
    /// each becomes an argument named `name`.
    pub path: &'static str,
    /// Where the other arguments come from.
    pub source: Source,
    /// The cookie the answer sets or clears.
    pub cookie: Cookie,
    /// A credential route (login, the reset steps, password and email changes): throttled per
    /// client before any work (SPEC section 4).
    pub throttled: bool,
}

/// Where a route's arguments come from, besides its path parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Nothing else.
    None,
    /// The query string (repeated `cols[]` gathered into `cols`).
    Query,
    /// One query parameter (the reset link's `hash`), sent empty when absent.
    QueryParameter(&'static str),
    /// The JSON body.
    Body,
    /// The query string and the JSON body (Make's `POST …?cols[]=…` with a body).
    QueryAndBody,
    /// The JSON body, plus the value of a cookie (which must be there) under a key.
    BodyAndCookie(&'static str, &'static str),
}

/// What a route's answer does with cookies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cookie {
    /// Nothing.
    None,
    /// Sets the login session cookie to the reply's token.
    Session,
    /// Clears the login session cookie.
    EndSession,
    /// Sets the reset session cookie to the reply's reset session; the body is then
    /// `{"ok":1}`, so the session is never in a body a page's script can read.
    Reset,
    /// Clears the reset session cookie.
    EndReset,
}

impl Operation {
    /// Who may run it.
    pub fn access(&self) -> Access {
        match self.run {
            Run::Anyone(_) => Access::Anyone,
            Run::Caller(_) => Access::Caller,
            Run::Host(_) => Access::Host,
        }
    }

    /// An operation anybody may run.
    pub(crate) const fn anyone(name: &'static str, run: fn(&Store, Args) -> Result<Reply>) -> Self {
        Operation::new(name, Run::Anyone(run))
    }

    /// An operation for a caller with credentials.
    pub(crate) const fn caller(
        name: &'static str,
        run: fn(&Store, &Actor, Args) -> Result<Reply>,
    ) -> Self {
        Operation::new(name, Run::Caller(run))
    }

    /// An operation for the host only.
    pub(crate) const fn host(name: &'static str, run: fn(&Store, Args) -> Result<Reply>) -> Self {
        Operation::new(name, Run::Host(run))
    }

    const fn new(name: &'static str, run: Run) -> Self {
        Operation {
            name,
            route: None,
            scope: None,
            run,
        }
    }

    /// The same operation, asking API tokens for `scope`.
    pub(crate) const fn scope(self, scope: &'static str) -> Self {
        Operation {
            scope: Some(scope),
            ..self
        }
    }

    /// The same operation at `method path`, with its arguments read from `source`.
    pub(crate) const fn at(self, method: &'static str, path: &'static str, source: Source) -> Self {
        Operation {
            route: Some(Route {
                method,
                path,
                source,
                cookie: Cookie::None,
                throttled: false,
            }),
            ..self
        }
    }

    /// The same operation, its route throttled per client.
    pub(crate) const fn throttled(mut self) -> Self {
        if let Some(route) = &mut self.route {
            route.throttled = true;
        }
        self
    }

    /// The same operation, its route's answer setting or clearing `cookie`.
    pub(crate) const fn cookie(mut self, cookie: Cookie) -> Self {
        if let Some(route) = &mut self.route {
            route.cookie = cookie;
        }
        self
    }
}

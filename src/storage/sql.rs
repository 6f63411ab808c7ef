//! What the storage functions write their SQL with, whatever the backend: statement
//! arguments ([`Arg`], [`args!`]), result rows ([`Row`]) and the values read from them
//! ([`Column`]).
//!
//! Statements are written once, in the SQL that SQLite and PostgreSQL both take, with
//! numbered placeholders (`?1`, `?2`, …) that the PostgreSQL backend renumbers (`$1`, …).
//! Where the two dialects differ, a function picks its text by [`Dialect`].

use crate::model::{OrganizationId, TeamId, UserId};
use crate::wire::error::{Error, Result};

/// The SQL dialect of the backend a transaction runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// SQLite.
    Sqlite,
    /// PostgreSQL.
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    Postgres,
}

impl Dialect {
    /// `sqlite` on SQLite, `postgres` on PostgreSQL.
    pub(crate) fn pick<T>(self, sqlite: T, postgres: T) -> T {
        match self {
            Dialect::Sqlite => sqlite,
            Dialect::Postgres => postgres,
        }
    }
}

/// One argument of a statement.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Arg<'a> {
    /// SQL `NULL`.
    Null,
    /// An integer (ids, times in milliseconds, counts).
    Int(i64),
    /// A boolean: `0`/`1` in SQLite, `boolean` in PostgreSQL.
    Bool(bool),
    /// Text.
    Text(&'a str),
    /// Bytes (digests).
    Blob(&'a [u8]),
}

/// `&[Arg]` from a list of values: `args![user_id, digest, now]`.
macro_rules! args {
    ($($value:expr),* $(,)?) => {
        &[$($crate::storage::sql::Arg::from($value)),*][..]
    };
}
pub(crate) use args;

impl From<i64> for Arg<'_> {
    fn from(v: i64) -> Self {
        Arg::Int(v)
    }
}

impl From<bool> for Arg<'_> {
    fn from(v: bool) -> Self {
        Arg::Bool(v)
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(v: &'a str) -> Self {
        Arg::Text(v)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(v: &'a String) -> Self {
        Arg::Text(v)
    }
}

impl<'a> From<&'a [u8]> for Arg<'a> {
    fn from(v: &'a [u8]) -> Self {
        Arg::Blob(v)
    }
}

impl<'a, T: Into<Arg<'a>>> From<Option<T>> for Arg<'a> {
    fn from(v: Option<T>) -> Self {
        v.map_or(Arg::Null, Into::into)
    }
}

macro_rules! id_arg {
    ($($id:ident),*) => {$(
        impl From<$id> for Arg<'_> {
            fn from(v: $id) -> Self {
                Arg::Int(v.0)
            }
        }
        impl Column for $id {
            fn from_value(v: Value<'_>) -> Option<Self> {
                i64::from_value(v).map($id)
            }
        }
    )*};
}
id_arg!(UserId, OrganizationId, TeamId);

impl rusqlite::ToSql for Arg<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match *self {
            Arg::Null => ValueRef::Null,
            Arg::Int(i) => ValueRef::Integer(i),
            Arg::Bool(b) => ValueRef::Integer(i64::from(b)),
            Arg::Text(s) => ValueRef::Text(s.as_bytes()),
            Arg::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

/// A value as a backend gives it, before it becomes a [`Column`] type.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Value<'a> {
    /// SQL `NULL`.
    Null,
    /// An integer or a boolean (`0`/`1`).
    Int(i64),
    /// Text.
    Text(&'a str),
}

/// A Rust type a result column is read as.
pub(crate) trait Column: Sized {
    /// The value as this type; `None` when it is of another kind.
    fn from_value(v: Value<'_>) -> Option<Self>;
}

impl Column for i64 {
    fn from_value(v: Value<'_>) -> Option<Self> {
        match v {
            Value::Int(i) => Some(i),
            _ => None,
        }
    }
}

impl Column for bool {
    fn from_value(v: Value<'_>) -> Option<Self> {
        i64::from_value(v).map(|i| i != 0)
    }
}

impl Column for String {
    fn from_value(v: Value<'_>) -> Option<Self> {
        match v {
            Value::Text(s) => Some(s.to_owned()),
            _ => None,
        }
    }
}

impl<T: Column> Column for Option<T> {
    fn from_value(v: Value<'_>) -> Option<Self> {
        match v {
            Value::Null => Some(None),
            v => T::from_value(v).map(Some),
        }
    }
}

/// One result row, from either backend.
pub(crate) enum Row<'r> {
    /// A row of an SQLite statement.
    Sqlite(&'r rusqlite::Row<'r>),
    /// A row of a PostgreSQL statement.
    #[cfg(feature = "postgres")]
    Postgres(&'r postgres::Row),
}

impl Row<'_> {
    /// Column `i` as a `T`.
    pub(crate) fn get<T: Column>(&self, i: usize) -> Result<T> {
        let value = match self {
            Row::Sqlite(r) => sqlite_value(r.get_ref(i)?),
            #[cfg(feature = "postgres")]
            Row::Postgres(r) => super::postgres::value(r, i),
        };
        value.and_then(T::from_value).ok_or_else(mismatch)
    }
}

/// An SQLite value as a [`Value`]; `None` for a real or a blob (the store reads neither) or
/// text that is not UTF-8.
fn sqlite_value(v: rusqlite::types::ValueRef<'_>) -> Option<Value<'_>> {
    use rusqlite::types::ValueRef;
    Some(match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Text(t) => Value::Text(std::str::from_utf8(t).ok()?),
        ValueRef::Blob(_) | ValueRef::Real(_) => return None,
    })
}

/// A column that holds another kind of value than the store wrote: a damaged database.
fn mismatch() -> Error {
    Error::storage("The database holds a value of an unexpected type.")
}

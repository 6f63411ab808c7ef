//! Between the store's statements and PostgreSQL's: placeholders, arguments, result values.

use crate::storage::sql::{Arg, Value};
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use std::error::Error as StdError;

/// `sql` with its `?N` placeholders written `$N`. The store's statements number every
/// placeholder and hold no `?` in a literal; text between single quotes is left alone all the
/// same.
pub(crate) fn placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    for c in sql.chars() {
        match c {
            '\'' => quoted = !quoted,
            '?' if !quoted => {
                out.push('$');
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// The arguments as the client takes them.
pub(crate) fn params<'a>(args: &'a [Arg<'a>]) -> Vec<&'a (dyn ToSql + Sync)> {
    args.iter().map(|a| a as &(dyn ToSql + Sync)).collect()
}

impl ToSql for Arg<'_> {
    /// Writes the argument as the type PostgreSQL inferred for its placeholder: the store's
    /// integers go to `bigint` columns, its booleans to `boolean` ones, and each also to the
    /// other's type (SQLite has one integer type for both).
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> Result<IsNull, Box<dyn StdError + Sync + Send>> {
        match *self {
            Arg::Null => Ok(IsNull::Yes),
            Arg::Int(i) => match *ty {
                Type::BOOL => (i != 0).to_sql(ty, out),
                Type::INT4 => i32::try_from(i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(i)?.to_sql(ty, out),
                _ => i.to_sql(ty, out),
            },
            Arg::Bool(b) => match *ty {
                Type::BOOL => b.to_sql(ty, out),
                _ => Arg::Int(i64::from(b)).to_sql(ty, out),
            },
            Arg::Text(s) => s.to_sql(ty, out),
            Arg::Blob(b) => b.to_sql(ty, out),
        }
    }

    fn accepts(ty: &Type) -> bool {
        [Type::INT8, Type::INT4, Type::INT2, Type::BOOL, Type::BYTEA].contains(ty)
            || <&str as ToSql>::accepts(ty)
    }

    to_sql_checked!();
}

/// Column `i` of `row` as a [`Value`]; `None` for a type the store never reads.
pub(crate) fn value(row: &postgres::Row, i: usize) -> Option<Value<'_>> {
    let ty = row.columns().get(i)?.type_().clone();
    let int = |v: Option<i64>| v.map_or(Value::Null, Value::Int);
    Some(match ty {
        Type::INT8 => int(row.try_get::<_, Option<i64>>(i).ok()?),
        Type::INT4 => int(row.try_get::<_, Option<i32>>(i).ok()?.map(i64::from)),
        Type::INT2 => int(row.try_get::<_, Option<i16>>(i).ok()?.map(i64::from)),
        Type::BOOL => int(row.try_get::<_, Option<bool>>(i).ok()?.map(i64::from)),
        _ => match row.try_get::<_, Option<&str>>(i).ok()? {
            Some(s) => Value::Text(s),
            None => Value::Null,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::placeholders;

    #[test]
    fn placeholders_are_renumbered_outside_quotes() {
        assert_eq!(
            placeholders("SELECT 1 FROM t WHERE a = ?1 AND b = '?' AND c IN (?2, ?10)"),
            "SELECT 1 FROM t WHERE a = $1 AND b = '?' AND c IN ($2, $10)"
        );
    }
}

//! Keyset cursors (`pg[last]`): the position just after a listed user, in the listing's sort
//! order, so that the next page starts there in O(log n + page) at any depth.
//!
//! A cursor is the sort key's tag (`i`, `n` or `e`), the user's id and, for the name and
//! email orders, a `.` and the user's lowercase name or email: the membership index's own
//! key. Clients treat it as opaque; a cursor made for another sort key is refused.

use crate::storage::members::{Member, SortKey};

/// Longest cursor accepted, in bytes: a tag, an id and the longest name or email key.
const MAX_LEN: usize = 1024;

/// Where a page begins: after the member with this id and (name or email order) this key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cursor {
    pub id: i64,
    pub key: Option<String>,
}

fn tag(sort: SortKey) -> char {
    match sort {
        SortKey::Id => 'i',
        SortKey::Name => 'n',
        SortKey::Email => 'e',
    }
}

/// The cursor just after `member` in a listing sorted by `sort`, made of the sort key the
/// membership index holds (the order the next page continues), not one computed again.
pub(crate) fn after(sort: SortKey, member: &Member) -> String {
    Cursor {
        id: member.user.id.0,
        key: member.key.clone(),
    }
    .text(sort)
}

impl Cursor {
    /// The cursor's text in a listing sorted by `sort`: what [`parse`] reads back.
    pub(crate) fn text(&self, sort: SortKey) -> String {
        let mut text = String::from(tag(sort));
        text.push_str(&self.id.to_string());
        if let (SortKey::Name | SortKey::Email, Some(key)) = (sort, &self.key) {
            text.push('.');
            text.push_str(key);
        }
        text
    }
}

/// The cursor `text` of a listing sorted by `sort`; `None` when it is not one.
pub(crate) fn parse(sort: SortKey, text: &str) -> Option<Cursor> {
    if text.len() > MAX_LEN {
        return None;
    }
    let rest = text.strip_prefix(tag(sort))?;
    let (id, key) = match (sort, rest.split_once('.')) {
        (SortKey::Id, None) => (rest, None),
        // No control character: no name or email key holds one (PostgreSQL refuses NUL).
        (SortKey::Name | SortKey::Email, Some((id, key))) if !key.chars().any(char::is_control) => {
            (id, Some(key.to_owned()))
        }
        _ => return None,
    };
    // Digits only: `parse` would take a sign.
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(Cursor {
        id: id.parse().ok().filter(|&id| id > 0)?,
        key,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_name_their_sort_key_and_round_trip() {
        let member = |key: Option<&str>| Member {
            user: crate::model::UserRecord {
                id: crate::model::UserId(42),
                name: "Ada LOVELACE. Jr".into(),
                email: "Ada.Lovelace@Example.com".into(),
                language: "en".into(),
                timezone_id: 1,
                locale_id: 1,
                country_id: None,
                features: "{}".into(),
                avatar: None,
                created_at: 0,
                last_login: None,
                password_hash: None,
                force_set_password: false,
                tfa_enabled: false,
            },
            role: 13,
            key: key.map(str::to_owned),
        };
        let by_name = member(Some("ada lovelace. jr"));
        let by_email = member(Some("ada.lovelace@example.com"));
        assert_eq!(after(SortKey::Id, &member(None)), "i42");
        assert_eq!(after(SortKey::Name, &by_name), "n42.ada lovelace. jr");
        assert_eq!(
            after(SortKey::Email, &by_email),
            "e42.ada.lovelace@example.com"
        );
        for (sort, m) in [
            (SortKey::Id, member(None)),
            (SortKey::Name, by_name),
            (SortKey::Email, by_email),
        ] {
            let cursor = parse(sort, &after(sort, &m)).unwrap();
            assert_eq!((cursor.id, cursor.key), (42, m.key));
        }
    }

    #[test]
    fn anything_else_is_no_cursor() {
        for (sort, text) in [
            (SortKey::Name, "i42"),
            (SortKey::Id, "n42.ada"),
            (SortKey::Id, "i42.ada"),
            (SortKey::Name, "n42"),
            (SortKey::Name, "n.ada"),
            (SortKey::Id, "i+42"),
            (SortKey::Id, "i-1"),
            (SortKey::Id, "i0"),
            (SortKey::Id, "i99999999999999999999"),
            (SortKey::Id, ""),
            (SortKey::Email, "e1' OR 1=1 --"),
            (SortKey::Name, "n1.a\u{0}b"),
            (SortKey::Name, "n1.a\nb"),
        ] {
            assert_eq!(parse(sort, text), None, "{text}");
        }
        let long = format!("n1.{}", "a".repeat(MAX_LEN));
        assert_eq!(parse(SortKey::Name, &long), None);
        // A key may hold any text, SQL metacharacters included: it is a bound value.
        let odd = parse(SortKey::Email, "e1.' or 1=1 --").unwrap();
        assert_eq!(odd.key.as_deref(), Some("' or 1=1 --"));
    }
}

//! Keyset paging of `GET /users` (`pg[showLast]`, `pg[last]`): the same rows in the same
//! order as the offset listing, on every sort key and direction, across inserts and renames
//! between pages; the echoed `pg`; invalid cursors; index-driven plans.

mod common;

use common::*;
use serde_json::{Value, json};
use userstore::{Actor, ListUsers, OrganizationId, UserId, UserPatch};

/// Organization 1 with team 1. Users 1..=17 are members of the organization, the odd ones of
/// the team too. Names and emails repeat, in other letter cases, so that ties are broken by
/// id; the name order differs from the id and email orders.
fn fixture() -> Env {
    let e = env();
    let s = &e.store;
    let org = s.create_organization("Acme").unwrap();
    let team = s.create_team(org.id, "Ops").unwrap();
    for i in 1..=17 {
        let name = ["Mia", "ada", "Zed", "Ada", "bob", "Émile", "mia", "Carl"][i % 8];
        let email = format!("{}{}@Example.com", ["x", "A", "m"][i % 3], i);
        let id = e.user(name, &email, None);
        s.set_organization_role(org.id, id, 13).unwrap();
        if i % 2 == 1 {
            s.set_team_role(team.id, id, 3).unwrap();
        }
    }
    e
}

/// Every user of the listing `base`, in order, in one offset page.
fn everyone(e: &Env, base: &[(&str, &str)]) -> Vec<i64> {
    let mut pairs = base.to_vec();
    pairs.extend([("pg[limit]", "10000"), ("cols[]", "id")]);
    ids(&list(e, &pairs))
}

/// One keyset page of `base`: its ids and its `pg.last`.
fn keyset_page(
    e: &Env,
    base: &[(&str, &str)],
    last: Option<&str>,
    limit: &str,
) -> (Vec<i64>, Value) {
    let mut pairs = base.to_vec();
    pairs.extend([("pg[limit]", limit), ("cols[]", "id")]);
    match last {
        Some(last) => pairs.push(("pg[last]", last)),
        None => pairs.push(("pg[showLast]", "true")),
    }
    let page = list(e, &pairs);
    (ids(&page), page["pg"]["last"].clone())
}

/// Every listing shape of the fixture: scope, sort key, direction and filters.
fn shapes() -> Vec<Vec<(&'static str, &'static str)>> {
    let mut out = Vec::new();
    for scope in [("organizationId", "1"), ("teamId", "1")] {
        for by in ["id", "name", "email"] {
            for dir in ["asc", "desc"] {
                let role = if scope.0 == "teamId" {
                    ("teamRoleId", "3")
                } else {
                    ("organizationRoleId", "13")
                };
                let filters: [&[(&str, &str)]; 5] = [
                    &[],
                    &[("name", "a")],
                    &[("email", "a1")],
                    &[role, ("tfaStatus", "0")],
                    &[("name", "a"), ("email", "e"), role],
                ];
                for filter in filters {
                    let mut p = vec![scope, ("pg[sortBy]", by), ("pg[sortDir]", dir)];
                    p.extend(filter);
                    out.push(p);
                }
                if scope.0 == "organizationId" {
                    for team in ["1", "0"] {
                        out.push(vec![
                            scope,
                            ("pg[sortBy]", by),
                            ("pg[sortDir]", dir),
                            ("filterByTeamId", team),
                        ]);
                    }
                }
            }
        }
    }
    out
}

#[test]
fn keyset_pages_are_the_offset_pages_on_every_key_and_direction() {
    let e = fixture();
    for base in shapes() {
        let all = everyone(&e, &base);
        for limit in ["1", "3", "4"] {
            let (mut seen, mut last) = (Vec::new(), None::<String>);
            loop {
                let (page, next) = keyset_page(&e, &base, last.as_deref(), limit);
                // The same rows, in the same order, as the offset page at that position.
                let offset = seen.len().to_string();
                let mut pairs = base.clone();
                pairs.extend([("pg[offset]", offset.as_str()), ("pg[limit]", limit)]);
                assert_eq!(
                    page,
                    ids(&list(&e, &pairs)),
                    "{base:?} limit {limit} after {last:?}"
                );
                if page.is_empty() {
                    // An empty page echoes the cursor it was given, to ask again later.
                    assert_eq!(next.as_str(), last.as_deref(), "{base:?}");
                    break;
                }
                seen.extend(page);
                last = Some(next.as_str().unwrap().to_owned());
            }
            assert_eq!(seen, all, "{base:?} limit {limit}");
        }
    }
}

fn rename(e: &Env, id: i64, name: &str) {
    let patch = UserPatch {
        name: Some(name.into()),
        ..Default::default()
    };
    e.store
        .update_user(&Actor::System, UserId(id), &patch)
        .unwrap();
}

#[test]
fn a_keyset_page_starts_after_its_cursor_across_inserts_and_renames() {
    for dir in ["asc", "desc"] {
        let e = fixture();
        let base = [
            ("organizationId", "1"),
            ("pg[sortBy]", "name"),
            ("pg[sortDir]", dir),
        ];
        let (first, last) = keyset_page(&e, &base, None, "5");
        let cursor_user = *first.last().unwrap();
        // Between the pages: users join on both sides of the cursor, a listed user is
        // renamed past it, an unlisted one before it.
        for name in ["Aardvark", "Zulu", "Mia"] {
            let id = e.user(name, &format!("{name}@example.org"), None);
            e.store
                .set_organization_role(OrganizationId(1), id, 13)
                .unwrap();
        }
        let (before, after) = if dir == "asc" {
            ("AAA", "zzz")
        } else {
            ("zzz", "AAA")
        };
        rename(&e, first[0], after);
        let unlisted = *everyone(&e, &base)
            .iter()
            .rfind(|id| !first.contains(id))
            .unwrap();
        rename(&e, unlisted, before);

        // The next page is the fresh offset listing's rows after the cursor's user, who did
        // not move; the renamed listed user comes again, the renamed unlisted one does not.
        let now = everyone(&e, &base);
        let at = now.iter().position(|&id| id == cursor_user).unwrap();
        let (second, _) = keyset_page(&e, &base, last.as_str(), "100");
        assert_eq!(second, now[at + 1..], "{dir}");
        assert!(
            second.contains(&first[0]) && !second.contains(&unlisted),
            "{dir}"
        );
    }
}

#[test]
fn keyset_paging_echoes_last_and_show_last_instead_of_offset() {
    let e = fixture();
    // Names in ascending order: ada 1, Ada 3, ada 9, Ada 11, ada 17, bob 4, …
    let base = [
        ("organizationId", "1"),
        ("pg[sortBy]", "name"),
        ("pg[sortDir]", "asc"),
    ];
    let mut pairs = base.to_vec();
    pairs.extend([
        ("pg[limit]", "2"),
        ("pg[showLast]", "true"),
        ("cols[]", "name"),
    ]);
    assert_eq!(
        list(&e, &pairs),
        json!({
            "users": [{"name": "ada"}, {"name": "Ada"}],
            "pg": {"sortBy": "name", "sortDir": "asc", "limit": 2, "last": "n3.ada", "showLast": true}
        })
    );
    let mut pairs = base.to_vec();
    pairs.extend([("pg[limit]", "3"), ("pg[last]", "n3.ada"), ("cols[]", "id")]);
    assert_eq!(
        list(&e, &pairs),
        json!({
            "users": [{"id": 9}, {"id": 11}, {"id": 17}],
            "pg": {"sortBy": "name", "sortDir": "asc", "limit": 3, "last": "n17.ada", "showLast": true}
        })
    );
    // Ids and emails.
    let by_id = [
        ("organizationId", "1"),
        ("pg[limit]", "2"),
        ("pg[showLast]", "true"),
        ("cols[]", "id"),
    ];
    assert_eq!(
        list(&e, &by_id),
        json!({
            "users": [{"id": 17}, {"id": 16}],
            "pg": {"sortBy": "id", "sortDir": "desc", "limit": 2, "last": "i16", "showLast": true}
        })
    );
    let by_email = [
        ("organizationId", "1"),
        ("pg[sortBy]", "email"),
        ("pg[limit]", "1"),
        ("pg[showLast]", "true"),
        ("cols[]", "email"),
    ];
    assert_eq!(
        list(&e, &by_email),
        json!({
            "users": [{"email": "x9@Example.com"}],
            "pg": {"sortBy": "email", "sortDir": "desc", "limit": 1, "last": "e9.x9@example.com", "showLast": true}
        })
    );
    // Past the end: the cursor given; no member at all: null.
    assert_eq!(
        list(&e, &[("organizationId", "1"), ("pg[last]", "i1")]),
        json!({"users": [], "pg": {"sortBy": "id", "sortDir": "desc", "limit": 10, "last": "i1", "showLast": true}})
    );
    let empty = e.store.create_organization("Empty").unwrap();
    let id = empty.id.0.to_string();
    assert_eq!(
        list(&e, &[("organizationId", &id), ("pg[showLast]", "true")]),
        json!({"users": [], "pg": {"sortBy": "id", "sortDir": "desc", "limit": 10, "last": null, "showLast": true}})
    );
    // `pg[showLast]=false` is offset paging.
    assert_eq!(
        list(&e, &[("organizationId", &id), ("pg[showLast]", "false")]),
        json!({"users": [], "pg": {"sortBy": "id", "sortDir": "desc", "offset": 0, "limit": 10}})
    );
}

#[test]
fn an_invalid_cursor_is_a_400_that_names_the_sort_key() {
    let e = fixture();
    let by_name = |last: &str| {
        list_err(
            &e,
            &[
                ("organizationId", "1"),
                ("pg[sortBy]", "name"),
                ("pg[last]", last),
            ],
        )
    };
    let refused = validation(&["'pg[last]' must be the 'last' of a listing sorted by name."]);
    let long = format!("n1.{}", "a".repeat(2000));
    for bad in [
        "i4",
        "e4.ada",
        "n4",
        "n-4.ada",
        "nx.ada",
        "",
        "n4.ada' OR 1=1 --x",
        &long,
    ] {
        // A cursor's key is a bound value, never SQL: only the shape is refused. (Descending:
        // the first name before "ada' or 1=1 --x" is ada 17's.)
        if bad.starts_with("n4.ada'") {
            let mut pairs = vec![
                ("organizationId", "1"),
                ("pg[sortBy]", "name"),
                ("pg[last]", bad),
            ];
            pairs.push(("pg[limit]", "1"));
            assert_eq!(ids(&list(&e, &pairs)), [17], "{bad}");
            continue;
        }
        assert_eq!(by_name(bad), refused, "{bad:?}");
    }
    assert_eq!(
        list_err(&e, &[("organizationId", "1"), ("pg[last]", "n4.ada")]),
        validation(&["'pg[last]' must be the 'last' of a listing sorted by id."])
    );
    assert_eq!(
        list_err(
            &e,
            &[
                ("organizationId", "1"),
                ("pg[last]", "i4"),
                ("pg[offset]", "0")
            ]
        ),
        validation(&[
            "Keyset paging ('pg[last]', 'pg[showLast]') and 'pg[offset]' cannot be used together."
        ])
    );
    assert_eq!(
        list_err(
            &e,
            &[
                ("organizationId", "1"),
                ("pg[showLast]", "true"),
                ("pg[offset]", "2")
            ]
        ),
        validation(&[
            "Keyset paging ('pg[last]', 'pg[showLast]') and 'pg[offset]' cannot be used together."
        ])
    );
    // No control character: PostgreSQL would refuse a NUL as a storage failure.
    for bad in ["n4.a\u{0}da", "n4.a\nda"] {
        assert_eq!(by_name(bad), refused, "{bad:?}");
    }
    for show in ["yes", "1", "TRUE"] {
        assert_eq!(
            list_err(&e, &[("organizationId", "1"), ("pg[showLast]", show)]),
            validation(&["'pg[showLast]' must be true when 'pg[last]' is given, or false."])
        );
    }
    assert_eq!(
        list_err(
            &e,
            &[
                ("organizationId", "1"),
                ("pg[last]", "i4"),
                ("pg[showLast]", "false")
            ]
        ),
        validation(&["'pg[showLast]' must be true when 'pg[last]' is given, or false."])
    );
}

#[test]
fn the_json_form_takes_last_and_show_last() {
    let e = fixture();
    let query = |pg: Value| {
        let q = ListUsers::from_json(&json!({"teamId": 1, "cols": ["id"], "pg": pg})).unwrap();
        e.store.list_users(&Actor::System, &q).unwrap().wire()
    };
    assert_eq!(
        query(json!({"sortDir": "asc", "limit": 2, "showLast": true})),
        json!({"users": [{"id": 1}, {"id": 3}], "pg": {"sortBy": "id", "sortDir": "asc", "limit": 2, "last": "i3", "showLast": true}})
    );
    // A `null` member is absent: the `last` of an empty first page may be passed back.
    assert_eq!(
        query(
            json!({"sortDir": "asc", "limit": 2, "last": null, "showLast": true, "offset": null})
        ),
        query(json!({"sortDir": "asc", "limit": 2, "showLast": true}))
    );
    assert_eq!(
        query(json!({"sortDir": "asc", "limit": 2, "last": "i3"})),
        json!({"users": [{"id": 5}, {"id": 7}], "pg": {"sortBy": "id", "sortDir": "asc", "limit": 2, "last": "i7", "showLast": true}})
    );
}

#[test]
fn a_keyset_page_is_a_range_search_of_the_sort_keys_index() {
    if backend::sqlite_only("SQLite's query plans (EXPLAIN QUERY PLAN)") {
        return;
    }
    let e = fixture();
    for (scope, table) in [
        ("organizationId", "organization_members"),
        ("teamId", "team_members"),
    ] {
        for (by, last, search) in [
            (
                "id",
                "i4",
                format!("({}=? AND user_id<?)", scope_column(scope)),
            ),
            (
                "name",
                "n4.ada",
                format!(
                    "INDEX {table}_by_name ({}=? AND (name_key,user_id)<(?,?))",
                    scope_column(scope)
                ),
            ),
            (
                "email",
                "e4.a4@example.com",
                format!(
                    "INDEX {table}_by_email ({}=? AND (email_key,user_id)<(?,?))",
                    scope_column(scope)
                ),
            ),
        ] {
            let query = q(&[(scope, "1"), ("pg[sortBy]", by), ("pg[last]", last)]);
            let plan = e.store.explain_list_users(&query).unwrap();
            assert_eq!(plan.len(), 4, "{plan:#?}");
            assert_eq!(plan[0], "CO-ROUTINE p");
            assert!(
                plan[1].starts_with("SEARCH m USING ") && plan[1].ends_with(&search),
                "{by}: {plan:#?}"
            );
            assert_eq!(
                plan[2..],
                ["SCAN p", "SEARCH u USING INTEGER PRIMARY KEY (rowid=?)"]
            );
        }
    }
}

fn scope_column(scope: &str) -> &'static str {
    if scope == "teamId" {
        "team_id"
    } else {
        "organization_id"
    }
}

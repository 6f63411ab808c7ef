//! `GET /users` (SPEC section 3): scope, filters and their dependency errors, sorting with
//! stable ties, offset/limit bounds, columns, authorization, the echoed `pg`, and index-driven
//! query plans.

mod common;

use common::*;
use serde_json::{Value, json};
use userstore::{Actor, ListUsers, NewApiToken};
use userstore::{OrganizationId, UserId};

/// Organization 1 "Acme" with teams 1 "Ops" and 2 "Empty"; organization 2 "Other".
///
/// | id | name      | email             | Acme role     | team Ops role |
/// |----|-----------|-------------------|---------------|---------------|
/// | 1  | Zoe Owner | zoe@example.com   | 11 Owner      | 1             |
/// | 2  | ada       | ada.b@example.com | 13 Member     | 3             |
/// | 3  | Bob       | bob@example.com   | 12 Admin      | —             |
/// | 4  | Ada       | ada.a@example.com | 13 Member     | 2             |
/// | 5  | Carl      | Carl@Example.com  | 14 Accountant | —             |
/// | 6  | Outsider  | out@example.com   | — (Other: 13) | —             |
fn fixture() -> Env {
    let e = env();
    let s = &e.store;
    let acme = s.create_organization("Acme").unwrap();
    let other = s.create_organization("Other").unwrap();
    let ops = s.create_team(acme.id, "Ops").unwrap();
    s.create_team(acme.id, "Empty").unwrap();
    assert_eq!((acme.id.0, other.id.0, ops.id.0), (1, 2, 1));
    let people = [
        ("Zoe Owner", "zoe@example.com"),
        ("ada", "ada.b@example.com"),
        ("Bob", "bob@example.com"),
        ("Ada", "ada.a@example.com"),
        ("Carl", "Carl@Example.com"),
        ("Outsider", "out@example.com"),
    ];
    for (i, (name, email)) in people.iter().enumerate() {
        assert_eq!(e.user(name, email, Some(PW)), UserId(i as i64 + 1));
    }
    for (user, role) in [(1, 11), (2, 13), (3, 12), (4, 13), (5, 14)] {
        s.set_organization_role(acme.id, UserId(user), role)
            .unwrap();
    }
    s.set_organization_role(other.id, UserId(6), 13).unwrap();
    for (user, role) in [(1, 1), (2, 3), (4, 2)] {
        s.set_team_role(ops.id, UserId(user), role).unwrap();
    }
    e
}

const EMAILS: [&str; 6] = [
    "zoe@example.com",
    "ada.b@example.com",
    "bob@example.com",
    "ada.a@example.com",
    "Carl@Example.com",
    "out@example.com",
];
const NAMES: [&str; 6] = ["Zoe Owner", "ada", "Bob", "Ada", "Carl", "Outsider"];

/// User `id` with the default columns.
fn default_user(id: i64) -> Value {
    let i = id as usize - 1;
    json!({
        "id": id,
        "name": NAMES[i],
        "email": EMAILS[i],
        "language": "en",
        "timezoneId": 150,
        "localeId": 248,
        "countryId": common::user_fields::US,
        "features": {},
        "avatar": common::user_fields::avatar(EMAILS[i])
    })
}

fn ids_of(e: &Env, pairs: &[(&str, &str)]) -> Vec<i64> {
    ids(&list(e, pairs))
}

#[test]
fn default_listing_is_id_desc_ten_default_columns_and_echoes_pg() {
    let e = fixture();
    assert_eq!(
        list(&e, &[("organizationId", "1")]),
        json!({
            "users": ([5, 4, 3, 2, 1].map(default_user)),
            "pg": {"sortBy": "id", "sortDir": "desc", "offset": 0, "limit": 10}
        })
    );
    assert_eq!(
        list(&e, &[("teamId", "1")]),
        json!({
            "users": ([4, 2, 1].map(default_user)),
            "pg": {"sortBy": "id", "sortDir": "desc", "offset": 0, "limit": 10}
        })
    );
    assert_eq!(
        list(&e, &[("teamId", "2")]),
        json!({"users": [], "pg": {"sortBy": "id", "sortDir": "desc", "offset": 0, "limit": 10}})
    );
}

#[test]
fn default_limit_is_ten() {
    let e = env();
    let org = e.store.create_organization("Big").unwrap();
    for i in 0..12 {
        let id = e.user(&format!("User {i}"), &format!("u{i}@example.com"), None);
        e.store.set_organization_role(org.id, id, 13).unwrap();
    }
    assert_eq!(
        ids_of(&e, &[("organizationId", "1")]),
        (3..=12).rev().collect::<Vec<_>>()
    );
}

#[test]
fn scope_errors_use_makes_messages() {
    let e = fixture();
    assert_eq!(
        list_err(&e, &[("teamId", "1"), ("organizationId", "1")]),
        bad_request("teamId and organizationId cannot be used together")
    );
    assert_eq!(
        list_err(&e, &[]),
        bad_request("Missing required parameter teamId or organizationId")
    );
    assert_eq!(
        list_err(&e, &[("name", "ada")]),
        bad_request("Missing required parameter teamId or organizationId")
    );
    assert_eq!(
        list_err(&e, &[("teamId", "x")]),
        validation(&["'teamId' must be an integer."])
    );
    assert_eq!(
        list_err(&e, &[("organizationId", "")]),
        validation(&["'organizationId' must be an integer."])
    );
    assert_eq!(
        list_err(&e, &[("organizationId", "99")]),
        not_found("Organization 99 not found.")
    );
    assert_eq!(
        list_err(&e, &[("teamId", "99")]),
        not_found("Team 99 not found.")
    );
}

#[test]
fn name_filter_is_a_case_insensitive_substring() {
    let e = fixture();
    assert_eq!(
        ids_of(&e, &[("organizationId", "1"), ("name", "ADA")]),
        [4, 2]
    );
    assert_eq!(
        ids_of(&e, &[("organizationId", "1"), ("name", "o")]),
        [3, 1]
    );
    assert_eq!(ids_of(&e, &[("organizationId", "1"), ("name", "e o")]), [1]);
    assert_eq!(ids_of(&e, &[("teamId", "1"), ("name", "a")]), [4, 2]);
    assert_eq!(
        ids_of(&e, &[("organizationId", "1"), ("name", "outsider")]),
        Vec::<i64>::new(),
        "members of other organizations never show"
    );
    assert_eq!(
        ids_of(&e, &[("organizationId", "1"), ("name", "")]),
        [5, 4, 3, 2, 1],
        "an empty filter filters nothing"
    );
    assert_eq!(
        ids_of(&e, &[("organizationId", "1"), ("name", "%")]),
        Vec::<i64>::new(),
        "no wildcards"
    );
}

#[test]
fn email_filter_is_a_case_insensitive_substring() {
    let e = fixture();
    assert_eq!(
        ids_of(&e, &[("organizationId", "1"), ("email", "EXAMPLE.COM")]),
        [5, 4, 3, 2, 1]
    );
    assert_eq!(
        ids_of(&e, &[("organizationId", "1"), ("email", "ada.")]),
        [4, 2]
    );
    assert_eq!(
        ids_of(&e, &[("organizationId", "1"), ("email", "carl@")]),
        [5]
    );
    assert_eq!(ids_of(&e, &[("teamId", "1"), ("email", "b")]), [2]);
    assert_eq!(
        ids_of(&e, &[("organizationId", "1"), ("email", "_")]),
        Vec::<i64>::new(),
        "no wildcards"
    );
    assert_eq!(
        ids_of(
            &e,
            &[("organizationId", "1"), ("name", "a"), ("email", "ada.b")]
        ),
        [2],
        "filters combine"
    );
}

#[test]
fn team_role_filter_needs_team_id() {
    let e = fixture();
    assert_eq!(ids_of(&e, &[("teamId", "1"), ("teamRoleId", "3")]), [2]);
    assert_eq!(ids_of(&e, &[("teamId", "1"), ("teamRoleId", "1")]), [1]);
    assert_eq!(
        ids_of(&e, &[("teamId", "1"), ("teamRoleId", "5")]),
        Vec::<i64>::new()
    );
    assert_eq!(
        list_err(&e, &[("organizationId", "1"), ("teamRoleId", "3")]),
        bad_request("teamRoleId can be used only together with teamId")
    );
    assert_eq!(
        list_err(&e, &[("teamId", "1"), ("teamRoleId", "13")]),
        validation(&["'teamRoleId' must be a team role id (got 13)."])
    );
    assert_eq!(
        list_err(&e, &[("teamId", "1"), ("teamRoleId", "three")]),
        validation(&["'teamRoleId' must be an integer."])
    );
}

#[test]
fn organization_role_filter_needs_organization_id() {
    let e = fixture();
    assert_eq!(
        ids_of(&e, &[("organizationId", "1"), ("organizationRoleId", "13")]),
        [4, 2]
    );
    assert_eq!(
        ids_of(&e, &[("organizationId", "1"), ("organizationRoleId", "11")]),
        [1]
    );
    assert_eq!(
        list_err(&e, &[("teamId", "1"), ("organizationRoleId", "13")]),
        bad_request("organizationRoleId can be used only together with organizationId")
    );
    assert_eq!(
        list_err(&e, &[("organizationId", "1"), ("organizationRoleId", "3")]),
        validation(&["'organizationRoleId' must be an organization role id (got 3)."])
    );
}

#[test]
fn each_sort_key_and_direction_breaks_ties_by_id_the_same_way() {
    let e = fixture();
    let sorted = |by: &str, dir: &str| {
        ids_of(
            &e,
            &[
                ("organizationId", "1"),
                ("pg[sortBy]", by),
                ("pg[sortDir]", dir),
            ],
        )
    };
    // "ada" (2) and "Ada" (4) have the same sort key: id breaks the tie in the same direction.
    assert_eq!(sorted("name", "asc"), [2, 4, 3, 5, 1]);
    assert_eq!(sorted("name", "desc"), [1, 5, 3, 4, 2]);
    assert_eq!(sorted("email", "asc"), [4, 2, 3, 5, 1]);
    assert_eq!(sorted("email", "desc"), [1, 5, 3, 2, 4]);
    assert_eq!(sorted("id", "asc"), [1, 2, 3, 4, 5]);
    assert_eq!(sorted("id", "desc"), [5, 4, 3, 2, 1]);
    let team = |by: &str, dir: &str| {
        ids_of(
            &e,
            &[("teamId", "1"), ("pg[sortBy]", by), ("pg[sortDir]", dir)],
        )
    };
    assert_eq!(team("name", "asc"), [2, 4, 1]);
    assert_eq!(team("name", "desc"), [1, 4, 2]);
    assert_eq!(team("email", "asc"), [4, 2, 1]);
    assert_eq!(team("email", "desc"), [1, 2, 4]);
    // Direction alone defaults the key to id; key alone defaults the direction to desc.
    assert_eq!(
        list(&e, &[("organizationId", "1"), ("pg[sortDir]", "asc")]),
        json!({"users": ([1, 2, 3, 4, 5].map(default_user)), "pg": {"sortBy": "id", "sortDir": "asc", "offset": 0, "limit": 10}})
    );
    assert_eq!(
        list(&e, &[("organizationId", "1"), ("pg[sortBy]", "name")])["pg"],
        json!({"sortBy": "name", "sortDir": "desc", "offset": 0, "limit": 10})
    );
}

#[test]
fn sorting_follows_a_renamed_user() {
    let e = fixture();
    let patch = userstore::UserPatch {
        name: Some("Aaron".into()),
        ..Default::default()
    };
    e.store
        .update_user(&Actor::System, UserId(1), &patch)
        .unwrap();
    assert_eq!(
        ids_of(
            &e,
            &[
                ("teamId", "1"),
                ("pg[sortBy]", "name"),
                ("pg[sortDir]", "asc")
            ]
        ),
        [1, 2, 4]
    );
}

#[test]
fn a_control_character_in_a_filter_is_refused() {
    // No name or email holds one; PostgreSQL refuses a NUL in text outright.
    let e = fixture();
    for term in ["a\u{0}b", "line\nbreak"] {
        assert_eq!(
            list_err(
                &e,
                &[("organizationId", "1"), ("name", term), ("email", term)]
            ),
            validation(&[
                "'name' must not contain control characters.",
                "'email' must not contain control characters."
            ]),
            "{term:?}"
        );
    }
}

#[test]
fn unknown_sort_key_or_direction_is_refused() {
    let e = fixture();
    assert_eq!(
        list_err(&e, &[("organizationId", "1"), ("pg[sortBy]", "createdAt")]),
        validation(&["'pg[sortBy]' must be one of id, name, email."])
    );
    assert_eq!(
        list_err(&e, &[("organizationId", "1"), ("pg[sortBy]", "NAME")]),
        validation(&["'pg[sortBy]' must be one of id, name, email."])
    );
    assert_eq!(
        list_err(&e, &[("organizationId", "1"), ("pg[sortDir]", "up")]),
        validation(&["'pg[sortDir]' must be asc or desc."])
    );
}

#[test]
fn offset_and_limit_page_through_and_are_echoed() {
    let e = fixture();
    let page = list(
        &e,
        &[
            ("organizationId", "1"),
            ("pg[sortBy]", "name"),
            ("pg[sortDir]", "asc"),
            ("pg[offset]", "1"),
            ("pg[limit]", "2"),
            ("cols[]", "id"),
        ],
    );
    assert_eq!(
        page,
        json!({"users": [{"id": 4}, {"id": 3}], "pg": {"sortBy": "name", "sortDir": "asc", "offset": 1, "limit": 2}})
    );
    assert_eq!(
        list(
            &e,
            &[
                ("organizationId", "1"),
                ("pg[offset]", "0"),
                ("cols[]", "id")
            ]
        ),
        json!({"users": ([5, 4, 3, 2, 1].map(|id| json!({"id": id}))), "pg": {"sortBy": "id", "sortDir": "desc", "offset": 0, "limit": 10}})
    );
    assert_eq!(
        list(&e, &[("organizationId", "1"), ("pg[offset]", "5")]),
        json!({"users": [], "pg": {"sortBy": "id", "sortDir": "desc", "offset": 5, "limit": 10}})
    );
    assert_eq!(
        list(
            &e,
            &[
                ("organizationId", "1"),
                ("pg[offset]", "4"),
                ("pg[limit]", "1")
            ]
        ),
        json!({"users": [default_user(1)], "pg": {"sortBy": "id", "sortDir": "desc", "offset": 4, "limit": 1}})
    );
}

#[test]
fn limit_bounds_are_1_and_10000() {
    let e = fixture();
    let bad = validation(&["'pg[limit]' must be between 1 and 10000."]);
    assert_eq!(
        list_err(&e, &[("organizationId", "1"), ("pg[limit]", "0")]),
        bad
    );
    assert_eq!(
        list_err(&e, &[("organizationId", "1"), ("pg[limit]", "10001")]),
        bad
    );
    assert_eq!(
        list_err(&e, &[("organizationId", "1"), ("pg[limit]", "-1")]),
        bad
    );
    assert_eq!(
        list(&e, &[("organizationId", "1"), ("pg[limit]", "10000")])["pg"],
        json!({"sortBy": "id", "sortDir": "desc", "offset": 0, "limit": 10000})
    );
    assert_eq!(
        ids_of(&e, &[("organizationId", "1"), ("pg[limit]", "1")]),
        [5]
    );
    for junk in ["ten", "1.5", "1e3", "0x10", "", "99999999999999999999"] {
        assert_eq!(
            list_err(&e, &[("organizationId", "1"), ("pg[limit]", junk)]),
            validation(&["'pg[limit]' must be an integer."]),
            "{junk:?}"
        );
    }
}

#[test]
fn offset_must_be_a_whole_number() {
    let e = fixture();
    assert_eq!(
        list_err(&e, &[("organizationId", "1"), ("pg[offset]", "-1")]),
        validation(&["'pg[offset]' must be 0 or more."])
    );
    assert_eq!(
        list_err(&e, &[("organizationId", "1"), ("pg[offset]", "first")]),
        validation(&["'pg[offset]' must be an integer."])
    );
    assert_eq!(
        list(&e, &[("organizationId", "1"), ("pg[offset]", "10000000")])["users"],
        json!([])
    );
}

#[test]
fn every_problem_is_its_own_suberror() {
    let e = fixture();
    assert_eq!(
        list_err(
            &e,
            &[
                ("organizationId", "1"),
                ("pg[sortBy]", "age"),
                ("pg[sortDir]", "sideways"),
                ("pg[offset]", "-5"),
                ("pg[limit]", "0"),
                ("cols[]", "secret"),
                ("page", "2"),
            ]
        ),
        validation(&[
            "'pg[sortBy]' must be one of id, name, email.",
            "'pg[sortDir]' must be asc or desc.",
            "'pg[offset]' must be 0 or more.",
            "'pg[limit]' must be between 1 and 10000.",
            "Unknown column 'secret' in 'cols[]'.",
            "Unknown parameter 'page'.",
        ])
    );
}

#[test]
fn each_column_can_be_asked_for() {
    let e = fixture();
    // User 4 has logged in once, at T0.
    e.login("ada.a@example.com", PW);
    let nobody = e.user("Nobody", "nobody@example.com", None);
    e.store
        .set_organization_role(OrganizationId(1), nobody, 15)
        .unwrap();
    let expected: [(&str, Value, Value); 22] = [
        ("id", json!(4), json!(7)),
        ("name", json!("Ada"), json!("Nobody")),
        (
            "email",
            json!("ada.a@example.com"),
            json!("nobody@example.com"),
        ),
        ("language", json!("en"), json!("en")),
        ("timezoneId", json!(150), json!(150)),
        ("localeId", json!(248), json!(248)),
        ("countryId", json!(user_fields::US), json!(user_fields::US)),
        ("features", json!({}), json!({})),
        (
            "avatar",
            json!(user_fields::avatar("ada.a@example.com")),
            json!(user_fields::avatar("nobody@example.com")),
        ),
        ("timezone", json!("Etc/UTC"), json!("Etc/UTC")),
        ("locale", json!("en-US"), json!("en-US")),
        ("lastLogin", json!(T0_ISO), json!(null)),
        ("hasPassword", json!(true), json!(false)),
        ("forceSetPassword", json!(false), json!(false)),
        ("tfaEnabled", json!(false), json!(false)),
        (
            "userOrganizationRoles",
            json!([{"userId": 4, "organizationId": 1, "usersRoleId": 13, "invitation": null}]),
            json!([{"userId": 7, "organizationId": 1, "usersRoleId": 15, "invitation": null}]),
        ),
        (
            "userTeamRoles",
            // Listed by the host, who may change every role.
            json!([{"userId": 4, "teamId": 1, "usersRoleId": 2, "changeable": true, "ssoPending": false}]),
            json!([]),
        ),
        ("emailNotifications", json!(null), json!(null)),
        ("usersAdminsRoleId", json!(null), json!(null)),
        ("isAffiliatePartner", json!(false), json!(false)),
        ("hasAddedApp", json!(false), json!(false)),
        ("supportEligible", json!(false), json!(false)),
    ];
    for (col, ada, nobody) in expected {
        for (email, value) in [("ada.a@", ada), ("nobody@", nobody)] {
            assert_eq!(
                list(
                    &e,
                    &[("organizationId", "1"), ("email", email), ("cols[]", col)]
                ),
                json!({
                    "users": [{ col: value }],
                    "pg": {"sortBy": "id", "sortDir": "desc", "offset": 0, "limit": 10}
                }),
                "{col} of {email}"
            );
        }
    }
}

#[test]
fn columns_come_in_the_order_asked_without_duplicates() {
    let e = fixture();
    let page = list(
        &e,
        &[
            ("organizationId", "1"),
            ("email", "zoe"),
            ("cols[]", "email"),
            ("cols[]", "hasPassword"),
            ("cols[]", "id"),
            ("cols[]", "email"),
        ],
    );
    assert_eq!(
        page.to_string(),
        r#"{"users":[{"email":"zoe@example.com","hasPassword":true,"id":1}],"pg":{"sortBy":"id","sortDir":"desc","offset":0,"limit":10}}"#
    );
}

#[test]
fn an_unknown_column_is_a_400() {
    let e = fixture();
    for col in ["password", "passwordHash", "Email", "", "id,name"] {
        assert_eq!(
            list_err(
                &e,
                &[("organizationId", "1"), ("cols[]", "id"), ("cols[]", col)]
            ),
            validation(&[&format!("Unknown column '{col}' in 'cols[]'.")]),
            "{col:?}"
        );
    }
    let long = "x".repeat(40);
    assert_eq!(
        list_err(&e, &[("organizationId", "1"), ("cols[]", &long)]),
        validation(&[&format!("Unknown column '{}…' in 'cols[]'.", &long[..32])])
    );
}

#[test]
fn the_json_form_of_a_query_is_the_same_query() {
    let e = fixture();
    let query = ListUsers::from_json(&json!({
        "organizationId": 1,
        "name": "a",
        "cols": ["id", "name"],
        "pg": {"sortBy": "name", "sortDir": "asc", "offset": 1, "limit": 2}
    }))
    .unwrap();
    assert_eq!(
        e.store.list_users(&Actor::System, &query).unwrap().wire(),
        json!({
            "users": [{"id": 4, "name": "Ada"}, {"id": 5, "name": "Carl"}],
            "pg": {"sortBy": "name", "sortDir": "asc", "offset": 1, "limit": 2}
        })
    );
    assert_eq!(
        body(ListUsers::from_json(&json!([1])).unwrap_err()),
        bad_request("The query must be a JSON object.")
    );
}

/// A session actor for the fixture user `id` (all have password [`PW`]).
fn member(e: &Env, id: i64) -> Actor {
    e.login(EMAILS[id as usize - 1], PW).1
}

#[test]
fn members_may_list_their_organization_and_others_may_not() {
    let e = fixture();
    for id in 1..=5 {
        assert_eq!(
            ids(&e
                .store
                .list_users(&member(&e, id), &q(&[("organizationId", "1")]))
                .unwrap()
                .wire()),
            [5, 4, 3, 2, 1],
            "user {id}"
        );
    }
    let outsider = member(&e, 6);
    assert_eq!(
        body(
            e.store
                .list_users(&outsider, &q(&[("organizationId", "1")]))
                .unwrap_err()
        ),
        forbidden("You have no role in this team or organization.")
    );
    assert_eq!(
        ids(&e
            .store
            .list_users(&outsider, &q(&[("organizationId", "2")]))
            .unwrap()
            .wire()),
        [6]
    );
    assert_eq!(
        body(
            e.store
                .list_users(&outsider, &q(&[("organizationId", "3")]))
                .unwrap_err()
        ),
        not_found("Organization 3 not found.")
    );
}

#[test]
fn team_members_and_organization_owners_or_admins_may_list_a_team() {
    let e = fixture();
    let team = q(&[("teamId", "1")]);
    for id in [1, 2, 4, 3] {
        // 1, 2, 4 are in the team; 3 is an Admin of its organization.
        assert_eq!(
            ids(&e.store.list_users(&member(&e, id), &team).unwrap().wire()),
            [4, 2, 1],
            "user {id}"
        );
    }
    for id in [5, 6] {
        // 5 is an Accountant of the organization, not in the team; 6 is a stranger.
        assert_eq!(
            body(e.store.list_users(&member(&e, id), &team).unwrap_err()),
            forbidden("You have no role in this team or organization."),
            "user {id}"
        );
    }
    assert_eq!(
        body(
            e.store
                .list_users(&member(&e, 2), &q(&[("teamId", "2")]))
                .unwrap_err()
        ),
        forbidden("You have no role in this team or organization."),
        "a team role in one team is no role in another"
    );
    // Make's filterByTeamId lists a team's members inside the organization listing: only for
    // those who may list the team itself.
    let filtered = q(&[("organizationId", "1"), ("filterByTeamId", "1")]);
    assert_eq!(
        ids(&e
            .store
            .list_users(&member(&e, 3), &filtered)
            .unwrap()
            .wire()),
        [4, 2, 1]
    );
    assert_eq!(
        body(e.store.list_users(&member(&e, 5), &filtered).unwrap_err()),
        forbidden("You have no role in this team or organization."),
        "an Accountant outside the team"
    );
}

#[test]
fn an_api_token_needs_makes_user_read_scope() {
    let e = fixture();
    let session = member(&e, 2);
    let token = |scope: &[&str]| {
        let created = e
            .store
            .create_api_token(
                &session,
                &NewApiToken {
                    label: "ci".into(),
                    scope: scope.iter().map(|s| s.to_string()).collect(),
                },
            )
            .unwrap()
            .wire();
        e.store
            .authenticate_api_token(created["apiToken"]["token"].as_str().unwrap())
            .unwrap()
    };
    let org_read_only = token(&["organization:read"]);
    assert_eq!(
        body(
            e.store
                .list_users(&org_read_only, &q(&[("organizationId", "1")]))
                .unwrap_err()
        ),
        forbidden("The token lacks the scope user:read.")
    );
    let org_read = token(&["user:read"]);
    assert_eq!(
        ids(&e
            .store
            .list_users(&org_read, &q(&[("teamId", "1")]))
            .unwrap()
            .wire()),
        [4, 2, 1]
    );
}

/// Every listing shape: scope, sort key and direction, and filters.
fn every_listing(org: &str, team: &str) -> Vec<Vec<(String, String)>> {
    let mut out = Vec::new();
    for (scope, scope_id, role) in [
        ("organizationId", org, "organizationRoleId"),
        ("teamId", team, "teamRoleId"),
    ] {
        let role_id = if scope == "teamId" { "2" } else { "13" };
        for by in [None, Some("id"), Some("name"), Some("email")] {
            for dir in [None, Some("asc"), Some("desc")] {
                let filters: [&[(&str, &str)]; 5] = [
                    &[],
                    &[("name", "a")],
                    &[("email", "example")],
                    &[(role, role_id)],
                    &[("name", "a"), ("email", "e"), (role, role_id)],
                ];
                for f in filters {
                    let mut p = vec![(scope.to_owned(), scope_id.to_owned())];
                    p.extend(by.map(|b| ("pg[sortBy]".to_owned(), b.to_owned())));
                    p.extend(dir.map(|d| ("pg[sortDir]".to_owned(), d.to_owned())));
                    p.extend(f.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
                    p.push(("pg[offset]".into(), "3".into()));
                    out.push(p);
                }
            }
        }
    }
    out
}

/// Checks that the plan reads one organization's or team's members from an index, in order,
/// and only then the page's users (a deferred join): no scan of any table (the page itself,
/// `p`, is the one thing scanned), no temporary b-tree for the ORDER BY.
fn assert_index_driven(plan: &[String], what: &str) {
    assert!(!plan.is_empty(), "{what}: no plan");
    for line in plan {
        let scans_a_table = line.starts_with("SCAN") && line != "SCAN p";
        assert!(
            !scans_a_table && !line.contains("TEMP B-TREE"),
            "{what}: {plan:#?}"
        );
    }
    assert_eq!(
        plan[0], "CO-ROUTINE p",
        "{what}: the page is not found first: {plan:#?}"
    );
    assert!(
        plan.iter()
            .any(|l| l.starts_with("SEARCH u USING INTEGER PRIMARY KEY (rowid=?)")),
        "{what}: users are not looked up by id: {plan:#?}"
    );
    assert!(
        plan.iter().any(|l| l.starts_with("SEARCH m USING")
            && (l.contains("(organization_id=?") || l.contains("(team_id=?"))),
        "{what}: members are not searched by scope: {plan:#?}"
    );
    // Filters and order from the membership index alone: no membership row read per member
    // (a WITHOUT ROWID table's primary key holds the whole row).
    assert!(
        plan.iter()
            .filter(|l| l.starts_with("SEARCH m USING"))
            .all(|l| l.starts_with("SEARCH m USING COVERING INDEX")
                || l.starts_with("SEARCH m USING PRIMARY KEY")),
        "{what}: the members' index does not cover the filters: {plan:#?}"
    );
}

#[test]
fn every_listing_is_index_driven() {
    if backend::sqlite_only("SQLite's query plans (EXPLAIN QUERY PLAN)") {
        return;
    }
    let e = fixture();
    for pairs in every_listing("1", "1") {
        let query = ListUsers::from_pairs(pairs.clone());
        let plan = e.store.explain_list_users(&query).unwrap();
        assert_index_driven(&plan, &format!("{pairs:?}"));
    }
}

#[test]
fn a_plan_looks_like_an_index_search() {
    if backend::sqlite_only("SQLite's query plans (EXPLAIN QUERY PLAN)") {
        return;
    }
    // Guards the guard: the shape `assert_index_driven` expects is the shape SQLite prints.
    let e = fixture();
    let plan = e
        .store
        .explain_list_users(&q(&[("organizationId", "1"), ("pg[sortBy]", "name")]))
        .unwrap();
    assert_eq!(
        plan,
        [
            "CO-ROUTINE p",
            "SEARCH m USING COVERING INDEX organization_members_by_name (organization_id=?)",
            "SCAN p",
            "SEARCH u USING INTEGER PRIMARY KEY (rowid=?)"
        ]
    );
}

#[test]
fn api_call_json_writes_the_same_text_as_call() {
    let e = fixture();
    let queries = [
        json!({"organizationId": 1}),
        json!({"organizationId": 1, "cols": ["id", "name", "userOrganizationRoles", "userTeamRoles", "lastLogin"],
               "pg": {"sortBy": "email", "sortDir": "desc", "offset": 1, "limit": 2}}),
        json!({"teamId": 1, "usersRoleId": 3}),
        json!({"organizationId": 99}),
        json!({"organizationId": "1; DROP TABLE users"}),
        json!([1, 2]),
        Value::Null,
    ];
    for args in queries {
        let value = userstore::api::call(
            &e.store,
            userstore::api::Caller::System,
            "listUsers",
            args.clone(),
        );
        let text = userstore::api::call_json(
            &e.store,
            userstore::api::Caller::System,
            "listUsers",
            args.clone(),
        );
        match (value, text) {
            (Ok(value), Ok(text)) => assert_eq!(text, value.to_string(), "{args}"),
            (Err(a), Err(b)) => assert_eq!(a.to_value(), b.to_value(), "{args}"),
            (value, text) => panic!("{args}: call gave {value:?}, call_json gave {text:?}"),
        }
    }
}

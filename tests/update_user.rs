//! `PATCH /users/{userId}` (SPEC sections 2 and 3): any subset of the profile fields, the field
//! rules, one suberror per problem, only the user itself (or the host), the whole user back.

mod common;

use common::*;
use serde_json::{Value, json};
use userstore::UserId;
use userstore::{Actor, Credential, NewApiToken, UserPatch};

/// Jane (1) and John (2), both with password [`PW`]; Jane is logged in at T0.
fn fixture() -> (Env, Actor) {
    let e = env();
    assert_eq!(e.user("Jane Doe", "jane@example.com", Some(PW)), UserId(1));
    assert_eq!(e.user("John Roe", "john@example.com", Some(PW)), UserId(2));
    let (_, jane) = e.login("jane@example.com", PW);
    (e, jane)
}

/// Jane as the API answers her, with `changes` applied.
fn jane(changes: Value) -> Value {
    let mut u = new_user_in_full(1, "Jane Doe", "jane@example.com");
    u["lastLogin"] = json!(T0_ISO);
    for (k, v) in changes.as_object().unwrap() {
        u[k] = v.clone();
    }
    json!({ "user": u })
}

fn patch(e: &Env, actor: &Actor, user_id: i64, body: Value) -> Result<Value, Value> {
    UserPatch::from_json(body)
        .and_then(|p| e.store.update_user(actor, UserId(user_id), &p))
        .map(|body| body.to_value())
        .map_err(|err| err.to_value())
}

fn stored(e: &Env, user_id: i64) -> Value {
    e.store
        .user(&Actor::System, UserId(user_id))
        .unwrap()
        .to_value()
}

#[test]
fn every_field_changes_and_the_whole_user_comes_back() {
    let (e, me) = fixture();
    let answer = patch(
        &e,
        &me,
        1,
        json!({"name": "Jane Q. Public", "language": "cs", "timezoneId": 113, "localeId": 18, "countryId": 6}),
    )
    .unwrap();
    let expected = jane(json!({
        "name": "Jane Q. Public",
        "language": "cs",
        "timezoneId": 113,
        "timezone": "Europe/Prague",
        "localeId": 18,
        "locale": "ar-DJ",
        "countryId": 6
    }));
    assert_eq!(answer, expected);
    assert_eq!(stored(&e, 1), expected);
}

#[test]
fn absent_fields_stay_as_they_are() {
    let (e, me) = fixture();
    patch(&e, &me, 1, json!({"timezoneId": 164, "countryId": 5})).unwrap();
    let answer = patch(&e, &me, 1, json!({"language": "de"})).unwrap();
    assert_eq!(
        answer,
        jane(
            json!({"language": "de", "timezoneId": 164, "timezone": "Europe/Rome", "countryId": 5})
        )
    );
    assert_eq!(patch(&e, &me, 1, json!({})).unwrap(), answer);
}

#[test]
fn a_language_code_is_stored_in_its_canonical_form() {
    let (e, me) = fixture();
    assert_eq!(
        patch(&e, &me, 1, json!({"language": "DE"})).unwrap(),
        jane(json!({"language": "de"}))
    );
}

#[test]
fn a_name_of_250_characters_is_fine_and_251_is_not() {
    let (e, me) = fixture();
    // Two-byte characters: the limit counts characters, not bytes.
    let name250 = "é".repeat(250);
    assert_eq!(
        patch(&e, &me, 1, json!({ "name": name250 })).unwrap(),
        jane(json!({ "name": name250 }))
    );
    assert_eq!(
        patch(&e, &me, 1, json!({ "name": "é".repeat(251) })).unwrap_err(),
        validation(&["'name' must be at most 250 characters long."])
    );
    assert_eq!(stored(&e, 1), jane(json!({ "name": name250 })));
}

#[test]
fn name_rules() {
    let (e, me) = fixture();
    let cases = [
        (" Jane", "'name' must not start or end with a space."),
        ("Jane ", "'name' must not start or end with a space."),
        ("", "'name' must not be empty."),
        (
            "Jane; DROP TABLE users",
            "'name' may contain only letters, digits, spaces and ' - . ( ) * + , @ _ / (found U+003B).",
        ),
        (
            "Jane\nDoe",
            "'name' may contain only letters, digits, spaces and ' - . ( ) * + , @ _ / (found U+000A).",
        ),
        (
            "<b>Jane</b>",
            "'name' may contain only letters, digits, spaces and ' - . ( ) * + , @ _ / (found U+003C).",
        ),
    ];
    for (name, message) in cases {
        assert_eq!(
            patch(&e, &me, 1, json!({ "name": name })).unwrap_err(),
            validation(&[message]),
            "{name:?}"
        );
    }
    for name in [
        "O'Neil-Smith (QA), Jr. + co * x@y _ a/b",
        "Иван Петров",
        "李小龍",
        "José 2",
    ] {
        assert_eq!(
            patch(&e, &me, 1, json!({ "name": name })).unwrap(),
            jane(json!({ "name": name })),
            "{name:?}"
        );
    }
}

#[test]
fn unknown_enum_ids_and_codes_are_refused() {
    let (e, me) = fixture();
    let cases = [
        (
            json!({"timezoneId": 999_999}),
            "'timezoneId' must be a known timezone id (got 999999).",
        ),
        (
            json!({"timezoneId": 0}),
            "'timezoneId' must be a known timezone id (got 0).",
        ),
        (
            json!({"localeId": -1}),
            "'localeId' must be a known locale id (got -1).",
        ),
        (
            json!({"countryId": 1}),
            "'countryId' must be a known country id (got 1).",
        ),
        (
            json!({"language": "xx"}),
            "'language' must be a known language code (got 'xx').",
        ),
        (
            json!({"language": "english"}),
            "'language' must be a known language code (got 'english').",
        ),
    ];
    for (body, message) in cases {
        assert_eq!(
            patch(&e, &me, 1, body.clone()).unwrap_err(),
            validation(&[message]),
            "{body}"
        );
    }
    assert_eq!(stored(&e, 1), jane(json!({})));
}

#[test]
fn unknown_fields_nulls_and_wrong_types_are_refused() {
    let (e, me) = fixture();
    let cases = [
        (json!({"email": "x@example.com"}), "Unknown field 'email'."),
        (json!({"id": 2}), "Unknown field 'id'."),
        (
            json!({"hasPassword": false}),
            "Unknown field 'hasPassword'.",
        ),
        (json!({"name": null}), "'name' must not be null."),
        (json!({"countryId": null}), "'countryId' must not be null."),
        (json!({"name": 5}), "'name' must be a string."),
        (json!({"name": ["Jane"]}), "'name' must be a string."),
        (json!({"language": true}), "'language' must be a string."),
        (
            json!({"timezoneId": "113"}),
            "'timezoneId' must be an integer.",
        ),
        (json!({"localeId": 18.5}), "'localeId' must be an integer."),
        (
            json!({"countryId": {"id": 6}}),
            "'countryId' must be an integer.",
        ),
    ];
    for (body, message) in cases {
        assert_eq!(
            patch(&e, &me, 1, body.clone()).unwrap_err(),
            validation(&[message]),
            "{body}"
        );
    }
    for not_an_object in [json!([]), json!("name"), json!(null)] {
        assert_eq!(
            patch(&e, &me, 1, not_an_object).unwrap_err(),
            bad_request("The request body must be a JSON object.")
        );
    }
    assert_eq!(stored(&e, 1), jane(json!({})));
}

#[test]
fn each_problem_is_its_own_suberror_and_nothing_changes() {
    let (e, me) = fixture();
    assert_eq!(
        patch(
            &e,
            &me,
            1,
            json!({"name": " x", "language": null, "timezoneId": "a", "countryId": 99_999, "nickname": "J"})
        )
        .unwrap_err(),
        validation(&[
            "'language' must not be null.",
            "'timezoneId' must be an integer.",
            "'name' must not start or end with a space.",
            "'countryId' must be a known country id (got 99999).",
            "Unknown field 'nickname'.",
        ])
    );
    assert_eq!(
        patch(
            &e,
            &me,
            1,
            json!({"name": "Jane Q. Public", "timezoneId": 999_999})
        )
        .unwrap_err(),
        validation(&["'timezoneId' must be a known timezone id (got 999999)."])
    );
    assert_eq!(
        stored(&e, 1),
        jane(json!({})),
        "a failed patch changes nothing"
    );
}

#[test]
fn a_patch_built_in_rust_is_checked_like_one_from_json() {
    let (e, me) = fixture();
    let bad = UserPatch {
        name: Some("x".repeat(251)),
        language: Some("xx".into()),
        timezone_id: Some(0),
        locale_id: Some(0),
        country_id: Some(0),
    };
    assert_eq!(
        body(e.store.update_user(&me, UserId(1), &bad).unwrap_err()),
        validation(&[
            "'name' must be at most 250 characters long.",
            "'language' must be a known language code (got 'xx').",
            "'timezoneId' must be a known timezone id (got 0).",
            "'localeId' must be a known locale id (got 0).",
            "'countryId' must be a known country id (got 0).",
        ])
    );
    assert_eq!(stored(&e, 1), jane(json!({})));
}

#[test]
fn another_users_account_is_forbidden() {
    let (e, me) = fixture();
    share_an_organization(&e.store, &[UserId(1), UserId(2)]);
    assert_eq!(
        patch(&e, &me, 2, json!({"name": "Hacked"})).unwrap_err(),
        forbidden("You may change only your own account.")
    );
    assert_eq!(stored(&e, 2)["user"]["name"], "John Roe");
}

#[test]
fn an_unknown_user_is_not_found() {
    let (e, me) = fixture();
    assert_eq!(
        patch(&e, &me, 999, json!({"name": "Ghost"})).unwrap_err(),
        not_found("User 999 not found.")
    );
    assert_eq!(
        patch(&e, &Actor::System, 999, json!({"name": "Ghost"})).unwrap_err(),
        not_found("User 999 not found.")
    );
}

#[test]
fn the_host_may_update_anyone() {
    let (e, _) = fixture();
    let answer = patch(&e, &Actor::System, 2, json!({"countryId": 4})).unwrap();
    assert_eq!(answer["user"]["countryId"], 4);
    assert_eq!(answer["user"]["name"], "John Roe");
}

#[test]
fn an_api_token_needs_the_user_write_scope() {
    let (e, me) = fixture();
    let token = |scope: &str| {
        let created = e
            .store
            .create_api_token(
                &me,
                &NewApiToken {
                    label: "script".into(),
                    scope: vec![scope.into()],
                },
            )
            .unwrap()
            .wire();
        let actor = e
            .store
            .authenticate_api_token(created["apiToken"]["token"].as_str().unwrap())
            .unwrap();
        assert!(matches!(
            actor,
            Actor::User {
                user_id: UserId(1),
                credential: Credential::Token { .. }
            }
        ));
        actor
    };
    assert_eq!(
        patch(&e, &token("user:read"), 1, json!({"name": "Jane Token"})).unwrap_err(),
        forbidden("The token lacks the scope user:write.")
    );
    assert_eq!(
        patch(&e, &token("user:write"), 1, json!({"name": "Jane Token"})).unwrap(),
        jane(json!({"name": "Jane Token"}))
    );
}

#[test]
fn a_new_users_language_code_is_stored_in_its_canonical_form() {
    let e = env();
    let mut u = userstore::NewUser::new("Hans Meier", "hans@example.com");
    u.language = Some("DE".into());
    assert_eq!(
        e.store.create_user(u).unwrap().to_value()["user"]["language"],
        "de"
    );
}

#[test]
fn a_new_name_moves_the_user_in_name_ordered_listings() {
    let (e, me) = fixture();
    let org = e.store.create_organization("Acme").unwrap();
    let team = e.store.create_team(org.id, "Ops").unwrap();
    for id in [1, 2] {
        e.store
            .set_organization_role(org.id, UserId(id), 13)
            .unwrap();
        e.store.set_team_role(team.id, UserId(id), 2).unwrap();
    }
    let order = |scope: &str, id: i64| -> Vec<i64> {
        let id = id.to_string();
        let list = e
            .store
            .list_users(
                &Actor::System,
                &q(&[(scope, &id), ("pg[sortBy]", "name"), ("pg[sortDir]", "asc")]),
            )
            .unwrap()
            .wire();
        list["users"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(order("organizationId", org.id.0), [1, 2]);
    // Only the case changes: the same place, the new spelling.
    patch(&e, &me, 1, json!({ "name": "JANE DOE" })).unwrap();
    assert_eq!(order("organizationId", org.id.0), [1, 2]);
    assert_eq!(stored(&e, 1)["user"]["name"], "JANE DOE");
    // Another field only: the name and its place stay.
    patch(&e, &me, 1, json!({ "language": "de" })).unwrap();
    assert_eq!(order("teamId", team.id.0), [1, 2]);
    patch(&e, &me, 1, json!({ "name": "Zoe Doe" })).unwrap();
    assert_eq!(order("organizationId", org.id.0), [2, 1]);
    assert_eq!(order("teamId", team.id.0), [2, 1]);
}

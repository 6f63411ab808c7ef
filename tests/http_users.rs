//! Router tests of the user routes other than the listing: `GET /users/me`,
//! `GET /users/me/current-authorization`, `PATCH /users/{id}`, `GET /users/roles` and the four
//! `GET /enums/*`. Each asserts the exact status, headers and body.

mod common_http;

use common_http::*;
use serde_json::{Value, json};
use userstore::enums;

// ------------------------------------------------------------- GET /users/me

#[test]
fn me_returns_every_column_by_default() {
    let a = acme();
    a.api.expect_get(
        &a.ada,
        "/api/v2/users/me",
        200,
        json!({"authUser": ada_in_full()}),
    );
}

#[test]
fn me_returns_the_asked_columns() {
    let a = acme();
    a.api.expect_get(
        &a.ada,
        "/api/v2/users/me?cols[]=name&cols[]=id&cols[]=userTeamRoles",
        200,
        json!({"authUser": {"name": "Ada Lovelace", "id": 2,
            "userTeamRoles": [{"userId": 2, "teamId": 1, "usersRoleId": 3, "changeable": false,
                               "ssoPending": false}]}}),
    );
    a.api.expect_get(
        &a.ada,
        "/api/v2/users/me?cols[]=secret",
        400,
        validation(&["Unknown column 'secret' in 'cols[]'."]),
    );
}

#[test]
fn me_needs_credentials_and_makes_organization_read_scope() {
    let a = acme();
    expect(&a.api.send(get("/api/v2/users/me")), 401, unauthorized());
    a.api
        .expect_get(&"0".repeat(64), "/api/v2/users/me", 401, unauthorized());
    let res = a
        .api
        .send(get("/api/v2/users/me").token("abcdefab-1234-4678-9bcd-112233445566"));
    expect(&res, 401, unauthorized());
    let (_, user_only) = a.api.api_token(&a.ada, &["user:read", "user:write"]);
    let res = a.api.send(get("/api/v2/users/me").token(&user_only));
    expect(
        &res,
        403,
        forbidden("The token lacks the scope organization:read."),
    );
    let (_, read) = a.api.api_token(&a.ada, &["organization:read"]);
    let res = a
        .api
        .send(get("/api/v2/users/me?cols[]=id&cols[]=email").token(&read));
    expect(
        &res,
        200,
        json!({"authUser": {"id": 2, "email": "ada@acme.test"}}),
    );
}

// ---------------------------------------- GET /users/me/current-authorization

#[test]
fn current_authorization_tells_a_session_from_a_token() {
    let a = acme();
    a.api.expect_get(
        &a.ada,
        "/api/v2/users/me/current-authorization",
        200,
        json!({"authorization": {"authUsed": "session",
            "scope": ["user:read", "user:write", "organization:read"]}}),
    );
    let (_, token) = a.api.api_token(&a.ada, &["organization:read", "user:read"]);
    let res = a
        .api
        .send(get("/api/v2/users/me/current-authorization").token(&token));
    expect(
        &res,
        200,
        json!({"authorization": {"authUsed": "token", "scope": ["organization:read", "user:read"]}}),
    );
    // Make asks organization:read here too.
    let (_, none) = a.api.api_token(&a.ada, &[]);
    let res = a
        .api
        .send(get("/api/v2/users/me/current-authorization").token(&none));
    expect(
        &res,
        403,
        forbidden("The token lacks the scope organization:read."),
    );
    let res = a.api.send(get("/api/v2/users/me/current-authorization"));
    expect(&res, 401, unauthorized());
}

// -------------------------------------------------------- PATCH /users/{id}

#[test]
fn update_user_changes_the_given_fields_and_returns_every_field() {
    let a = acme();
    let res = a
        .api
        .send(req("PATCH", "/api/v2/users/2").bearer(&a.ada).json(&json!({
        "name": "Ada King", "language": "cs", "timezoneId": 113, "localeId": 104, "countryId": 63
    })));
    let mut want = ada_in_full();
    for (k, v) in [
        ("name", json!("Ada King")),
        ("language", json!("cs")),
        ("timezoneId", json!(113)),
        ("localeId", json!(104)),
        ("countryId", json!(63)),
        ("timezone", json!("Europe/Prague")),
        ("locale", json!("cs-CZ")),
    ] {
        want[k] = v;
    }
    expect(&res, 200, json!({"user": want}));

    // Absent fields stay as they are.
    let res = a.api.send(
        req("PATCH", "/api/v2/users/2")
            .bearer(&a.ada)
            .json(&json!({"timezoneId": 164})),
    );
    want["timezoneId"] = json!(164);
    want["timezone"] = json!("Europe/Rome");
    expect(&res, 200, json!({"user": want}));
    let res = a.api.send(
        req("PATCH", "/api/v2/users/2")
            .bearer(&a.ada)
            .json(&json!({})),
    );
    expect(&res, 200, json!({"user": want}));

    // The listing sees the new name, in name order.
    let res = a.api.send(
        get("/api/v2/users?organizationId=1&name=king&cols[]=id&cols[]=name").bearer(&a.olivia),
    );
    expect(
        &res,
        200,
        json!({"users": [{"id": 2, "name": "Ada King"}], "pg": pg("id", "desc", 0, 10)}),
    );
}

#[test]
fn update_user_reports_every_invalid_field() {
    let a = acme();
    let res = a
        .api
        .send(req("PATCH", "/api/v2/users/2").bearer(&a.ada).json(&json!({
            "name": " Ada", "language": "xx", "timezoneId": 99999, "localeId": "18",
            "countryId": null, "avatar": "https://example.com/a.png"
        })));
    expect(
        &res,
        400,
        validation(&[
            "'localeId' must be an integer.",
            "'countryId' must not be null.",
            "'name' must not start or end with a space.",
            "'language' must be a known language code (got 'xx').",
            "'timezoneId' must be a known timezone id (got 99999).",
            "Unknown field 'avatar'.",
        ]),
    );
    let res = a.api.send(
        req("PATCH", "/api/v2/users/2")
            .bearer(&a.ada)
            .json(&json!({"name": "x".repeat(251), "localeId": 100000, "countryId": 0})),
    );
    expect(
        &res,
        400,
        validation(&[
            "'name' must be at most 250 characters long.",
            "'localeId' must be a known locale id (got 100000).",
            "'countryId' must be a known country id (got 0).",
        ]),
    );
    let res = a.api.send(
        req("PATCH", "/api/v2/users/2")
            .bearer(&a.ada)
            .json(&json!(["name"])),
    );
    expect(
        &res,
        400,
        bad_request("The request body must be a JSON object."),
    );
    // Nothing changed.
    a.api.expect_get(
        &a.ada,
        "/api/v2/users/me",
        200,
        json!({"authUser": ada_in_full()}),
    );
}

#[test]
fn update_user_is_only_for_ones_own_account() {
    let a = acme();
    let body = json!({"name": "Bobby"});
    let res = a
        .api
        .send(req("PATCH", "/api/v2/users/3").bearer(&a.ada).json(&body));
    expect(
        &res,
        403,
        forbidden("You may change only your own account."),
    );
    let res = a
        .api
        .send(req("PATCH", "/api/v2/users/999").bearer(&a.ada).json(&body));
    expect(&res, 404, not_found("User 999 not found."));
    let res = a.api.send(req("PATCH", "/api/v2/users/2").json(&body));
    expect(&res, 401, unauthorized());
    let (_, read) = a.api.api_token(&a.ada, &["user:read"]);
    let res = a
        .api
        .send(req("PATCH", "/api/v2/users/2").token(&read).json(&body));
    expect(
        &res,
        403,
        forbidden("The token lacks the scope user:write."),
    );
    let (_, write) = a.api.api_token(&a.ada, &["user:write"]);
    let res = a
        .api
        .send(req("PATCH", "/api/v2/users/2").token(&write).json(&body));
    assert_eq!(res.status, 200, "{}", text(&res));
    assert_eq!(res.json_body()["user"]["name"], "Bobby");
}

// ----------------------------------------------------------- GET /users/roles

#[test]
fn roles_lists_team_then_organization_roles() {
    let a = acme();
    a.api.expect_get(
        &a.ada,
        "/api/v2/users/roles",
        200,
        json!({"usersRoles": roles::make_roles()}),
    );
}

// ---------------------------------------------------------------- GET /enums/*

/// The record with `"id": id` in `list`.
fn by_id(list: &Value, id: i64) -> String {
    list.as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == id)
        .unwrap_or_else(|| panic!("no id {id}"))
        .to_string()
}

#[test]
fn enum_timezones_serve_the_whole_table_with_its_anchor_records() {
    let a = acme();
    let res = a.api.send(get("/api/v2/enums/timezones").bearer(&a.ada));
    expect(&res, 200, json!({"timezones": enums::timezones()}));
    let list = &res.json_body()["timezones"];
    assert!(list.as_array().unwrap().len() > 300);
    assert_eq!(
        by_id(list, 113),
        r#"{"id":113,"name":"(GMT+01:00) Europe/Prague","code":"Europe/Prague","offset":"+0100"}"#
    );
    assert_eq!(
        by_id(list, 164),
        r#"{"id":164,"name":"(GMT+01:00) Europe/Rome","code":"Europe/Rome","offset":"+0100"}"#
    );
    assert_eq!(
        by_id(list, UTC_ID),
        r#"{"id":150,"name":"(GMT+00:00) Etc/UTC","code":"Etc/UTC","offset":"+0000"}"#
    );
}

#[test]
fn enum_countries_serve_the_whole_table_with_its_anchor_records() {
    let a = acme();
    let res = a.api.send(get("/api/v2/enums/countries").bearer(&a.ada));
    expect(&res, 200, json!({"countries": enums::countries()}));
    let list = &res.json_body()["countries"];
    assert!(list.as_array().unwrap().len() >= 249);
    assert_eq!(
        by_id(list, 4),
        r#"{"id":4,"name":"Afghanistan","code":"AFG","code2":"af"}"#
    );
    assert_eq!(
        by_id(list, 5),
        r#"{"id":5,"name":"Åland Islands","code":"ALA","code2":"ax"}"#
    );
    assert_eq!(
        by_id(list, 6),
        r#"{"id":6,"name":"Albania","code":"ALB","code2":"al"}"#
    );
}

#[test]
fn enum_locales_serve_the_whole_table_with_locale_18() {
    let a = acme();
    let res = a.api.send(get("/api/v2/enums/locales").bearer(&a.ada));
    expect(&res, 200, json!({"locales": enums::locales()}));
    let list = &res.json_body()["locales"];
    assert_eq!(
        by_id(list, 18),
        r#"{"id":18,"code":"ar-DJ","name":"Arabic (Djibouti)"}"#
    );
    assert_eq!(
        by_id(list, EN_US_ID),
        r#"{"id":248,"code":"en-US","name":"English (United States)"}"#
    );
}

#[test]
fn enum_languages_serve_iso_639_1_codes() {
    let a = acme();
    let res = a.api.send(get("/api/v2/enums/languages").bearer(&a.ada));
    expect(&res, 200, json!({"languages": enums::languages()}));
    let list = res.json_body()["languages"].as_array().unwrap().clone();
    assert!(list.len() >= 183);
    assert_eq!(list[0], json!({"code": "aa", "name": "Afar"}));
    assert!(list.contains(&json!({"code": "cs", "name": "Czech"})));
    assert!(list.contains(&json!({"code": "en", "name": "English"})));
}

#[test]
fn unknown_enums_are_404() {
    let a = acme();
    a.api.expect_get(
        &a.ada,
        "/api/v2/enums/currencies",
        404,
        not_found("No such route."),
    );
    a.api
        .expect_get(&a.ada, "/api/v2/enums", 404, not_found("No such route."));
}

// ------------------------------------------------- countries and avatars, never null

/// Make's SDK types `countryId` and `avatar` as always there: a user made without a country
/// gets the configured one (else the locale's), and the avatar is Make's Gravatar URL unless
/// the host turns address hashes off.
#[test]
fn country_and_avatar_are_never_null_and_follow_the_settings() {
    let t = two();
    t.api.expect_get(
        &t.jane,
        "/api/v2/users/me?cols[]=countryId&cols[]=avatar",
        200,
        json!({"authUser": {"countryId": 239, "avatar":
            "https://secure.gravatar.com/avatar/9e26471d35a78862c17e467d87cddedf.jpg?d=mm"}}),
    );
    let api = api_with(|c| userstore::Config {
        default_country_id: Some(6),
        gravatar: false,
        ..c
    });
    api.user("Ana Alb", "ana@example.com");
    let cz = api
        .store
        .create_user(userstore::NewUser {
            country_id: Some(60),
            ..userstore::NewUser::new("Jan Novák", "jan@example.com")
        })
        .unwrap();
    assert_eq!(cz.to_value()["user"]["countryId"], 60);
    let session = api.login("ana@example.com", PW);
    api.expect_get(
        &session,
        "/api/v2/users/me?cols[]=countryId&cols[]=avatar",
        200,
        json!({"authUser": {"countryId": 6, "avatar": "https://secure.gravatar.com/avatar/?d=mm"}}),
    );
}

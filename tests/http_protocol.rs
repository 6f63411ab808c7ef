//! Router tests of the HTTP protocol around the routes: Make's query encoding, unknown routes
//! and path tricks, methods, content types, JSON strictness, body limits and credentials.
//! Each asserts the exact status, headers and body.

mod common_http;

use common_http::*;
use serde_json::{Value, json};
use userstore::UserId;
use userstore::http::Response;

/// Ada (user 1, Owner of org 1) logged in, and Bob (user 2, Member of org 1).
struct Org {
    api: Api,
    ada: String,
}

fn org() -> Org {
    org_with(|c| c)
}

fn org_with(adjust: impl FnOnce(userstore::Config) -> userstore::Config) -> Org {
    let api = api_with(adjust);
    let org = api.org("Acme");
    let ada = api.user("Ada Lovelace", "ada@acme.test");
    let bob = api.user("Bob Stone", "bob@acme.test");
    api.org_role(org, ada, 11);
    api.org_role(org, bob, 13);
    Org {
        ada: api.login("ada@acme.test", PW),
        api,
    }
}

fn no_route() -> Value {
    not_found("No such route.")
}

/// Asserts `SC405` with the header `allow: <allow>` and a detail that quotes `method` (as the
/// router shows it) and names `allow`.
#[track_caller]
fn expect_405(res: &Response, method: &str, allow: &str) {
    expect_with(
        res,
        405,
        &[("allow", allow)],
        error(
            "SC405",
            "Method Not Allowed",
            &format!("{method} is not allowed here; use {allow}."),
        ),
    );
}

// ------------------------------------------------------------- query strings

#[test]
fn percent_encoded_brackets_read_like_plain_ones() {
    let o = org();
    let want = json!({
        "users": [{"id": 1, "name": "Ada Lovelace"}],
        "pg": {"sortBy": "name", "sortDir": "asc", "offset": 0, "limit": 1}
    });
    for query in [
        "organizationId=1&pg[sortBy]=name&pg[sortDir]=asc&pg[limit]=1&cols[]=id&cols[]=name",
        "organizationId=1&pg%5BsortBy%5D=name&pg%5BsortDir%5D=asc&pg%5Blimit%5D=1\
         &cols%5B%5D=id&cols%5B%5D=name",
        "organizationId=1&pg%5bsortBy%5d=name&pg%5bsortDir%5d=asc&pg%5blimit%5d=1\
         &cols%5b%5d=id&cols%5b%5d=name",
        "organizationId=1&pg%5BsortBy]=name&pg[sortDir%5D=asc&pg[limit]=1&cols[]=id&cols%5B%5D=name",
        "%6FrganizationId=%31&pg[sortBy]=%6Eame&pg[sortDir]=asc&pg[limit]=1&cols[]=id&cols[]=name",
    ] {
        o.api
            .expect_get(&o.ada, &format!("/api/v2/users?{query}"), 200, want.clone());
    }
}

#[test]
fn repeated_cols_keep_their_order_and_drop_duplicates() {
    let o = org();
    let res = o.api.send(
        get("/api/v2/users/me?cols[]=email&cols%5B%5D=id&cols[]=email&cols%5B%5D=hasPassword")
            .bearer(&o.ada),
    );
    expect(
        &res,
        200,
        json!({"authUser": {"email": "ada@acme.test", "id": 1, "hasPassword": true}}),
    );
    let res = o.api.send(
        get("/api/v2/users?organizationId=1&cols[]=name&cols[]=id&pg[sortDir]=asc").bearer(&o.ada),
    );
    expect(
        &res,
        200,
        json!({
            "users": [{"name": "Ada Lovelace", "id": 1}, {"name": "Bob Stone", "id": 2}],
            "pg": {"sortBy": "id", "sortDir": "asc", "offset": 0, "limit": 10}
        }),
    );
}

#[test]
fn plus_and_percent_escapes_decode_in_values() {
    let o = org();
    for name in ["Ada+Love", "ada%20LOVE", "Ad%61+l"] {
        let res = o.api.send(
            get(&format!(
                "/api/v2/users?organizationId=1&name={name}&cols[]=id"
            ))
            .bearer(&o.ada),
        );
        expect(
            &res,
            200,
            json!({"users": [{"id": 1}],
                "pg": {"sortBy": "id", "sortDir": "desc", "offset": 0, "limit": 10}}),
        );
    }
    // A literal '+' is %2B: no name contains "ada+love".
    o.api.expect_get(
        &o.ada,
        "/api/v2/users?organizationId=1&name=Ada%2BLove",
        200,
        json!({"users": [], "pg": {"sortBy": "id", "sortDir": "desc", "offset": 0, "limit": 10}}),
    );
}

#[test]
fn a_query_that_is_not_utf8_is_400() {
    let o = org();
    o.api.expect_get(
        &o.ada,
        "/api/v2/users?organizationId=1&name=%FF",
        400,
        bad_request("The query string is not valid UTF-8."),
    );
}

// -------------------------------------------------------------------- routes

#[test]
fn unknown_routes_are_404() {
    let o = org();
    for path in [
        "/",
        "/api",
        "/api/v2",
        "/api/v2/",
        "/api/v1/users",
        "/users",
        "/api/v2users",
        "/API/V2/users",
        "/api/v2/Users",
        "/api/v2/users/",
        "/api/v2//users",
        "/api/v2/users/me/",
        "/api/v2/users/me/nope",
        "/api/v2/users/0",
        "/api/v2/users/-1",
        "/api/v2/users/abc",
        "/api/v2/users/1.5",
        "/api/v2/users/99999999999999999999",
        "/api/v2/users/1/attributes",
        "/api/v2/users/1/attributes/name",
        "/api/v2/users/me/api-tokens/x/y",
        "/api/v2/enums/timezones/113",
        "/api/v2/sessions/other",
        "/api/v2/organizations",
        "/index.html",
    ] {
        o.api.expect_get(&o.ada, path, 404, no_route());
        let res = o.api.send(req("PATCH", path).json(&json!({})));
        expect(&res, 404, no_route());
    }
}

#[test]
fn dot_segments_and_encoded_slashes_are_404() {
    let o = org();
    for path in [
        "/api/v2/users/../users",
        "/api/v2/users/./me",
        "/api/v2/users/me/..",
        "/api/v2/users/%2e%2e/users",
        "/api/v2/users/%2E%2E/users",
        "/api/v2/users/.%2e/users",
        "/api/v2/%2e%2e/v2/users",
        "/api/v2/users/%2e",
        "/api/v2/users%2fme",
        "/api/v2/users/me%2Fapi-tokens",
        "/api/v2/users/me%5capi-tokens",
        "/api/v2/users/1%2Fattributes%2Femail",
        "/api/v2/enums/..%2f..%2f..%2fetc%2fpasswd",
        "/api/v2/../../etc/passwd",
        "/api/v2/users/me%00",
        "/api/v2/users/%FF",
        "/api/v2/users/m+e",
    ] {
        o.api.expect_get(&o.ada, path, 404, no_route());
    }
}

#[test]
fn wrong_methods_are_405_with_the_exact_allow_header() {
    let o = org();
    for (method, path, allow) in [
        ("PATCH", "/api/v2/users", "GET, DELETE"),
        ("POST", "/api/v2/users", "GET, DELETE"),
        ("PATCH", "/api/v2/users/me", "GET"),
        ("POST", "/api/v2/users/me/current-authorization", "GET"),
        ("PUT", "/api/v2/users/me/api-tokens", "GET, POST"),
        ("GET", "/api/v2/users/me/api-tokens/1", "DELETE"),
        ("GET", "/api/v2/users/1", "PATCH"),
        ("PUT", "/api/v2/users/1", "PATCH"),
        ("DELETE", "/api/v2/users/1", "PATCH"),
        ("PUT", "/api/v2/users", "GET, DELETE"),
        ("DELETE", "/api/v2/users/1/user-team-roles/1", "GET, POST"),
        ("POST", "/api/v2/users/1/user-organization-roles", "GET"),
        (
            "GET",
            "/api/v2/users/1/user-organization-roles/1/transfer",
            "POST",
        ),
        (
            "POST",
            "/api/v2/organizations/1/user-organization-roles",
            "GET",
        ),
        ("POST", "/api/v2/users/roles/permissions", "GET"),
        ("PATCH", "/api/v2/users/1/attributes/email", "PUT"),
        ("POST", "/api/v2/users/1/attributes/password", "PUT"),
        ("GET", "/api/v2/users/password-reset-demand", "POST"),
        ("DELETE", "/api/v2/users/password-reset", "GET, POST"),
        ("GET", "/api/v2/users/email-confirmation", "POST"),
        ("POST", "/api/v2/users/roles", "GET"),
        ("POST", "/api/v2/enums/timezones", "GET"),
        ("DELETE", "/api/v2/enums/languages", "GET"),
        ("GET", "/api/v2/sessions", "POST"),
        ("GET", "/api/v2/sessions/current", "DELETE"),
        ("HEAD", "/api/v2/users/me", "GET"),
        ("OPTIONS", "/api/v2/users", "GET, DELETE"),
    ] {
        let res = o.api.send(req(method, path).bearer(&o.ada));
        expect_405(&res, method, allow);
    }
}

// ----------------------------------------------------------- request bodies

/// The CSRF defence: a write signed in by the login-session cookie alone (what a browser
/// adds to a cross-site form too) must be `application/json`, which no form can send.
#[test]
fn a_cookie_signed_write_that_is_not_json_is_415_and_changes_nothing() {
    let o = org();
    let unsupported = error(
        "SC415",
        "Unsupported Media Type",
        "A request signed in by cookie, or signing in, must send its body as application/json.",
    );
    let cookie = format!("userstore_session={}", o.ada);
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/jsonp",
        "application/json-patch+json",
        "",
    ] {
        let res = o.api.send(
            req("PATCH", "/api/v2/users/1")
                .header("cookie", &cookie)
                .raw(content_type, br#"{"name":"Mallory"}"#),
        );
        expect(&res, 415, unsupported.clone());
    }
    let mut no_type = req("PATCH", "/api/v2/users/1").header("cookie", &cookie);
    no_type.body = br#"{"name":"Mallory"}"#.to_vec();
    expect(&o.api.send(no_type), 415, unsupported.clone());
    let me = o
        .api
        .send(get("/api/v2/users/me?cols[]=name").bearer(&o.ada));
    expect(&me, 200, json!({"authUser": {"name": "Ada Lovelace"}}));
    // Parameters and letter case of the media type do not matter.
    for content_type in [
        "application/json; charset=utf-8",
        "Application/JSON",
        " application/json ;charset=UTF-8",
    ] {
        let res = o.api.send(
            req("PATCH", "/api/v2/users/1")
                .header("cookie", &cookie)
                .raw(content_type, br#"{"countryId":4}"#),
        );
        assert_eq!(res.status, 200, "{content_type}: {}", text(&res));
    }
}

/// A login is refused in a form's type (login CSRF: a cross-site form would sign the browser
/// in to the sender's account), and so is a cookie-signed `POST` with no body at all (a form
/// can send that too): both change nothing.
#[test]
fn a_login_or_a_bodiless_cookie_signed_post_in_a_forms_type_is_415() {
    let o = org();
    let refused = error(
        "SC415",
        "Unsupported Media Type",
        "A request signed in by cookie, or signing in, must send its body as application/json.",
    );
    for content_type in ["text/plain", "application/x-www-form-urlencoded", ""] {
        let mut login = req("POST", "/api/v2/sessions");
        login.body = br#"{"email":"bob@acme.test","password":"Blue-Otter-47"}"#.to_vec();
        if !content_type.is_empty() {
            login = login.header("content-type", content_type);
        }
        let res = o.api.send(login);
        expect(&res, 415, refused.clone());
        assert_eq!(res.header("set-cookie"), None);
    }
    // Ada owns Acme; a form posted with her cookie does not hand it to Bob (user 2).
    let transfer = "/api/v2/users/2/user-organization-roles/1/transfer";
    let cookie = format!("userstore_session={}", o.ada);
    let res = o.api.send(req("POST", transfer).header("cookie", &cookie));
    expect(&res, 415, refused.clone());
    let res = o.api.send(
        req("POST", transfer)
            .header("cookie", &cookie)
            .raw("text/plain", b""),
    );
    expect(&res, 415, refused);
    let roles = o
        .api
        .send(get("/api/v2/users/1/user-organization-roles").bearer(&o.ada));
    expect(
        &roles,
        200,
        json!({"userOrganizationRoles": [
            {"userId": 1, "organizationId": 1, "usersRoleId": 11, "invitation": null}
        ]}),
    );
    // With the type (or a bearer), it goes through.
    let res = o.api.send(req("POST", transfer).bearer(&o.ada));
    assert_eq!(res.status, 200, "{}", text(&res));
}

/// Make's documented requests (`curl -d '{…}'`) send JSON as a form: with an `Authorization`
/// header, or no credentials at all, the body is JSON whatever its type says.
#[test]
fn a_json_body_is_read_whatever_its_type_without_a_session_cookie() {
    let o = org();
    let token = o.api.host_token(UserId(1), &["user:write"]);
    for content_type in ["application/x-www-form-urlencoded", "text/plain", ""] {
        let res = o.api.send(
            req("PATCH", "/api/v2/users/1")
                .bearer(&o.ada)
                .raw(content_type, br#"{"countryId":5}"#),
        );
        assert_eq!(res.status, 200, "{content_type}: {}", text(&res));
        let res = o.api.send(
            req("PATCH", "/api/v2/users/1")
                .token(&token)
                .raw(content_type, br#"{"countryId":6}"#),
        );
        assert_eq!(res.status, 200, "{content_type}: {}", text(&res));
        let mut anonymous = req("POST", "/api/v2/users/password-reset-demand");
        anonymous.body = br#"{"email":"ada@acme.test"}"#.to_vec();
        if !content_type.is_empty() {
            anonymous = anonymous.header("content-type", content_type);
        }
        expect(&o.api.send(anonymous), 200, json!({"ok": 1}));
    }
    // Still JSON: a form body is malformed JSON, and changes nothing.
    let res = o.api.send(
        req("PATCH", "/api/v2/users/1")
            .bearer(&o.ada)
            .raw("application/x-www-form-urlencoded", b"name=Mallory"),
    );
    expect(&res, 400, bad_request("Malformed JSON at line 1 column 2."));
    let me = o
        .api
        .send(get("/api/v2/users/me?cols[]=name&cols[]=countryId").bearer(&o.ada));
    expect(
        &me,
        200,
        json!({"authUser": {"name": "Ada Lovelace", "countryId": 6}}),
    );
}

#[test]
fn malformed_json_is_400_without_echoing_the_input() {
    let o = org();
    for (body, detail) in [
        (&b"{\"name\":"[..], "Malformed JSON at line 1 column 8."),
        (b"{\"name\": 'Ada'}", "Malformed JSON at line 1 column 10."),
        (
            b"{\"currentPassword\":\"Secret-Pass-1\",}",
            "Malformed JSON at line 1 column 36.",
        ),
        (b"", "Malformed JSON at line 1 column 0."),
        (b"{}\n{}", "Malformed JSON at line 2 column 1."),
        (b"\xEF\xBB\xBF{}", "Malformed JSON at line 1 column 1."),
        (
            b"{\"name\":\"\xFF\"}",
            "Malformed JSON at line 1 column 10.",
        ),
    ] {
        let res = o.api.send(
            req("PATCH", "/api/v2/users/1")
                .bearer(&o.ada)
                .raw("application/json", body),
        );
        expect(&res, 400, bad_request(detail));
        assert!(!text(&res).contains("Secret"));
    }
}

#[test]
fn duplicate_json_keys_are_400() {
    let o = org();
    for body in [
        &br#"{"name":"Ada","name":"Eve"}"#[..],
        br#"{"newPassword1":"Green-Heron-58","newPassword2":"Green-Heron-58","newPassword2":"x"}"#,
        br#"{"label":"x","scope":[{"a":1,"a":2}]}"#,
    ] {
        let res = o.api.send(
            req("PATCH", "/api/v2/users/1")
                .bearer(&o.ada)
                .raw("application/json", body),
        );
        expect(
            &res,
            400,
            bad_request("Malformed JSON: duplicate object key."),
        );
    }
}

#[test]
fn a_json_body_must_be_an_object() {
    let o = org();
    for body in [&b"[]"[..], b"\"Ada\"", b"null", b"42"] {
        let res = o
            .api
            .send(req("POST", "/api/v2/users/password-reset-demand").raw("application/json", body));
        expect(
            &res,
            400,
            bad_request("The request body must be a JSON object."),
        );
    }
}

#[test]
fn a_two_mib_body_is_413() {
    let o = org();
    let big = format!(r#"{{"name":"{}"}}"#, "a".repeat(2 * 1024 * 1024));
    let too_large = error(
        "SC413",
        "Payload Too Large",
        "The request body is larger than 1048576 bytes.",
    );
    for (method, path) in [
        ("PATCH", "/api/v2/users/1"),
        ("POST", "/api/v2/users/password-reset-demand"),
        ("POST", "/api/v2/sessions"),
    ] {
        let res = o.api.send(
            req(method, path)
                .bearer(&o.ada)
                .raw("application/json", big.as_bytes()),
        );
        expect(&res, 413, too_large.clone());
    }
    // Exactly at the limit the body is read (and here found invalid).
    let at_limit = format!(r#"{{"name":"{}"}}"#, "a".repeat(1024 * 1024 - 11));
    assert_eq!(at_limit.len(), 1024 * 1024);
    let res = o.api.send(
        req("PATCH", "/api/v2/users/1")
            .bearer(&o.ada)
            .raw("application/json", at_limit.as_bytes()),
    );
    expect(
        &res,
        400,
        validation(&["'name' must be at most 250 characters long."]),
    );
}

#[test]
fn the_body_limit_is_configurable() {
    let o = org_with(|mut c| {
        c.max_body_bytes = 64;
        c
    });
    let fits = format!("{{\"countryId\":4}}{}", " ".repeat(64 - 15));
    let res = o.api.send(
        req("PATCH", "/api/v2/users/1")
            .bearer(&o.ada)
            .raw("application/json", fits.as_bytes()),
    );
    expect(&res, 200, json!({"user": "<any>"}));
    let res = o.api.send(
        req("PATCH", "/api/v2/users/1")
            .bearer(&o.ada)
            .raw("application/json", format!("{fits} ").as_bytes()),
    );
    expect(
        &res,
        413,
        error(
            "SC413",
            "Payload Too Large",
            "The request body is larger than 64 bytes.",
        ),
    );
}

// -------------------------------------------------------------- credentials

#[test]
fn malformed_and_unknown_credentials_are_401() {
    let o = org();
    let (_, token) = o.api.api_token(&o.ada, &["user:read"]);
    for authorization in [
        String::new(),
        "Token".into(),
        "Bearer".into(),
        "Token ".into(),
        format!("Basic {token}"),
        format!("Bearer {token}"),
        format!("Token {}", o.ada),
        format!("Token{token}"),
        "Token abcdefab-1234-4678-9bcd-112233445566".into(),
        format!("Bearer {}", "f".repeat(64)),
        format!("Token {}", token.to_uppercase()),
    ] {
        let res = o
            .api
            .send(get("/api/v2/users/me?cols[]=id").header("authorization", &authorization));
        expect(&res, 401, unauthorized());
    }
    for cookie in [
        "userstore_session=".to_string(),
        format!("userstore_session={}", "f".repeat(64)),
        format!("userstore_reset={}", o.ada),
        format!("other_session={}", o.ada),
    ] {
        let res = o
            .api
            .send(get("/api/v2/users/me?cols[]=id").header("cookie", &cookie));
        expect(&res, 401, unauthorized());
    }
}

#[test]
fn credentials_are_read_case_insensitively_where_http_says_so() {
    let o = org();
    let (_, token) = o.api.api_token(&o.ada, &["organization:read"]);
    for (name, value) in [
        ("Authorization", format!("Bearer {}", o.ada)),
        ("AUTHORIZATION", format!("bearer {}", o.ada)),
        ("authorization", format!("TOKEN {token}")),
        ("authorization", format!("  Token   {token}  ")),
    ] {
        let res = o
            .api
            .send(get("/api/v2/users/me?cols[]=id").header(name, &value));
        expect(&res, 200, json!({"authUser": {"id": 1}}));
    }
    let mut patch = req("PATCH", "/api/v2/users/1")
        .bearer(&o.ada)
        .header("Content-Type", "application/json");
    patch.body = br#"{"countryId":5}"#.to_vec();
    expect(&o.api.send(patch), 200, json!({"user": "<any>"}));
}

#[test]
fn the_authorization_header_wins_over_the_session_cookie() {
    let o = org();
    let res = o.api.send(
        get("/api/v2/users/me?cols[]=id")
            .header("cookie", &format!("userstore_session={}", o.ada))
            .header("authorization", "Bearer nope"),
    );
    expect(&res, 401, unauthorized());
    let res = o.api.send(
        get("/api/v2/users/me?cols[]=id")
            .header("cookie", &format!("a=1; userstore_session={}; b=2", o.ada)),
    );
    expect(&res, 200, json!({"authUser": {"id": 1}}));
}

/// Every route a caller reaches asks an API token for the scope Make documents for it (the
/// table's, which the README's route table shows), before it reads anything else.
#[test]
fn a_token_without_the_routes_scope_is_403_on_every_route() {
    let o = org();
    let (_, none) = o.api.api_token(&o.ada, &[]);
    let mut checked = 0;
    for op in userstore::api::OPERATIONS {
        let (Some(route), Some(scope)) = (op.route, op.scope) else {
            continue;
        };
        let path = route
            .path
            .split('/')
            .map(|part| if part.starts_with('{') { "1" } else { part })
            .collect::<Vec<_>>()
            .join("/");
        let mut r = req(route.method, &format!("/api/v2{path}")).token(&none);
        if route.method != "GET" {
            r = r.json(&json!({}));
        }
        let res = o.api.send(r);
        expect(
            &res,
            403,
            forbidden(&format!("The token lacks the scope {scope}.")),
        );
        checked += 1;
    }
    assert_eq!(checked, 18);
    // Make's scopes, spot-checked by name.
    let scope_of = |name: &str| userstore::api::find(name).unwrap().scope;
    assert_eq!(scope_of("listUsers"), Some("user:read"));
    assert_eq!(scope_of("me"), Some("organization:read"));
    assert_eq!(scope_of("updateUser"), Some("user:write"));
    assert_eq!(scope_of("listApiTokens"), Some("user:read"));
    assert_eq!(scope_of("deleteApiToken"), Some("user:write"));
    // Nothing was changed by the refused calls: the password still works.
    o.api.login("ada@acme.test", PW);
}

#[test]
fn a_revoked_or_orphaned_token_is_401() {
    let o = org();
    let (id, token) = o.api.api_token(&o.ada, &["organization:read"]);
    let res = o.api.send(get("/api/v2/users/me?cols[]=id").token(&token));
    expect(&res, 200, json!({"authUser": {"id": 1}}));
    let res = o
        .api
        .send(req("DELETE", &format!("/api/v2/users/me/api-tokens/{id}")).bearer(&o.ada));
    expect(&res, 200, json!({"apiToken": T0_ISO}));
    let res = o.api.send(get("/api/v2/users/me?cols[]=id").token(&token));
    expect(&res, 401, unauthorized());

    let bob_session = o.api.login("bob@acme.test", PW);
    let (_, bob_token) = o.api.api_token(&bob_session, &["organization:read"]);
    o.api.store.delete_user(UserId(2)).unwrap();
    for r in [
        get("/api/v2/users/me").token(&bob_token),
        get("/api/v2/users/me").bearer(&bob_session),
    ] {
        expect(&o.api.send(r), 401, unauthorized());
    }
}

#[test]
fn im011_carries_retry_after_and_other_errors_do_not() {
    let o = org();
    let send = |password: &str| {
        o.api.send(
            req("PUT", "/api/v2/users/1/attributes/password")
                .bearer(&o.ada)
                .json(
                    &json!({"currentPassword": password, "newPassword1": PW2, "newPassword2": PW2}),
                ),
        )
    };
    expect_lock_after_five_wrong_passwords(send);
    o.api.advance(61);
    expect_with(&send(PW), 429, &[("retry-after", "839")], too_many(839));
    o.api.advance(839);
    expect(&send(PW), 200, json!({"changed": true}));
}

// --------------------------------------------------------------- secrecy

#[test]
fn debug_output_never_shows_bodies_cookies_or_credentials() {
    let o = org();
    let request =
        req("POST", "/api/v2/sessions").json(&json!({"email": "ada@acme.test", "password": PW}));
    let res = o.api.send(request.clone());
    let token = res.json_body()["session"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let shown = format!("{request:?} {res:?}");
    assert!(!shown.contains(PW), "{shown}");
    assert!(!shown.contains(&token), "{shown}");
    let request =
        get("/api/v2/users/password-reset?hash=fab680b60044adb766128e713e44e15b").bearer(&token);
    let shown = format!("{request:?}");
    assert!(!shown.contains("fab680b6"), "{shown}");
    assert!(!shown.contains(&token), "{shown}");
}

#[test]
fn a_405_quotes_an_odd_method_only_briefly() {
    let o = org();
    let long = "X".repeat(100);
    let res = o.api.send(req(&long, "/api/v2/users/me"));
    expect_405(&res, &format!("{}…", "X".repeat(32)), "GET");
    let res = o.api.send(req("GET\r\nX-Evil: 1", "/api/v2/users/me"));
    expect_405(&res, "GETX-EVIL: 1", "GET");
}

//! Router tests of `GET /users`: Make's defaults, `teamId` xor `organizationId`, filters,
//! sorting with ties, paging, columns and permissions. Each asserts the exact status, headers
//! and body. The fixture is [`common_http::acme`].

mod common_http;

use common_http::*;
use serde_json::{Value, json};

fn olivia() -> Value {
    listed(1, "Olivia Owner", "olivia@acme.test")
}

fn ada() -> Value {
    listed(2, "Ada Lovelace", "ada@acme.test")
}

fn bob() -> Value {
    listed(3, "Bob Stone", "bob@acme.test")
}

fn cy() -> Value {
    listed(4, "Cy Young", "cy@acme.test")
}

#[test]
fn list_users_of_an_organization_defaults_to_id_descending_ten_per_page() {
    let a = acme();
    a.api.expect_get(
        &a.ada,
        "/api/v2/users?organizationId=1",
        200,
        json!({"users": [cy(), bob(), ada(), olivia()], "pg": pg("id", "desc", 0, 10)}),
    );
}

#[test]
fn list_users_of_a_team_shows_only_its_members() {
    let a = acme();
    a.api.expect_get(
        &a.ada,
        "/api/v2/users?teamId=1",
        200,
        json!({"users": [bob(), ada()], "pg": pg("id", "desc", 0, 10)}),
    );
    // An organization owner may list a team without being in it.
    a.api.expect_get(
        &a.olivia,
        "/api/v2/users?teamId=1",
        200,
        json!({"users": [bob(), ada()], "pg": pg("id", "desc", 0, 10)}),
    );
}

#[test]
fn list_users_needs_team_id_xor_organization_id() {
    let a = acme();
    a.api.expect_get(
        &a.ada,
        "/api/v2/users?teamId=1&organizationId=1",
        400,
        bad_request("teamId and organizationId cannot be used together"),
    );
    a.api.expect_get(
        &a.ada,
        "/api/v2/users",
        400,
        bad_request("Missing required parameter teamId or organizationId"),
    );
    a.api.expect_get(
        &a.ada,
        "/api/v2/users?name=ada&pg[limit]=5",
        400,
        bad_request("Missing required parameter teamId or organizationId"),
    );
}

#[test]
fn list_users_filters_by_name_and_email_case_insensitively() {
    let a = acme();
    a.api.expect_get(
        &a.ada,
        "/api/v2/users?organizationId=1&name=LOVE",
        200,
        json!({"users": [ada()], "pg": pg("id", "desc", 0, 10)}),
    );
    a.api.expect_get(
        &a.ada,
        "/api/v2/users?organizationId=1&email=BOB%40ACME",
        200,
        json!({"users": [bob()], "pg": pg("id", "desc", 0, 10)}),
    );
    a.api.expect_get(
        &a.ada,
        "/api/v2/users?organizationId=1&name=E&email=O",
        200,
        json!({"users": [bob(), olivia()], "pg": pg("id", "desc", 0, 10)}),
    );
    a.api.expect_get(
        &a.ada,
        "/api/v2/users?organizationId=1&name=nobody",
        200,
        json!({"users": [], "pg": pg("id", "desc", 0, 10)}),
    );
}

#[test]
fn list_users_filters_by_role_in_the_matching_scope_only() {
    let a = acme();
    a.api.expect_get(
        &a.ada,
        "/api/v2/users?organizationId=1&organizationRoleId=13",
        200,
        json!({"users": [bob(), ada()], "pg": pg("id", "desc", 0, 10)}),
    );
    a.api.expect_get(
        &a.ada,
        "/api/v2/users?teamId=1&teamRoleId=3",
        200,
        json!({"users": [ada()], "pg": pg("id", "desc", 0, 10)}),
    );
    a.api.expect_get(
        &a.ada,
        "/api/v2/users?organizationId=1&teamRoleId=3",
        400,
        bad_request("teamRoleId can be used only together with teamId"),
    );
    a.api.expect_get(
        &a.ada,
        "/api/v2/users?teamId=1&organizationRoleId=13",
        400,
        bad_request("organizationRoleId can be used only together with organizationId"),
    );
    a.api.expect_get(
        &a.ada,
        "/api/v2/users?organizationId=1&organizationRoleId=3",
        400,
        validation(&["'organizationRoleId' must be an organization role id (got 3)."]),
    );
    a.api.expect_get(
        &a.ada,
        "/api/v2/users?teamId=1&teamRoleId=13",
        400,
        validation(&["'teamRoleId' must be a team role id (got 13)."]),
    );
}

#[test]
fn list_users_sorts_by_name_and_email_with_ties_broken_by_id_in_the_same_direction() {
    let api = api();
    let org = api.org("Ties");
    for (name, email) in [
        ("Zed Owner", "zed@ties.test"),
        ("Sam Lee", "sam.b@ties.test"),
        ("Sam Lee", "sam.a@ties.test"),
        ("Amy Ray", "amy@ties.test"),
        ("ben Fox", "ben@ties.test"),
    ] {
        let id = api.user(name, email);
        api.org_role(org, id, 13);
    }
    let s = api.login("zed@ties.test", PW);
    let ids = |query: &str| -> Vec<i64> {
        let res = api.send(get(&format!("/api/v2/users?organizationId={org}&{query}")).bearer(&s));
        assert_eq!(res.status, 200, "{query}: {}", text(&res));
        res.json_body()["users"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(ids("pg[sortBy]=name&pg[sortDir]=asc"), [4, 5, 2, 3, 1]);
    assert_eq!(ids("pg[sortBy]=name&pg[sortDir]=desc"), [1, 3, 2, 5, 4]);
    assert_eq!(ids("pg[sortBy]=name"), [1, 3, 2, 5, 4]);
    assert_eq!(ids("pg[sortBy]=email&pg[sortDir]=asc"), [4, 5, 3, 2, 1]);
    assert_eq!(ids("pg[sortBy]=id&pg[sortDir]=asc"), [1, 2, 3, 4, 5]);
    // Ties stay in order across pages.
    assert_eq!(
        ids("pg[sortBy]=name&pg[sortDir]=asc&pg[offset]=2&pg[limit]=1"),
        [2]
    );
    assert_eq!(
        ids("pg[sortBy]=name&pg[sortDir]=asc&pg[offset]=3&pg[limit]=1"),
        [3]
    );
    let res = api.send(
        get(&format!(
            "/api/v2/users?organizationId={org}&pg[sortBy]=name&pg[sortDir]=asc&pg[limit]=2&cols[]=id&cols[]=name"
        ))
        .bearer(&s),
    );
    expect(
        &res,
        200,
        json!({
            "users": [{"id": 4, "name": "Amy Ray"}, {"id": 5, "name": "ben Fox"}],
            "pg": pg("name", "asc", 0, 2)
        }),
    );
}

#[test]
fn list_users_pages_with_offset_and_limit() {
    let a = acme();
    a.api.expect_get(
        &a.ada,
        "/api/v2/users?organizationId=1&pg[offset]=1&pg[limit]=2",
        200,
        json!({"users": [bob(), ada()], "pg": pg("id", "desc", 1, 2)}),
    );
    a.api.expect_get(
        &a.ada,
        "/api/v2/users?organizationId=1&pg[offset]=4",
        200,
        json!({"users": [], "pg": pg("id", "desc", 4, 10)}),
    );
    a.api.expect_get(
        &a.ada,
        "/api/v2/users?organizationId=1&pg[limit]=10000&pg[sortDir]=asc",
        200,
        json!({"users": [olivia(), ada(), bob(), cy()], "pg": pg("id", "asc", 0, 10000)}),
    );
}

#[test]
fn list_users_pages_by_keyset_with_show_last_and_last() {
    let a = acme();
    let keyset = |sort_by: &str, last: Value| json!({"sortBy": sort_by, "sortDir": "asc", "limit": 2, "last": last, "showLast": true});
    let by_name = "/api/v2/users?organizationId=1&pg[sortBy]=name&pg[sortDir]=asc&pg[limit]=2";
    a.api.expect_get(
        &a.ada,
        &format!("{by_name}&pg[showLast]=true&cols[]=id"),
        200,
        json!({"users": [{"id": 2}, {"id": 3}], "pg": keyset("name", json!("n3.bob stone"))}),
    );
    // The cursor percent-encoded, or with `+` for its space, as forms write it.
    a.api.expect_get(
        &a.ada,
        &format!("{by_name}&pg[last]=n3.bob%20stone&cols[]=id"),
        200,
        json!({"users": [{"id": 4}, {"id": 1}], "pg": keyset("name", json!("n1.olivia owner"))}),
    );
    a.api.expect_get(
        &a.ada,
        &format!("{by_name}&pg[last]=n1.olivia+owner&cols[]=id"),
        200,
        json!({"users": [], "pg": keyset("name", json!("n1.olivia owner"))}),
    );
    a.api.expect_get(
        &a.ada,
        &format!("{by_name}&pg[last]=i3"),
        400,
        validation(&["'pg[last]' must be the 'last' of a listing sorted by name."]),
    );
    a.api.expect_get(
        &a.ada,
        "/api/v2/users?organizationId=1&pg[last]=i3&pg[offset]=2",
        400,
        validation(&[
            "Keyset paging ('pg[last]', 'pg[showLast]') and 'pg[offset]' cannot be used together.",
        ]),
    );
}

#[test]
fn list_users_columns_are_chosen_with_repeated_cols() {
    let a = acme();
    a.api.expect_get(
        &a.ada,
        "/api/v2/users?teamId=1&cols[]=email&cols[]=id&cols[]=email",
        200,
        json!({
            "users": [{"email": "bob@acme.test", "id": 3}, {"email": "ada@acme.test", "id": 2}],
            "pg": pg("id", "desc", 0, 10)
        }),
    );
    let res = a.api.send(
        get(
            "/api/v2/users?teamId=1&teamRoleId=3&cols[]=id&cols[]=timezone&cols[]=locale\
             &cols[]=lastLogin&cols[]=hasPassword&cols[]=forceSetPassword&cols[]=tfaEnabled\
             &cols[]=userOrganizationRoles&cols[]=userTeamRoles",
        )
        .bearer(&a.ada),
    );
    expect(
        &res,
        200,
        json!({
            "users": [{
                "id": 2, "timezone": "Etc/UTC", "locale": "en-US", "lastLogin": T0_ISO,
                "hasPassword": true, "forceSetPassword": false, "tfaEnabled": false,
                "userOrganizationRoles": [
                    {"userId": 2, "organizationId": 1, "usersRoleId": 13, "invitation": null}
                ],
                // Ada, a member and team monitor, may change no team role.
                "userTeamRoles": [
                    {"userId": 2, "teamId": 1, "usersRoleId": 3, "changeable": false,
                     "ssoPending": false}
                ]
            }],
            "pg": pg("id", "desc", 0, 10)
        }),
    );
    a.api.expect_get(
        &a.ada,
        "/api/v2/users?teamId=1&cols[]=id&cols[]=password",
        400,
        validation(&["Unknown column 'password' in 'cols[]'."]),
    );
}

#[test]
fn list_users_reports_every_bad_parameter_at_once() {
    let a = acme();
    let res = a.api.send(
        get(
            "/api/v2/users?organizationId=1&pg[sortBy]=created&pg[sortDir]=up\
             &pg[offset]=-1&pg[limit]=0&foo=1",
        )
        .bearer(&a.ada),
    );
    expect(
        &res,
        400,
        validation(&[
            "'pg[sortBy]' must be one of id, name, email.",
            "'pg[sortDir]' must be asc or desc.",
            "'pg[offset]' must be 0 or more.",
            "'pg[limit]' must be between 1 and 10000.",
            "Unknown parameter 'foo'.",
        ]),
    );
    a.api.expect_get(
        &a.ada,
        "/api/v2/users?teamId=abc&pg[limit]=10001",
        400,
        validation(&[
            "'teamId' must be an integer.",
            "'pg[limit]' must be between 1 and 10000.",
        ]),
    );
}

#[test]
fn list_users_needs_a_role_in_the_team_or_organization() {
    let a = acme();
    let res = a.api.send(get("/api/v2/users?organizationId=1"));
    expect(&res, 401, unauthorized());
    a.api.expect_get(
        &a.gina,
        "/api/v2/users?organizationId=1",
        403,
        forbidden("You have no role in this team or organization."),
    );
    // An accountant of the organization is not in its team.
    a.api.expect_get(
        &a.cy,
        "/api/v2/users?teamId=1",
        403,
        forbidden("You have no role in this team or organization."),
    );
    a.api.expect_get(
        &a.ada,
        "/api/v2/users?organizationId=99",
        404,
        not_found("Organization 99 not found."),
    );
    a.api.expect_get(
        &a.ada,
        "/api/v2/users?teamId=99",
        404,
        not_found("Team 99 not found."),
    );
}

#[test]
fn list_users_with_an_api_token_needs_makes_user_read_scope() {
    let a = acme();
    let (_, read_only) = a.api.api_token(&a.ada, &["organization:read"]);
    let res = a
        .api
        .send(get("/api/v2/users?organizationId=1").token(&read_only));
    expect(&res, 403, forbidden("The token lacks the scope user:read."));
    let (_, org_read) = a.api.api_token(&a.ada, &["user:read"]);
    let res = a
        .api
        .send(get("/api/v2/users?organizationId=1&pg[limit]=1").token(&org_read));
    expect(
        &res,
        200,
        json!({"users": [cy()], "pg": pg("id", "desc", 0, 1)}),
    );
}

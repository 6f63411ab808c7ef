//! Host administration (issue 2): organizations, teams, users with or without a password,
//! imports, organization and team roles with their rules, deleting a user, the roles table.

mod common;

use common::*;
use serde_json::json;
use userstore::model::ROLES;
use userstore::{Actor, NewUser};
use userstore::{OrganizationId, TeamId, UserId};

#[test]
fn the_roles_table_is_makes() {
    assert_eq!(serde_json::to_value(ROLES).unwrap(), roles::make_roles());
}

#[test]
fn a_new_user_has_every_field_at_its_default() {
    let e = env();
    let created = e
        .store
        .create_user(NewUser::new("Ada Lovelace", "  Ada@Example.com ").password(PW))
        .unwrap()
        .to_value();
    assert_eq!(
        created,
        json!({"user": new_user_in_full(1, "Ada Lovelace", "Ada@Example.com")})
    );
    e.login("ada@example.com", PW);
    let bare = e
        .store
        .create_user(NewUser::new("Alan Turing", "alan@example.com"))
        .unwrap();
    assert_eq!(bare.to_value()["user"]["hasPassword"], false);
}

#[test]
fn a_user_from_json_with_every_field() {
    let e = env();
    let u = NewUser::from_json(json!({
        "name": "Jana Nováková",
        "email": "jana@example.cz",
        "password": PW,
        "language": "cs",
        "timezoneId": 113,
        "localeId": 18,
        "countryId": 6
    }))
    .unwrap();
    let user = &e.store.create_user(u).unwrap().to_value()["user"];
    assert_eq!(
        (
            &user["language"],
            &user["timezone"],
            &user["localeId"],
            &user["countryId"]
        ),
        (&json!("cs"), &json!("Europe/Prague"), &json!(18), &json!(6))
    );
    assert_eq!(
        body(NewUser::from_json(json!({"name": "X", "admin": true})).unwrap_err()),
        validation(&["'email' is required.", "Unknown field 'admin'."])
    );
}

#[test]
fn new_users_follow_the_field_rules() {
    let e = env();
    let mut u = NewUser::new(" Bad", "not an email");
    u.language = Some("xx".into());
    u.timezone_id = Some(0);
    u.locale_id = Some(0);
    u.country_id = Some(0);
    assert_eq!(
        body(e.store.create_user(u).unwrap_err()),
        validation(&[
            "'name' must not start or end with a space.",
            "'email' must be a valid email address.",
            "'language' must be a known language code (got 'xx').",
            "'timezoneId' must be a known timezone id (got 0).",
            "'localeId' must be a known locale id (got 0).",
            "'countryId' must be a known country id (got 0).",
        ])
    );
    assert_eq!(
        body(
            e.store
                .import_users([
                    NewUser::new("Good One", "good@example.com"),
                    NewUser::new("Bad;One", "bad@example.com"),
                ])
                .unwrap_err()
        ),
        validation(&[
            "User 2: 'name' may contain only letters, digits, spaces and ' - . ( ) * + , @ _ / (found U+003B)."
        ])
    );
    assert_eq!(
        body(
            e.store
                .create_user(NewUser::new("Weak", "weak@example.com").password("weak"))
                .unwrap_err()
        )["suberrors"][0],
        json!({"message": "The password must be at least 9 characters long."})
    );
    let n: i64 = e.count("SELECT count(*) FROM users");
    assert_eq!(n, 0);
}

#[test]
fn emails_are_unique_case_insensitively() {
    let e = env();
    e.user("Ada Lovelace", "ada@example.com", None);
    assert_eq!(
        body(
            e.store
                .create_user(NewUser::new("Ada Again", "ADA@EXAMPLE.COM"))
                .unwrap_err()
        ),
        validation(&["The email address ADA@EXAMPLE.COM is already in use."])
    );
    assert_eq!(
        body(
            e.store
                .import_users([
                    NewUser::new("Twin One", "twin@example.com"),
                    NewUser::new("Twin Two", "Twin@example.com"),
                ])
                .unwrap_err()
        ),
        validation(&["The email address Twin@example.com is already in use."])
    );
}

#[test]
fn a_name_need_not_be_unique() {
    let e = env();
    e.user("Ada Lovelace", "ada1@example.com", None);
    e.user("Ada Lovelace", "ada2@example.com", None);
}

#[test]
fn organizations_and_teams() {
    let e = env();
    let org = e.store.create_organization("Acme (EU)").unwrap();
    assert_eq!(
        serde_json::to_value(&org).unwrap(),
        json!({"id": 1, "name": "Acme (EU)"})
    );
    let team = e.store.create_team(org.id, "Ops").unwrap();
    assert_eq!(
        serde_json::to_value(&team).unwrap(),
        json!({"id": 1, "organizationId": 1, "name": "Ops"})
    );
    assert_eq!(
        body(e.store.create_team(OrganizationId(9), "Ops").unwrap_err()),
        not_found("Organization 9 not found.")
    );
    assert_eq!(
        body(e.store.create_organization("").unwrap_err()),
        validation(&["'name' must not be empty."])
    );
    assert_eq!(
        body(
            e.store
                .create_team(org.id, "x".repeat(251).as_str())
                .unwrap_err()
        ),
        validation(&["'name' must be at most 250 characters long."])
    );
}

#[test]
fn role_rules() {
    let e = env();
    let org = e.store.create_organization("Acme").unwrap();
    let team = e.store.create_team(org.id, "Ops").unwrap();
    let id = e.user("Ada Lovelace", "ada@example.com", None);
    assert_eq!(
        body(e.store.set_team_role(team.id, id, 1).unwrap_err()),
        bad_request("User 1 needs a role in organization 1 before a role in its team 1.")
    );
    assert_eq!(
        body(e.store.set_organization_role(org.id, id, 3).unwrap_err()),
        validation(&["'usersRoleId' must be an organization role (11 to 15), not 3."])
    );
    assert_eq!(
        body(
            e.store
                .set_organization_role(OrganizationId(9), id, 13)
                .unwrap_err()
        ),
        not_found("Organization 9 not found.")
    );
    assert_eq!(
        body(
            e.store
                .set_organization_role(org.id, UserId(9), 13)
                .unwrap_err()
        ),
        not_found("User 9 not found.")
    );
    e.store.set_organization_role(org.id, id, 13).unwrap();
    assert_eq!(
        body(e.store.set_team_role(team.id, id, 13).unwrap_err()),
        validation(&["'usersRoleId' must be a team role (1 to 5), not 13."])
    );
    assert_eq!(
        body(e.store.set_team_role(TeamId(9), id, 1).unwrap_err()),
        not_found("Team 9 not found.")
    );
    e.store.set_team_role(team.id, id, 1).unwrap();
    // Setting again replaces.
    e.store.set_organization_role(org.id, id, 12).unwrap();
    e.store.set_team_role(team.id, id, 4).unwrap();
    let cols = [
        "userOrganizationRoles".to_string(),
        "userTeamRoles".to_string(),
    ];
    let roles = |e: &Env| {
        e.store
            .list_users(
                &Actor::System,
                &q(&[
                    ("organizationId", "1"),
                    ("cols[]", &cols[0]),
                    ("cols[]", &cols[1]),
                ]),
            )
            .unwrap()
            .wire()["users"]
            .clone()
    };
    assert_eq!(
        roles(&e),
        json!([{
            "userOrganizationRoles": [
                {"userId": 1, "organizationId": 1, "usersRoleId": 12, "invitation": null}
            ],
            "userTeamRoles": [
                {"userId": 1, "teamId": 1, "usersRoleId": 4, "changeable": true, "ssoPending": false}
            ]
        }])
    );
    // Leaving the organization leaves its teams.
    e.store.remove_organization_role(org.id, id).unwrap();
    assert_eq!(roles(&e), json!([]));
    assert_eq!(
        e.store.user(&Actor::System, id).unwrap().to_value()["user"]["userTeamRoles"],
        json!([])
    );
    assert_eq!(
        body(e.store.remove_organization_role(org.id, id).unwrap_err()),
        not_found("User 1 has no role in organization 1.")
    );
    assert_eq!(
        body(e.store.remove_team_role(team.id, id).unwrap_err()),
        not_found("User 1 has no role in team 1.")
    );
}

#[test]
fn deleting_a_user_ends_everything_of_it() {
    let e = env();
    let org = e.store.create_organization("Acme").unwrap();
    let id = e.user("Ada Lovelace", "ada@example.com", Some(PW));
    e.store.set_organization_role(org.id, id, 13).unwrap();
    let (s, _) = e.login("ada@example.com", PW);
    e.store.delete_user(id).unwrap();
    assert!(!e.session_ok(&s.token));
    assert_eq!(e.login_err("ada@example.com", PW), invalid_credentials());
    assert_eq!(
        body(e.store.user(&Actor::System, id).unwrap_err()),
        not_found("User 1 not found.")
    );
    // The address is free again.
    e.user("Ada Lovelace", "ada@example.com", None);
    let page = e
        .store
        .list_users(&Actor::System, &q(&[("organizationId", "1")]))
        .unwrap()
        .wire();
    assert_eq!(
        page["users"],
        json!([]),
        "the new user did not inherit the old roles"
    );
}

#[test]
fn a_deleted_users_id_is_never_given_to_a_new_user() {
    let e = env();
    let id = e.user("Ada Lovelace", "ada@example.com", Some(PW));
    e.login("ada@example.com", PW);
    e.store.delete_user(id).unwrap();
    let new = e.user("Alan Turing", "alan@example.com", None);
    assert_ne!(new, id);
    // So the audit log of the new user is not the old one's.
    assert!(e.audit(new).is_empty());
    assert_eq!(e.audit(id), ["login_succeeded"]);
}

/// An argument an operation does not take is refused before anything changes: the caller
/// meant something the store would not do (`api::call` of every surface; over HTTP these
/// keys cannot arrive).
#[test]
fn every_operation_refuses_an_argument_it_does_not_take_and_changes_nothing() {
    use userstore::api::{self, Caller};
    let e = env();
    let ada = e.user("Ada Lovelace", "ada@example.com", Some(PW));
    let bob = e.user("Bob Builder", "bob@example.com", Some(PW));
    let org = e.store.create_organization("Org").unwrap().id;
    let team = e.store.create_team(org, "Team").unwrap().id;
    e.store.set_organization_role(org, ada, 13).unwrap();
    e.store.set_team_role(team, ada, 3).unwrap();
    e.demand("bob@example.com");
    let (session, actor) = e.login("ada@example.com", PW);
    let token = e
        .store
        .create_api_token(
            &actor,
            &userstore::NewApiToken::from_json(json!({"label": "ci", "scope": ["user:read"]}))
                .unwrap(),
        )
        .unwrap()
        .api_token
        .id;
    let mail = e.mails()[0].id;
    let bearer = format!("Bearer {}", session.token.expose());
    let user = Caller::Authorization(&bearer);
    let before = e.raw().every_value();
    let cases = [
        (Caller::System, "deleteUser", json!({"userId": bob})),
        (
            Caller::System,
            "setOrganizationRole",
            json!({"organizationId": org, "userId": bob, "usersRoleId": 12}),
        ),
        (
            Caller::System,
            "removeOrganizationRole",
            json!({"organizationId": org, "userId": ada}),
        ),
        (
            Caller::System,
            "setTeamRole",
            json!({"teamId": team, "userId": ada, "usersRoleId": 2}),
        ),
        (
            Caller::System,
            "removeTeamRole",
            json!({"teamId": team, "userId": ada}),
        ),
        (Caller::System, "acknowledgeMail", json!({"id": mail})),
        (user, "deleteApiToken", json!({"id": token})),
        (user, "logout", json!({})),
        (user, "listApiTokens", json!({})),
        (user, "currentAuthorization", json!({})),
        (Caller::Anonymous, "roles", json!({})),
    ];
    for (caller, op, mut args) in cases {
        args["unexpected"] = json!(1);
        let refused = api::call(&e.store, caller, op, args).expect_err(op);
        assert_eq!(
            body(refused),
            validation(&["Unknown field 'unexpected'."]),
            "{op}"
        );
    }
    assert_eq!(e.raw().every_value(), before);
    assert!(e.session_ok(&session.token), "the session is still open");
}

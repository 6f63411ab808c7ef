//! The admin subcommands: their exact JSON Lines output, their errors, and a token created by
//! the CLI used over HTTP.

mod common;

use common::{Server, agent, cli, cli_ok, json_lines};
use serde_json::json;
use std::path::Path;

fn db(dir: &tempfile::TempDir) -> String {
    dir.path().join("users.db").to_str().unwrap().to_owned()
}

/// The arguments of `userstore user create --db DB --name NAME --email EMAIL`, then `more`.
fn user_create<'a>(db: &'a str, name: &'a str, email: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "user", "create", "--db", db, "--name", name, "--email", email,
    ];
    args.extend_from_slice(more);
    args
}

/// The arguments of `userstore token create --db DB --email EMAIL --label LABEL --scope SCOPE…`.
fn token_create<'a>(
    db: &'a str,
    email: &'a str,
    label: &'a str,
    scope: &[&'a str],
) -> Vec<&'a str> {
    let mut args = vec![
        "token", "create", "--db", db, "--email", email, "--label", label, "--scope",
    ];
    args.extend_from_slice(scope);
    args
}

/// Runs a command that must fail; returns its stderr.
fn cli_err(args: &[&str], stdin: &str) -> String {
    let out = cli(args, stdin);
    assert_eq!(out.status.code(), Some(1), "{args:?}");
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn organizations_teams_users_and_roles() {
    let dir = tempfile::tempdir().unwrap();
    let db = db(&dir);
    let db = db.as_str();
    assert_eq!(
        cli_ok(&["org", "create", "--db", db, "Acme"], ""),
        "{\"organization\":{\"id\":1,\"name\":\"Acme\"}}\n"
    );
    assert_eq!(
        cli_ok(&["team", "create", "--db", db, "--org", "1", "Ops"], ""),
        "{\"team\":{\"id\":1,\"organizationId\":1,\"name\":\"Ops\"}}\n"
    );
    let out = cli_ok(
        &user_create(db, "Jane Doe", "jane@example.com", &["--password-stdin"]),
        "Blue-Otter-47\r\n",
    );
    let user = &json_lines(&out)[0]["user"];
    assert_eq!(
        user,
        &json!({
            "id": 1, "name": "Jane Doe", "email": "jane@example.com", "language": "en",
            "timezoneId": user["timezoneId"], "localeId": user["localeId"], "countryId": 239,
            "features": {},
            "avatar": "https://secure.gravatar.com/avatar/9e26471d35a78862c17e467d87cddedf.jpg?d=mm",
            "timezone": "Etc/UTC", "locale": "en-US",
            "lastLogin": null, "hasPassword": true, "forceSetPassword": false, "tfaEnabled": false,
            "userOrganizationRoles": [], "userTeamRoles": [], "emailNotifications": null,
            "usersAdminsRoleId": null, "isAffiliatePartner": false, "hasAddedApp": false,
            "supportEligible": false,
        })
    );
    let ok = "{\"ok\":1}\n";
    assert_eq!(
        cli_ok(
            &[
                "role", "org", "--db", db, "--org", "1", "--user", "1", "--role", "11"
            ],
            ""
        ),
        ok
    );
    assert_eq!(
        cli_ok(
            &[
                "role", "team", "--db", db, "--team", "1", "--user", "1", "--role", "1"
            ],
            ""
        ),
        ok
    );

    // A password-less account, on request only.
    let out = cli_ok(
        &user_create(db, "Sam Roe", "sam@example.com", &["--no-password"]),
        "",
    );
    assert_eq!(json_lines(&out)[0]["user"]["hasPassword"], false);

    // Errors: the store's error body on stderr, exit 1.
    assert_eq!(
        cli_err(&["team", "create", "--db", db, "--org", "9", "Ops"], ""),
        "userstore: {\"detail\":\"Organization 9 not found.\",\"message\":\"Not Found\",\"code\":\"SC404\"}\n"
    );
    assert_eq!(
        cli_err(
            &[
                "role", "org", "--db", db, "--org", "1", "--user", "2", "--role", "3"
            ],
            ""
        ),
        "userstore: {\"detail\":\"'usersRoleId' must be an organization role (11 to 15), not 3.\",\"message\":\"Validation failed\",\"code\":\"SC400\",\"suberrors\":[{\"message\":\"'usersRoleId' must be an organization role (11 to 15), not 3.\"}]}\n"
    );
    let weak = cli_err(
        &user_create(db, "Kim Poe", "kim@example.com", &["--password-stdin"]),
        "password\n",
    );
    assert!(weak.contains("\"message\":\"Validation failed\""), "{weak}");
    assert!(!weak.contains("\"password\""), "{weak}");
    // Without a terminal and without --password-stdin there is no password to read.
    assert_eq!(
        cli_err(&user_create(db, "Kim Poe", "kim@example.com", &[]), ""),
        "userstore: no password given: use --password-stdin (password on stdin), a terminal, or --no-password\n"
    );
    assert_eq!(
        cli_err(
            &user_create(db, "Kim Poe", "kim@example.com", &["--password-stdin"]),
            "",
        ),
        "userstore: no password on stdin\n"
    );
    // The password is never an argument.
    let usage = cli(
        &user_create(db, "K", "k@example.com", &["--password", "x"]),
        "",
    );
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn tokens_outbox_and_audit() {
    let dir = tempfile::tempdir().unwrap();
    let db = db(&dir);
    let db = db.as_str();
    cli_ok(
        &user_create(db, "Jane Doe", "jane@example.com", &["--password-stdin"]),
        "Blue-Otter-47\n",
    );
    let out = cli_ok(
        &token_create(
            db,
            "JANE@example.com",
            "ci",
            &["user:read", "organization:read"],
        ),
        "",
    );
    let created = &json_lines(&out)[0]["apiToken"];
    let token = created["token"].as_str().unwrap();
    assert_eq!(token.len(), 36);
    assert_eq!(
        created,
        &json!({ "id": 1, "token": token, "label": "ci", "scope": ["user:read", "organization:read"], "created": created["created"] })
    );
    assert_eq!(
        cli_err(
            &token_create(db, "nobody@example.com", "ci", &["user:read"]),
            ""
        ),
        "userstore: {\"detail\":\"No user has the email address nobody@example.com.\",\"message\":\"Not Found\",\"code\":\"SC404\"}\n"
    );
    let bad = cli_err(&token_create(db, "jane@example.com", "ci", &["admin"]), "");
    assert!(bad.contains("Unknown scope 'admin'"), "{bad}");

    // The token works over HTTP with Make's scheme.
    let server = Server::start(Path::new(db), &[]);
    let mut r = agent()
        .get(server.at("/api/v2/users/me/current-authorization"))
        .header("authorization", format!("Token {token}"))
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(
        r.body_mut().read_to_string().unwrap(),
        r#"{"authorization":{"authUsed":"token","scope":["user:read","organization:read"]}}"#
    );
    let mut r = agent()
        .post(server.at("/api/v2/users/password-reset-demand"))
        .header("content-type", "application/json")
        .send(r#"{"email":"jane@example.com"}"#)
        .unwrap();
    assert_eq!(r.body_mut().read_to_string().unwrap(), r#"{"ok":1}"#);
    let (status, _) = server.terminate();
    assert!(status.success());

    // The outbox: pending mail with bodies; acknowledging erases the body.
    let mails = json_lines(&cli_ok(&["outbox", "list", "--db", db], ""));
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0]["to"], "jane@example.com");
    assert!(
        mails[0]["body"]
            .as_str()
            .unwrap()
            .contains("/reset-password?hash=")
    );
    assert_eq!(
        cli_ok(&["outbox", "ack", "--db", db, "1"], ""),
        "{\"ok\":1}\n"
    );
    assert_eq!(cli_ok(&["outbox", "list", "--db", db], ""), "");
    let all = json_lines(&cli_ok(&["outbox", "list", "--db", db, "--all"], ""));
    assert_eq!(all[0]["body"], serde_json::Value::Null);
    assert_eq!(
        cli_err(&["outbox", "ack", "--db", db, "1"], ""),
        "userstore: {\"detail\":\"No pending mail with id 1.\",\"message\":\"Not Found\",\"code\":\"SC404\"}\n"
    );

    // The audit log, newest first.
    let events = json_lines(&cli_ok(&["audit", "--db", db, "--user", "1"], ""));
    let names: Vec<&str> = events
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["reset_demanded", "token_created"]);
    assert_eq!(events[1]["userId"], 1);
    assert_eq!(
        json_lines(&cli_ok(&["audit", "--db", db, "--limit", "1"], "")).len(),
        1
    );
}

#[test]
fn demo_seeds_once_and_serve_demo_prints_the_login() {
    let dir = tempfile::tempdir().unwrap();
    let db = db(&dir);
    let db = db.as_str();
    let login = r#"{"email":"demo@example.com","password":"Blue-Harbor-2026!"}"#;
    assert_eq!(
        cli_ok(&["demo", "--db", db], ""),
        format!("{{\"seeded\":true,\"login\":{login}}}\n")
    );
    assert_eq!(
        cli_ok(&["demo", "--db", db], ""),
        format!("{{\"seeded\":false,\"login\":{login}}}\n")
    );
    let server = Server::start(Path::new(db), &["--demo"]);
    let mut r = agent()
        .post(server.at("/api/v2/sessions"))
        .header("content-type", "application/json")
        .send(r#"{"email":"demo@example.com","password":"Blue-Harbor-2026!"}"#)
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let session: serde_json::Value =
        serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
    let bearer = format!("Bearer {}", session["session"]["token"].as_str().unwrap());
    let mut r = agent()
        .get(server.at("/api/v2/users?organizationId=1&cols%5B%5D=name&pg%5Blimit%5D=100"))
        .header("authorization", &bearer)
        .call()
        .unwrap();
    let page: serde_json::Value =
        serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
    assert_eq!(page["users"].as_array().unwrap().len(), 33);
    assert_eq!(
        server.stdout_lines(2),
        format!(
            "userstore listening on {url}\ndemo: sign in as demo@example.com with the password Blue-Harbor-2026! (POST {url}/api/v2/sessions)\n",
            url = server.url
        )
    );

    // Into a database that has users of its own, nothing is seeded.
    let other = dir.path().join("other.db");
    let other = other.to_str().unwrap();
    cli_ok(
        &user_create(other, "Sam Roe", "sam@example.com", &["--no-password"]),
        "",
    );
    assert_eq!(
        cli_ok(&["demo", "--db", other], ""),
        "{\"seeded\":false,\"login\":null}\n"
    );
}

#[test]
fn serve_demo_with_www_says_what_to_open() {
    let dir = tempfile::tempdir().unwrap();
    let www = dir.path().join("www");
    std::fs::create_dir(&www).unwrap();
    std::fs::write(www.join("index.html"), "demo").unwrap();
    let server = Server::start(
        &dir.path().join("users.db"),
        &["--demo", "--www", www.to_str().unwrap()],
    );
    assert_eq!(
        server.stdout_lines(3),
        format!(
            "userstore listening on {url}\ndemo: seeded the organization \"Demo Org\"\ndemo: open {url}/ and sign in as demo@example.com with the password Blue-Harbor-2026!\n",
            url = server.url
        )
    );
}

//! The admin CLI's account work (issue 21, item 5) through the real binary: imports from
//! JSON Lines and CSV with the hashes of other systems, the user, role, token and audit
//! commands, and a backup taken while the server runs, then restored.

mod common;

use common::{Server, agent, cli, cli_ok, create_user, json_lines};
use serde_json::{Value, json};
use std::path::Path;

const PW: &str = "Blue-Otter-47";
const NEW_PW: &str = "Green-Falcon-82";
/// Django's pbkdf2_sha256 of PW (salt `seasalt`, 1000 iterations; Python's hashlib).
const DJANGO: &str = "pbkdf2_sha256$1000$seasalt$hDG5ahQWkMY9GGrBn0tTh2590oouHXGpOneGwks6qiQ=";

fn bcrypt_of(password: &str) -> String {
    bcrypt::hash_with_salt(password, 4, [5; 16])
        .unwrap()
        .format_for_version(bcrypt::Version::TwoY)
}

fn fails(args: &[&str], stdin: &str) -> String {
    let out = cli(args, stdin);
    assert_eq!(out.status.code(), Some(1), "{args:?}");
    String::from_utf8(out.stderr).unwrap()
}

fn login(server: &Server, email: &str, password: &str) -> u16 {
    agent()
        .post(&server.at("/api/v2/sessions"))
        .header("content-type", "application/json")
        .send(json!({ "email": email, "password": password }).to_string())
        .unwrap()
        .status()
        .as_u16()
}

#[test]
fn users_imported_from_json_lines_and_csv_sign_in_with_their_old_hashes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("users.db");
    let db_arg = db.to_str().unwrap();
    let jsonl = dir.path().join("users.jsonl");
    std::fs::write(
        &jsonl,
        format!(
            "{}\n\n{}\n",
            json!({"name": "Lara Vel", "email": "lara@example.com", "passwordHash": bcrypt_of(PW)}),
            json!({"name": "Django Rein", "email": "django@example.com", "passwordHash": DJANGO, "language": "de"}),
        ),
    )
    .unwrap();
    let out = cli(
        &["user", "import", "--db", db_arg, jsonl.to_str().unwrap()],
        "",
    );
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "{\"imported\":2,\"total\":2}\n"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "userstore: imported 2 of 2 users\n"
    );

    // CSV: a header row, snake_case names, empty cells left out.
    let csv = dir.path().join("more.csv");
    std::fs::write(
        &csv,
        format!(
            "name,email,password_hash,timezone_id\n\"Roe, Sam\",sam@example.com,{},\nAnn Lee,ann@example.com,,113\n",
            bcrypt_of(PW)
        ),
    )
    .unwrap();
    assert_eq!(
        cli_ok(
            &["user", "import", "--db", db_arg, csv.to_str().unwrap()],
            ""
        ),
        "{\"imported\":2,\"total\":2}\n"
    );
    let users = json_lines(&cli_ok(&["user", "list", "--db", db_arg], ""));
    let summary: Vec<Value> = users
        .iter()
        .map(|u| {
            json!([
                u["id"],
                u["name"],
                u["email"],
                u["hasPassword"],
                u["language"]
            ])
        })
        .collect();
    assert_eq!(
        summary,
        [
            json!([1, "Lara Vel", "lara@example.com", true, "en"]),
            json!([2, "Django Rein", "django@example.com", true, "de"]),
            json!([3, "Roe, Sam", "sam@example.com", true, "en"]),
            json!([4, "Ann Lee", "ann@example.com", false, "en"]),
        ]
    );
    assert_eq!(users[3]["timezoneId"], 113);

    let server = Server::start(&db, &[]);
    for email in ["lara@example.com", "django@example.com", "sam@example.com"] {
        assert_eq!(login(&server, email, "Wrong-Pass-99"), 400, "{email}");
        assert_eq!(login(&server, email, PW), 200, "{email}");
        assert_eq!(login(&server, email, PW), 200, "{email}, after the rehash");
    }
}

#[test]
fn a_bad_import_names_the_line_and_resumes_with_skip() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("users.db");
    let db_arg = db.to_str().unwrap();
    let file = dir.path().join("users.jsonl");
    // A line that is not JSON: nothing is imported.
    std::fs::write(
        &file,
        "{\"name\":\"A\",\"email\":\"a@example.com\"}\n{nope\n",
    )
    .unwrap();
    let err = fails(
        &["user", "import", "--db", db_arg, file.to_str().unwrap()],
        "",
    );
    assert!(err.starts_with("userstore: line 2: not JSON: "), "{err}");
    // A field the store refuses, found before anything is imported.
    std::fs::write(
        &file,
        "{\"name\":\"A\",\"email\":\"a@example.com\",\"passwordHash\":\"md5$x\"}\n",
    )
    .unwrap();
    let err = fails(
        &["user", "import", "--db", db_arg, file.to_str().unwrap()],
        "",
    );
    assert!(err.starts_with("userstore: line 1: "), "{err}");
    assert!(err.contains("'passwordHash' must be an argon2 PHC string, a bcrypt hash or a Django pbkdf2_sha256 hash."), "{err}");
    assert!(
        err.ends_with("\n0 users before it were imported; fix the line and go on with --skip 0\n"),
        "{err}"
    );
    // A CSV column nobody knows.
    let csv = dir.path().join("users.csv");
    std::fs::write(&csv, "name,mail\nA,a@example.com\n").unwrap();
    let err = fails(
        &["user", "import", "--db", db_arg, csv.to_str().unwrap()],
        "",
    );
    assert!(
        err.starts_with("userstore: line 1: unknown column 'mail'"),
        "{err}"
    );
    assert!(json_lines(&cli_ok(&["user", "list", "--db", db_arg], "")).is_empty());

    // An address already in use stops the import at its batch; --skip goes on after it.
    cli_ok(
        &[
            "user",
            "create",
            "--db",
            db_arg,
            "--name",
            "B",
            "--email",
            "b@example.com",
            "--no-password",
        ],
        "",
    );
    // Line 3 (after a blank line) is refused: line 1 went in, the import says so.
    std::fs::write(
        &file,
        "{\"name\":\"A\",\"email\":\"a@example.com\"}\n\n{\"name\":\"B\",\"email\":\"b@example.com\"}\n",
    )
    .unwrap();
    let err = fails(
        &["user", "import", "--db", db_arg, file.to_str().unwrap()],
        "",
    );
    assert_eq!(
        err,
        "userstore: line 3: {\"detail\":\"The email address b@example.com is already in use.\",\"message\":\"Validation failed\",\"code\":\"SC400\",\"suberrors\":[{\"message\":\"The email address b@example.com is already in use.\"}]}\n\
         1 users before it were imported; fix the line and go on with --skip 1\n"
    );
    std::fs::write(
        &file,
        "{\"name\":\"A\",\"email\":\"a@example.com\"}\n\n{\"name\":\"C\",\"email\":\"c@example.com\"}\n",
    )
    .unwrap();
    assert_eq!(
        cli_ok(
            &[
                "user",
                "import",
                "--db",
                db_arg,
                "--skip",
                "1",
                file.to_str().unwrap()
            ],
            ""
        ),
        "{\"imported\":1,\"total\":2}\n"
    );
    let emails: Vec<Value> = json_lines(&cli_ok(&["user", "list", "--db", db_arg], ""))
        .iter()
        .map(|u| u["email"].clone())
        .collect();
    assert_eq!(
        emails,
        [
            json!("b@example.com"),
            json!("a@example.com"),
            json!("c@example.com")
        ]
    );
}

#[test]
fn the_user_role_token_and_audit_commands() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("users.db");
    let db = db.to_str().unwrap();
    create_user(db, "Ada Lovelace", "ada@example.com", PW);
    cli_ok(&["org", "create", "--db", db, "Acme"], "");
    cli_ok(
        &[
            "role", "org", "--db", db, "--org", "1", "--user", "1", "--role", "13",
        ],
        "",
    );
    let token = json_lines(&cli_ok(
        &[
            "token",
            "create",
            "--db",
            db,
            "--email",
            "ada@example.com",
            "--label",
            "ci",
            "--scope",
            "user:read",
        ],
        "",
    ))[0]["apiToken"]["id"]
        .clone();

    let shown = json_lines(&cli_ok(
        &["user", "show", "--db", db, "ada@example.com"],
        "",
    ));
    assert_eq!(shown[0]["user"]["id"], 1);
    assert_eq!(
        shown[0]["user"]["userOrganizationRoles"],
        json!([{"userId": 1, "organizationId": 1, "usersRoleId": 13, "invitation": null}])
    );
    let tokens = json_lines(&cli_ok(&["token", "list", "--db", db, "1"], ""));
    assert_eq!(tokens.len(), 1);
    assert_eq!(
        (&tokens[0]["id"], &tokens[0]["label"]),
        (&token, &json!("ci"))
    );
    assert!(tokens[0].get("token").is_none(), "never the value");
    let created = tokens[0]["created"].as_str().unwrap().to_owned();
    assert_eq!(
        cli_ok(
            &["token", "revoke", "--db", db, "ada@example.com", &created],
            ""
        ),
        format!("{{\"apiToken\":\"{created}\"}}\n")
    );
    assert!(json_lines(&cli_ok(&["token", "list", "--db", db, "1"], "")).is_empty());

    // The password from stdin only; the policy applies.
    let err = fails(&["user", "set-password", "--db", db, "1"], "short\n");
    assert!(err.contains("\"code\":\"SC400\""), "{err}");
    assert_eq!(
        cli_ok(
            &["user", "set-password", "--db", db, "1"],
            &format!("{NEW_PW}\n")
        ),
        "{\"ok\":1}\n"
    );
    assert_eq!(
        cli_ok(&["user", "require-password-change", "--db", db, "1"], ""),
        "{\"ok\":1}\n"
    );
    let shown = json_lines(&cli_ok(&["user", "show", "--db", db, "1"], ""));
    assert_eq!(shown[0]["user"]["forceSetPassword"], true);
    assert_eq!(
        cli_ok(&["user", "revoke-sessions", "--db", db, "1"], ""),
        "{\"revoked\":0}\n"
    );
    assert_eq!(
        cli_ok(
            &["role", "remove", "--db", db, "--org", "1", "--user", "1"],
            ""
        ),
        "{\"ok\":1}\n"
    );
    let shown = json_lines(&cli_ok(&["user", "show", "--db", db, "1"], ""));
    assert_eq!(shown[0]["user"]["userOrganizationRoles"], json!([]));

    let events: Vec<Value> = json_lines(&cli_ok(&["audit-export", "--db", db], ""))
        .iter()
        .map(|e| e["event"].clone())
        .collect();
    assert_eq!(
        events,
        [
            json!("token_created"),
            json!("token_deleted"),
            json!("password_changed"),
            json!("password_change_required"),
            json!("sessions_revoked"),
        ]
    );
    assert_eq!(
        cli_ok(&["user", "delete", "--db", db, "ada@example.com"], ""),
        "{\"deleted\":1}\n"
    );
    let err = fails(&["user", "show", "--db", db, "ada@example.com"], "");
    assert_eq!(
        err,
        "userstore: {\"detail\":\"No user has the email address ada@example.com.\",\"message\":\"Not Found\",\"code\":\"SC404\"}\n"
    );
}

#[test]
fn a_backup_taken_while_the_server_runs_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("users.db");
    let db_arg = db.to_str().unwrap();
    create_user(db_arg, "Ada Lovelace", "ada@example.com", PW);
    let server = Server::start(&db, &[]);
    assert_eq!(login(&server, "ada@example.com", PW), 200);
    let backup = dir.path().join("backup.db");
    let backup_arg = backup.to_str().unwrap();
    assert_eq!(
        cli_ok(&["backup", "--db", db_arg, backup_arg], ""),
        format!("{{\"backup\":\"{backup_arg}\",\"users\":1}}\n")
    );
    // It holds password hashes: readable by its owner only.
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // Later changes are not in the backup; a second backup to the same file is refused.
    cli_ok(
        &[
            "user",
            "create",
            "--db",
            db_arg,
            "--name",
            "Joe",
            "--email",
            "joe@example.com",
            "--no-password",
        ],
        "",
    );
    assert!(
        fails(&["backup", "--db", db_arg, backup_arg], "")
            .contains("exists; a backup is only written to a new file.")
    );
    let (status, _) = server.terminate();
    assert!(status.success());

    // Restore: refused over an existing database without --force, then done with it.
    let err = fails(&["restore", "--db", db_arg, "--from", backup_arg], "");
    assert_eq!(
        err,
        format!(
            "userstore: {db_arg} exists: stop the server that uses it and pass --force to replace it\n"
        )
    );
    assert_eq!(
        cli_ok(
            &["restore", "--db", db_arg, "--from", backup_arg, "--force"],
            ""
        ),
        format!("{{\"restored\":\"{db_arg}\",\"users\":1}}\n")
    );
    let emails: Vec<Value> = json_lines(&cli_ok(&["user", "list", "--db", db_arg], ""))
        .iter()
        .map(|u| u["email"].clone())
        .collect();
    assert_eq!(emails, [json!("ada@example.com")]);
    let server = Server::start(Path::new(db_arg), &[]);
    assert_eq!(login(&server, "ada@example.com", PW), 200);

    // Not a userstore database (junk, an empty file, another application's SQLite file):
    // refused, nothing touched.
    let junk = dir.path().join("junk.db");
    let other = dir.path().join("other.db");
    other_database(&other);
    for (file, bytes) in [
        (&junk, Some(&b"not a database"[..])),
        (&junk, Some(&b""[..])),
        (&other, None),
    ] {
        if let Some(bytes) = bytes {
            std::fs::write(file, bytes).unwrap();
        }
        let from = file.to_str().unwrap();
        let err = fails(&["restore", "--db", db_arg, "--from", from, "--force"], "");
        assert_eq!(
            err,
            format!("userstore: {from} is not a userstore backup (no userstore database header)\n")
        );
    }
    assert_eq!(login(&server, "ada@example.com", PW), 200);
}

/// An SQLite database of some other application: valid, but no userstore.
fn other_database(path: &Path) {
    // The sqlite3 module of Debian's python3 writes it (the CLI tests do not link SQLite).
    let status = std::process::Command::new("/usr/bin/python3")
        .arg("-c")
        .arg("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('CREATE TABLE t (x)'); c.commit()")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn admin_commands_apply_the_servers_password_policy() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("users.db");
    let db = db.to_str().unwrap();
    let settings = dir.path().join("userstore.toml");
    std::fs::write(
        &settings,
        "[store]\npassword_policy = { min_length = 16 }\n",
    )
    .unwrap();
    let settings = settings.to_str().unwrap();
    create_user(db, "Ada Lovelace", "ada@example.com", PW);
    // 13 characters: enough for the default policy, not for this server's.
    let err = fails(
        &[
            "user",
            "set-password",
            "--db",
            db,
            "--config",
            settings,
            "1",
        ],
        &format!("{NEW_PW}\n"),
    );
    assert!(
        err.contains("The password must be at least 16 characters long."),
        "{err}"
    );
    // Without the settings, the default policy takes it.
    assert_eq!(
        cli_ok(
            &["user", "set-password", "--db", db, "1"],
            &format!("{NEW_PW}\n")
        ),
        "{\"ok\":1}\n"
    );
}

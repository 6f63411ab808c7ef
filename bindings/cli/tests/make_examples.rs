//! Make's own documented requests work verbatim (issue 20): every curl example of the Users
//! section of Make's API documentation (`make_examples/users.sh`) runs through real curl
//! against `userstore serve`, with only the host, the API token and the reset hash put in.
//! A `.curlrc` keeps a cookie jar, as a browser would between the reset link and the new
//! password, and prints the status after each body.

mod common;

use common::{Server, cli_ok, json_lines};
use std::path::Path;
use std::process::Command;

const EXAMPLES: &str = include_str!("make_examples/users.sh");
/// The host, token and hash of Make's examples.
const MAKE_HOST: &str = "https://eu1.make.com";
const MAKE_TOKEN: &str = "abcdefab-1234-5678-abcd-112233445566";
const MAKE_HASH: &str = "fab680b60044adb766128e713e44e15b";

/// One example: its title, its command and the answer Make documents.
struct Example {
    title: String,
    command: String,
    answer: String,
}

/// The examples of `text`: blocks of a `# title`, command lines and a `#> answer`.
fn examples(text: &str) -> Vec<Example> {
    let mut out = Vec::new();
    for block in text.split("\n\n").skip(1) {
        let mut lines = block.lines();
        let title = lines.next().unwrap().trim_start_matches("# ").to_owned();
        let (mut command, mut answer) = (String::new(), String::new());
        for line in lines {
            match line.strip_prefix("#> ") {
                Some(a) => answer = a.to_owned(),
                None => command.push_str(&format!("{line}\n")),
            }
        }
        out.push(Example {
            title,
            command,
            answer,
        });
    }
    out
}

/// Runs `command` with bash and curl, `.curlrc` from `home`; the body and the status.
fn run(command: &str, home: &Path) -> (String, u16) {
    let out = Command::new("bash")
        .arg("-c")
        .arg(command)
        .env("CURL_HOME", home)
        .output()
        .expect("bash and curl run (scripts/setup.sh installs curl)");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{command}\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (body, status) = stdout.rsplit_once('\n').unwrap();
    (body.to_owned(), status.parse().unwrap())
}

#[test]
fn every_curl_example_of_makes_users_documentation_works_verbatim() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("users.db");
    let db = db.to_str().unwrap();
    // Make's examples act as user 1, in team 1, with the password they change.
    let user = |name: &str, email: &str, password: &str| {
        let args = [
            "user", "create", "--db", db, "--name", name, "--email", email,
        ];
        let out = cli_ok(&[&args[..], &["--password-stdin"]].concat(), password);
        json_lines(&out)[0]["user"]["id"].as_i64().unwrap()
    };
    assert_eq!(user("Administrator", "admin@make.cloud", "123456Ab.\n"), 1);
    user("Eve Example", "ee@eee.com", "Blue-Otter-47\n");
    cli_ok(&["org", "create", "--db", db, "Make"], "");
    cli_ok(&["team", "create", "--db", db, "--org", "1", "Team"], "");
    cli_ok(
        &[
            "role", "org", "--db", db, "--org", "1", "--user", "1", "--role", "11",
        ],
        "",
    );
    cli_ok(
        &[
            "role", "team", "--db", db, "--team", "1", "--user", "1", "--role", "1",
        ],
        "",
    );
    let token = cli_ok(
        &[
            "token",
            "create",
            "--db",
            db,
            "--email",
            "admin@make.cloud",
            "--label",
            "Make",
            "--scope",
            "user:read",
            "user:write",
        ],
        "",
    );
    let token = json_lines(&token)[0]["apiToken"]["token"]
        .as_str()
        .unwrap()
        .to_owned();

    let server = Server::start(Path::new(db), &[]);
    let jar = dir.path().join("cookies");
    std::fs::write(
        dir.path().join(".curlrc"),
        format!(
            "silent\nshow-error\ncookie = \"{jar}\"\ncookie-jar = \"{jar}\"\n\
             write-out = \"\\n%{{http_code}}\"\n",
            jar = jar.display()
        ),
    )
    .unwrap();

    let examples = examples(EXAMPLES);
    assert_eq!(examples.len(), 5);
    for example in examples {
        let mut command = example
            .command
            .replace(MAKE_HOST, &server.url)
            .replace(MAKE_TOKEN, &token);
        if command.contains(MAKE_HASH) {
            let mails = cli_ok(&["outbox", "list", "--db", db], "");
            let body = json_lines(&mails).last().unwrap()["body"]
                .as_str()
                .unwrap()
                .to_owned();
            let hash = body.split("hash=").nth(1).unwrap()[..32].to_owned();
            command = command.replace(MAKE_HASH, &hash);
        }
        let (body, status) = run(&command, dir.path());
        assert_eq!(
            (status, body.as_str()),
            (200, example.answer.as_str()),
            "{}",
            example.title
        );
    }

    // The new password of the reset is the one that works now.
    let login = |password: &str| {
        let body = format!(r#"{{"email":"ee@eee.com","password":"{password}"}}"#);
        let command = format!(
            "curl -X POST {}/api/v2/sessions -H 'content-type: application/json' -d '{body}'",
            server.url
        );
        run(&command, dir.path()).1
    };
    assert_eq!(login("Aa123456."), 200);
    assert_eq!(login("Blue-Otter-47"), 400);
}

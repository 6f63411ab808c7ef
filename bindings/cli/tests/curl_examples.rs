//! The README's curl examples (`scripts/curl-examples.sh`) run against `userstore serve
//! --demo` and print the expected bodies; the README quotes the script verbatim.

mod common;

use common::{BIN, Server};
use std::path::Path;
use std::process::Command;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// True when `line` matches `pattern`, in which `…` stands for any text.
fn matches(pattern: &str, line: &str) -> bool {
    let mut parts = pattern.split('…');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = line.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            return rest.ends_with(part) && rest.len() >= part.len();
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

#[test]
fn the_pattern_matcher() {
    assert!(matches("a…c", "abc"));
    assert!(matches("a…c", "ac"));
    assert!(matches("{\"x\":\"…\",\"y\":1}", "{\"x\":\"zz\",\"y\":1}"));
    assert!(!matches("a…c", "abd"));
    assert!(!matches("abc", "abcd"));
    assert!(matches("abc", "abc"));
}

/// What the script prints against a fresh demo database; `…` stands for tokens, hashes and
/// times.
const EXPECTED: &str = include_str!("curl_examples.expected");

#[test]
fn curl_examples_run_against_the_demo_server() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("userstore.db");
    let server = Server::start(&db, &["--demo"]);
    let out = Command::new("bash")
        .arg(Path::new(ROOT).join("scripts/curl-examples.sh"))
        .env("USERSTORE_URL", &server.url)
        .env("USERSTORE_EMAIL", "demo@example.com")
        .env("USERSTORE_PASSWORD", "Blue-Harbor-2026!")
        .env("USERSTORE_DB", &db)
        .env("USERSTORE_BIN", BIN)
        .output()
        .expect("bash runs (and curl is installed: scripts/setup.sh)");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let expected = EXPECTED.replace("{URL}", &server.url);
    let got: Vec<&str> = stdout.lines().collect();
    let want: Vec<&str> = expected.lines().collect();
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert!(
            matches(w, g),
            "line {}:\n got: {g}\nwant: {w}\n\n{stdout}",
            i + 1
        );
    }
    assert_eq!(got.len(), want.len(), "{stdout}");

    // The demo login works as before.
    let r = common::agent()
        .post(server.at("/api/v2/sessions"))
        .header("content-type", "application/json")
        .send(r#"{"email":"demo@example.com","password":"Blue-Harbor-2026!"}"#)
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
}

#[test]
fn the_readme_quotes_the_script_verbatim() {
    let script = std::fs::read_to_string(Path::new(ROOT).join("scripts/curl-examples.sh")).unwrap();
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let calls = &script[script.find("step \"Log in").unwrap()..];
    assert!(
        readme.contains(calls),
        "README.md must quote scripts/curl-examples.sh from its first step on"
    );
    assert!(
        readme.contains(EXPECTED),
        "README.md must show what the script prints (curl_examples.expected)"
    );
}

use super::*;
use std::io::Write;

/// The example file shipped in the repository.
const EXAMPLE: &str = include_str!("../../../../dist/userstore.example.toml");

fn file(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

fn env(vars: &[(&str, &str)]) -> Vec<(String, String)> {
    vars.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn load(text: &str, vars: &[(&str, &str)], flags: &Flags) -> Result<Settings, String> {
    let f = file(text);
    Settings::load(Some(f.path()), env(vars), flags).map_err(|e| e.to_string())
}

#[test]
fn a_flag_beats_the_environment_which_beats_the_file_which_beats_the_default() {
    let text = "[server]\nport = 1111\nworkers = 3\n[store]\nbusy_timeout_ms = 7000\n";
    let none = Flags::default();
    let s = load("", &[], &none).unwrap();
    assert_eq!((s.server.port, s.server.workers), (8080, 4));
    assert_eq!(s.store.busy_timeout_ms, 5000);
    let s = load(text, &[], &none).unwrap();
    assert_eq!((s.server.port, s.server.workers), (1111, 3));
    assert_eq!(s.store.busy_timeout_ms, 7000);
    let vars = [
        ("USERSTORE_SERVER_PORT", "2222"),
        ("USERSTORE_STORE_BUSY_TIMEOUT_MS", "9000"),
    ];
    let s = load(text, &vars, &none).unwrap();
    assert_eq!((s.server.port, s.server.workers), (2222, 3));
    assert_eq!(s.store.busy_timeout_ms, 9000);
    let flags = Flags {
        port: Some(3333),
        ..Flags::default()
    };
    let s = load(text, &vars, &flags).unwrap();
    assert_eq!((s.server.port, s.server.workers), (3333, 3));
}

#[test]
fn nested_keys_and_lists_come_from_the_environment_too() {
    let vars = [
        ("USERSTORE_STORE_PASSWORD_POLICY_MIN_LENGTH", "12"),
        ("USERSTORE_STORE_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1"),
        ("USERSTORE_STORE_CONFIRM_EMAIL_CHANGE", "true"),
        ("USERSTORE_DB", "old.db"),
        ("USERSTORE_SERVER_DB", "new.db"),
        // Not a section's prefix: not the server's business.
        ("USERSTORE_TEST_POSTGRES", "postgres://x"),
    ];
    let s = load(
        "[store]\npassword_policy = { composition = false }\n",
        &vars,
        &Flags::default(),
    )
    .unwrap();
    assert_eq!(s.store.password_policy.min_length, 12);
    assert!(!s.store.password_policy.composition);
    assert_eq!(s.store.trusted_proxies, ["10.0.0.0/8", "127.0.0.1"]);
    assert!(s.store.confirm_email_change);
    assert_eq!(s.server.db.as_deref(), Some("new.db"));
    let s = load("", &[("USERSTORE_DB", "old.db")], &Flags::default()).unwrap();
    assert_eq!(s.server.db.as_deref(), Some("old.db"));
}

#[test]
fn an_unknown_key_is_an_error_that_names_it() {
    let e = load("[server]\nprot = 80\n", &[], &Flags::default()).unwrap_err();
    assert!(e.contains("unknown field `prot`"), "{e}");
    let e = load(
        "[store]\npassword_policy = { min_lenght = 12 }\n",
        &[],
        &Flags::default(),
    )
    .unwrap_err();
    assert!(e.contains("unknown field `min_lenght`"), "{e}");
    let e = load("[mailer]\nfrom = \"a@b.test\"\n", &[], &Flags::default()).unwrap_err();
    assert!(e.contains("unknown field `mailer`"), "{e}");
    let e = load("", &[("USERSTORE_MAIL_SMTP_HOST", "x")], &Flags::default()).unwrap_err();
    assert_eq!(
        e,
        "USERSTORE_MAIL_SMTP_HOST names no setting (userstore config check --help lists them)."
    );
}

#[test]
fn a_bad_value_is_an_error_that_names_the_key() {
    let e = load("[server]\nport = \"eighty\"\n", &[], &Flags::default()).unwrap_err();
    assert!(
        e.contains("invalid type: string \"eighty\", expected u16") && e.contains("port"),
        "{e}"
    );
    let e = load(
        "",
        &[("USERSTORE_SERVER_PORT", "eighty")],
        &Flags::default(),
    )
    .unwrap_err();
    assert_eq!(
        e,
        "USERSTORE_SERVER_PORT: expected an integer, not \"eighty\""
    );
    let e = load("[log]\nformat = \"xml\"\n", &[], &Flags::default()).unwrap_err();
    assert!(
        e.contains("unknown variant `xml`, expected `text` or `json`"),
        "{e}"
    );
    let e = load("[server]\nworkers = 0\n", &[], &Flags::default()).unwrap_err();
    assert_eq!(e, "[server] workers must be between 1 and 64.");
    let e = load(
        "[store]\ntrusted_proxies = [\"10.0.0.0/33\"]\n",
        &[],
        &Flags::default(),
    )
    .unwrap_err();
    assert_eq!(
        e,
        "[store] trusted_proxies: '10.0.0.0/33' is not an IP address or network."
    );
    let e = load(
        "[mail]\nfrom = \"not an address\"\n",
        &[],
        &Flags::default(),
    )
    .unwrap_err();
    assert!(
        e.starts_with("[mail] from: \"not an address\" is not an address"),
        "{e}"
    );
    let e = load(
        "[mail]\nretry_min_ms = 10\nretry_max_ms = 5\n",
        &[],
        &Flags::default(),
    )
    .unwrap_err();
    assert_eq!(e, "[mail] retry_max_ms must be at least retry_min_ms.");
}

#[test]
fn an_insecure_value_is_an_error_that_names_the_key() {
    let weak = "[store]\nhashing = { memory_kib = 4096, iterations = 1, parallelism = 1 }\n\
                password_policy = { min_length = 6 }\nsession_idle_timeout_ms = 86400000\n\
                lockout = { login_failures = 100 }\n";
    let e = load(weak, &[], &Flags::default()).unwrap_err();
    assert_eq!(
        e,
        "[store] hashing must be at least m=19456 KiB, t=2, p=1.\n\
         [store] password_policy.min_length must be between 9 and 256.\n\
         [store] session_idle_timeout_ms must be between 60000 (a minute) and 1800000 (30 minutes).\n\
         [store] session_absolute_timeout_ms must be between session_idle_timeout_ms and 43200000 (12 hours).\n\
         [store] lockout.login_failures must be between 3 and 10."
    );
    let s = load(
        "[store]\nsession_idle_timeout_ms = 600000\nlockout = { credential_failures = 3 }\n",
        &[("USERSTORE_STORE_LOCKOUT_LOGIN_FAILURES", "4")],
        &Flags::default(),
    )
    .unwrap();
    assert_eq!(s.store.session_idle_timeout_ms, 600_000);
    assert_eq!(
        (
            s.store.lockout.login_failures,
            s.store.lockout.credential_failures
        ),
        (4, 3)
    );
    let e = load(
        "[mail]\nfrom = \"a@example.com\"\nsmtp_url = \"smtp://me:secret@smtp.example.com:587\"\n",
        &[],
        &Flags::default(),
    )
    .unwrap_err();
    assert_eq!(
        e,
        "[mail] smtp_url smtp://me:****@smtp.example.com:587 is insecure: reset links (and any password) would travel in plain text to another machine; use smtps:// or ?tls=required."
    );
    let e = load(
        "[mail]\nfrom = \"a@example.com\"\nsmtp_url = \"smtp://relay.example.com:25\"\n",
        &[],
        &Flags::default(),
    )
    .unwrap_err();
    assert!(e.contains("smtp://relay.example.com:25 is insecure"), "{e}");
    let e = load(
        "[server]\nbase_url = \"http://accounts.example.com\"\n[mail]\nfrom = \"a@example.com\"\nsmtp_url = \"smtp://localhost:25\"\n",
        &[],
        &Flags::default(),
    )
    .unwrap_err();
    assert_eq!(
        e,
        "[server] base_url http://accounts.example.com is insecure for mailed links: set an https:// base_url (http:// only on this machine)."
    );
    let e = load(
        "[mail]\nsmtp_url = \"smtp://localhost:25\"\nfrom = \"a@example.com\"\nwebhook_secret = \"0123456789abcdef\"\n",
        &[],
        &Flags::default(),
    )
    .unwrap_err();
    assert_eq!(e, "[mail] webhook_secret is set without webhook_url.");
    // The same URL to a relay on this machine, or with STARTTLS required, is fine.
    for url in [
        "smtp://me:secret@127.0.0.1:2525",
        "smtp://me:secret@smtp.example.com:587?tls=required",
        "smtps://me:secret@smtp.example.com",
    ] {
        let text = format!("[mail]\nfrom = \"a@example.com\"\nsmtp_url = \"{url}\"\n");
        assert!(load(&text, &[], &Flags::default()).is_ok(), "{url}");
    }
    let e = load(
        "[mail]\nfrom = \"a@example.com\"\nwebhook_url = \"http://mail.example.com/in\"\nwebhook_secret = \"0123456789abcdef\"\n",
        &[],
        &Flags::default(),
    )
    .unwrap_err();
    assert!(
        e.starts_with("[mail] webhook_url http://mail.example.com/in is insecure"),
        "{e}"
    );
    let e = load(
        "[mail]\nfrom = \"a@example.com\"\nwebhook_url = \"https://mail.example.com/in\"\nwebhook_secret = \"short\"\n",
        &[],
        &Flags::default(),
    )
    .unwrap_err();
    assert_eq!(
        e,
        "[mail] webhook_secret must be set, at least 16 bytes, with webhook_url."
    );
    let e = load(
        "[mail]\nsmtp_url = \"smtp://127.0.0.1:25\"\n",
        &[],
        &Flags::default(),
    )
    .unwrap_err();
    assert_eq!(e, "[mail] from must be set to deliver mail.");
}

#[test]
fn the_example_file_loads_and_shows_every_key() {
    let s = load(EXAMPLE, &[], &Flags::default()).unwrap();
    assert_eq!(s.server.port, 8080);
    assert!(matches!(s.mail.transport, Some(Transport::Smtp(_))));
    for key in KEYS {
        let name = key.path.rsplit('.').next().unwrap();
        assert!(
            EXAMPLE.contains(&format!("{name} = ")),
            "{} is not in dist/userstore.example.toml",
            key.path
        );
    }
    let webhook = "[mail]\nfrom = \"a@example.com\"\nwebhook_url = \"https://mail.example.com/in\"\n\
                   webhook_secret = \"0123456789abcdef\"\n";
    let s = load(webhook, &[], &Flags::default()).unwrap();
    assert!(matches!(s.mail.transport, Some(Transport::Webhook(..))));
}

#[test]
fn the_effective_settings_mask_every_secret() {
    let text = "[mail]\nfrom = \"a@example.com\"\nwebhook_url = \"https://u:pw@mail.example.com/in\"\n\
                webhook_secret = \"0123456789abcdef\"\n";
    let shown = load(text, &[], &Flags::default()).unwrap().describe();
    assert!(shown.contains("webhook_secret = \"****\""), "{shown}");
    assert!(
        shown.contains("webhook_url = \"https://****@mail.example.com/****\""),
        "{shown}"
    );
    assert!(
        !shown.contains("0123456789abcdef") && !shown.contains(":pw@"),
        "{shown}"
    );
    let smtp = "[mail]\nfrom = \"a@example.com\"\nsmtp_url = \"smtps://me:hunter2hunter2@smtp.example.com\"\n";
    let shown = load(smtp, &[], &Flags::default()).unwrap().describe();
    assert!(
        shown.contains("smtp_url = \"smtps://me:****@smtp.example.com\""),
        "{shown}"
    );
    assert!(!shown.contains("hunter2"), "{shown}");
    let pg = load(
        "[server]\ndb = \"postgres://app:s3cr3t-pw@db.example.com/users\"\n",
        &[],
        &Flags::default(),
    )
    .unwrap()
    .describe();
    assert!(
        pg.contains("db = \"postgres://app:****@db.example.com/users\""),
        "{pg}"
    );
    assert!(!pg.contains("s3cr3t"), "{pg}");
}

#[test]
fn a_syntax_error_names_the_line_but_never_shows_it() {
    let e = load(
        "[mail]\nfrom = \"a@example.com\"\nsmtp_url = smtps://me:hunter2hunter2@x\n",
        &[],
        &Flags::default(),
    )
    .unwrap_err();
    assert!(
        e.ends_with(" line 3: string values must be quoted, expected literal string"),
        "{e}"
    );
    assert!(!e.contains("hunter2"), "{e}");
}

#[test]
fn the_backoff_doubles_from_the_minimum_up_to_the_maximum() {
    let s = load(
        "[mail]\nretry_min_ms = 100\nretry_max_ms = 1000\n",
        &[],
        &Flags::default(),
    )
    .unwrap();
    let waits: Vec<u128> = (1..=6).map(|a| s.mail.backoff(a).as_millis()).collect();
    assert_eq!(waits, [100, 200, 400, 800, 1000, 1000]);
}

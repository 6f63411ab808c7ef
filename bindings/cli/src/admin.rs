//! The admin subcommands: each opens the database as the host (the store's system actor),
//! runs one store operation and prints the result as JSON Lines on stdout.

use crate::Failure;
use serde_json::{Value, json};
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use userstore::outbox::OutboxQuery;
use userstore::{Config, Error, NewApiToken, NewUser, Secret, Store};

/// Mails read from the outbox per query.
const OUTBOX_PAGE: i64 = 100;

/// Where `user create` takes the password from.
pub enum PasswordSource {
    /// The first line of stdin (`--password-stdin`).
    Stdin,
    /// A prompt on the terminal, asked twice.
    Prompt,
    /// No password (`--no-password`).
    None,
}

fn open(db: &Path) -> Result<Store, Failure> {
    Ok(Store::open(db, Config::default())?)
}

/// Prints one JSON value on its own line.
fn emit(value: &Value) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// `userstore demo`: seeds the demo data; prints `{"seeded":…,"login":{…}|null}`.
pub fn demo(db: &Path) -> Result<(), Failure> {
    let store = open(db)?;
    let seeded = store.seed_demo()?;
    emit(&json!({ "seeded": seeded, "login": store.demo_login()? }))
}

/// `userstore org create NAME`.
pub fn create_organization(db: &Path, name: &str) -> Result<(), Failure> {
    let organization = open(db)?.create_organization(name)?;
    emit(&json!({ "organization": organization }))
}

/// `userstore team create --org ID NAME`.
pub fn create_team(db: &Path, organization_id: i64, name: &str) -> Result<(), Failure> {
    let team = open(db)?.create_team(organization_id, name)?;
    emit(&json!({ "team": team }))
}

/// `userstore user create --name N --email E`.
pub fn create_user(
    db: &Path,
    name: &str,
    email: &str,
    password: PasswordSource,
) -> Result<(), Failure> {
    let store = open(db)?;
    let mut user = NewUser::new(name, email);
    user.password = read_password(password, email)?;
    emit(&store.create_user(user)?.to_value())
}

/// Reads the new user's password; it never comes from the command line.
fn read_password(source: PasswordSource, email: &str) -> Result<Option<Secret>, Failure> {
    match source {
        PasswordSource::None => Ok(None),
        PasswordSource::Stdin => {
            // Room for the longest password, so the line is never copied while it grows.
            let mut line = String::with_capacity(1024);
            std::io::stdin().lock().read_line(&mut line)?;
            let password = Secret::new(line);
            let trimmed = password.expose().trim_end_matches(['\n', '\r']);
            if trimmed.is_empty() {
                return Err("no password on stdin".into());
            }
            Ok(Some(Secret::new(trimmed)))
        }
        PasswordSource::Prompt => {
            if !std::io::stdin().is_terminal() {
                return Err(
                    "no password given: use --password-stdin (password on stdin), a terminal, \
                     or --no-password"
                        .into(),
                );
            }
            let first = Secret::new(rpassword::prompt_password(format!(
                "Password for {email}: "
            ))?);
            let second = Secret::new(rpassword::prompt_password("Repeat the password: ")?);
            if first.expose() != second.expose() {
                return Err("the passwords do not match".into());
            }
            Ok(Some(first))
        }
    }
}

/// `userstore role org --org ID --user ID --role R`.
pub fn set_organization_role(
    db: &Path,
    organization_id: i64,
    user_id: i64,
    role_id: i64,
) -> Result<(), Failure> {
    open(db)?.set_organization_role(organization_id, user_id, role_id)?;
    emit(&json!({ "ok": 1 }))
}

/// `userstore role team --team ID --user ID --role R`.
pub fn set_team_role(db: &Path, team_id: i64, user_id: i64, role_id: i64) -> Result<(), Failure> {
    open(db)?.set_team_role(team_id, user_id, role_id)?;
    emit(&json!({ "ok": 1 }))
}

/// `userstore token create --email E --label L --scope S…`: the one place the token value
/// is printed.
pub fn create_token(db: &Path, email: &str, label: &str, scope: &[String]) -> Result<(), Failure> {
    let store = open(db)?;
    let user_id = store
        .user_id_by_email(email)?
        .ok_or_else(|| Error::not_found(format!("No user has the email address {email}.")))?;
    let new = NewApiToken::from_json(json!({ "label": label, "scope": scope }))?;
    emit(&store.create_api_token_for(user_id, &new)?)
}

/// `userstore outbox list [--all]`: every mail, oldest first, bodies included (this is how
/// a person follows a reset link locally).
pub fn list_outbox(db: &Path, all: bool) -> Result<(), Failure> {
    let store = open(db)?;
    let mut after = 0;
    loop {
        let page = store.outbox(OutboxQuery {
            all,
            after,
            limit: OUTBOX_PAGE,
        })?;
        for mail in &page {
            emit(&json!(mail))?;
        }
        match page.last() {
            Some(last) if page.len() as i64 == OUTBOX_PAGE => after = last.id,
            _ => return Ok(()),
        }
    }
}

/// `userstore outbox ack ID`.
pub fn acknowledge_mail(db: &Path, id: i64) -> Result<(), Failure> {
    open(db)?.acknowledge_mail(id)?;
    emit(&json!({ "ok": 1 }))
}

/// `userstore audit [--user ID] [--limit N]`: newest first.
pub fn audit(db: &Path, user_id: Option<i64>, limit: i64) -> Result<(), Failure> {
    for event in open(db)?.audit_log(user_id, 0, limit)? {
        emit(&json!(event))?;
    }
    Ok(())
}

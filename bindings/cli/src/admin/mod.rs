//! The admin subcommands: each opens the database as the host (the store's system actor),
//! runs one operation of the core's table (`userstore::api::OPERATIONS`) or one of its typed
//! host methods, and prints its reply as JSON Lines on stdout.

pub mod accounts;
pub mod backup;
pub mod import;

use crate::{Db, Failure};
use serde_json::{Value, json};
use std::io::{BufRead, IsTerminal, Write};
use userstore::api::{self, Caller};
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

/// The store's configuration for an admin command: the `[store]` section of `--config` and
/// the `USERSTORE_STORE_*` variables, as `serve` reads them, so that a password set here
/// meets the server's policy and is hashed at its cost.
fn config(db: &Db) -> Result<Config, Failure> {
    let flags = crate::settings::Flags {
        db: Some(db.db.clone()),
        ..Default::default()
    };
    Ok(crate::settings::Settings::load(db.config.as_deref(), std::env::vars(), &flags)?.store)
}

/// Opens the store of `db` with its configuration.
fn open(db: &Db) -> Result<Store, Failure> {
    Ok(Store::open(&db.db, config(db)?)?)
}

/// Runs operation `op` of the core's table as the host; its reply is what the command prints.
fn call(store: &Store, op: &str, args: Value) -> Result<Value, Failure> {
    Ok(api::call(store, Caller::System, op, args)?)
}

/// Prints one JSON value on its own line.
fn emit(value: &impl serde::Serialize) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// `userstore demo`: seeds the demo data; prints `{"seeded":…,"login":{…}|null}`.
pub fn demo(db: &Db) -> Result<(), Failure> {
    emit(&call(&open(db)?, "seedDemo", Value::Null)?)
}

/// `userstore org create NAME`.
pub fn create_organization(db: &Db, name: &str) -> Result<(), Failure> {
    emit(&call(
        &open(db)?,
        "createOrganization",
        json!({ "name": name }),
    )?)
}

/// `userstore team create --org ID NAME`.
pub fn create_team(db: &Db, organization_id: i64, name: &str) -> Result<(), Failure> {
    let args = json!({ "organizationId": organization_id, "name": name });
    emit(&call(&open(db)?, "createTeam", args)?)
}

/// `userstore user create --name N --email E`. The typed method rather than the operation by
/// name: the password stays in a [`Secret`], never in a JSON tree that cannot be wiped.
pub fn create_user(
    db: &Db,
    name: &str,
    email: &str,
    password: PasswordSource,
) -> Result<(), Failure> {
    let store = open(db)?;
    let mut user = NewUser::new(name, email);
    user.password = read_password(password, email)?;
    emit(&store.create_user(user)?)
}

/// Reads the new user's password; it never comes from the command line.
fn read_password(source: PasswordSource, email: &str) -> Result<Option<Secret>, Failure> {
    match source {
        PasswordSource::None => Ok(None),
        PasswordSource::Stdin => read_secret_line().map(Some),
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

/// The first line of stdin, without its line end: where passwords come from, never the
/// command line.
fn read_secret_line() -> Result<Secret, Failure> {
    // Room for the longest password, so the line is never copied while it grows.
    let mut line = String::with_capacity(1024);
    std::io::stdin().lock().read_line(&mut line)?;
    let password = Secret::new(line);
    let trimmed = password.expose().trim_end_matches(['\n', '\r']);
    if trimmed.is_empty() {
        return Err("no password on stdin".into());
    }
    Ok(Secret::new(trimmed))
}

/// `userstore role org --org ID --user ID --role R`.
pub fn set_organization_role(
    db: &Db,
    organization_id: i64,
    user_id: i64,
    role_id: i64,
) -> Result<(), Failure> {
    let args =
        json!({ "organizationId": organization_id, "userId": user_id, "usersRoleId": role_id });
    emit(&call(&open(db)?, "setOrganizationRole", args)?)
}

/// `userstore role remove --org ID | --team ID --user ID`.
pub fn remove_role(
    db: &Db,
    organization_id: Option<i64>,
    team_id: Option<i64>,
    user_id: i64,
) -> Result<(), Failure> {
    let (op, args) = match (organization_id, team_id) {
        (Some(org), None) => (
            "removeOrganizationRole",
            json!({ "organizationId": org, "userId": user_id }),
        ),
        (None, Some(team)) => (
            "removeTeamRole",
            json!({ "teamId": team, "userId": user_id }),
        ),
        _ => return Err("give --org or --team".into()),
    };
    emit(&call(&open(db)?, op, args)?)
}

/// `userstore role team --team ID --user ID --role R`.
pub fn set_team_role(db: &Db, team_id: i64, user_id: i64, role_id: i64) -> Result<(), Failure> {
    let args = json!({ "teamId": team_id, "userId": user_id, "usersRoleId": role_id });
    emit(&call(&open(db)?, "setTeamRole", args)?)
}

/// `userstore token create --email E --label L --scope S…`: the one place the token value
/// is printed. The typed method: the host hands a user a token without a login session, which
/// no operation of the API does.
pub fn create_token(db: &Db, email: &str, label: &str, scope: &[String]) -> Result<(), Failure> {
    let store = open(db)?;
    let user_id = store
        .user_id_by_email(email)?
        .ok_or_else(|| Error::not_found(format!("No user has the email address {email}.")))?;
    let new = NewApiToken::from_json(json!({ "label": label, "scope": scope }))?;
    emit(&store.create_api_token_for(user_id, &new)?)
}

/// The items of the list at `key` of a reply.
fn items(mut reply: Value, key: &str) -> Vec<Value> {
    match reply[key].take() {
        Value::Array(items) => items,
        _ => Vec::new(),
    }
}

/// `userstore outbox list [--all]`: every mail, oldest first, bodies included (this is how
/// a person follows a reset link locally).
pub fn list_outbox(db: &Db, all: bool) -> Result<(), Failure> {
    let store = open(db)?;
    let mut after = 0;
    loop {
        let args = json!({ "all": all, "after": after, "limit": OUTBOX_PAGE });
        let page = items(call(&store, "outbox", args)?, "mails");
        for mail in &page {
            emit(mail)?;
        }
        match page.last() {
            Some(last) if page.len() as i64 == OUTBOX_PAGE => {
                after = last["id"].as_i64().unwrap_or_default()
            }
            _ => return Ok(()),
        }
    }
}

/// `userstore outbox ack ID`.
pub fn acknowledge_mail(db: &Db, id: i64) -> Result<(), Failure> {
    emit(&call(&open(db)?, "acknowledgeMail", json!({ "id": id }))?)
}

/// `userstore audit [--user ID] [--limit N]`: newest first.
pub fn audit(db: &Db, user_id: Option<i64>, limit: i64) -> Result<(), Failure> {
    let mut args = json!({ "offset": 0, "limit": limit });
    if let Some(user_id) = user_id {
        args["userId"] = user_id.into();
    }
    for event in items(call(&open(db)?, "auditLog", args)?, "events") {
        emit(&event)?;
    }
    Ok(())
}

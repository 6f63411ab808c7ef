//! `userstore`: the server and admin CLI of the userstore account store.
//!
//! `userstore serve` answers Make's API v2 "Users" routes under `/api/v2` with the core's
//! router and serves the browser demo from `--www`. The other subcommands administer a
//! database file directly, as the host (the store's system actor).
//!
//! Output of the admin commands is JSON Lines: one compact JSON object per line on stdout (one
//! line for a single result, one per item for lists), so `jq` and `grep` work on it. A failure
//! prints `userstore: ` and the store's error body (or the I/O error) on stderr and exits 1;
//! a usage error exits 2.

mod admin;
mod courier;
mod health;
mod log;
mod metrics;
mod pages;
mod serve;
mod settings;
mod site;
mod static_files;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// The command line.
#[derive(Parser)]
#[command(
    name = "userstore",
    version,
    about = "The userstore server and admin CLI"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The database every subcommand works on.
#[derive(Args)]
struct Db {
    /// The SQLite database file, or a PostgreSQL database as a `postgres://` URL in libpq's
    /// form (several hosts and `target_session_attrs=read-write` allowed; the password may
    /// come from PGPASSWORD instead); created and migrated if needed.
    #[arg(long, env = "USERSTORE_DB", value_name = "FILE|URL")]
    db: PathBuf,
    /// The server's settings file, for its [store] settings (password policy, hashing cost):
    /// what this command does meets the server's rules.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

/// Options of `userstore serve`: each overrides its key of the settings file and its
/// environment variable (precedence: flag > environment > file > default).
#[derive(Args)]
struct ServeArgs {
    /// The settings file (TOML; see userstore.example.toml).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The SQLite database file, or a PostgreSQL database as a `postgres://` URL in libpq's
    /// form (several hosts and `target_session_attrs=read-write` allowed; the password may
    /// come from PGPASSWORD instead); created and migrated if needed. [server] db,
    /// USERSTORE_SERVER_DB or USERSTORE_DB.
    #[arg(long, value_name = "FILE|URL")]
    db: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1].
    #[arg(long)]
    host: Option<String>,
    /// Port to listen on (0 picks a free one; the listening line tells which) [default: 8080].
    #[arg(long)]
    port: Option<u16>,
    /// Directory of static files (the browser demo) served for every path outside /api/v2.
    #[arg(long, value_name = "DIR")]
    www: Option<PathBuf>,
    /// Seed the demo organization and login if the database has no users yet.
    #[arg(long)]
    demo: bool,
    /// Public base URL used in mailed links (default: http://HOST:PORT as bound).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Threads that run the store's operations (reads run in parallel) [default: 4].
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=64))]
    workers: Option<u16>,
    /// The log's format on stderr: text or json [default: text].
    #[arg(long, value_name = "FORMAT", value_parser = ["text", "json"])]
    log_format: Option<String>,
}

impl ServeArgs {
    /// The settings these flags, the environment and the file make.
    fn settings(&self) -> Result<settings::Settings, Failure> {
        let flags = settings::Flags {
            db: self.db.clone(),
            host: self.host.clone(),
            port: self.port,
            workers: self.workers,
            www: self.www.clone(),
            demo: self.demo,
            base_url: self.base_url.clone(),
            log_format: self.log_format.clone(),
        };
        settings::Settings::load(self.config.as_deref(), std::env::vars(), &flags)
    }
}

#[derive(Subcommand)]
enum Command {
    /// Serve the Make-compatible API under /api/v2, the account pages of mailed links, the
    /// probes and metrics, and the static files of --www; deliver the outbox if [mail] says how.
    Serve(ServeArgs),
    /// Check the settings of `serve`.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Seed the demo organization and login (only into a database without users).
    Demo(Db),
    /// Create organizations.
    #[command(subcommand)]
    Org(OrgCommand),
    /// Create teams.
    #[command(subcommand)]
    Team(TeamCommand),
    /// Create users.
    #[command(subcommand)]
    User(UserCommand),
    /// Give users organization or team roles.
    #[command(subcommand)]
    Role(RoleCommand),
    /// Create API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Read and acknowledge the mail the store queued (reset links, notices).
    #[command(subcommand)]
    Outbox(OutboxCommand),
    /// Show the audit log of security events, newest first.
    Audit {
        #[command(flatten)]
        db: Db,
        /// Only the events of this user.
        #[arg(long, value_name = "ID")]
        user: Option<i64>,
        /// At most this many events.
        #[arg(long, default_value_t = 100)]
        limit: i64,
    },
    /// Export the whole audit log as JSON Lines, oldest first.
    AuditExport {
        #[command(flatten)]
        db: Db,
        /// Only the events of this user.
        #[arg(long, value_name = "ID")]
        user: Option<i64>,
    },
    /// Copy an SQLite store into a new file while the server runs; prints {"backup":…,"users":N}.
    Backup {
        #[command(flatten)]
        db: Db,
        /// The new file.
        file: PathBuf,
    },
    /// Put a backup in place as the database of --db (checked first; an existing database
    /// only with --force, and with no server using it); prints {"restored":…,"users":N}.
    Restore {
        #[command(flatten)]
        db: Db,
        /// The backup file.
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
        /// Replace an existing database.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Validate the settings (file, environment, flags) and print the effective ones as TOML,
    /// secrets masked; exit 1, naming the key, on an unknown key or a bad or insecure value.
    Check(ServeArgs),
}

#[derive(Subcommand)]
enum OrgCommand {
    /// Create an organization; prints {"organization":{…}}.
    Create {
        #[command(flatten)]
        db: Db,
        /// Its name.
        name: String,
    },
}

#[derive(Subcommand)]
enum TeamCommand {
    /// Create a team in an organization; prints {"team":{…}}.
    Create {
        #[command(flatten)]
        db: Db,
        /// The organization's id.
        #[arg(long, value_name = "ID")]
        org: i64,
        /// Its name.
        name: String,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user; prints {"user":{…}}. The password comes from stdin or a prompt, never
    /// from the command line.
    Create {
        #[command(flatten)]
        db: Db,
        /// Display name.
        #[arg(long)]
        name: String,
        /// Email address.
        #[arg(long)]
        email: String,
        /// Read the password from the first line of stdin.
        #[arg(long, conflicts_with = "no_password")]
        password_stdin: bool,
        /// Create the account without a password (it can be set by a reset).
        #[arg(long)]
        no_password: bool,
    },
    /// Print every user, by id, one JSON object per line (role lists: `user show`).
    List(Db),
    /// Print one user with every column; USER is an id or an email address.
    Show {
        #[command(flatten)]
        db: Db,
        /// The user's id or email address.
        user: String,
    },
    /// Delete a user and everything of theirs; prints {"deleted":ID}.
    Delete {
        #[command(flatten)]
        db: Db,
        /// The user's id or email address.
        user: String,
    },
    /// Set a user's password from the first line of stdin (never the command line): every
    /// session ends, and the user is mailed a notice; prints {"ok":1}.
    SetPassword {
        #[command(flatten)]
        db: Db,
        /// The user's id or email address.
        user: String,
    },
    /// Make the user choose a new password (forceSetPassword, as in Make) and sign them out
    /// everywhere; prints {"ok":1}.
    RequirePasswordChange {
        #[command(flatten)]
        db: Db,
        /// The user's id or email address.
        user: String,
    },
    /// End every login session of a user (API tokens stay); prints {"revoked":N}.
    RevokeSessions {
        #[command(flatten)]
        db: Db,
        /// The user's id or email address.
        user: String,
    },
    /// Import users from JSON Lines or CSV, existing password hashes (argon2, bcrypt, Django
    /// pbkdf2_sha256) kept and replaced by argon2id at each user's first login; progress on
    /// stderr; prints {"imported":N,"total":M}.
    Import {
        #[command(flatten)]
        db: Db,
        /// The file: `.csv` is read as CSV, anything else as JSON Lines (or --format).
        file: PathBuf,
        /// The file's format.
        #[arg(long, value_enum)]
        format: Option<admin::import::Format>,
        /// Skip the first N users of the file (they were imported by an earlier run).
        #[arg(long, default_value_t = 0, value_name = "N")]
        skip: usize,
    },
}

#[derive(Subcommand)]
enum RoleCommand {
    /// Set a user's organization role (11 Owner, 12 Admin, 13 Member, 14 Accountant, 15 App
    /// developer); prints {"ok":1}.
    Org {
        #[command(flatten)]
        db: Db,
        /// The organization's id.
        #[arg(long, value_name = "ID")]
        org: i64,
        /// The user's id.
        #[arg(long, value_name = "ID")]
        user: i64,
        /// The role id.
        #[arg(long, value_name = "ROLE")]
        role: i64,
    },
    /// Set a user's team role (1 Team admin, 2 Team member, 3 Team monitoring, 4 Team
    /// operator, 5 Team restricted member); prints {"ok":1}.
    Team {
        #[command(flatten)]
        db: Db,
        /// The team's id.
        #[arg(long, value_name = "ID")]
        team: i64,
        /// The user's id.
        #[arg(long, value_name = "ID")]
        user: i64,
        /// The role id.
        #[arg(long, value_name = "ROLE")]
        role: i64,
    },
    /// Remove a user from an organization (and its teams) or from a team; prints {"ok":1}.
    Remove {
        #[command(flatten)]
        db: Db,
        /// The organization's id.
        #[arg(
            long,
            value_name = "ID",
            conflicts_with = "team",
            required_unless_present = "team"
        )]
        org: Option<i64>,
        /// The team's id.
        #[arg(long, value_name = "ID")]
        team: Option<i64>,
        /// The user's id.
        #[arg(long, value_name = "ID")]
        user: i64,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Print a user's API tokens (without their values), one JSON object per line.
    List {
        #[command(flatten)]
        db: Db,
        /// The user's id or email address.
        user: String,
    },
    /// Revoke one of a user's API tokens, by id or `created` time; prints {"apiToken":…}.
    Revoke {
        #[command(flatten)]
        db: Db,
        /// The user's id or email address.
        user: String,
        /// The token's id or its `created` time.
        token: String,
    },
    /// Create an API token for a user; prints {"apiToken":{…,"token":…}}, the only time the
    /// token value is shown.
    Create {
        #[command(flatten)]
        db: Db,
        /// The user's email address.
        #[arg(long)]
        email: String,
        /// A name for people.
        #[arg(long)]
        label: String,
        /// Scopes: user:read, user:write, organization:read.
        #[arg(long, required = true, num_args = 1..)]
        scope: Vec<String>,
    },
}

#[derive(Subcommand)]
enum OutboxCommand {
    /// Print the pending mail, oldest first, one JSON object per line, bodies included.
    List {
        #[command(flatten)]
        db: Db,
        /// Also list acknowledged mail (whose bodies are erased).
        #[arg(long)]
        all: bool,
    },
    /// Mark a mail delivered, which erases its body; prints {"ok":1}.
    Ack {
        #[command(flatten)]
        db: Db,
        /// The mail's id.
        id: i64,
    },
}

/// Any failure of a subcommand.
type Failure = Box<dyn std::error::Error>;

fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Serve(args) => serve::run(args.settings()?),
        Command::Config(ConfigCommand::Check(args)) => {
            print!("{}", args.settings()?.describe());
            Ok(())
        }
        Command::Demo(db) => admin::demo(&db),
        Command::Org(OrgCommand::Create { db, name }) => admin::create_organization(&db, &name),
        Command::Team(TeamCommand::Create { db, org, name }) => admin::create_team(&db, org, &name),
        Command::User(UserCommand::Create {
            db,
            name,
            email,
            password_stdin,
            no_password,
        }) => {
            let password = if no_password {
                admin::PasswordSource::None
            } else if password_stdin {
                admin::PasswordSource::Stdin
            } else {
                admin::PasswordSource::Prompt
            };
            admin::create_user(&db, &name, &email, password)
        }
        Command::Role(RoleCommand::Org {
            db,
            org,
            user,
            role,
        }) => admin::set_organization_role(&db, org, user, role),
        Command::Role(RoleCommand::Team {
            db,
            team,
            user,
            role,
        }) => admin::set_team_role(&db, team, user, role),
        Command::Token(TokenCommand::Create {
            db,
            email,
            label,
            scope,
        }) => admin::create_token(&db, &email, &label, &scope),
        Command::Outbox(OutboxCommand::List { db, all }) => admin::list_outbox(&db, all),
        Command::Outbox(OutboxCommand::Ack { db, id }) => admin::acknowledge_mail(&db, id),
        Command::Audit { db, user, limit } => admin::audit(&db, user, limit),
        Command::AuditExport { db, user } => admin::accounts::export_audit(&db, user),
        Command::Backup { db, file } => admin::backup::backup(&db, &file),
        Command::Restore { db, from, force } => admin::backup::restore(&db, &from, force),
        Command::User(UserCommand::List(db)) => admin::accounts::list(&db),
        Command::User(UserCommand::Show { db, user }) => admin::accounts::show(&db, &user),
        Command::User(UserCommand::Delete { db, user }) => admin::accounts::delete(&db, &user),
        Command::User(UserCommand::SetPassword { db, user }) => {
            admin::accounts::set_password(&db, &user)
        }
        Command::User(UserCommand::RequirePasswordChange { db, user }) => {
            admin::accounts::require_password_change(&db, &user)
        }
        Command::User(UserCommand::RevokeSessions { db, user }) => {
            admin::accounts::revoke_sessions(&db, &user)
        }
        Command::User(UserCommand::Import {
            db,
            file,
            format,
            skip,
        }) => admin::import::run(&db, &file, format, skip),
        Command::Role(RoleCommand::Remove {
            db,
            org,
            team,
            user,
        }) => admin::remove_role(&db, org, team, user),
        Command::Token(TokenCommand::List { db, user }) => admin::accounts::tokens(&db, &user),
        Command::Token(TokenCommand::Revoke { db, user, token }) => {
            admin::accounts::revoke_token(&db, &user, &token)
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("userstore: {e}");
            ExitCode::FAILURE
        }
    }
}

//! `userstore user import FILE`: users from JSON Lines or CSV, with existing password hashes
//! (argon2 PHC, bcrypt, Django pbkdf2_sha256) kept as they are, in batches with progress on
//! stderr.
//!
//! Every line is read and checked for shape first, so a malformed file imports nothing. The
//! users are then created in batches of [`BATCH`], each in one transaction. When the store
//! refuses a batch (an address already in use, a weak password), its users are created one
//! by one up to the one refused: the import stops there, naming its line and how many users
//! went in before it, and `--skip N` resumes after those.

use super::{emit, open};
use crate::{Db, Failure};
use serde_json::{Map, Value, json};
use std::io::BufRead;
use std::path::Path;
use userstore::NewUser;

/// Users created per transaction.
const BATCH: usize = 500;

/// How the file is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per line, as `importUsers` takes it (`name`, `email`, `passwordHash`,
    /// `password`, `language`, `timezoneId`, `localeId`, `countryId`, `organizationRoles`,
    /// `teamRoles`).
    Jsonl,
    /// A header row naming the columns (`name`, `email`, `password_hash`, `language`,
    /// `timezone_id`, `locale_id`, `country_id`; camelCase works too), one user per row.
    Csv,
}

impl Format {
    /// The format a file's extension says: `.csv` is CSV, anything else JSON Lines.
    pub fn of(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("csv") => Format::Csv,
            _ => Format::Jsonl,
        }
    }
}

/// A user read from the file, with the line it came from.
struct Entry {
    line: usize,
    user: NewUser,
}

/// `userstore user import --db DB FILE [--format F] [--skip N]`.
pub fn run(db: &Db, file: &Path, format: Option<Format>, skip: usize) -> Result<(), Failure> {
    let format = format.unwrap_or_else(|| Format::of(file));
    let reader = std::io::BufReader::new(
        std::fs::File::open(file).map_err(|e| format!("{}: {e}", file.display()))?,
    );
    let entries = match format {
        Format::Jsonl => read_jsonl(reader)?,
        Format::Csv => read_csv(reader)?,
    };
    let store = open(db)?;
    let total = entries.len();
    let mut imported = skip.min(total);
    for batch in entries[imported..].chunks(BATCH) {
        if store
            .import_users(batch.iter().map(|e| e.user.clone()))
            .is_err()
        {
            // Find the user refused: those before it go in, one by one.
            for entry in batch {
                if let Err(e) = store.import_users([entry.user.clone()]) {
                    return Err(format!(
                        "line {}: {e}\n{imported} users before it were imported; fix the line and go on with --skip {imported}",
                        entry.line
                    )
                    .into());
                }
                imported += 1;
            }
        } else {
            imported += batch.len();
        }
        eprintln!("userstore: imported {imported} of {total} users");
    }
    emit(&json!({ "imported": imported - skip.min(total), "total": total }))
}

/// One user per non-empty line.
fn read_jsonl(reader: impl BufRead) -> Result<Vec<Entry>, Failure> {
    let mut entries = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line_no = i + 1;
        let line = line.map_err(|e| format!("line {line_no}: {e}"))?;
        if line.trim().is_empty() {
            continue;
        }
        let value: Value =
            serde_json::from_str(&line).map_err(|e| format!("line {line_no}: not JSON: {e}"))?;
        let user = NewUser::from_json(value).map_err(|e| format!("line {line_no}: {e}"))?;
        entries.push(Entry {
            line: line_no,
            user,
        });
    }
    Ok(entries)
}

/// The CSV columns, as (accepted header names, `importUsers` key, whether an integer).
const COLUMNS: [(&[&str], &str, bool); 8] = [
    (&["name"], "name", false),
    (&["email"], "email", false),
    (&["password_hash", "passwordHash"], "passwordHash", false),
    (&["password"], "password", false),
    (&["language"], "language", false),
    (&["timezone_id", "timezoneId"], "timezoneId", true),
    (&["locale_id", "localeId"], "localeId", true),
    (&["country_id", "countryId"], "countryId", true),
];

/// One user per row after the header; empty cells are left out.
fn read_csv(reader: impl std::io::Read) -> Result<Vec<Entry>, Failure> {
    let mut csv = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(reader);
    let columns = csv
        .headers()
        .map_err(|e| format!("line 1: {e}"))?
        .iter()
        .map(|header| {
            COLUMNS
                .iter()
                .find(|(names, _, _)| names.contains(&header.trim()))
                .map(|&(_, key, integer)| (key, integer))
                .ok_or_else(|| {
                    format!(
                        "line 1: unknown column '{header}' (known: name, email, password_hash, \
                         password, language, timezone_id, locale_id, country_id)"
                    )
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut entries = Vec::new();
    for record in csv.records() {
        let record = record.map_err(|e| format!("{e}"))?;
        let line_no = record.position().map_or(0, |p| p.line() as usize);
        let mut object = Map::new();
        for ((key, integer), cell) in columns.iter().zip(record.iter()) {
            if cell.is_empty() {
                continue;
            }
            let value = if *integer {
                Value::from(cell.trim().parse::<i64>().map_err(|_| {
                    format!("line {line_no}: '{key}' must be an integer, not '{cell}'")
                })?)
            } else {
                Value::from(cell)
            };
            object.insert((*key).to_owned(), value);
        }
        let user = NewUser::from_json(Value::Object(object))
            .map_err(|e| format!("line {line_no}: {e}"))?;
        entries.push(Entry {
            line: line_no,
            user,
        });
    }
    Ok(entries)
}

//! The enums served at `GET /enums/*`: time zones, countries, locales and languages.
//!
//! The data is generated from the IANA time zone database, ISO 3166-1, ISO 639 and
//! Unicode CLDR by `tools/enums/generate.py` into `data/enums/tables.txt` and `tables.rs`
//! (and a JSON copy under `data/enums/`). Ids are stable forever: new entries are only ever
//! appended, so a stored `timezoneId`, `countryId` or `localeId` always means the same thing.
//!
//! Every table is in id order (languages in code order). The generated tables are text, a
//! record a line (`data/enums/tables.txt`; the line formats are described in `tables.rs`),
//! compiled in compressed. On first use the text is inflated and read into the records below
//! (their strings stay slices of the inflated text). Lookups
//! by id are binary searches; lookups by code use generated, code-sorted indexes. A code
//! lookup returns the canonical record: store its `code` or `id`, not the caller's spelling.

use std::cmp::Ordering;
use std::sync::OnceLock;

use crate::data::packed::Packed;

#[rustfmt::skip]
mod tables;

/// The generated text tables (`data/enums/tables.txt`, 41,480 bytes), LZMA-compressed by the
/// build script to 12,752 bytes and inflated by the first lookup (about 1 ms; `src/data/packed.rs`).
static PACKED: Packed = Packed::new(include_bytes!(concat!(
    env!("OUT_DIR"),
    "/enum-tables.txt.lzma"
)));

/// A time zone of the IANA database, e.g.
/// `{"id":113,"name":"(GMT+01:00) Europe/Prague","code":"Europe/Prague","offset":"+0100"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Timezone {
    /// Stable id (`timezoneId` of a user).
    pub id: i64,
    /// Display name: `(GMT±HH:MM) Code`, with the standard offset.
    pub name: &'static str,
    /// Canonical IANA zone name, e.g. `Europe/Prague`.
    pub code: &'static str,
    /// Standard (non-DST) UTC offset as `+HHMM` or `-HHMM`.
    pub offset: &'static str,
}

/// A country of ISO 3166-1, e.g. `{"id":4,"name":"Afghanistan","code":"AFG","code2":"af"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Country {
    /// Stable id (`countryId` of a user).
    pub id: i64,
    /// English short name.
    pub name: &'static str,
    /// ISO 3166-1 alpha-3 code, upper case (`AFG`).
    pub code: &'static str,
    /// ISO 3166-1 alpha-2 code, lower case (`af`).
    pub code2: &'static str,
}

/// A locale of Unicode CLDR (language, optional script, region), e.g.
/// `{"id":…,"code":"en-US","name":"English (United States)"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Locale {
    /// Stable id (`localeId` of a user).
    pub id: i64,
    /// BCP 47 tag such as `en-US`, `cs-CZ` or `zh-Hans-CN`.
    pub code: &'static str,
    /// English name, e.g. `English (United States)`.
    pub name: &'static str,
}

/// A language of ISO 639-1, e.g. `{"code":"en","name":"English"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Language {
    /// Two-letter ISO 639-1 code, lower case (a user's `language`).
    pub code: &'static str,
    /// English name.
    pub name: &'static str,
}

/// The tables, read from their generated text once.
struct Tables {
    timezones: Vec<Timezone>,
    /// Link names (aliases), sorted bytewise, with the position of their zone.
    timezone_links: Vec<(&'static str, u16)>,
    countries: Vec<Country>,
    locales: Vec<Locale>,
    languages: Vec<Language>,
}

impl Tables {
    fn get() -> &'static Tables {
        static TABLES: OnceLock<Tables> = OnceLock::new();
        TABLES.get_or_init(Tables::parse)
    }

    /// Reads the generated text tables (see `tables.rs` for their line formats).
    fn parse() -> Tables {
        // Each table is a line with its name, then a record a line, then an empty line.
        let mut sections = PACKED.text().split_terminator("\n\n");
        let mut section = |name: &str| {
            let section = sections.next().unwrap_or("");
            let (head, body) = section.split_once('\n').unwrap_or((section, ""));
            if head != name {
                panic!("data/enums/tables.txt: expected the {name} table");
            }
            body
        };
        let tz = section("timezones");
        let links = section("timezone_links");
        let countries = section("countries");
        let locales = section("locales");
        let languages = section("languages");

        let timezones = records(tz, tables::TIMEZONES_FIRST_ID, |id, line| {
            let name = &line[5..];
            let (_, code) = name
                .split_once(") ")
                .expect("a zone name ends with its code");
            Timezone {
                id,
                name,
                code,
                offset: &line[..5],
            }
        });
        let timezone_links = links
            .lines()
            .map(|line| {
                let (alias, pos) = line.split_once('\t').expect("a link has a position");
                (alias, pos.parse().expect("a link position is a number"))
            })
            .collect();
        let countries = records(countries, tables::COUNTRIES_FIRST_ID, |id, line| Country {
            id,
            code: &line[..3],
            code2: &line[3..5],
            name: &line[5..],
        });
        let locales = records(locales, tables::LOCALES_FIRST_ID, |id, line| {
            let (code, name) = line.split_once('\t').expect("a locale has a name");
            Locale { id, code, name }
        });
        let languages = languages
            .lines()
            .map(|line| Language {
                code: &line[..2],
                name: &line[2..],
            })
            .collect();
        Tables {
            timezones,
            timezone_links,
            countries,
            locales,
            languages,
        }
    }
}

/// One record a line of `text`, the first with id `first_id` and each next one more.
fn records<T>(
    text: &'static str,
    first_id: i64,
    record: impl Fn(i64, &'static str) -> T,
) -> Vec<T> {
    (first_id..)
        .zip(text.lines())
        .map(|(id, line)| record(id, line))
        .collect()
}

fn upper(b: u8) -> u8 {
    b.to_ascii_uppercase()
}

fn lower(b: u8) -> u8 {
    b.to_ascii_lowercase()
}

/// BCP 47 tags compare case-insensitively, and `_` is read as `-`.
fn locale_fold(b: u8) -> u8 {
    match b {
        b'_' => b'-',
        b => b.to_ascii_lowercase(),
    }
}

/// All time zones, in id order.
pub fn timezones() -> &'static [Timezone] {
    &Tables::get().timezones
}

/// The time zone with this id.
pub fn timezone(id: i64) -> Option<&'static Timezone> {
    by_id(timezones(), id, |t| t.id)
}

/// The time zone with this IANA name (exact, case-sensitive). A backward-compatible
/// link name resolves to its canonical zone: `UTC` gives `Etc/UTC`, `Europe/Kiev`
/// gives `Europe/Kyiv`.
pub fn timezone_by_code(code: &str) -> Option<&'static Timezone> {
    let t = Tables::get();
    by_code(
        tables::TIMEZONES_BY_CODE,
        &t.timezones,
        code,
        |t| t.code,
        |b| b,
    )
    .or_else(|| {
        let links = &t.timezone_links;
        let pos = links
            .binary_search_by(|(alias, _)| alias.as_bytes().cmp(code.as_bytes()))
            .ok()?;
        t.timezones.get(usize::from(links[pos].1))
    })
}

/// All countries, in id order.
pub fn countries() -> &'static [Country] {
    &Tables::get().countries
}

/// The country with this id.
pub fn country(id: i64) -> Option<&'static Country> {
    by_id(countries(), id, |c| c.id)
}

/// The country with this ISO 3166-1 alpha-3 (`CZE`) or alpha-2 (`cz`) code,
/// case-insensitive.
pub fn country_by_code(code: &str) -> Option<&'static Country> {
    let t = Tables::get();
    match code.len() {
        3 => by_code(
            tables::COUNTRIES_BY_CODE,
            &t.countries,
            code,
            |c| c.code,
            upper,
        ),
        2 => by_code(
            tables::COUNTRIES_BY_CODE2,
            &t.countries,
            code,
            |c| c.code2,
            lower,
        ),
        _ => None,
    }
}

/// All locales, in id order.
pub fn locales() -> &'static [Locale] {
    &Tables::get().locales
}

/// The locale with this id.
pub fn locale(id: i64) -> Option<&'static Locale> {
    by_id(locales(), id, |l| l.id)
}

/// The locale with this BCP 47 tag (`en-US`), case-insensitive as BCP 47 tags are;
/// `_` is accepted for `-` (`en_US`).
pub fn locale_by_code(code: &str) -> Option<&'static Locale> {
    let t = Tables::get();
    by_code(
        tables::LOCALES_BY_CODE,
        &t.locales,
        code,
        |l| l.code,
        locale_fold,
    )
}

/// The country of a locale: the country of its region subtag (`en-US` → United States), else
/// the United States, the country of the default locale `en-US`. A user's country when none
/// was given.
pub fn locale_country(locale_id: i64) -> i64 {
    let region = locale(locale_id).and_then(|l| {
        l.code
            .split('-')
            .skip(1)
            .find(|part| part.len() == 2 && part.bytes().all(|b| b.is_ascii_alphabetic()))
    });
    region
        .and_then(country_by_code)
        .or_else(|| country_by_code("us"))
        .map_or(0, |c| c.id)
}

/// All ISO 639-1 languages, in code order.
pub fn languages() -> &'static [Language] {
    &Tables::get().languages
}

/// The language with this ISO 639-1 code (`en`), case-insensitive.
pub fn language(code: &str) -> Option<&'static Language> {
    let table = languages();
    let pos = table
        .binary_search_by(|l| cmp_folded(l.code, code, lower))
        .ok()?;
    Some(&table[pos])
}

fn by_id<T>(table: &'static [T], id: i64, key: impl Fn(&T) -> i64) -> Option<&'static T> {
    let pos = table.binary_search_by(|item| key(item).cmp(&id)).ok()?;
    Some(&table[pos])
}

/// Binary search through `index` (positions in `table`, sorted by the folded key).
fn by_code<T>(
    index: &[u16],
    table: &'static [T],
    code: &str,
    key: impl Fn(&T) -> &str,
    fold: fn(u8) -> u8,
) -> Option<&'static T> {
    let pos = index
        .binary_search_by(|&i| cmp_folded(key(&table[usize::from(i)]), code, fold))
        .ok()?;
    table.get(usize::from(index[pos]))
}

fn cmp_folded(a: &str, b: &str, fold: fn(u8) -> u8) -> Ordering {
    a.bytes().map(fold).cmp(b.bytes().map(fold))
}

#[cfg(test)]
mod tests;

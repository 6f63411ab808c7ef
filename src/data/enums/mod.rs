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
/// build script to 12,752 bytes and inflated by the first lookup (about 1 ms; `src/packed.rs`).
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
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn anchor_records_serialize_exactly() {
        let prague = timezone(113).unwrap();
        assert_eq!(
            serde_json::to_string(prague).unwrap(),
            r#"{"id":113,"name":"(GMT+01:00) Europe/Prague","code":"Europe/Prague","offset":"+0100"}"#
        );
        assert_eq!(timezone(164).unwrap().code, "Europe/Rome");
        assert_eq!(timezone_by_code("Europe/Rome").unwrap().id, 164);

        assert_eq!(
            serde_json::to_string(country(4).unwrap()).unwrap(),
            r#"{"id":4,"name":"Afghanistan","code":"AFG","code2":"af"}"#
        );
        assert_eq!(country(5).unwrap().name, "Åland Islands");
        assert_eq!(country(6).unwrap().name, "Albania");

        assert!(locale(18).is_some());
        let en_us = locale_by_code("en-US").unwrap();
        assert_eq!(en_us.name, "English (United States)");
        assert_eq!(locale_by_code("cs-CZ").unwrap().name, "Czech (Czechia)");
        assert_eq!(
            serde_json::to_string(en_us).unwrap(),
            format!(
                r#"{{"id":{},"code":"en-US","name":"English (United States)"}}"#,
                en_us.id
            )
        );

        for code in ["en", "cs", "de"] {
            assert_eq!(language(code).unwrap().code, code);
        }
        assert_eq!(
            serde_json::to_string(language("en").unwrap()).unwrap(),
            r#"{"code":"en","name":"English"}"#
        );
        assert_eq!(language("cs").unwrap().name, "Czech");
        assert_eq!(language("de").unwrap().name, "German");
    }

    #[test]
    fn realistic_sizes() {
        assert!(timezones().len() > 300, "{}", timezones().len());
        assert!(countries().len() >= 249, "{}", countries().len());
        assert!(languages().len() >= 180, "{}", languages().len());
        assert!(locales().len() >= 18, "{}", locales().len());
    }

    #[test]
    fn ids_are_unique_and_ascending() {
        fn check(ids: impl Iterator<Item = i64>) {
            let ids: Vec<i64> = ids.collect();
            assert!(ids.iter().all(|&id| id > 0));
            assert!(
                ids.windows(2).all(|w| w[0] < w[1]),
                "ids not strictly ascending"
            );
        }
        check(timezones().iter().map(|t| t.id));
        check(countries().iter().map(|c| c.id));
        check(locales().iter().map(|l| l.id));
        assert!(languages().windows(2).all(|w| w[0].code < w[1].code));
    }

    #[test]
    fn codes_are_unique() {
        fn unique<'a>(codes: impl Iterator<Item = &'a str>) {
            let mut seen = HashSet::new();
            for code in codes {
                assert!(
                    seen.insert(code.to_ascii_lowercase()),
                    "duplicate code {code}"
                );
            }
        }
        unique(timezones().iter().map(|t| t.code));
        unique(countries().iter().map(|c| c.code));
        unique(countries().iter().map(|c| c.code2));
        unique(locales().iter().map(|l| l.code));
        unique(languages().iter().map(|l| l.code));
    }

    #[test]
    fn every_lookup_round_trips() {
        for t in timezones() {
            assert_eq!(timezone(t.id), Some(t));
            assert_eq!(timezone_by_code(t.code), Some(t), "{}", t.code);
        }
        for c in countries() {
            assert_eq!(country(c.id), Some(c));
            assert_eq!(country_by_code(c.code), Some(c), "{}", c.code);
            assert_eq!(country_by_code(c.code2), Some(c), "{}", c.code2);
            assert_eq!(country_by_code(&c.code.to_ascii_lowercase()), Some(c));
            assert_eq!(country_by_code(&c.code2.to_ascii_uppercase()), Some(c));
        }
        for l in locales() {
            assert_eq!(locale(l.id), Some(l));
            assert_eq!(locale_by_code(l.code), Some(l), "{}", l.code);
            assert_eq!(locale_by_code(&l.code.to_ascii_lowercase()), Some(l));
            assert_eq!(locale_by_code(&l.code.replace('-', "_")), Some(l));
        }
        for l in languages() {
            assert_eq!(language(l.code), Some(l));
            assert_eq!(language(&l.code.to_ascii_uppercase()), Some(l));
        }
    }

    #[test]
    fn unknown_lookups_are_none() {
        assert_eq!(timezone(0), None);
        assert_eq!(timezone(i64::MAX), None);
        assert_eq!(timezone_by_code(""), None);
        assert_eq!(timezone_by_code("Mars/Olympus_Mons"), None);
        assert_eq!(timezone_by_code("europe/prague"), None);
        assert_eq!(country(1), None);
        assert_eq!(country(3), None);
        assert_eq!(country_by_code("XXX"), None);
        assert_eq!(country_by_code("C"), None);
        assert_eq!(country_by_code("CZEC"), None);
        assert_eq!(country_by_code("ČZ"), None);
        assert_eq!(locale(0), None);
        assert_eq!(locale_by_code("en-XX"), None);
        assert_eq!(locale_by_code("en"), None);
        assert_eq!(language("xx"), None);
        assert_eq!(language("eng"), None);
    }

    #[test]
    fn lenient_spellings_give_canonical_records() {
        assert_eq!(country_by_code("cze").unwrap().code2, "cz");
        assert_eq!(country_by_code("CZ").unwrap().code, "CZE");
        assert_eq!(country_by_code("CZ").unwrap().name, "Czechia");
        assert_eq!(locale_by_code("EN_us").unwrap().code, "en-US");
        assert_eq!(locale_by_code("zh-hans-cn").unwrap().code, "zh-Hans-CN");
        assert_eq!(language("EN").unwrap().code, "en");
    }

    #[test]
    fn timezone_links_resolve_to_canonical_zones() {
        assert_eq!(timezone_by_code("UTC").unwrap().code, "Etc/UTC");
        assert_eq!(timezone_by_code("Etc/UTC").unwrap().offset, "+0000");
        assert_eq!(timezone_by_code("Europe/Kiev").unwrap().code, "Europe/Kyiv");
        assert_eq!(
            timezone_by_code("Asia/Calcutta").unwrap().code,
            "Asia/Kolkata"
        );
        // every link target is a real entry, and no link shadows a canonical code
        for (alias, pos) in &Tables::get().timezone_links {
            assert!(usize::from(*pos) < timezones().len());
            assert!(!timezones().iter().any(|t| t.code == *alias), "{alias}");
        }
        assert!(
            Tables::get()
                .timezone_links
                .windows(2)
                .all(|w| w[0].0 < w[1].0)
        );
    }

    #[test]
    fn timezone_names_and_offsets_agree() {
        for t in timezones() {
            let o = t.offset.as_bytes();
            assert_eq!(o.len(), 5, "{}", t.offset);
            assert!(o[0] == b'+' || o[0] == b'-');
            assert!(o[1..].iter().all(u8::is_ascii_digit));
            let expected = format!("(GMT{}:{}) {}", &t.offset[..3], &t.offset[3..], t.code);
            assert_eq!(t.name, expected);
        }
        assert_eq!(
            timezone_by_code("America/New_York").unwrap().offset,
            "-0500"
        );
        assert_eq!(timezone_by_code("Asia/Kolkata").unwrap().offset, "+0530");
        assert_eq!(timezone_by_code("Asia/Kathmandu").unwrap().offset, "+0545");
        assert_eq!(
            timezone_by_code("America/St_Johns").unwrap().offset,
            "-0330"
        );
        // negative DST in the main tz data; the standard offset is still the winter one
        assert_eq!(timezone_by_code("Europe/Dublin").unwrap().offset, "+0000");
    }

    #[test]
    fn country_and_language_codes_are_well_formed() {
        for c in countries() {
            assert!(
                c.code.len() == 3 && c.code.bytes().all(|b| b.is_ascii_uppercase()),
                "{}",
                c.code
            );
            assert!(
                c.code2.len() == 2 && c.code2.bytes().all(|b| b.is_ascii_lowercase()),
                "{}",
                c.code2
            );
        }
        for l in languages() {
            assert!(
                l.code.len() == 2 && l.code.bytes().all(|b| b.is_ascii_lowercase()),
                "{}",
                l.code
            );
        }
    }

    #[test]
    fn indexes_cover_every_entry() {
        fn permutation(index: &[u16], len: usize) {
            let mut v: Vec<usize> = index.iter().map(|&i| usize::from(i)).collect();
            v.sort_unstable();
            assert_eq!(v, (0..len).collect::<Vec<_>>());
        }
        permutation(tables::TIMEZONES_BY_CODE, timezones().len());
        permutation(tables::COUNTRIES_BY_CODE, countries().len());
        permutation(tables::COUNTRIES_BY_CODE2, countries().len());
        permutation(tables::LOCALES_BY_CODE, locales().len());
    }

    #[test]
    fn packed_text_inflates_to_the_source_and_holds_the_five_tables_in_order() {
        let text = PACKED.text();
        assert_eq!(text, include_str!("../../../data/enums/tables.txt"));
        let heads: Vec<&str> = text
            .split_terminator("\n\n")
            .map(|section| section.lines().next().unwrap_or(""))
            .collect();
        assert_eq!(
            heads,
            [
                "timezones",
                "timezone_links",
                "countries",
                "locales",
                "languages"
            ]
        );
        assert!(text.ends_with("\n\n") && !text.contains("\n\n\n"));
    }

    /// The Rust tables and the committed JSON copies come from one generator run.
    #[test]
    fn tables_match_committed_json() {
        fn same<T: serde::Serialize>(json: &str, table: &[T]) {
            let file: serde_json::Value = serde_json::from_str(json).unwrap();
            assert_eq!(file, serde_json::to_value(table).unwrap());
        }
        same(
            include_str!("../../../data/enums/timezones.json"),
            timezones(),
        );
        same(
            include_str!("../../../data/enums/countries.json"),
            countries(),
        );
        same(include_str!("../../../data/enums/locales.json"), locales());
        same(
            include_str!("../../../data/enums/languages.json"),
            languages(),
        );
    }
}

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

#[test]
fn a_locale_gives_the_country_of_its_region() {
    let country = |code: &str| {
        let c = locale_country(locale_by_code(code).unwrap().id);
        countries().iter().find(|x| x.id == c).unwrap().code
    };
    assert_eq!(country("en-US"), "USA");
    assert_eq!(country("cs-CZ"), "CZE");
    assert_eq!(country("ar-DJ"), "DJI");
    // No such locale: the default locale's country.
    assert_eq!(
        countries()
            .iter()
            .find(|x| x.id == locale_country(-1))
            .unwrap()
            .code,
        "USA"
    );
}

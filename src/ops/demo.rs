//! Demo data, shared by the server's `--demo`, the CLI's `userstore demo` and the browser
//! demo (through `api::call("seedDemo")`): the organization "Demo Org" with two teams, a few
//! dozen people with names in several scripts, and a known login.
//!
//! Seeding happens only into a store without users, so it never touches real data and running
//! it again changes nothing.

use crate::model::{ADMIN, OWNER};
use crate::wire::error::Result;
use crate::{NewUser, Store, enums};
use serde::Serialize;

/// The demo login's email address.
pub const EMAIL: &str = "demo@example.com";
/// The demo login's password. It passes the password policy: 9+ characters, an uppercase
/// letter, a digit and a special character, not a common password, and without the email's
/// local part ("demo") or the user's name in it.
pub const PASSWORD: &str = "Blue-Harbor-2026!";
/// The demo login's name.
const NAME: &str = "Demo User";

/// Organization roles (SPEC section 2).
const MEMBER: i64 = 13;
const ACCOUNTANT: i64 = 14;
const APP_DEVELOPER: i64 = 15;
/// Team roles (SPEC section 2).
const TEAM_ADMIN: i64 = 1;
const TEAM_MEMBER: i64 = 2;
const TEAM_MONITORING: i64 = 3;
const TEAM_OPERATOR: i64 = 4;

/// A demo person: name, email, language, IANA time zone, locale, ISO country (alpha-2).
struct Person {
    name: &'static str,
    email: &'static str,
    language: &'static str,
    timezone: &'static str,
    locale: &'static str,
    country: &'static str,
}

const fn p(
    name: &'static str,
    email: &'static str,
    language: &'static str,
    timezone: &'static str,
    locale: &'static str,
    country: &'static str,
) -> Person {
    Person {
        name,
        email,
        language,
        timezone,
        locale,
        country,
    }
}

/// The people after the demo login, in Latin, Cyrillic, Greek, Arabic, Hebrew, Devanagari,
/// Han, Kana, Hangul and Thai scripts.
#[rustfmt::skip]
const PEOPLE: &[Person] = &[
    p("Jana Nováková", "jana.novakova@example.com", "cs", "Europe/Prague", "cs-CZ", "cz"),
    p("Tomáš Dvořák", "tomas.dvorak@example.com", "cs", "Europe/Prague", "cs-CZ", "cz"),
    p("Lukas Müller", "lukas.mueller@example.com", "de", "Europe/Berlin", "de-DE", "de"),
    p("Sophie Schröder", "sophie.schroeder@example.com", "de", "Europe/Vienna", "de-AT", "at"),
    p("María José García", "mariajose.garcia@example.com", "es", "Europe/Madrid", "es-ES", "es"),
    p("Joaquín Hernández", "joaquin.hernandez@example.com", "es", "America/Mexico_City", "es-MX", "mx"),
    p("Zofia Wiśniewska", "zofia.wisniewska@example.com", "pl", "Europe/Warsaw", "pl-PL", "pl"),
    p("Chloé Lefèvre", "chloe.lefevre@example.com", "fr", "Europe/Paris", "fr-FR", "fr"),
    p("João Pereira", "joao.pereira@example.com", "pt", "America/Sao_Paulo", "pt-BR", "br"),
    p("Giulia Romano", "giulia.romano@example.com", "it", "Europe/Rome", "it-IT", "it"),
    p("Mette Sørensen", "mette.sorensen@example.com", "da", "Europe/Copenhagen", "da-DK", "dk"),
    p("Ayşe Yılmaz", "ayse.yilmaz@example.com", "tr", "Europe/Istanbul", "tr-TR", "tr"),
    p("Nguyễn Thị Lan", "lan.nguyen@example.com", "vi", "Asia/Ho_Chi_Minh", "vi-VN", "vn"),
    p("Siobhán O'Brien", "siobhan.obrien@example.com", "en", "Europe/Dublin", "en-IE", "ie"),
    p("Emily Carter", "emily.carter@example.com", "en", "America/New_York", "en-US", "us"),
    p("Kwame Mensah", "kwame.mensah@example.com", "en", "Africa/Accra", "en-GH", "gh"),
    p("Aroha Ngata", "aroha.ngata@example.com", "en", "Pacific/Auckland", "en-NZ", "nz"),
    p("Анна Смирнова", "anna.smirnova@example.com", "ru", "Asia/Yekaterinburg", "ru-RU", "ru"),
    p("Олександр Коваленко", "oleksandr.kovalenko@example.com", "uk", "Europe/Kyiv", "uk-UA", "ua"),
    p("Γιώργος Παπαδόπουλος", "giorgos.papadopoulos@example.com", "el", "Europe/Athens", "el-GR", "gr"),
    p("فاطمة الزهراء", "fatima.alzahra@example.com", "ar", "Africa/Cairo", "ar-EG", "eg"),
    p("محمد العلي", "mohammed.alali@example.com", "ar", "Asia/Riyadh", "ar-SA", "sa"),
    p("נועה כהן", "noa.cohen@example.com", "he", "Asia/Jerusalem", "he-IL", "il"),
    p("प्रिया शर्मा", "priya.sharma@example.com", "hi", "Asia/Kolkata", "hi-IN", "in"),
    p("राहुल वर्मा", "rahul.verma@example.com", "hi", "Asia/Kolkata", "hi-IN", "in"),
    p("王芳", "wang.fang@example.com", "zh", "Asia/Shanghai", "zh-Hans-CN", "cn"),
    p("李伟", "li.wei@example.com", "zh", "Asia/Taipei", "zh-Hant-TW", "tw"),
    p("佐藤 花子", "hanako.sato@example.com", "ja", "Asia/Tokyo", "ja-JP", "jp"),
    p("鈴木 一郎", "ichiro.suzuki@example.com", "ja", "Asia/Tokyo", "ja-JP", "jp"),
    p("김민준", "minjun.kim@example.com", "ko", "Asia/Seoul", "ko-KR", "kr"),
    p("이서연", "seoyeon.lee@example.com", "ko", "Asia/Seoul", "ko-KR", "kr"),
    p("สมชาย ใจดี", "somchai.jaidee@example.com", "th", "Asia/Bangkok", "th-TH", "th"),
];

impl Person {
    fn new_user(&self) -> NewUser {
        let mut user = NewUser::new(self.name, self.email);
        user.language = Some(self.language.into());
        user.timezone_id = enums::timezone_by_code(self.timezone).map(|t| t.id);
        user.locale_id = enums::locale_by_code(self.locale).map(|l| l.id);
        user.country_id = enums::country_by_code(self.country).map(|c| c.id);
        user
    }
}

/// The roles of the `i`-th person: an organization role, then team roles in the first and
/// the second team (`None`: not in that team).
fn roles(i: usize) -> (i64, Option<i64>, Option<i64>) {
    let org = match i {
        0 | 1 => ADMIN,
        2 => ACCOUNTANT,
        3 => APP_DEVELOPER,
        _ => MEMBER,
    };
    let team_role = [TEAM_MEMBER, TEAM_OPERATOR, TEAM_MEMBER, TEAM_MONITORING];
    let first = (i % 3 != 2).then(|| team_role[i % 4]);
    let second = (!i.is_multiple_of(3)).then(|| team_role[(i + 1) % 4]);
    (org, first, second)
}

/// `{"email","password"}` of the demo login: the one password this crate prints, because it is
/// public (it is in the README).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DemoLogin {
    /// [`EMAIL`].
    pub email: &'static str,
    /// [`PASSWORD`].
    pub password: &'static str,
}

impl Store {
    /// Seeds the demo data if the store has no users yet; returns whether it did. The people
    /// and their roles are imported in one transaction.
    pub fn seed_demo(&self) -> Result<bool> {
        if self.user_count()? > 0 {
            return Ok(false);
        }
        let org = self.create_organization("Demo Org")?;
        let engineering = self.create_team(org.id, "Engineering")?;
        let support = self.create_team(org.id, "Customer Success")?;
        let mut login = NewUser::new(NAME, EMAIL).password(PASSWORD);
        login.organization_roles = vec![(org.id, OWNER)];
        login.team_roles = vec![(engineering.id, TEAM_ADMIN), (support.id, TEAM_ADMIN)];
        let people = PEOPLE.iter().enumerate().map(|(i, person)| {
            let (org_role, first, second) = roles(i);
            let mut user = person.new_user();
            user.organization_roles = vec![(org.id, org_role)];
            user.team_roles = [(engineering.id, first), (support.id, second)]
                .into_iter()
                .filter_map(|(team, role)| Some((team, role?)))
                .collect();
            user
        });
        self.import_users(std::iter::once(login).chain(people))?;
        Ok(true)
    }

    /// The demo login, when the store has it.
    pub fn demo_login(&self) -> Result<Option<DemoLogin>> {
        Ok(self.user_id_by_email(EMAIL)?.map(|_| DemoLogin {
            email: EMAIL,
            password: PASSWORD,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Actor, Config, ListUsers};

    #[test]
    fn every_person_has_real_enum_values() {
        for person in PEOPLE {
            let u = person.new_user();
            assert!(u.timezone_id.is_some(), "{}", person.timezone);
            assert!(u.locale_id.is_some(), "{}", person.locale);
            assert!(u.country_id.is_some(), "{}", person.country);
            assert!(
                enums::language(person.language).is_some(),
                "{}",
                person.language
            );
        }
    }

    #[test]
    fn seeds_once_with_a_login_that_works() {
        let store = Store::open_in_memory(Config::insecure_fast_for_tests_only()).unwrap();
        assert_eq!(store.demo_login().unwrap(), None);
        assert!(store.seed_demo().unwrap());
        assert!(!store.seed_demo().unwrap());
        assert_eq!(store.user_count().unwrap(), 1 + PEOPLE.len() as i64);
        assert_eq!(
            store.demo_login().unwrap(),
            Some(DemoLogin {
                email: EMAIL,
                password: PASSWORD
            })
        );
        store.login(EMAIL, &PASSWORD.into()).unwrap();
        let page = store
            .list_users(
                &Actor::System,
                &ListUsers::from_pairs([
                    ("organizationId".to_string(), "1".to_string()),
                    ("pg[limit]".to_string(), "100".to_string()),
                ]),
            )
            .unwrap();
        assert_eq!(page.users.len(), 1 + PEOPLE.len());
    }
}

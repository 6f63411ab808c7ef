//! The benchmark data set: stores of N users made through the import path (pre-hashed
//! passwords), 1,000 organizations, organization 1 holding up to 100,000 users in 10 teams;
//! realistic names in several scripts with accents and shared prefixes; a fixed seed.

use std::path::{Path, PathBuf};
use std::time::Instant;
use userstore::{Config, NewUser, Store, Synchronous};
use userstore::{OrganizationId, TeamId};

/// A deterministic generator (xorshift64*).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const FIRST: &[&str] = &[
    "Anna",
    "Annabel",
    "Anne",
    "José",
    "Josef",
    "Zoë",
    "Émile",
    "Łukasz",
    "Søren",
    "Björn",
    "Nguyễn",
    "Ana",
    "Иван",
    "Ивана",
    "Мария",
    "Σοφία",
    "Γιώργος",
    "李",
    "王",
    "さくら",
    "たかし",
    "Mohammed",
    "محمد",
    "Fatima",
    "Priya",
    "प्रिया",
    "Chloé",
    "Jean-Luc",
    "Mary Ann",
    "O'Neil",
];
const LAST: &[&str] = &[
    "Müller",
    "Mueller",
    "Muller",
    "García",
    "Garcia",
    "Novák",
    "Nováková",
    "Dvořák",
    "Smith",
    "Smithson",
    "Петров",
    "Петрова",
    "Παπαδόπουλος",
    "小龍",
    "明",
    "Tanaka",
    "田中",
    "Al-Sayed",
    "Kumar",
    "कुमार",
    "Öztürk",
    "Ødegaard",
    "Lefèvre",
    "van der Berg",
    "de la Cruz",
    "Hernández",
];

/// A PHC string of the OWASP parameters (argon2's defaults), hashed once and shared by every
/// imported user.
pub fn shared_phc() -> String {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let salt = SaltString::encode_b64(b"bench-fixed-salt").unwrap();
    argon2::Argon2::default()
        .hash_password(b"Bench-Pass-2026!", &salt)
        .unwrap()
        .to_string()
}

/// The store file with `n` users, generated on first use and kept in `dir`.
pub fn store_file(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join(format!("users-{n}.db"));
    if path.exists() {
        return path;
    }
    std::fs::create_dir_all(dir).unwrap();
    let tmp = dir.join(format!("users-{n}.db.partial"));
    let _ = std::fs::remove_file(&tmp);
    let started = Instant::now();
    let config = Config {
        synchronous: Synchronous::Normal,
        ..Config::default()
    };
    let store = Store::open(&tmp, config).unwrap();
    for o in 0..1000 {
        let org = store
            .create_organization(&format!("Organization {o}"))
            .unwrap();
        if o == 0 {
            for t in 0..10 {
                store.create_team(org.id, &format!("Team {t}")).unwrap();
            }
        }
    }
    let phc = shared_phc();
    let mut rng = Rng(0x5eed_0000_0000_0001);
    let big = n.min(100_000);
    let mut made = 0;
    while made < n {
        let batch: Vec<NewUser> = (made..(made + 10_000).min(n))
            .map(|i| {
                let (first, last) = (rng.pick(FIRST), rng.pick(LAST));
                let slug: String = format!("{first}.{last}")
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect::<String>()
                    .to_lowercase();
                let mut u = NewUser::new(
                    format!("{first} {last}"),
                    format!(
                        "{}{i}@example{}.com",
                        if slug.is_empty() { "user".into() } else { slug },
                        i % 7
                    ),
                );
                u.password_hash = Some(phc.clone().into());
                if i < big {
                    u.organization_roles =
                        vec![(OrganizationId(1), [11, 12, 13, 13, 13, 14, 15][i % 7])];
                    u.team_roles = vec![(TeamId(1 + (i % 10) as i64), 1 + (i % 5) as i64)];
                } else {
                    u.organization_roles =
                        vec![(OrganizationId(2 + (rng.next() % 999) as i64), 13)];
                }
                u
            })
            .collect();
        made += batch.len();
        store.import_users(batch).unwrap();
    }
    drop(store);
    std::fs::rename(&tmp, &path).unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    eprintln!(
        "generated {n} users in {:.1} s, {:.1} MB ({:.1} MB per 100k users)",
        started.elapsed().as_secs_f64(),
        size as f64 / 1e6,
        size as f64 / 1e6 / (n as f64 / 100_000.0)
    );
    path
}

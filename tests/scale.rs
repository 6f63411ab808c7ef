//! Scale (issue 2): 100,000 users through the import path with a pre-computed PHC hash, an
//! organization of 50,000, and pages of it by name that stay index-driven. Nothing here
//! asserts on time; the test only has to finish.

mod common;

use common::*;
use serde_json::json;
use userstore::{Actor, NewUser, Secret};

const USERS: usize = 100_000;
const MEMBERS: usize = 50_000;

fn name(i: usize) -> String {
    format!("User {i:06}")
}

fn email(i: usize) -> String {
    format!("user{i:06}@example.com")
}

#[test]
fn a_hundred_thousand_users_and_an_organization_of_fifty_thousand() {
    let e = env();
    // One hash for everyone, made once: the import path costs no hashing per user.
    let phc = env().stored_hash_of_new_user(PW);
    // Imported in reverse name order, so that name order and id order disagree.
    let batch = |range: std::ops::Range<usize>| {
        range.rev().map(|i| {
            let mut u = NewUser::new(name(i), email(i));
            u.password_hash = Some(Secret::new(phc.clone()));
            u
        })
    };
    let mut ids = Vec::with_capacity(USERS);
    for chunk in [0..USERS / 2, USERS / 2..USERS] {
        let mut chunk_ids = e.store.import_users(batch(chunk)).unwrap();
        chunk_ids.reverse();
        ids.extend(chunk_ids);
    }
    assert_eq!(ids.len(), USERS);
    // ids[i] is the id of "User i".
    let org = e.store.create_organization("Big").unwrap();
    let other = e.store.create_organization("Other").unwrap();
    for (i, &id) in ids.iter().enumerate() {
        if i % 2 == 0 {
            e.store.set_organization_role(org.id, id, 13).unwrap();
        } else if i % 10 == 1 {
            e.store.set_organization_role(other.id, id, 13).unwrap();
        }
    }
    let members: Vec<usize> = (0..USERS).step_by(2).collect();
    assert_eq!(members.len(), MEMBERS);
    let org_id = org.id.to_string();

    // The first and the last page by name.
    let page = |pairs: &[(&str, &str)]| {
        let mut all = vec![("organizationId", org_id.as_str()), ("cols[]", "name")];
        all.extend_from_slice(pairs);
        let q = q(&all);
        // SQLite's plan (PostgreSQL chooses its own from its statistics).
        if e.pg.is_none() {
            let plan = e.store.explain_list_users(&q).unwrap();
            // The page (`p`) is the one thing scanned: a deferred join.
            let scans_a_table = |l: &String| l.starts_with("SCAN") && l != "SCAN p";
            assert!(
                plan.iter()
                    .all(|l| !scans_a_table(l) && !l.contains("TEMP B-TREE")),
                "{plan:#?}"
            );
        }
        e.store.list_users(&Actor::System, &q).unwrap().wire()
    };
    let names = |idx: &[usize]| -> Vec<serde_json::Value> {
        idx.iter().map(|&i| json!({ "name": name(i) })).collect()
    };
    assert_eq!(
        page(&[("pg[sortBy]", "name"), ("pg[sortDir]", "asc")])["users"],
        json!(names(&members[..10]))
    );
    assert_eq!(
        page(&[
            ("pg[sortBy]", "name"),
            ("pg[sortDir]", "desc"),
            ("pg[limit]", "100")
        ])["users"],
        json!(names(
            &members.iter().rev().take(100).copied().collect::<Vec<_>>()
        ))
    );
    assert_eq!(
        page(&[
            ("pg[sortBy]", "name"),
            ("pg[sortDir]", "asc"),
            ("pg[offset]", "25000"),
            ("pg[limit]", "3")
        ])["users"],
        json!(names(&members[25_000..25_003]))
    );
    // A name filter: "user 04999" is users 49990 to 49999, of whom the even ones are members.
    assert_eq!(
        page(&[
            ("name", "user 04999"),
            ("pg[sortBy]", "name"),
            ("pg[sortDir]", "asc")
        ])["users"],
        json!(names(&[49_990, 49_992, 49_994, 49_996, 49_998]))
    );
    // Sorted by email, and the full page of 10,000.
    assert_eq!(
        page(&[
            ("pg[sortBy]", "email"),
            ("pg[sortDir]", "desc"),
            ("pg[limit]", "2")
        ])["users"],
        json!(names(&[99_998, 99_996]))
    );
    assert_eq!(
        page(&[("pg[limit]", "10000")])["users"]
            .as_array()
            .unwrap()
            .len(),
        10_000
    );
    // Everyone can log in with the imported hash.
    e.store
        .login(&email(77_777), &Secret::new(PW))
        .expect("imported hash verifies");
}

trait NewHash {
    /// The PHC string a fresh user with `password` gets.
    fn stored_hash_of_new_user(&self, password: &str) -> String;
}

impl NewHash for Env {
    fn stored_hash_of_new_user(&self, password: &str) -> String {
        let id = self.user("Hash Source", "hash-source@example.com", Some(password));
        self.stored_hash(id).unwrap()
    }
}

//! Model-based property tests: random data and queries checked against plain in-memory models.

use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::HashMap;
use userstore::UserId;
use userstore::{
    Actor, ChangePassword, Config, ListUsers, ManualClock, NewUser, ResetPassword, Secret, Store,
    UserPatch,
};

/// `PROPTEST_CASES` when set (the long form), else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// A user of the listing model.
#[derive(Debug, Clone)]
struct ModelUser {
    id: i64,
    name: String,
    email: String,
    role: i64,
    /// Every column as the store reported it at creation (for the columns the model does not
    /// compute itself).
    full: Value,
}

fn name_strategy() -> impl Strategy<Value = String> {
    // Few distinct names (so sorts have ties), mixed case and scripts.
    prop::sample::select(vec![
        "Ada",
        "ada",
        "Émile",
        "Zoë",
        "Bob",
        "bob",
        "Иван",
        "李",
        "Ada Lovelace",
        "Bob-2",
    ])
    .prop_map(str::to_owned)
}

#[derive(Debug, Clone)]
struct Query {
    name: Option<String>,
    email: Option<String>,
    role: Option<i64>,
    sort: Option<&'static str>,
    dir: Option<&'static str>,
    offset: Option<i64>,
    limit: Option<i64>,
    cols: Vec<&'static str>,
}

fn query_strategy() -> impl Strategy<Value = Query> {
    (
        prop::option::of(
            prop::sample::select(vec!["a", "A", "ob", "ë", "и", "lace", "x"])
                .prop_map(str::to_owned),
        ),
        prop::option::of(
            prop::sample::select(vec!["@", "1", "U2", "example", "zz"]).prop_map(str::to_owned),
        ),
        prop::option::of(11i64..=15),
        prop::option::of(prop::sample::select(vec!["id", "name", "email"])),
        prop::option::of(prop::sample::select(vec!["asc", "desc"])),
        prop::option::of(0i64..30),
        prop::option::of(1i64..25),
        prop::sample::subsequence(
            vec![
                "id",
                "name",
                "email",
                "language",
                "hasPassword",
                "userOrganizationRoles",
            ],
            0..4,
        ),
    )
        .prop_map(
            |(name, email, role, sort, dir, offset, limit, cols)| Query {
                name,
                email,
                role,
                sort,
                dir,
                offset,
                limit,
                cols,
            },
        )
}

fn model_page(users: &[ModelUser], q: &Query, org: i64) -> Value {
    let mut rows: Vec<&ModelUser> = users
        .iter()
        .filter(|u| {
            q.name
                .as_ref()
                .is_none_or(|n| u.name.to_lowercase().contains(&n.to_lowercase()))
        })
        .filter(|u| {
            q.email
                .as_ref()
                .is_none_or(|e| u.email.to_lowercase().contains(&e.to_lowercase()))
        })
        .filter(|u| q.role.is_none_or(|r| u.role == r))
        .collect();
    let key = |u: &ModelUser| match q.sort.unwrap_or("id") {
        "name" => (u.name.to_lowercase(), u.id),
        "email" => (u.email.to_lowercase(), u.id),
        _ => (String::new(), u.id),
    };
    rows.sort_by_key(|u| key(u));
    if q.dir.unwrap_or("desc") == "desc" {
        rows.reverse();
    }
    let (offset, limit) = (q.offset.unwrap_or(0), q.limit.unwrap_or(10));
    let cols: Vec<&str> = if q.cols.is_empty() {
        vec![
            "id",
            "name",
            "email",
            "language",
            "timezoneId",
            "localeId",
            "countryId",
            "features",
            "avatar",
        ]
    } else {
        q.cols.clone()
    };
    let page: Vec<Value> = rows
        .into_iter()
        .skip(offset as usize)
        .take(limit as usize)
        .map(|u| {
            let mut m = serde_json::Map::new();
            for c in &cols {
                let v = match *c {
                    "id" => json!(u.id),
                    "name" => json!(u.name),
                    "email" => json!(u.email),
                    "hasPassword" => json!(false),
                    "userOrganizationRoles" => {
                        json!([{ "userId": u.id, "organizationId": org, "usersRoleId": u.role,
                                 "invitation": null }])
                    }
                    other => u.full[other].clone(),
                };
                m.insert((*c).to_owned(), v);
            }
            Value::Object(m)
        })
        .collect();
    json!({ "users": page, "pg": {
        "sortBy": q.sort.unwrap_or("id"), "sortDir": q.dir.unwrap_or("desc"), "offset": offset, "limit": limit } })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(48)))]

    #[test]
    fn listing_matches_the_model(
        people in prop::collection::vec((name_strategy(), 11i64..=15, any::<bool>()), 0..40),
        queries in prop::collection::vec(query_strategy(), 1..8),
    ) {
        let store = Store::open_in_memory(Config::insecure_fast_for_tests_only()).unwrap();
        let org = store.create_organization("Model Org").unwrap().id;
        let other = store.create_organization("Other Org").unwrap().id;
        let mut users = Vec::new();
        for (i, (name, role, upper)) in people.iter().enumerate() {
            let email = if *upper { format!("U{i}@Example.com") } else { format!("u{i}@example.com") };
            let id = store.import_users([NewUser::new(name.clone(), email.clone())]).unwrap()[0];
            if i % 7 == 3 {
                store.set_organization_role(other, id, 13).unwrap(); // not in the listed org
                continue;
            }
            store.set_organization_role(org, id, *role).unwrap();
            let full = store.user(&Actor::System, id).unwrap().to_value()["user"].clone();
            users.push(ModelUser { id: id.0, name: name.clone(), email, role: *role, full });
        }
        for q in &queries {
            let mut pairs = vec![("organizationId".to_owned(), org.to_string())];
            let mut push = |k: &str, v: Option<String>| if let Some(v) = v { pairs.push((k.to_owned(), v)) };
            push("name", q.name.clone());
            push("email", q.email.clone());
            push("organizationRoleId", q.role.map(|r| r.to_string()));
            push("pg[sortBy]", q.sort.map(str::to_owned));
            push("pg[sortDir]", q.dir.map(str::to_owned));
            push("pg[offset]", q.offset.map(|o| o.to_string()));
            push("pg[limit]", q.limit.map(|l| l.to_string()));
            for c in &q.cols {
                pairs.push(("cols[]".to_owned(), (*c).to_owned()));
            }
            let actual = serde_json::to_value(store.list_users(&Actor::System, &ListUsers::from_pairs(pairs)).unwrap()).unwrap();
            prop_assert_eq!(actual, model_page(&users, q, org.0), "query {:?}", q);
        }
    }
}

/// A step of the credentials model.
#[derive(Debug, Clone)]
enum Step {
    Rename(usize, u8),
    ChangePassword {
        user: usize,
        right_current: bool,
        new: u8,
    },
    Reset {
        user: usize,
        new: u8,
        finish: bool,
    },
    Advance(i64),
}

fn step_strategy() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0usize..3, any::<u8>()).prop_map(|(u, n)| Step::Rename(u, n)),
        (0usize..3, any::<bool>(), any::<u8>()).prop_map(|(user, right_current, new)| {
            Step::ChangePassword {
                user,
                right_current,
                new,
            }
        }),
        (0usize..3, any::<u8>(), any::<bool>()).prop_map(|(user, new, finish)| Step::Reset {
            user,
            new,
            finish
        }),
        (0i64..2000).prop_map(Step::Advance),
    ]
}

fn pw(n: u8) -> String {
    format!("Model-Pass-{n}!")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(32)))]

    #[test]
    fn who_can_log_in_with_what_matches_the_model(steps in prop::collection::vec(step_strategy(), 1..25)) {
        let clock = ManualClock::new(1_767_225_600_000);
        let store = Store::open_in_memory(Config::insecure_fast_for_tests_only().with_clock(std::sync::Arc::new(clock.clone()))).unwrap();
        let mut model: Vec<(i64, String, String)> = Vec::new(); // (id, email, password)
        for i in 0..3 {
            let email = format!("m{i}@example.com");
            let id = store.import_users([NewUser::new(format!("Member {i}"), &email).password(pw(200 + i as u8))]).unwrap()[0];
            model.push((id.0, email, pw(200 + i as u8)));
        }
        let mut failures: HashMap<usize, i64> = HashMap::new();
        for step in &steps {
            match step {
                Step::Rename(u, n) => {
                    let patch = UserPatch { name: Some(format!("Renamed {}", (b'a' + n % 26) as char)), ..Default::default() };
                    store.update_user(&Actor::System, UserId(model[*u].0), &patch).unwrap();
                }
                Step::ChangePassword { user, right_current, new } => {
                    let (id, _, current) = model[*user].clone();
                    let given = if *right_current { current.clone() } else { "Wrong-Pass-0!".to_owned() };
                    let req = ChangePassword { current_password: given.into(), new_password1: pw(*new).into(), new_password2: pw(*new).into() };
                    let out = store.change_password(&Actor::System, UserId(id), &req);
                    let locked = *failures.get(user).unwrap_or(&0) >= 5;
                    match (right_current, locked, pw(*new) == current) {
                        (_, true, _) => prop_assert_eq!(out.unwrap_err().code(), userstore::Code::IM011),
                        (false, false, _) => {
                            *failures.entry(*user).or_default() += 1;
                            let code = out.unwrap_err().code();
                            let expect = if failures[user] >= 5 { userstore::Code::IM011 } else { userstore::Code::IM102 };
                            prop_assert_eq!(code, expect);
                        }
                        (true, false, true) => prop_assert_eq!(out.unwrap_err().code(), userstore::Code::SC400),
                        (true, false, false) => {
                            prop_assert_eq!(serde_json::to_value(out.unwrap()).unwrap(), json!({"changed": true}));
                            model[*user].2 = pw(*new);
                            failures.remove(user);
                        }
                    }
                }
                Step::Reset { user, new, finish } => {
                    let (id, email, current) = model[*user].clone();
                    store.demand_password_reset(&email).unwrap();
                    let mails = store.outbox(Default::default()).unwrap();
                    for m in &mails {
                        store.acknowledge_mail(m.id).unwrap();
                    }
                    let Some(mail) = mails.iter().rev().find(|m| m.kind == "password_reset" && m.to == email) else {
                        continue; // rate limited: no mail, nothing changes
                    };
                    let body = mail.body.clone().unwrap();
                    let hash = &body[body.find("hash=").unwrap() + 5..][..32];
                    let session = store.open_reset_session(hash).unwrap();
                    if *finish {
                        let out = store.reset_password(session.expose(), &ResetPassword { new_password1: pw(*new).into(), new_password2: pw(*new).into() });
                        if pw(*new) == current {
                            prop_assert_eq!(out.unwrap_err().code(), userstore::Code::SC400);
                        } else {
                            prop_assert_eq!(serde_json::to_value(out.unwrap()).unwrap(), json!({"ok": 1}));
                            model[*user].2 = pw(*new);
                            failures.remove(user); // a reset clears lockouts
                        }
                    }
                    let _ = id;
                }
                Step::Advance(secs) => {
                    clock.advance_secs(*secs);
                    if *secs >= 900 {
                        failures.clear(); // the window and any lockout have passed
                    }
                }
            }
        }
        for (i, (_, email, password)) in model.iter().enumerate() {
            let locked = *failures.get(&i).unwrap_or(&0) >= 5;
            let ok = store.login(email, &Secret::new(password.clone()));
            prop_assert!(ok.is_ok(), "user {} cannot log in with its password (locked for changes: {})", i, locked);
            for other in model.iter().filter(|o| &o.2 != password) {
                prop_assert!(store.login(email, &Secret::new(other.2.clone())).is_err());
            }
        }
    }
}

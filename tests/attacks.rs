//! The attacks that worked against the store (issue 17), tried again as an attacker would: one
//! test per attack, named after the rule of SPEC §4 that now stops it. Each failed before its
//! fix.

mod common_http;

use common_http::*;
use serde_json::{Value, json};
use std::sync::{Arc, Barrier};
use userstore::UserId;
use userstore::api::{self, Caller};
use userstore::http::{Request, Response};
use userstore::{Config, RateLimit};

/// `POST /api/v2/sessions` with `email` and `password`.
fn login_req(email: &str, password: &str) -> Request {
    req("POST", "/api/v2/sessions").json(&json!({"email": email, "password": password}))
}

/// The same request from the client at `peer`.
fn from(peer: &str, mut r: Request) -> Request {
    r.client = Some(peer.to_owned());
    r
}

/// (status, headers, body) of a response, for comparing two of them whole.
fn whole(res: &Response) -> (u16, Vec<(String, String)>, String) {
    (res.status, res.headers.clone(), text(res))
}

/// Resets Jane's password through the three HTTP steps.
fn reset_over_http(api: &Api, email: &str, new_password: &str) {
    let session = api.reset_session(&api.reset_hash(email));
    let res = api.send(
        req("POST", "/api/v2/users/password-reset")
            .header("cookie", &format!("userstore_reset={session}"))
            .json(&json!({"newPassword1": new_password, "newPassword2": new_password})),
    );
    expect_with(&res, 200, &[("set-cookie", "<any>")], json!({"ok": 1}));
}

/// The newest mail of `kind`'s body.
fn last_body(api: &Api, kind: &str) -> String {
    let mail = api.mails().into_iter().rev().find(|m| m.kind == kind);
    mail.and_then(|m| m.body).expect("a mail of that kind")
}

// ---- 1. A stolen API token outlives the reset that should evict the thief ----------------

#[test]
fn a_reset_revokes_every_api_token_of_the_user() {
    let t = two();
    let (_, stolen) = t.api.api_token(&t.jane, &["organization:read"]);
    let (_, second) = t.api.api_token(&t.jane, &["user:write"]);
    let me = |token: &str| t.api.send(get("/api/v2/users/me?cols[]=id").token(token));
    expect(&me(&stolen), 200, json!({"authUser": {"id": 1}}));
    reset_over_http(&t.api, "jane@example.com", PW2);
    for token in [&stolen, &second] {
        expect(&me(token), 401, unauthorized());
    }
    assert!(
        last_body(&t.api, "password_reset_done")
            .contains("every session was signed out. All 2 of its API tokens were revoked.")
    );
}

#[test]
fn a_password_change_revokes_the_api_tokens_unless_configured_to_keep_them() {
    let change = |t: &Two, token: &str| {
        t.api.send(
            req("PUT", "/api/v2/users/1/attributes/password")
                .token(token)
                .json(&json!({"currentPassword": PW, "newPassword1": PW2, "newPassword2": PW2})),
        )
    };
    let me = |t: &Two, token: &str| t.api.send(get("/api/v2/users/me?cols[]=id").token(token));

    let t = two();
    let (_, token) = t
        .api
        .api_token(&t.jane, &["organization:read", "user:write"]);
    expect(&change(&t, &token), 200, json!({"changed": true}));
    expect(&me(&t, &token), 401, unauthorized());
    assert!(last_body(&t.api, "password_changed").contains("Its 1 API token was revoked."));

    let t = two_with(|c| Config {
        keep_api_tokens_on_password_change: true,
        ..c
    });
    let (_, token) = t
        .api
        .api_token(&t.jane, &["organization:read", "user:write"]);
    expect(&change(&t, &token), 200, json!({"changed": true}));
    expect(&me(&t, &token), 200, json!({"authUser": {"id": 1}}));
    assert!(last_body(&t.api, "password_changed").contains("Your API tokens were kept."));
    // The setting never reaches a reset.
    reset_over_http(&t.api, "jane@example.com", PW);
    expect(&me(&t, &token), 401, unauthorized());
}

// ---- 2. Listings leak memberships in other organizations ---------------------------------

#[test]
fn listings_show_only_the_roles_of_the_listed_organization_and_its_teams() {
    let api = api();
    let (a, b) = (api.org("A"), api.org("B"));
    let (team_a, team_b) = (api.team(a, "A team"), api.team(b, "B team"));
    let jane = api.user("Jane Doe", "jane@example.com");
    let joe = api.user("Joe Bloggs", "joe@example.com");
    api.org_role(a, jane, 13);
    api.org_role(a, joe, 11);
    api.team_role(team_a, joe, 1);
    // Joe's other life, which Jane must not learn of.
    api.org_role(b, joe, 12);
    api.team_role(team_b, joe, 2);
    let session = api.login("jane@example.com", PW);
    let cols = "cols[]=id&cols[]=userOrganizationRoles&cols[]=userTeamRoles";
    let joe_in_a = json!({"id": joe,
        "userOrganizationRoles": [
            {"userId": joe, "organizationId": a, "usersRoleId": 11, "invitation": null}
        ],
        "userTeamRoles": [{"userId": joe, "teamId": team_a, "usersRoleId": 1,
                           "changeable": false, "ssoPending": false}]});
    let jane_in_a = json!({"id": jane,
        "userOrganizationRoles": [
            {"userId": jane, "organizationId": a, "usersRoleId": 13, "invitation": null}
        ],
        "userTeamRoles": []});
    api.expect_get(
        &session,
        &format!("/api/v2/users?organizationId={a}&{cols}"),
        200,
        json!({"users": [joe_in_a, jane_in_a], "pg": pg("id", "desc", 0, 10)}),
    );
    // A team listing shows the roles of the team's organization too, and only those.
    api.team_role(team_a, jane, 2);
    let joe_session = api.login("joe@example.com", PW);
    let res = api.send(get(&format!("/api/v2/users?teamId={team_a}&{cols}")).bearer(&joe_session));
    assert_eq!(res.status, 200, "{}", text(&res));
    let listed = res.json_body();
    for user in listed["users"].as_array().unwrap() {
        for role in user["userOrganizationRoles"].as_array().unwrap() {
            assert_eq!(role["organizationId"], a.0, "{listed}");
        }
        for role in user["userTeamRoles"].as_array().unwrap() {
            assert_eq!(role["teamId"], team_a.0, "{listed}");
        }
    }
    // One's own account still shows every role.
    api.expect_get(
        &joe_session,
        "/api/v2/users/me?cols[]=userOrganizationRoles&cols[]=userTeamRoles",
        200,
        json!({"authUser": {
            "userOrganizationRoles": [
                {"userId": joe, "organizationId": a, "usersRoleId": 11, "invitation": null},
                {"userId": joe, "organizationId": b, "usersRoleId": 12, "invitation": null}],
            // Joe owns A and administers B: he may change his own team roles in both.
            "userTeamRoles": [
                {"userId": joe, "teamId": team_a, "usersRoleId": 1, "changeable": true,
                 "ssoPending": false},
                {"userId": joe, "teamId": team_b, "usersRoleId": 2, "changeable": true,
                 "ssoPending": false}]}}),
    );
}

// ---- 3. Failed logins tell which addresses have accounts ---------------------------------

#[test]
fn failed_logins_answer_the_same_for_unknown_and_known_addresses_lockout_included() {
    let api = api();
    api.user("Jane Doe", "jane@example.com");
    let answers = |email: &str| -> Vec<_> {
        (0..12)
            .map(|_| whole(&api.send(login_req(email, "Wrong-Guess-99!"))))
            .collect()
    };
    let known = answers("jane@example.com");
    let unknown = answers("nobody@example.com");
    assert_eq!(known, unknown);
    // Nine IM102, then the address is locked, known or not.
    assert!(known[..9].iter().all(|(status, _, _)| *status == 400));
    assert!(known[9..].iter().all(|(status, headers, _)| {
        *status == 429 && headers.contains(&("retry-after".into(), "900".into()))
    }));
    // Counted per normalized address: another spelling is the same address, and the right
    // password does not get through the lock.
    let res = api.send(login_req(" JANE@Example.com ", PW));
    expect_with(&res, 429, &[("retry-after", "900")], too_many(900));
    api.advance(15 * 60);
    api.login("jane@example.com", PW);
}

// ---- 4. One client can flood argon2 -------------------------------------------------------

#[test]
fn the_credential_routes_are_throttled_per_client_before_any_hashing() {
    let api = api_with(|c| Config {
        rate_limit: RateLimit {
            burst: 3,
            per_minute: 6,
        },
        trusted_proxies: vec!["10.0.0.0/8".into()],
        ..c
    });
    api.user("Jane Doe", "jane@example.com");
    let flood = "198.51.100.7";
    for _ in 0..3 {
        let res = api.send(from(
            flood,
            login_req("jane@example.com", "Wrong-Guess-99!"),
        ));
        assert_eq!(res.status, 400);
    }
    let audited = api.store.audit_log(None, 0, 100).unwrap().len();
    let routes = [
        login_req("jane@example.com", PW),
        req("POST", "/api/v2/users/password-reset-demand").json(&json!({"email": "x@example.com"})),
        get("/api/v2/users/password-reset?hash=0123456789abcdef0123456789abcdef"),
        req("POST", "/api/v2/users/password-reset").json(&json!({})),
        req("PUT", "/api/v2/users/1/attributes/password").json(&json!({})),
        req("PUT", "/api/v2/users/1/attributes/email").json(&json!({})),
    ];
    for route in routes {
        let res = api.send(from(flood, route));
        expect_with(
            &res,
            429,
            &[("retry-after", "10")],
            error(
                "SC429",
                "Too Many Requests",
                "Too many requests from this client. Try again in 10 seconds.",
            ),
        );
    }
    // Refused before any work: nothing was verified, counted or audited.
    assert_eq!(api.store.audit_log(None, 0, 100).unwrap().len(), audited);
    // Other routes, and other clients, are not throttled.
    api.expect_get(
        &api.login("jane@example.com", PW),
        "/api/v2/users/me?cols[]=id",
        200,
        json!({"authUser": {"id": 1}}),
    );
    assert_eq!(
        api.send(from(flood, get("/api/v2/users/roles"))).status,
        200
    );
    // Behind a trusted proxy the client is the first untrusted X-Forwarded-For hop, so the
    // flooding client is still itself, and cannot pose as another by writing the header.
    let proxied = |hops: &str| {
        let r = login_req("jane@example.com", PW).header("x-forwarded-for", hops);
        api.send(from("10.0.0.2", r)).status
    };
    assert_eq!(proxied(flood), 429);
    assert_eq!(proxied(&format!("203.0.113.5, {flood}")), 429);
    assert_eq!(proxied("203.0.113.5"), 200);
    // Ten seconds earn one request back.
    api.advance(10);
    assert_eq!(
        api.send(from(flood, login_req("jane@example.com", PW)))
            .status,
        200
    );
}

#[test]
fn the_hashing_stage_is_bounded_and_answers_503_with_retry_after_beyond_it() {
    // Real argon2 cost, one computation at a time and no waiting room: of logins sent at once,
    // those that find the stage busy get 503 at once instead of queueing behind it.
    let api = Arc::new(api_with(|c| Config {
        insecure_fast_hashing_for_tests_only: false,
        hashing_concurrency: 1,
        hashing_queue: 0,
        ..c
    }));
    api.store
        .import_users([userstore::NewUser::new("Jane Doe", "jane@example.com").password(PW)])
        .unwrap();
    let start = Arc::new(Barrier::new(8));
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let (api, start) = (api.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                let res = api.send(login_req("jane@example.com", "Wrong-Guess-99!"));
                (
                    res.status,
                    res.header("retry-after").map(str::to_owned),
                    res.json_body(),
                )
            })
        })
        .collect();
    let answers: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let busy: Vec<_> = answers
        .iter()
        .filter(|(status, _, _)| *status == 503)
        .collect();
    assert!(
        !busy.is_empty(),
        "eight logins at once all waited: {answers:?}"
    );
    for (_, retry_after, body) in &busy {
        assert_eq!(retry_after.as_deref(), Some("1"));
        assert_eq!(
            body,
            &error(
                "SC503",
                "Service Unavailable",
                "The server is busy. Try again in 1 second."
            )
        );
    }
    assert!(
        answers
            .iter()
            .all(|(status, _, _)| [400, 503].contains(status))
    );
}

/// (That no work is done on it is shown by the unit tests `an_over_long_password_costs_no_work`
/// in `src/security/hashing.rs` and `text_over_the_byte_cap_is_refused_before_any_check` in
/// `src/security/policy.rs`.)
#[test]
fn an_oversized_password_is_refused_before_normalization_or_hashing() {
    let t = two();
    let huge = format!("A1!{}", "x".repeat(64 * 1024));
    t.api.expect_login_refused("jane@example.com", &huge);
    let res = t.api.send(
        req("PUT", "/api/v2/users/1/attributes/password")
            .bearer(&t.jane)
            .json(&json!({"currentPassword": PW, "newPassword1": huge, "newPassword2": huge})),
    );
    expect(
        &res,
        400,
        validation(&["The password must be at most 256 characters long."]),
    );
}

// ---- 5. Check-then-act on lockouts --------------------------------------------------------

/// Runs `attempt` on 20 threads released at once; returns the error codes in any order.
fn race(attempt: impl Fn() -> Response + Send + Sync + 'static) -> Vec<String> {
    let attempt = Arc::new(attempt);
    let start = Arc::new(Barrier::new(20));
    let threads: Vec<_> = (0..20)
        .map(|_| {
            let (attempt, start) = (attempt.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                attempt().json_body()["code"]
                    .as_str()
                    .unwrap_or("ok")
                    .to_owned()
            })
        })
        .collect();
    let mut codes: Vec<String> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    codes.sort();
    codes
}

fn count(codes: &[String], code: &str) -> usize {
    codes.iter().filter(|c| *c == code).count()
}

#[test]
fn twenty_parallel_wrong_logins_lock_at_exactly_the_threshold() {
    // Room for all twenty in the hashing stage, so that none is turned away busy.
    let api = Arc::new(api_with(|c| Config {
        hashing_queue: 64,
        ..c
    }));
    api.user("Jane Doe", "jane@example.com");
    let a = api.clone();
    let codes = race(move || a.send(login_req("jane@example.com", "Wrong-Guess-99!")));
    // The tenth failure locks; every later one meets the lock instead of starting a new count.
    assert_eq!(
        (count(&codes, "IM102"), count(&codes, "IM011")),
        (9, 11),
        "{codes:?}"
    );
    let res = api.send(login_req("jane@example.com", PW));
    assert_eq!(res.json_body()["code"], "IM011");
}

#[test]
fn twenty_parallel_wrong_current_passwords_lock_at_exactly_the_threshold() {
    let t = two_with(|c| Config {
        hashing_queue: 64,
        ..c
    });
    let (api, session) = (Arc::new(t.api), t.jane);
    let a = api.clone();
    let codes = race(move || {
        a.send(
            req("PUT", "/api/v2/users/1/attributes/password")
                .bearer(&session)
                .json(&json!({"currentPassword": "Wrong-Guess-99!", "newPassword1": PW2, "newPassword2": PW2})),
        )
    });
    assert_eq!(
        (count(&codes, "IM102"), count(&codes, "IM011")),
        (4, 16),
        "{codes:?}"
    );
}

// ---- 6. Full privileges by omission -------------------------------------------------------

#[test]
fn a_missing_authorization_is_anonymous_never_the_system() {
    let t = two();
    let anonymous = Caller::from_authorization(None);
    assert_eq!(anonymous, Caller::Anonymous);
    for (op, args) in [
        ("outbox", json!({})),
        (
            "createUser",
            json!({"name": "Eve", "email": "eve@example.com"}),
        ),
        ("listUsers", json!({"organizationId": 1})),
        ("me", json!({})),
        ("updateUser", json!({"userId": 1, "name": "Eve"})),
        ("getUser", json!({"userId": 1})),
    ] {
        let e = api::call(&t.api.store, anonymous, op, args).unwrap_err();
        assert_eq!(e.to_value(), unauthorized(), "{op}");
    }
    // What needs no caller still works anonymously; the host names itself.
    let roles = api::call(&t.api.store, anonymous, "roles", Value::Null).unwrap();
    assert_eq!(roles["usersRoles"].as_array().unwrap().len(), 10);
    let user = api::call(
        &t.api.store,
        Caller::System,
        "getUser",
        json!({"userId": 1}),
    )
    .unwrap();
    assert_eq!(user["user"]["email"], "jane@example.com");
}

// ---- 8. Smaller holes ---------------------------------------------------------------------

#[test]
fn an_account_the_caller_cannot_see_answers_like_one_that_does_not_exist() {
    let t = two();
    let patch = |id: &str| {
        t.api.send(
            req("PATCH", &format!("/api/v2/users/{id}"))
                .bearer(&t.jane)
                .json(&json!({"name": "X"})),
        )
    };
    // Joe (2) shares no organization with Jane: the same 404 as an id nobody has.
    expect(&patch("2"), 404, not_found("User 2 not found."));
    expect(&patch("99"), 404, not_found("User 99 not found."));
    share_an_organization(&t.api.store, &[UserId(1), UserId(2)]);
    expect(
        &patch("2"),
        403,
        forbidden("You may change only your own account."),
    );
}

#[test]
fn email_changes_to_addresses_of_ones_choosing_are_limited_per_hour() {
    let t = two_with(|c| Config {
        confirm_email_change: true,
        ..c
    });
    let change_as = |session: &str, to: &str| {
        t.api.send(
            req("PUT", "/api/v2/users/1/attributes/email")
                .bearer(session)
                .json(&json!({"currentEmailAddress": "jane@example.com", "newEmailAddress": to, "currentPassword": PW})),
        )
    };
    let change = |to: &str| change_as(&t.jane, to);
    for i in 0..5 {
        let res = change(&format!("target{i}@example.org"));
        expect(&res, 200, json!({"changed": false, "emailSent": true}));
    }
    t.api.advance(60);
    let res = change("target5@example.org");
    expect_with(
        &res,
        429,
        &[("retry-after", "3540")],
        error(
            "SC429",
            "Too Many Requests",
            "Too many requests from this client. Try again in 3540 seconds.",
        ),
    );
    let mailed = t
        .api
        .mails()
        .iter()
        .filter(|m| m.kind == "email_confirmation")
        .count();
    assert_eq!(mailed, 5);
    t.api.advance(3540);
    let session = t.api.login("jane@example.com", PW);
    let res = change_as(&session, "target5@example.org");
    expect(&res, 200, json!({"changed": false, "emailSent": true}));
}

#[test]
fn the_audit_log_keeps_events_for_the_retention_and_no_longer() {
    let api = api_with(|c| Config {
        audit_retention_days: 2,
        ..c
    });
    api.user("Jane Doe", "jane@example.com");
    for _ in 0..3 {
        api.login("jane@example.com", PW);
    }
    assert_eq!(api.store.audit_log(None, 0, 100).unwrap().len(), 3);
    api.advance(2 * 24 * 3600 + 1);
    // Each new event takes older ones past the retention with it.
    api.login("jane@example.com", PW);
    let events = api.store.audit_log(None, 0, 100).unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].event, "login_succeeded");
}

#[test]
fn configuration_refuses_what_would_weaken_these_rules() {
    let problems = |json: &str| -> Vec<String> {
        let e = Config::from_json(json).unwrap_err();
        e.suberrors().iter().map(|s| s.message.clone()).collect()
    };
    assert_eq!(
        problems(
            r#"{"rateLimit":{"burst":0},"trustedProxies":["*"],"hashingConcurrency":0,"auditRetentionDays":0}"#
        ),
        [
            "rateLimit.burst and rateLimit.perMinute must be at least 1.",
            "trustedProxies: '*' is not an IP address or network.",
            "hashingConcurrency must be at least 1.",
            "auditRetentionDays must be at least 1.",
        ]
    );
    let c = Config::from_json(
        r#"{"rateLimit":{"burst":50,"perMinute":120},"trustedProxies":["10.0.0.0/8","::1"],
            "hashingConcurrency":4,"hashingQueue":16,"auditRetentionDays":30,
            "keepApiTokensOnPasswordChange":true}"#,
    )
    .unwrap();
    assert_eq!(
        (
            c.rate_limit,
            c.trusted_proxies.len(),
            c.hashing_concurrency,
            c.hashing_queue
        ),
        (
            RateLimit {
                burst: 50,
                per_minute: 120
            },
            2,
            4,
            16
        )
    );
    assert_eq!(
        (c.audit_retention_days, c.keep_api_tokens_on_password_change),
        (30, true)
    );
}

/// A host with an event loop (the server) throttles there with `http::admit`, and routes the
/// admitted request on a worker with its client cleared: each request costs one token, and a
/// refused one never reaches the router.
#[test]
fn a_host_may_throttle_on_its_event_loop_and_route_on_a_worker() {
    let api = api_with(|c| Config {
        rate_limit: RateLimit {
            burst: 2,
            per_minute: 1,
        },
        ..c
    });
    api.user("Jane Doe", "jane@example.com");
    let flood = "198.51.100.7";
    for _ in 0..2 {
        let mut r = from(flood, login_req("jane@example.com", "Wrong-Guess-99!"));
        assert!(userstore::http::admit(&api.store, &r).is_ok());
        r.client = None;
        assert_eq!(api.send(r).status, 400);
    }
    let r = from(flood, login_req("jane@example.com", PW));
    let refused = userstore::http::admit(&api.store, &r).unwrap_err();
    assert_eq!(refused.status, 429);
    assert_eq!(refused.header("retry-after"), Some("60"));
    // What is not a credential route (or not a route, or not its method) is never refused.
    for r in [
        get("/api/v2/users/roles"),
        get("/api/v2/nope"),
        get("/api/v2/sessions"),
    ] {
        assert!(userstore::http::admit(&api.store, &from(flood, r)).is_ok());
    }
}

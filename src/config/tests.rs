use super::*;

#[test]
fn json_config_defaults_and_overrides() {
    let c = Config::from_json(r#"{"passwordPolicy":{"minLength":12},"confirmEmailChange":true}"#)
        .unwrap();
    assert_eq!(c.password_policy.min_length, 12);
    assert!(c.password_policy.composition);
    assert!(c.confirm_email_change);
    assert_eq!(c.effective_hash_params(), HashParams::OWASP);
}

#[test]
fn weaker_settings_are_refused() {
    let e = Config::from_json(r#"{"hashing":{"memoryKib":4096,"iterations":2,"parallelism":1}}"#)
        .unwrap_err();
    assert_eq!(e.code(), crate::Code::SC400);
    let e = Config::from_json(r#"{"passwordPolicy":{"minLength":6}}"#).unwrap_err();
    assert_eq!(
        e.suberrors()[0].message,
        "passwordPolicy.minLength must be between 9 and 256."
    );
    assert!(Config::from_json(r#"{"nope":1}"#).is_err());
}

fn problems(json: &str) -> Vec<String> {
    let e = Config::from_json(json).unwrap_err();
    e.suberrors().iter().map(|s| s.message.clone()).collect()
}

#[test]
fn every_key_is_read_with_its_type() {
    let c = Config::from_json(
        r#"{"hashing":{"memoryKib":65536,"iterations":3,"parallelism":2},
            "insecureFastHashingForTestsOnly":true,
            "passwordPolicy":{"minLength":12,"composition":false},"synchronous":"normal",
            "busyTimeoutMs":250,"baseUrl":"https://a.example","resetLinkTemplate":"{baseUrl}/r/{hash}",
            "emailConfirmLinkTemplate":"{baseUrl}/c/{token}","maxDatabaseBytes":1048576,
            "maxBodyBytes":4096,"confirmEmailChange":true,"manualClockMs":5}"#,
    )
    .unwrap();
    assert_eq!(
        c.hashing,
        HashParams {
            memory_kib: 65536,
            iterations: 3,
            parallelism: 2
        }
    );
    assert!(c.insecure_fast_hashing_for_tests_only);
    assert_eq!(
        c.password_policy,
        PolicyConfig {
            min_length: 12,
            composition: false
        }
    );
    assert_eq!(c.synchronous, Synchronous::Normal);
    assert_eq!(c.busy_timeout_ms, 250);
    assert_eq!(
        [
            &c.base_url,
            &c.reset_link_template,
            &c.email_confirm_link_template
        ],
        [
            "https://a.example",
            "{baseUrl}/r/{hash}",
            "{baseUrl}/c/{token}"
        ]
    );
    assert_eq!(c.max_database_bytes, Some(1_048_576));
    assert_eq!(c.max_body_bytes, 4096);
    assert!(c.confirm_email_change);
    assert_eq!(c.manual_clock_ms, Some(5));
}

#[test]
fn every_problem_is_one_suberror_naming_its_key() {
    assert_eq!(
        problems(
            r#"{"hashing":{"memoryKib":1.5,"iterations":2},"synchronous":"off",
                "busyTimeoutMs":4294967296,"baseUrl":null,"confirmEmailChange":"yes",
                "passwordPolicy":[],"nope":1}"#
        ),
        [
            "'hashing.memoryKib' must be a non-negative integer.",
            "'hashing.parallelism' is required.",
            "'passwordPolicy' must be an object.",
            "'synchronous' must be \"normal\", \"full\" or \"extra\".",
            "'busyTimeoutMs' is too large.",
            "'baseUrl' must not be null.",
            "'confirmEmailChange' must be true or false.",
            "Unknown field 'nope'.",
        ]
    );
    let e = Config::from_json("[1]").unwrap_err();
    assert_eq!(e.detail(), "The configuration must be a JSON object.");
    let e = Config::from_json("{").unwrap_err();
    assert_eq!(e.detail(), "Malformed JSON at line 1 column 1.");
}

#[test]
fn the_default_country_must_be_a_country_and_gravatar_a_boolean() {
    let c = Config::from_json(r#"{"defaultCountryId":6,"gravatar":false}"#).unwrap();
    assert_eq!((c.default_country_id, c.gravatar), (Some(6), false));
    let d = Config::default();
    assert_eq!((d.default_country_id, d.gravatar), (None, true));
    assert_eq!(
        problems(r#"{"defaultCountryId":3}"#),
        ["defaultCountryId must be an id of GET /enums/countries, not 3."]
    );
    assert_eq!(
        problems(r#"{"gravatar":"no"}"#),
        ["'gravatar' must be true or false."]
    );
}

#[test]
fn the_limits_in_the_messages_are_the_constants() {
    assert_eq!(
        (crate::IDLE_TIMEOUT, crate::ABSOLUTE_TIMEOUT),
        (1_800_000, 43_200_000)
    );
    let d = Lockout::default();
    assert_eq!(
        (
            Lockout::MIN_FAILURES,
            d.login_failures,
            d.credential_failures
        ),
        (3, 10, 5)
    );
}

#[test]
fn session_lifetimes_and_lockouts_may_only_be_made_stricter() {
    let c = Config::from_json(
        r#"{"sessionIdleTimeoutMs":600000,"sessionAbsoluteTimeoutMs":3600000,
            "lockout":{"loginFailures":5,"credentialFailures":3}}"#,
    )
    .unwrap();
    assert_eq!(
        (c.session_idle_timeout_ms, c.session_absolute_timeout_ms),
        (600_000, 3_600_000)
    );
    assert_eq!(
        c.lockout,
        Lockout {
            login_failures: 5,
            credential_failures: 3
        }
    );
    assert_eq!(
        problems(
            r#"{"sessionIdleTimeoutMs":3600000,"sessionAbsoluteTimeoutMs":86400000,
                "lockout":{"loginFailures":20,"credentialFailures":1}}"#
        ),
        [
            "sessionIdleTimeoutMs must be between 60000 (a minute) and 1800000 (30 minutes).",
            "sessionAbsoluteTimeoutMs must be between sessionIdleTimeoutMs and 43200000 (12 hours).",
            "lockout.loginFailures must be between 3 and 10.",
            "lockout.credentialFailures must be between 3 and 5.",
        ]
    );
    assert_eq!(
        problems(r#"{"sessionIdleTimeoutMs":120000,"sessionAbsoluteTimeoutMs":60000}"#),
        ["sessionAbsoluteTimeoutMs must be between sessionIdleTimeoutMs and 43200000 (12 hours)."]
    );
}

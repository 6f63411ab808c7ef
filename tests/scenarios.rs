//! Runs the shared scenarios of `tests/scenarios/*.json` against the Rust API and router, on
//! SQLite in memory or on the tests' PostgreSQL server (tests/common/backend.rs).

use serde_json::{Map, Value, json};
use std::collections::HashMap;
use userstore::http::Request;
use userstore::{Config, api};

#[path = "common/backend.rs"]
mod backend;

const CLOCK_START_MS: i64 = 1_767_225_600_000;

/// Replaces `{{name}}` in every string.
fn fill(v: &Value, vars: &HashMap<String, Value>) -> Value {
    match v {
        Value::String(s) => {
            if let Some(name) = s.strip_prefix("{{").and_then(|r| r.strip_suffix("}}"))
                && let Some(saved) = vars.get(name)
            {
                return saved.clone();
            }
            let mut out = s.clone();
            for (k, val) in vars {
                let text = match val {
                    Value::String(t) => t.clone(),
                    other => other.to_string(),
                };
                out = out.replace(&format!("{{{{{k}}}}}"), &text);
            }
            Value::String(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| fill(x, vars)).collect()),
        Value::Object(o) => {
            Value::Object(o.iter().map(|(k, x)| (k.clone(), fill(x, vars))).collect())
        }
        other => other.clone(),
    }
}

/// `actual` equals `expected`, where the string `"<any>"` matches anything.
fn matches(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::String(s), _) if s == "<any>" => true,
        (Value::Array(e), Value::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(x, y)| matches(x, y))
        }
        (Value::Object(e), Value::Object(a)) => {
            e.len() == a.len()
                && e.iter()
                    .all(|(k, x)| a.get(k).is_some_and(|y| matches(x, y)))
        }
        _ => expected == actual,
    }
}

fn at_path<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .filter(|p| !p.is_empty())
        .try_fold(v, |cur, part| match cur {
            Value::Array(a) => {
                let i: i64 = part.parse().ok()?;
                let idx = if i < 0 { a.len() as i64 + i } else { i };
                a.get(usize::try_from(idx).ok()?)
            }
            Value::Object(o) => o.get(part),
            _ => None,
        })
}

fn extract(source: &Value, body: &Value, headers: &[(String, String)]) -> Value {
    let (base, spec): (Value, &Map<String, Value>) = match source {
        Value::String(path) => {
            return at_path(body, path)
                .cloned()
                .unwrap_or_else(|| panic!("nothing at {path}"));
        }
        Value::Object(spec) => {
            let base = if let Some(h) = spec.get("header").and_then(Value::as_str) {
                let v = headers
                    .iter()
                    .find(|(k, _)| k == h)
                    .unwrap_or_else(|| panic!("no header {h}"));
                Value::String(v.1.clone())
            } else {
                let p = spec["path"].as_str().expect("path or header");
                at_path(body, p)
                    .cloned()
                    .unwrap_or_else(|| panic!("nothing at {p}"))
            };
            (base, spec)
        }
        _ => panic!("bad save source {source}"),
    };
    let mut text = base
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| base.to_string());
    if let Some(after) = spec.get("after").and_then(Value::as_str) {
        let i = text
            .find(after)
            .unwrap_or_else(|| panic!("'{after}' not in {text}"));
        text = text[i + after.len()..].to_owned();
    }
    if let Some(until) = spec.get("until").and_then(Value::as_str)
        && let Some(i) = text.find(until)
    {
        text.truncate(i);
    }
    Value::String(text)
}

fn run(path: &std::path::Path) {
    let scenario: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut config = scenario.get("config").cloned().unwrap_or_else(|| json!({}));
    config["insecureFastHashingForTestsOnly"] = json!(true);
    config["manualClockMs"] = json!(CLOCK_START_MS);
    let (store, _) = backend::open(Config::from_json(&config.to_string()).unwrap());
    let mut vars = HashMap::new();
    let name = path.file_name().unwrap().to_string_lossy();
    for (i, step) in scenario["steps"].as_array().unwrap().iter().enumerate() {
        let step = fill(step, &vars);
        let at = format!("{name} step {}", i + 1);
        if let Some(secs) = step.get("advance") {
            store.advance_clock(secs.as_i64().unwrap()).unwrap();
            continue;
        }
        let (status, headers, body) = if let Some(op) = step.get("call") {
            // Without "auth" a step is the host's own call, made as the system actor by name.
            let caller = match step.get("auth").and_then(Value::as_str) {
                Some(auth) => api::Caller::Authorization(auth),
                None => api::Caller::System,
            };
            let args = step.get("args").cloned().unwrap_or(Value::Null);
            match api::call(&store, caller, op.as_str().unwrap(), args) {
                Ok(v) => (200, Vec::new(), v),
                Err(e) => (e.status(), Vec::new(), e.to_value()),
            }
        } else {
            let r = &step["request"];
            let mut req = Request::new(r["method"].as_str().unwrap(), r["path"].as_str().unwrap());
            req.query = r
                .get("query")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            let headers = r
                .get("headers")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            for (k, v) in &headers {
                req = req.header(k, v.as_str().unwrap());
            }
            if let Some(b) = r.get("body") {
                req.body = b.to_string().into_bytes();
                if !headers
                    .keys()
                    .any(|k| k.eq_ignore_ascii_case("content-type"))
                {
                    req = req.header("content-type", "application/json");
                }
            } else if let Some(raw) = r.get("rawBody").and_then(Value::as_str) {
                req.body = raw.as_bytes().to_vec();
            }
            let res = store.handle(&req);
            (res.status, res.headers.clone(), res.json_body())
        };
        if let Some(expect) = step.get("expect") {
            if let Some(s) = expect.get("status") {
                assert_eq!(
                    s.as_u64().unwrap() as u16,
                    status,
                    "{at}: status; body {body}"
                );
            }
            if let Some(b) = expect.get("body") {
                assert!(
                    matches(b, &body),
                    "{at}: body\n expected {b}\n   actual {body}"
                );
            }
            for (k, v) in expect
                .get("headers")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let actual = headers
                    .iter()
                    .find(|(h, _)| h == k)
                    .map(|(_, x)| Value::String(x.clone()));
                match (v, actual) {
                    (Value::Null, None) => {}
                    (v, Some(a)) if matches(v, &a) => {}
                    (v, a) => panic!("{at}: header {k}: expected {v}, got {a:?}"),
                }
            }
        }
        for (k, source) in step
            .get("save")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            vars.insert(k.clone(), extract(source, &body, &headers));
        }
    }
}

#[test]
fn shared_scenarios() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 5,
        "expected at least 5 scenario files in {}, found {}",
        dir.display(),
        files.len()
    );
    for f in &files {
        run(f);
    }
    println!("{} scenarios passed", files.len());
}

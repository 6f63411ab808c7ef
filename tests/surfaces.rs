//! Every surface names the same operations (issue 18): the operation table (`api::OPERATIONS`,
//! which `api::call`, the C ABI's `userstore_call` and the CLI run from), the HTTP router
//! (whose routes are the table's), the wasm class's typed methods (`js/methods.js`) and its
//! TypeScript declarations (`src/types.d.ts`: the `Operation` union and the `UserStore`
//! interface). The JS tests check the built package the same way.

use std::collections::BTreeSet;
use userstore::api::OPERATIONS;
use userstore::http::Request;

const TYPES: &str = include_str!("../bindings/wasm/src/types.d.ts");
const METHODS: &str = include_str!("../bindings/wasm/js/methods.js");

fn table() -> BTreeSet<String> {
    let names: Vec<String> = OPERATIONS.iter().map(|op| op.name.to_owned()).collect();
    let unique: BTreeSet<String> = names.iter().cloned().collect();
    assert_eq!(unique.len(), names.len(), "an operation name is used twice");
    unique
}

/// The text of `source` from the line starting with `start` to the next line `end`.
fn block<'a>(source: &'a str, start: &str, end: &str) -> &'a str {
    let from = source.find(start).unwrap_or_else(|| panic!("no {start:?}"));
    let rest = &source[from..];
    &rest[..rest
        .find(end)
        .unwrap_or_else(|| panic!("no end of {start:?}"))]
}

/// The names before `(` at the start of the lines of `text` (methods, in JS or TypeScript).
fn methods(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim_start();
            let name: String = line
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            (!name.is_empty() && line[name.len()..].starts_with('(')).then_some(name)
        })
        .collect()
}

#[test]
fn the_typescript_operation_union_is_the_table() {
    let union = block(TYPES, "export type Operation =", ";");
    let names: BTreeSet<String> = union
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    assert_eq!(names, table());
}

#[test]
fn the_typescript_class_declares_one_method_per_operation() {
    let interface = block(TYPES, "export interface UserStore {", "\n}");
    assert_eq!(methods(interface), table());
}

#[test]
fn the_wasm_class_has_one_typed_method_per_operation() {
    let object = block(METHODS, "export const methods = {", "\n};");
    assert_eq!(methods(object), table());
}

#[test]
fn every_route_of_the_table_is_served_by_the_router() {
    let store = userstore::Store::open_in_memory(userstore::Config::default()).unwrap();
    for op in OPERATIONS {
        let Some(route) = &op.route else { continue };
        // A path parameter gets a value of its form; a choice its first alternative.
        let mut path = String::new();
        for (i, part) in route.path.split(['{', '}']).enumerate() {
            match (i % 2, part.split_once(':')) {
                (0, _) => path.push_str(part),
                (_, Some((_, choices))) => path.push_str(choices.split('|').next().unwrap()),
                (_, None) => path.push('1'),
            }
        }
        let response = store.handle(&Request::new(route.method, &format!("/api/v2{path}")));
        assert!(
            ![404, 405].contains(&response.status),
            "{} {path} ({}): {}",
            route.method,
            op.name,
            response.status
        );
    }
}

/// The README's route table has one row per route of the table, with its operation and the
/// scope the table declares (issue 20: the table route → scope in the README).
#[test]
fn the_readme_route_table_is_the_operation_table() {
    let readme = include_str!("../README.md");
    for op in OPERATIONS {
        let Some(route) = &op.route else { continue };
        // `{kind:a|b}` and `{created:*}` read as `{kind}` and `{created}`.
        let mut path = String::new();
        for (i, part) in route.path.split(['{', '}']).enumerate() {
            match i % 2 {
                0 => path.push_str(part),
                _ => path.push_str(&format!("{{{}}}", part.split(':').next().unwrap())),
            }
        }
        let row = format!("| `{} {path}` | `{}` | ", route.method, op.name);
        let line = readme
            .lines()
            .find(|l| l.starts_with(&row))
            .unwrap_or_else(|| panic!("README.md has no row {row}"));
        let scope = &line[row.len()..];
        match op.scope {
            Some(s) => assert!(scope.starts_with(&format!("`{s}` |")), "{line}"),
            None => assert!(scope.starts_with("none"), "{line}"),
        }
    }
}

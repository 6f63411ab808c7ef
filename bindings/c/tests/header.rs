//! The committed `include/userstore.h` is exactly what cbindgen generates from this crate.
//!
//! After changing the C surface, regenerate it with
//! `UPDATE_HEADER=1 cargo test -p userstore-c --test header` and commit the result.

use std::path::{Path, PathBuf};

/// This crate's directory.
fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The committed header.
fn header_path() -> PathBuf {
    crate_dir().join("../../include/userstore.h")
}

/// The header as cbindgen generates it now, with `cbindgen.toml`.
fn generate() -> String {
    let config = cbindgen::Config::from_file(crate_dir().join("cbindgen.toml"))
        .expect("bindings/c/cbindgen.toml is valid");
    let mut out = Vec::new();
    cbindgen::Builder::new()
        .with_crate(crate_dir())
        .with_config(config)
        .generate()
        .expect("cbindgen generates the header")
        .write(&mut out);
    String::from_utf8(out).expect("the header is UTF-8")
}

#[test]
fn committed_header_is_up_to_date() {
    let fresh = generate();
    let path = header_path();
    if std::env::var_os("UPDATE_HEADER").is_some() {
        std::fs::write(&path, &fresh).expect("include/userstore.h is writable");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "include/userstore.h differs from a fresh cbindgen generation; run \
         `UPDATE_HEADER=1 cargo test -p userstore-c --test header` and commit the header.\n\
         first differing lines (committed, fresh): {:?}",
        committed
            .lines()
            .zip(fresh.lines())
            .find(|(a, b)| a != b)
            .unwrap_or(("<one is a prefix of the other>", ""))
    );
}

#[test]
fn header_version_macro_matches_the_crate() {
    let expected = format!(
        "#define USERSTORE_VERSION \"{}\"",
        env!("CARGO_PKG_VERSION")
    );
    assert!(
        generate().contains(&expected),
        "bump USERSTORE_VERSION in bindings/c/cbindgen.toml's after_includes to {}",
        env!("CARGO_PKG_VERSION")
    );
}

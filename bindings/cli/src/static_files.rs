//! Static files of the browser demo (`--www DIR`), and never a file outside that directory.
//!
//! A request path is split on `/` and each segment percent-decoded; a segment that is empty
//! (except a trailing one, which asks for the directory's `index.html`), starts with `.`
//! (`.`, `..`, dotfiles), or decodes to a `/`, `\` or NUL is refused with 404. The file found
//! must still lie inside the root once symlinks are resolved, or it is a 404 too.

use percent_encoding::percent_decode_str;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use userstore::http::Response;

/// The file a directory path (`/`, `/docs/`) serves.
const INDEX: &str = "index.html";

/// A directory of static files.
#[derive(Debug)]
pub struct StaticFiles {
    /// The directory, canonical (symlinks resolved).
    root: PathBuf,
}

impl StaticFiles {
    /// Serves the files under `dir`, which must be a directory.
    pub fn open(dir: &Path) -> io::Result<StaticFiles> {
        let root = fs::canonicalize(dir)?;
        if !root.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotADirectory,
                format!("{} is not a directory", dir.display()),
            ));
        }
        Ok(StaticFiles { root })
    }

    /// Answers a `GET` or `HEAD` for the still percent-encoded `raw_path`.
    pub fn serve(&self, method: &str, raw_path: &str) -> Response {
        if method != "GET" && method != "HEAD" {
            return text(405, "Method Not Allowed\n").with_header("allow", "GET, HEAD");
        }
        let Some(found) = self.resolve(raw_path) else {
            return not_found();
        };
        if found.is_dir() {
            if !raw_path.ends_with('/') {
                // `/pkg` → `/pkg/`, so that the index's relative links resolve.
                return text(301, "Moved Permanently\n")
                    .with_header("location", format!("{raw_path}/"));
            }
            return match self.inside(&found.join(INDEX)) {
                Some(index) => file(&index),
                None => not_found(),
            };
        }
        file(&found)
    }

    /// The file or directory under the root that `raw_path` names, if any. An extensionless
    /// path may name an `.html` file: `/reset-password` is `reset-password.html`, so mailed
    /// links stay clean.
    fn resolve(&self, raw_path: &str) -> Option<PathBuf> {
        let mut path = self.root.clone();
        path.extend(segments(raw_path)?);
        self.inside(&path).or_else(|| {
            let bare = path.extension().is_none() && !raw_path.ends_with('/');
            if bare {
                self.inside(&path.with_extension("html"))
            } else {
                None
            }
        })
    }

    /// `path` with symlinks resolved, if it exists and lies inside the root.
    fn inside(&self, path: &Path) -> Option<PathBuf> {
        fs::canonicalize(path)
            .ok()
            .filter(|p| p.starts_with(&self.root))
    }
}

/// A regular file's contents with its content type; 404 when it cannot be read.
fn file(path: &Path) -> Response {
    if !path.is_file() {
        return not_found();
    }
    match fs::read(path) {
        Ok(body) => Response {
            status: 200,
            headers: vec![
                ("content-type".into(), content_type(path).into()),
                ("cache-control".into(), "no-cache".into()),
                ("x-content-type-options".into(), "nosniff".into()),
            ],
            body,
        },
        Err(_) => not_found(),
    }
}

/// The decoded segments of a request path, or `None` when one of them is not a plain name.
fn segments(raw_path: &str) -> Option<Vec<String>> {
    let rest = raw_path.strip_prefix('/')?;
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    if rest.is_empty() {
        return Some(Vec::new());
    }
    rest.split('/')
        .map(|raw| {
            let s = percent_decode_str(raw).decode_utf8().ok()?;
            let plain = !s.is_empty() && !s.starts_with('.') && !s.contains(['/', '\\', '\0']);
            plain.then(|| s.into_owned())
        })
        .collect()
}

/// The `content-type` for a file, by extension.
pub fn content_type(file: &Path) -> &'static str {
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A short plain-text response.
fn text(status: u16, body: &str) -> Response {
    Response {
        status,
        headers: vec![("content-type".into(), "text/plain; charset=utf-8".into())],
        body: body.as_bytes().to_vec(),
    }
}

/// The answer for a path outside `/api/v2` that names no file.
pub fn not_found() -> Response {
    text(404, "Not Found\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn www() -> (tempfile::TempDir, StaticFiles) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("www");
        fs::create_dir_all(root.join("pkg")).unwrap();
        fs::write(root.join("index.html"), "<h1>demo</h1>").unwrap();
        fs::write(root.join("pkg/index.html"), "pkg").unwrap();
        fs::write(root.join("pkg/userstore_bg.wasm"), b"\0asm").unwrap();
        fs::write(root.join("reset-password.html"), "reset").unwrap();
        fs::write(root.join(".env"), "hidden").unwrap();
        fs::write(dir.path().join("secret.txt"), "outside").unwrap();
        let files = StaticFiles::open(&root).unwrap();
        (dir, files)
    }

    fn get(files: &StaticFiles, path: &str) -> (u16, String) {
        let r = files.serve("GET", path);
        (r.status, String::from_utf8(r.body.clone()).unwrap())
    }

    #[test]
    fn serves_files_and_indexes() {
        let (_dir, files) = www();
        assert_eq!(get(&files, "/"), (200, "<h1>demo</h1>".into()));
        assert_eq!(get(&files, "/index.html"), (200, "<h1>demo</h1>".into()));
        assert_eq!(get(&files, "/pkg/"), (200, "pkg".into()));
        let moved = files.serve("GET", "/pkg");
        assert_eq!(moved.status, 301);
        assert_eq!(moved.header("location"), Some("/pkg/"));
        assert_eq!(get(&files, "/reset-password"), (200, "reset".into()));
        let wasm = files.serve("GET", "/pkg/userstore_bg.wasm");
        assert_eq!(wasm.header("content-type"), Some("application/wasm"));
        assert_eq!(wasm.body, b"\0asm");
    }

    #[test]
    fn refuses_anything_outside_the_root() {
        let (_dir, files) = www();
        for path in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/pkg/..%2f..%2fsecret.txt",
            "/pkg%2f..%2f..%2fsecret.txt",
            "/..%5csecret.txt",
            "/.env",
            "//secret.txt",
            "/index.html%00",
            "/%ff",
            "/missing.js",
            "secret.txt",
        ] {
            assert_eq!(get(&files, path), (404, "Not Found\n".into()), "{path}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn refuses_symlinks_that_leave_the_root() {
        let (dir, files) = www();
        let root = dir.path().join("www");
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path(), root.join("up")).unwrap();
        std::os::unix::fs::symlink(root.join("index.html"), root.join("home.html")).unwrap();
        assert_eq!(get(&files, "/link.txt").0, 404);
        assert_eq!(get(&files, "/up/secret.txt").0, 404);
        assert_eq!(get(&files, "/home.html"), (200, "<h1>demo</h1>".into()));
    }

    #[test]
    fn only_get_and_head() {
        let (_dir, files) = www();
        let r = files.serve("POST", "/");
        assert_eq!(r.status, 405);
        assert_eq!(r.header("allow"), Some("GET, HEAD"));
        assert_eq!(files.serve("HEAD", "/").status, 200);
    }

    #[test]
    fn content_types() {
        for (file, ct) in [
            ("a.html", "text/html; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.mjs", "text/javascript; charset=utf-8"),
            ("a.WASM", "application/wasm"),
            ("a.css", "text/css; charset=utf-8"),
            ("a.json", "application/json"),
            ("a", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(file)), ct, "{file}");
        }
    }
}

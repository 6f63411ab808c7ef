//! Gives `libuserstore.so` its soname on Linux, `libuserstore.so.<major>.<minor>` while the
//! major version is 0 (each 0.x release may change the ABI), `libuserstore.so.<major>` after,
//! so programs linked against it load only a compatible library (scripts/install.sh installs
//! the file under that name and links the plain name to it).

fn main() {
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if target_os == "linux" {
        let major = env!("CARGO_PKG_VERSION_MAJOR");
        let minor = env!("CARGO_PKG_VERSION_MINOR");
        let soname = if major == "0" {
            format!("libuserstore.so.{major}.{minor}")
        } else {
            format!("libuserstore.so.{major}")
        };
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,{soname}");
    }
}

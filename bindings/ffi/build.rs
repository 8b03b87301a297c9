//! Link options of the shared library (the cdylib only; the static library and the tests are
//! untouched): its relative relocations are packed. Most of them point into Unicode tables (one
//! per confusable character); unpacked they take 24 bytes each, about 0.23 MB of the library
//! (docs/size.md).
//!
//! - Android: `--pack-dyn-relocs=android` (the APS2 encoding), which every Android since API 23
//!   loads (the AAR's minSdk is 29).
//! - Linux with glibc, release builds: `-z pack-relative-relocs` (`DT_RELR`). Such a library
//!   needs glibc 2.36 or newer to load, so debug builds (which the JVM tests load) keep the
//!   plain encoding. Linkers that do not know the option (GNU ld before 2.38) ignore it with
//!   a warning.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let release = var("PROFILE") == "release";
    match (var("CARGO_CFG_TARGET_OS").as_str(), var("CARGO_CFG_TARGET_ENV").as_str()) {
        ("android", _) => println!("cargo:rustc-cdylib-link-arg=-Wl,--pack-dyn-relocs=android"),
        ("linux", "gnu") if release => println!("cargo:rustc-cdylib-link-arg=-Wl,-z,pack-relative-relocs"),
        _ => {}
    }
}

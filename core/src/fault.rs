//! Fault injection for the bindings' tests (feature `fault-injection`, never in app builds):
//! screening a call whose caller name is [`TRIGGER`], or importing a rule list that starts
//! with it, panics inside Ringfence, so tests can show the panic fails open or becomes a
//! typed error and never crosses the FFI.

/// The reserved input that triggers a panic.
pub const TRIGGER: &str = "\u{1}ringfence:inject-panic";

/// Panics when `input` starts with [`TRIGGER`].
pub fn check(input: Option<&str>) {
    if input.is_some_and(|s| s.starts_with(TRIGGER)) {
        panic!("injected fault (fault-injection test build)");
    }
}

//! Catching panics without printing them: a panic message can quote its input (a slice error
//! in the phone-number parser quotes the caller ID), and the default panic hook writes it to
//! stderr (logcat on Android). Ringfence's backstops catch panics with [`catch_quietly`]: while
//! one runs, a panic prints one fixed line with its location and never its message. Panics
//! elsewhere in the process go to the hook that was installed before, unchanged.
//!
//! The hook is installed once, the first time a backstop runs. An app that installs its own
//! panic hook afterwards replaces it (and then decides itself what a panic prints).

use std::cell::Cell;
use std::panic::{UnwindSafe, catch_unwind};
use std::sync::Once;

thread_local! {
    /// How many [`catch_quietly`] calls are running on this thread.
    static QUIET: Cell<u32> = const { Cell::new(0) };
}

/// Installs the quiet hook in front of the current one (once per process).
fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if QUIET.with(Cell::get) == 0 {
                return previous(info);
            }
            let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
            eprintln!("ringfence: internal error caught{at} (message withheld: it may quote caller input)");
        }));
    });
}

/// Runs `f`, catching a panic as [`catch_unwind`] does, without printing its message.
pub fn catch_quietly<R>(f: impl FnOnce() -> R + UnwindSafe) -> std::thread::Result<R> {
    install_hook();
    QUIET.with(|q| q.set(q.get() + 1));
    let result = catch_unwind(f);
    QUIET.with(|q| q.set(q.get() - 1));
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    /// In a child process (the test binary again), so the hook and stderr can be observed.
    #[test]
    fn a_caught_panic_prints_no_message_and_others_still_do() {
        if std::env::var_os("RINGFENCE_QUIET_CHILD").is_some() {
            assert!(catch_quietly(|| panic!("caller +41446681800")).is_err());
            let loud = std::thread::spawn(|| panic!("outside ringfence 12345")).join();
            assert!(loud.is_err());
            return;
        }
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "quiet::tests::a_caught_panic_prints_no_message_and_others_still_do", "--nocapture"])
            .env("RINGFENCE_QUIET_CHILD", "1")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{err}");
        assert!(!err.contains("41446681800"), "the caught panic's message was printed: {err}");
        assert!(err.contains("ringfence: internal error caught at"), "{err}");
        assert!(err.contains("outside ringfence 12345"), "other panics keep the previous hook: {err}");
    }
}

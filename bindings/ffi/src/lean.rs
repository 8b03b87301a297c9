//! A lean path for `screen` and `screen_batch` on the JVM, beside the UniFFI exports.
//!
//! Each UniFFI call from Kotlin allocates JNA structures (a call status per FFI crossing, a
//! `RustBuffer` each way, and a handle clone: about ten small native `Memory` blocks per
//! `screen`), each freed only when the garbage collector and JNA's cleaner thread get to it.
//! With the default heap, a loop of single `screen` calls outruns them: the process grew to
//! gigabytes. This path moves the same UniFFI-serialized records through two caller-owned,
//! reused direct buffers instead, so a call allocates nothing native on the JVM side
//! (`dev.ringfence.LeanScreener`, src/common/kotlin). The records' encoding is UniFFI's
//! own (`Lift::try_read` / `Lower::write`), so both ends always agree with the generated code.
//! A batch crosses once with all its calls ([`ringfence_lean_screen_batch`]).
//!
//! The handle is a UniFFI `Screener` handle (a leaked `Arc`) that the caller cloned for this
//! path (`uniffiCloneHandle`) and releases with [`ringfence_lean_release`]; calls borrow it.

use std::sync::Arc;

use uniffi::{Lift, Lower};

use crate::UniFfiTag;
use crate::guard::guard_or;
use crate::screener::Screener;

/// Defines a lean entry point: `extern "C"`, unmangled, the C signature both share, and a body
/// that is [`lean_call`] of the given method.
macro_rules! lean_entry {
    ($(#[$doc:meta])* $name:ident => $method:expr) => {
        $(#[$doc])*
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $name(handle: u64, input: *const u8, input_len: i32, out: *mut u8, out_capacity: i32) -> i32 {
            // SAFETY: forwarded from this function's contract (see # Safety).
            unsafe { lean_call(handle, input, input_len, out, out_capacity, $method) }
        }
    };
}

lean_entry! {
    /// Screens the UniFFI-serialized `IncomingCall` in `input[..input_len]` with the screener
    /// behind `handle` and writes the serialized `Verdict` to `out[..out_capacity]`. Returns the
    /// verdict's length; `-n` when it needs `n` bytes and `out` is smaller (nothing written);
    /// `0` when the input is malformed or screening failed inside Ringfence (the caller takes
    /// the UniFFI path, which fails open).
    ///
    /// # Safety
    /// `handle` is a live cloned `Screener` handle not released during the call; `input` and
    /// `out` are valid for `input_len` and `out_capacity` bytes and do not overlap.
    ringfence_lean_screen => Screener::screen
}

lean_entry! {
    /// [`ringfence_lean_screen`] for many calls in one crossing, as `Screener::screen_batch`: the
    /// input is a UniFFI-serialized sequence of `IncomingCall`s, the output the sequence of
    /// their `Verdict`s in the same order, with the same return values. The verdicts are
    /// written only when they all fit: a caller that gets `-n` and screens the calls again
    /// screens them twice (the screener's call history sees both), so it should offer room for
    /// the largest verdicts.
    ///
    /// # Safety
    /// As for [`ringfence_lean_screen`].
    ringfence_lean_screen_batch => Screener::screen_batch
}

/// Reads a `T` that fills `input[..input_len]`, answers `body(screener, T)` into `out`; the
/// return values of [`ringfence_lean_screen`]. A panic anywhere answers `0`.
///
/// # Safety
/// As for [`ringfence_lean_screen`].
unsafe fn lean_call<T: Lift<UniFfiTag>, R: Lower<UniFfiTag>>(
    handle: u64,
    input: *const u8,
    input_len: i32,
    out: *mut u8,
    out_capacity: i32,
    body: impl FnOnce(&Screener, T) -> R,
) -> i32 {
    if handle == 0 || input.is_null() || out.is_null() || input_len < 0 || out_capacity < 0 {
        return 0;
    }
    // SAFETY: the caller keeps the cloned handle (an `Arc<Screener>` leaked by UniFFI) alive
    // for the call; the buffers are valid for the given lengths (see # Safety).
    let (screener, mut input) =
        unsafe { (&*(handle as *const Screener), std::slice::from_raw_parts(input, input_len as usize)) };
    let answer = guard_or(
        || None,
        || {
            let value = <T as Lift<UniFfiTag>>::try_read(&mut input).ok().filter(|_| input.is_empty())?;
            let mut bytes = Vec::with_capacity(256);
            <R as Lower<UniFfiTag>>::write(body(screener, value), &mut bytes);
            i32::try_from(bytes.len()).ok().map(|_| bytes)
        },
    );
    match answer {
        Some(bytes) if bytes.len() <= out_capacity as usize => {
            // SAFETY: `out` holds at least `out_capacity >= bytes.len()` bytes, disjoint from `bytes`.
            unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), out, bytes.len()) };
            bytes.len() as i32
        }
        Some(bytes) => -(bytes.len() as i32),
        None => 0,
    }
}

/// Releases a handle cloned for [`ringfence_lean_screen`].
///
/// # Safety
/// `handle` is a cloned UniFFI `Screener` handle, released once and not in use.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ringfence_lean_release(handle: u64) {
    if handle != 0 {
        // SAFETY: the handle owns one strong count of an `Arc<Screener>` (see # Safety).
        drop(unsafe { Arc::from_raw(handle as *const Screener) });
    }
}

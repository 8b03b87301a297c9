//! A lean path for `screen` on the JVM, beside the UniFFI export.
//!
//! Each UniFFI call from Kotlin allocates JNA structures (a call status per FFI crossing, a
//! `RustBuffer` each way, and a handle clone: about ten small native `Memory` blocks per
//! `screen`), each freed only when the garbage collector and JNA's cleaner thread get to it.
//! With the default heap, a loop of single `screen` calls outruns them: the process grew to
//! gigabytes. This path moves the same UniFFI-serialized records through two caller-owned,
//! reused direct buffers instead, so a call allocates nothing native on the JVM side
//! (`dev.ringfence.LeanScreener`, src/common/kotlin). The records' encoding is UniFFI's
//! own (`Lift::try_read` / `Lower::write`), so both ends always agree with the generated code.
//!
//! The handle is a UniFFI `Screener` handle (a leaked `Arc`) that the caller cloned for this
//! path (`uniffiCloneHandle`) and releases with [`ringfence_lean_release`]; calls borrow it.

use std::sync::Arc;

use uniffi::{Lift, Lower};

use crate::UniFfiTag;
use crate::guard::guard_or;
use crate::records::{IncomingCall, Verdict};
use crate::screener::Screener;

/// Screens the UniFFI-serialized `IncomingCall` in `input[..input_len]` with the screener behind
/// `handle` and writes the serialized `Verdict` to `out[..out_capacity]`. Returns the verdict's
/// length; `-n` when it needs `n` bytes and `out` is smaller (nothing written); `0` when the
/// input is malformed or screening failed inside Ringfence (the caller takes the UniFFI path,
/// which fails open).
///
/// # Safety
/// `handle` is a live cloned `Screener` handle not released during the call; `input` and `out`
/// are valid for `input_len` and `out_capacity` bytes and do not overlap.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ringfence_lean_screen(
    handle: u64,
    input: *const u8,
    input_len: i32,
    out: *mut u8,
    out_capacity: i32,
) -> i32 {
    if handle == 0 || input.is_null() || out.is_null() || input_len < 0 || out_capacity < 0 {
        return 0;
    }
    // SAFETY: the caller keeps the cloned handle (an `Arc<Screener>` leaked by UniFFI) alive
    // for the call; the buffers are valid for the given lengths (see # Safety).
    let (screener, mut input) =
        unsafe { (&*(handle as *const Screener), std::slice::from_raw_parts(input, input_len as usize)) };
    let verdict = guard_or(
        || None,
        || {
            let call = <IncomingCall as Lift<UniFfiTag>>::try_read(&mut input).ok().filter(|_| input.is_empty())?;
            let mut bytes = Vec::with_capacity(256);
            <Verdict as Lower<UniFfiTag>>::write(screener.screen(call), &mut bytes);
            Some(bytes)
        },
    );
    match verdict {
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

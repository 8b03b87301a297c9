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
//! Screening has side effects (the screener's call history: repeated calls, bursts), so a call
//! is screened exactly once whatever the size of the output buffer: an answer that does not fit
//! is kept for the caller's thread, which takes it with [`ringfence_lean_take`] into a larger
//! buffer instead of screening the call again.
//!
//! The handle is a UniFFI `Screener` handle (a leaked `Arc`) that the caller cloned for this
//! path (`uniffiCloneHandle`) and releases with [`ringfence_lean_release`]; calls borrow it.

use std::cell::RefCell;
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
    /// behind `handle` and writes the serialized `Verdict` to `out[..out_capacity]`. Returns:
    /// - the verdict's length;
    /// - `-n` when it needs `n` bytes and `out` is smaller: nothing is written, and the verdict
    ///   is kept for [`ringfence_lean_take`] on this thread (the call is screened; do not
    ///   screen it again);
    /// - `0` when nothing was screened: no handle, a null pointer, a negative length, or input
    ///   that is not exactly one encoded call (the caller takes the UniFFI path). A failure
    ///   inside screening answers the fail-open verdict, as `Screener::screen` does. The only
    ///   `0` after screening is for an answer longer than `i32::MAX` bytes, which has no `-n`
    ///   and which no path can return (UniFFI's own writer panics on such lengths).
    ///
    /// Every call first drops (and zeroes) the answer this thread kept before.
    ///
    /// # Safety
    /// `handle` is a live cloned `Screener` handle not released during the call; `input` and
    /// `out` are valid for `input_len` and `out_capacity` bytes and do not overlap.
    ringfence_lean_screen => Screener::screen
}

lean_entry! {
    /// [`ringfence_lean_screen`] for many calls in one crossing, as `Screener::screen_batch`: the
    /// input is a UniFFI-serialized sequence of `IncomingCall`s, the output the sequence of
    /// their `Verdict`s in the same order, with the same return values: the verdicts are written
    /// only when they all fit, else kept whole for [`ringfence_lean_take`].
    ///
    /// # Safety
    /// As for [`ringfence_lean_screen`].
    ringfence_lean_screen_batch => Screener::screen_batch
}

/// Copies the answer this thread's last lean call kept (it returned `-n`) into
/// `out[..out_capacity]`, if that call's input was `input[..input_len]` (the same address and
/// length: the answer is never handed to another input's caller). Returns:
/// - its length, and forgets (zeroes) it;
/// - `-n` when it needs `n` bytes and `out` is smaller (or null): nothing written, still kept;
/// - `0` when nothing is kept for that input (never taken twice).
///
/// # Safety
/// `out` is null or valid for `out_capacity` bytes. `input` is only compared, never read.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ringfence_lean_take(input: *const u8, input_len: i32, out: *mut u8, out_capacity: i32) -> i32 {
    let capacity = if out.is_null() { 0 } else { usize::try_from(out_capacity).unwrap_or(0) };
    guard_or(
        || 0,
        || {
            PENDING.with_borrow_mut(|slot| {
                let Some(kept) = slot.as_ref().filter(|kept| kept.input == (input as usize, input_len)) else {
                    return 0;
                };
                let length = kept.bytes.len() as i32; // kept only when it fits an i32
                if kept.bytes.len() > capacity {
                    return -length;
                }
                // SAFETY: `out` holds at least `capacity >= length` bytes, disjoint from the kept ones.
                unsafe { std::ptr::copy_nonoverlapping(kept.bytes.as_ptr(), out, kept.bytes.len()) };
                *slot = None; // zeroed as it drops
                length
            })
        },
    )
}

/// Reads a `T` that fills `input[..input_len]`, answers `body(screener, T)` into `out`; the
/// return values of [`ringfence_lean_screen`].
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
    keep(None); // whatever this call answers, a kept answer never outlives it
    if handle == 0 || input.is_null() || out.is_null() || input_len < 0 || out_capacity < 0 {
        return 0;
    }
    // SAFETY: the caller keeps the cloned handle (an `Arc<Screener>` leaked by UniFFI) alive
    // for the call; the buffers are valid for the given lengths (see # Safety).
    let (screener, mut bytes_in) =
        unsafe { (&*(handle as *const Screener), std::slice::from_raw_parts(input, input_len as usize)) };
    // A panic answers 0: in reading (nothing screened) or in writing the answer (UniFFI's writer
    // panics only on lengths beyond an i32); screening itself fails open inside `body`.
    let answer = guard_or(
        || None,
        || {
            let value = <T as Lift<UniFfiTag>>::try_read(&mut bytes_in).ok().filter(|_| bytes_in.is_empty())?;
            // Room for a verdict, so the buffer is not regrown (a regrown buffer's old
            // copy is freed unzeroed; only answers over this size, batches, leave one).
            let mut bytes = Vec::with_capacity(ANSWER_ROOM);
            <R as Lower<UniFfiTag>>::write(body(screener, value), &mut bytes);
            Some(bytes)
        },
    );
    let Some(mut bytes) = answer else { return 0 };
    if bytes.len() <= out_capacity as usize {
        // SAFETY: `out` holds at least `out_capacity >= bytes.len()` bytes, disjoint from `bytes`.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), out, bytes.len()) };
        zero(&mut bytes); // the verdict holds the caller's number
        return bytes.len() as i32;
    }
    let kept = Kept { input: (input as usize, input_len), bytes };
    let Ok(length) = i32::try_from(kept.bytes.len()) else { return 0 }; // zeroed as it drops
    if keep(Some(kept)) { -length } else { 0 }
}

/// Bytes reserved for an encoded answer (a single verdict takes a few hundred).
const ANSWER_ROOM: usize = 4096;

/// Replaces this thread's kept answer (the one before is zeroed as it drops); false only while
/// the thread exits, when no JVM call runs on it.
fn keep(answer: Option<Kept>) -> bool {
    PENDING.try_with(|slot| slot.try_borrow_mut().map(|mut slot| *slot = answer).is_ok()).unwrap_or(false)
}

thread_local! {
    /// The answer this thread's last lean call could not write, until taken or replaced.
    static PENDING: RefCell<Option<Kept>> = const { RefCell::new(None) };
}

/// An encoded answer kept for [`ringfence_lean_take`], with the input (address, length) it
/// answers; zeroed when dropped, since a verdict holds the caller's number.
struct Kept {
    input: (usize, i32),
    bytes: Vec<u8>,
}

impl Drop for Kept {
    fn drop(&mut self) {
        zero(&mut self.bytes);
    }
}

/// Overwrites `bytes` with zeros, with volatile writes that the compiler keeps although the
/// bytes are about to be freed.
fn zero(bytes: &mut [u8]) {
    for byte in bytes.iter_mut() {
        // SAFETY: `byte` is a valid, aligned, exclusive reference.
        unsafe { std::ptr::write_volatile(byte, 0) };
    }
    std::sync::atomic::compiler_fence(std::sync::atomic::Ordering::SeqCst);
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

#[cfg(test)]
mod tests {
    #[test]
    fn zero_overwrites_every_byte() {
        let mut bytes = b"+41446681800".to_vec();
        super::zero(&mut bytes);
        assert_eq!(bytes, [0; 12]);
    }
}

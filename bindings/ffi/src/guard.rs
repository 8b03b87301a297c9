//! The panic boundary. Every exported function and method body is one call of [`guard`]
//! (throwing exports: a panic becomes [`RingfenceError::Internal`]) or [`guard_or`]
//! (non-throwing exports: a panic answers a safe default: allow for screening, empty or
//! "nothing happened" elsewhere). A test below checks every `#[uniffi::export]` body, so no
//! export can be added without one. Panics are caught with core's [`catch_quietly`]: a caught
//! panic's message (which may quote a caller ID) is never printed, on stderr or logcat.

use std::panic::AssertUnwindSafe;

use ringfence_core::quiet::catch_quietly;

use crate::error::RingfenceError;

/// Runs a throwing export's body: errors convert to [`RingfenceError`], a panic is
/// [`RingfenceError::Internal`].
pub(crate) fn guard<T, E: Into<RingfenceError>>(body: impl FnOnce() -> Result<T, E>) -> Result<T, RingfenceError> {
    catch_quietly(AssertUnwindSafe(body)).map_or(Err(RingfenceError::Internal), |result| result.map_err(Into::into))
}

/// Runs a non-throwing export's body; a panic answers `fallback()`.
pub(crate) fn guard_or<T>(fallback: impl FnOnce() -> T, body: impl FnOnce() -> T) -> T {
    catch_quietly(AssertUnwindSafe(body)).unwrap_or_else(|_| fallback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_export(attrs: &[syn::Attribute]) -> bool {
        attrs.iter().any(|a| a.path().segments.iter().map(|s| s.ident.to_string()).eq(["uniffi", "export"]))
    }

    /// Whether `block` is exactly one call of `guard(…)` or `guard_or(…)`.
    fn is_guarded(block: &syn::Block) -> bool {
        let [syn::Stmt::Expr(syn::Expr::Call(call), None)] = block.stmts.as_slice() else { return false };
        matches!(&*call.func, syn::Expr::Path(p) if p.path.is_ident("guard") || p.path.is_ident("guard_or"))
    }

    /// The crate's source files, parsed.
    fn sources() -> Vec<(String, String, syn::File)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files: Vec<_> = std::fs::read_dir(&dir).expect("src dir").map(|e| e.expect("entry").path()).collect();
        files.sort();
        files
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .map(|p| {
                let text = std::fs::read_to_string(&p).expect("readable source");
                let name = p.file_name().expect("file name").to_string_lossy().into_owned();
                let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
                (name, text, file)
            })
            .collect()
    }

    #[test]
    fn every_export_goes_through_the_guard() {
        let mut checked = 0;
        for (name, text, file) in sources() {
            let catches = text.contains("catch_unwind") || text.contains("catch_quietly");
            assert!(name == "guard.rs" || !catches, "{name}: catch panics with guard/guard_or");
            for item in file.items {
                let bodies: Vec<(String, syn::Block)> = match item {
                    syn::Item::Fn(f) if is_export(&f.attrs) => vec![(f.sig.ident.to_string(), *f.block)],
                    syn::Item::Impl(i) if is_export(&i.attrs) => i
                        .items
                        .into_iter()
                        .filter_map(|m| match m {
                            syn::ImplItem::Fn(f) => Some((f.sig.ident.to_string(), f.block)),
                            _ => None,
                        })
                        .collect(),
                    _ => continue,
                };
                for (export, body) in bodies {
                    assert!(is_guarded(&body), "{name}: export `{export}` must be one guard(…) or guard_or(…) call");
                    checked += 1;
                }
            }
        }
        assert!(checked >= 30, "only {checked} exports found");
    }

    #[test]
    fn a_panic_is_internal_or_the_fallback() {
        assert_eq!(guard::<u8, RingfenceError>(|| panic!("boom")), Err(RingfenceError::Internal));
        assert_eq!(
            guard(|| Err::<u8, _>(ringfence_core::RingfenceError::InvalidRegion)),
            Err(RingfenceError::InvalidRegion)
        );
        assert_eq!(guard(|| Ok::<_, RingfenceError>(7)), Ok(7));
        assert_eq!(guard_or(|| 1, || panic!("boom")), 1);
        assert_eq!(guard_or(|| 1, || 2), 2);
    }
}

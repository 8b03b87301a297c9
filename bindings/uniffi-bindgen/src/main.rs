//! `uniffi-bindgen` pinned to the workspace's uniffi version, so generated Kotlin/Swift always match the library.

fn main() {
    uniffi::uniffi_bindgen_main()
}

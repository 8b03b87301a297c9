//! Tests of the exports as Kotlin and Swift see them, in the crate: it builds no rlib that an
//! integration test could link (Cargo.toml, docs/size.md).

mod controls;
mod lean;
mod lean_take;
mod lookup;

//! The crate's layering (see the crate docs): each module imports only from the layers below
//! it. Reads the sources as text: a `use crate::x` or `crate::x::` path outside comments in a
//! module of layer N must name a module of a layer < N.

use std::path::{Path, PathBuf};

/// Lowest layer first; modules on one line may not import each other.
const LAYERS: &[&[&str]] = &[
    &["error", "fault", "quiet"],
    &["number"],
    &["call", "verdict", "policy"],
    &["database"],
    &["rules", "heuristics", "i18n", "lookup"],
    &["precedence"],
    &["export"],
    &["screener"],
    &["warm"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_owned()];
    }
    let mut out = Vec::new();
    for entry in std::fs::read_dir(path).unwrap() {
        out.extend(files(&entry.unwrap().path()));
    }
    out
}

/// The `crate::<module>` names used in code (not comments) of `text`.
fn imports(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines().map(str::trim_start).filter(|l| !l.starts_with("//")) {
        let code = line.split("//").next().unwrap_or("");
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            let name: String =
                rest.chars().take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_').collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    out
}

#[test]
fn modules_import_only_from_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = Vec::new();
    let mut seen = 0;
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let module = path.file_stem().unwrap().to_str().unwrap().to_owned();
        if module == "lib" {
            continue;
        }
        let own = layer_of(&module).unwrap_or_else(|| panic!("module `{module}` has no layer in LAYERS"));
        seen += 1;
        for file in files(&path) {
            for import in imports(&std::fs::read_to_string(&file).unwrap()) {
                match layer_of(&import) {
                    Some(l) if l < own || import == module => {}
                    _ => problems.push(format!("{}: `{module}` imports `crate::{import}`", file.display())),
                }
            }
        }
    }
    assert!(seen >= 12, "read {seen} modules");
    assert!(problems.is_empty(), "layering broken:\n{}", problems.join("\n"));
}

#[test]
fn the_checker_sees_imports_and_skips_comments() {
    let text =
        "use crate::number::E164;\n// use crate::screener::Screener;\nlet x = crate::error::X; // crate::export\n";
    assert_eq!(imports(text), ["number", "error"]);
}

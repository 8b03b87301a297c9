//! `ringfence keygen` and key files: 32-byte ed25519 keys written as 64 hexadecimal digits.

use std::io::Write;
use std::path::Path;

use ringfence_core::database::public_key;

pub use ringfence_core::database::{key_from_hex as parse_hex_key, to_hex as hex};

/// Reads a key file: 64 hex digits, or exactly 32 raw bytes.
pub fn read_key(path: &Path) -> Result<[u8; 32], String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read key {}: {e}", path.display()))?;
    if let Ok(raw) = <[u8; 32]>::try_from(bytes.as_slice()) {
        return Ok(raw);
    }
    std::str::from_utf8(&bytes)
        .ok()
        .and_then(parse_hex_key)
        .ok_or_else(|| format!("{} is not a key (expected 64 hexadecimal digits)", path.display()))
}

/// Creates a new key pair; refuses to overwrite existing files. The secret file is created
/// readable by its owner only (on Unix).
pub fn keygen(secret_path: &Path, public_path: &Path, out: &mut impl Write) -> Result<(), String> {
    for p in [secret_path, public_path] {
        if p.exists() {
            return Err(format!("{} exists; not overwriting a key", p.display()));
        }
    }
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| format!("no system randomness: {e}"))?;
    let public = public_key(&secret);
    write_new(secret_path, &hex(&secret), true)?;
    write_new(public_path, &hex(&public), false)?;
    writeln!(out, "public key {}", hex(&public)).map_err(|e| e.to_string())?;
    writeln!(out, "secret key written to {} (keep it offline; it signs feeds)", secret_path.display())
        .map_err(|e| e.to_string())
}

fn write_new(path: &Path, text: &str, private: bool) -> Result<(), String> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let _ = private;
    let mut f = opts.open(path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    writeln!(f, "{text}").map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        let key: [u8; 32] = std::array::from_fn(|i| (i * 37) as u8);
        assert_eq!(parse_hex_key(&format!(" {}\n", hex(&key))), Some(key));
        assert_eq!(parse_hex_key("zz"), None);
        assert_eq!(parse_hex_key(&"g".repeat(64)), None);
    }
}

//! Servers for the lookup tests: nginx (Debian package) serving a directory on 127.0.0.1 with
//! its own configuration and access log under a temporary directory (scripts/nginx-serve.sh),
//! and two misbehaving servers nginx cannot play (one that never answers, one that cuts its
//! response short).

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// `scripts/nginx-serve.sh` (shared with the Kotlin and Swift lookup tests).
fn nginx_serve() -> Command {
    let mut c = Command::new("bash");
    c.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/nginx-serve.sh"));
    c
}

/// nginx serving a directory on a free port of 127.0.0.1 until dropped.
pub struct Nginx {
    work: PathBuf,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// The access log: one request path per line.
    pub access_log: PathBuf,
}

impl Nginx {
    /// Starts nginx (`scripts/nginx-serve.sh start`) serving `root`, its configuration and logs in `work`.
    pub fn serve(root: &Path, work: &Path) -> Self {
        let o = nginx_serve()
            .arg("start")
            .arg(root)
            .arg(work)
            .stderr(Stdio::inherit())
            .output()
            .expect("run nginx-serve.sh");
        assert!(o.status.success(), "nginx did not start (is the nginx package installed?)");
        let url = String::from_utf8(o.stdout).expect("a URL").trim().to_owned();
        Self { work: work.to_owned(), url, access_log: work.join("access.log") }
    }

    /// The request paths logged so far.
    pub fn requests(&self) -> Vec<String> {
        std::fs::read_to_string(&self.access_log).unwrap_or_default().lines().map(str::to_owned).collect()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = nginx_serve().arg("stop").arg(&self.work).status();
    }
}

/// A server on a free port that accepts connections and answers each with `reply` (after
/// reading the request), or never answers when `reply` is `None`. Runs until the test ends.
pub fn misbehaving(reply: Option<Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            match &reply {
                Some(bytes) => {
                    let _ = s.write_all(bytes);
                }
                None => held.push(s), // keep it open, say nothing
            }
        }
    });
    url
}

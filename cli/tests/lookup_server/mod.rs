//! Servers for the lookup tests: nginx (Debian package) serving a directory on 127.0.0.1 with
//! its own configuration and access log under a temporary directory, and two misbehaving
//! servers nginx cannot play (one that never answers, one that cuts its response short).

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The nginx binary, installed from Debian (`need` in scripts/lib.sh) when missing.
fn nginx_binary() -> PathBuf {
    let find = || {
        ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"].iter().map(PathBuf::from).find(|p| p.exists())
    };
    if let Some(p) = find() {
        return p;
    }
    let lib = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/lib.sh");
    let _ = Command::new("bash").arg("-c").arg("source \"$0\" && need nginx nginx").arg(&lib).status();
    find().expect("nginx is needed for the lookup tests (apt-get install nginx)")
}

/// nginx serving `root` on a free port of 127.0.0.1 until dropped.
pub struct Nginx {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// The access log: one request path per line.
    pub access_log: PathBuf,
}

impl Nginx {
    /// Starts nginx in the foreground (one process, our child) with a configuration in `work`.
    pub fn serve(root: &Path, work: &Path) -> Self {
        let port = free_port();
        let access_log = work.join("access.log");
        let temp = |name: &str| work.join(name).display().to_string();
        let conf = format!(
            "daemon off; master_process off; worker_processes 1; pid {pid}; error_log {err} warn;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n  log_format paths '$request_uri'; access_log {log} paths;\n\
               client_body_temp_path {t1}; proxy_temp_path {t2}; fastcgi_temp_path {t3}; uwsgi_temp_path {t4}; scgi_temp_path {t5};\n\
               server {{ listen 127.0.0.1:{port}; root {root}; location / {{ }} }}\n}}\n",
            pid = temp("nginx.pid"),
            err = temp("error.log"),
            log = access_log.display(),
            t1 = temp("t1"),
            t2 = temp("t2"),
            t3 = temp("t3"),
            t4 = temp("t4"),
            t5 = temp("t5"),
            root = root.display(),
        );
        let conf_path = work.join("nginx.conf");
        std::fs::write(&conf_path, conf).unwrap();
        let child = Command::new(nginx_binary())
            .args(["-p", &work.display().to_string(), "-c", &conf_path.display().to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start nginx");
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(10), "nginx did not start: {}", temp("error.log"));
            std::thread::sleep(Duration::from_millis(20));
        }
        Self { child, url, access_log }
    }

    /// The request paths logged so far.
    pub fn requests(&self) -> Vec<String> {
        std::fs::read_to_string(&self.access_log).unwrap_or_default().lines().map(str::to_owned).collect()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
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

//! Fetching one file by HTTP or HTTPS GET with a deadline and a size cap. The URL is the base
//! plus a path that names only a bucket (or the manifest): never a phone number. HTTPS checks
//! the server against the Mozilla roots, or only against the certificates of a private CA
//! ([`Trust::Certificates`]).

use std::sync::Arc;
use std::time::Instant;

use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig};

/// Which certificate authorities an HTTPS server may be signed by.
#[derive(Debug, Clone, Default)]
pub enum Trust {
    /// The Mozilla root program's (bundled, the same on every machine).
    #[default]
    Mozilla,
    /// Only these (a private CA, e.g. a publisher's own or a test's).
    Certificates(Arc<Vec<Certificate<'static>>>),
}

impl Trust {
    /// The certificates of a PEM file (one or more `CERTIFICATE` blocks; keys are ignored).
    pub fn from_pem(pem: &[u8]) -> Result<Self, String> {
        let mut certs = Vec::new();
        for item in ureq::tls::parse_pem(pem) {
            match item {
                Ok(PemItem::Certificate(c)) => certs.push(c),
                Ok(_) => {}
                Err(_) => return Err("the CA file is not valid PEM".into()),
            }
        }
        if certs.is_empty() {
            return Err("the CA file holds no certificate".into());
        }
        Ok(Self::Certificates(Arc::new(certs)))
    }

    fn roots(&self) -> RootCerts {
        match self {
            Self::Mozilla => RootCerts::WebPki,
            Self::Certificates(c) => RootCerts::Specific(c.clone()),
        }
    }
}

/// Why a fetch gave no body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// The deadline passed (connecting, waiting or reading).
    Timeout,
    /// The server answered with another status than 200.
    Status(u16),
    /// The body ended before its announced length, or the connection broke mid-body.
    TruncatedResponse,
    /// The body is larger than allowed.
    TooLarge,
    /// No connection (refused, unreachable, bad URL).
    Transport,
    /// The TLS handshake failed: most often a certificate the trusted authorities did not sign,
    /// or issued for another host.
    Tls,
}

impl FetchError {
    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Timeout => "timeout",
            Self::Status(_) => "http_status",
            Self::TruncatedResponse => "truncated_response",
            Self::TooLarge => "too_large",
            Self::Transport => "transport",
            Self::Tls => "tls",
        }
    }

    /// A short message (no URL, no number).
    pub fn message(&self) -> String {
        match self {
            Self::Status(s) => format!("server answered HTTP {s}"),
            Self::Timeout => "no answer before the deadline".into(),
            Self::TruncatedResponse => "response ended early".into(),
            Self::TooLarge => "response too large".into(),
            Self::Transport => "cannot connect".into(),
            Self::Tls => "TLS handshake failed (certificate not trusted or not for this host)".into(),
        }
    }
}

fn classify(e: &ureq::Error, in_body: bool) -> FetchError {
    match e {
        ureq::Error::Timeout(_) => FetchError::Timeout,
        ureq::Error::Io(io) if matches!(io.kind(), std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock) => {
            FetchError::Timeout
        }
        ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge,
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) => FetchError::Tls,
        // rustls reports a refused certificate through the stream as I/O "invalid data".
        ureq::Error::Io(io) if !in_body && io.kind() == std::io::ErrorKind::InvalidData => FetchError::Tls,
        _ if in_body => FetchError::TruncatedResponse,
        _ => FetchError::Transport,
    }
}

/// GETs `base` + `/` + `path`, finishing by `deadline`, reading at most `max_bytes`; an
/// `https` base is checked against `trust`.
pub fn get(base: &str, path: &str, deadline: Instant, max_bytes: usize, trust: &Trust) -> Result<Vec<u8>, FetchError> {
    let left = deadline.checked_duration_since(Instant::now()).ok_or(FetchError::Timeout)?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .tls_config(TlsConfig::builder().root_certs(trust.roots()).build())
        .timeout_global(Some(left))
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let url = format!("{}/{path}", base.trim_end_matches('/'));
    let mut response = agent.get(&url).call().map_err(|e| classify(&e, false))?;
    let status = response.status().as_u16();
    if status != 200 {
        return Err(FetchError::Status(status));
    }
    let announced = response.body().content_length();
    let body =
        response.body_mut().with_config().limit(max_bytes as u64).read_to_vec().map_err(|e| classify(&e, true))?;
    match announced {
        Some(n) if n != body.len() as u64 => Err(FetchError::TruncatedResponse),
        _ => Ok(body),
    }
}

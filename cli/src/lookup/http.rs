//! Fetching one file by plain HTTP GET with a deadline and a size cap. The URL is the base
//! plus a path that names only a bucket (or the manifest): never a phone number.

use std::time::Instant;

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
        _ if in_body => FetchError::TruncatedResponse,
        _ => FetchError::Transport,
    }
}

/// GETs `base` + `/` + `path`, finishing by `deadline`, reading at most `max_bytes`.
pub fn get(base: &str, path: &str, deadline: Instant, max_bytes: usize) -> Result<Vec<u8>, FetchError> {
    let left = deadline.checked_duration_since(Instant::now()).ok_or(FetchError::Timeout)?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
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

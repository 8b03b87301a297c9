//! A reader that stops reading (`ringfence export calldirectory … | head -1`,
//! `ringfence screen --jsonl … | head`) ends the command quietly with success, as Unix tools
//! do: no "Broken pipe" error, no panic.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

mod common;

use common::s;

/// Runs `ringfence ARGS` with `stdin`, reads the first line of its output, closes the pipe,
/// and returns (first line, exit success, stderr).
fn read_one_line_then_close(args: &[&str], stdin: Stdio) -> (String, bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ringfence"))
        .args(args)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run ringfence");
    let mut first = String::new();
    {
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        stdout.read_line(&mut first).unwrap();
    } // the read end is closed here, long before the command has written everything
    let o = child.wait_with_output().unwrap();
    (first, o.status.success(), String::from_utf8_lossy(&o.stderr).into_owned())
}

fn assert_quiet(what: &str, success: bool, stderr: &str) {
    assert!(success, "{what}: a closed pipe is not a failure: {stderr}");
    for noise in ["Broken pipe", "os error 32", "panicked", "ringfence:"] {
        assert!(!stderr.contains(noise), "{what}: stderr mentions {noise:?}: {stderr}");
    }
}

#[test]
fn export_into_a_pipe_closed_early_ends_quietly() {
    let d = common::dir("pipe-cli", "export");
    // 100,000 blocking entries: megabytes of output, far more than a pipe buffers.
    let list = d.join("range.csv");
    std::fs::write(&list, "pattern,action,category,label\n+412156#####,block,spam,\n").unwrap();
    let args = ["export", "calldirectory", "--list", s(&list), "--chunk", "100"];
    let (first, success, stderr) = read_one_line_then_close(&args, Stdio::null());
    assert_eq!(first, "block 41215600000\n");
    assert_quiet("export", success, &stderr);
}

#[test]
fn screen_jsonl_into_a_pipe_closed_early_ends_quietly() {
    let d = common::dir("pipe-cli", "screen");
    let calls = d.join("calls.jsonl");
    std::fs::write(&calls, "{\"number\": \"+41446681800\"}\n".repeat(20_000)).unwrap();
    let stdin = Stdio::from(std::fs::File::open(&calls).unwrap());
    let (first, success, stderr) = read_one_line_then_close(&["screen", "--jsonl", "--region", "CH"], stdin);
    assert!(first.starts_with('{') && first.contains("\"action\""), "{first}");
    assert_quiet("screen --jsonl", success, &stderr);
}

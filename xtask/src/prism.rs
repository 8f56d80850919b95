//! Prism (`@stoplight/prism-cli`), the mock server the end-to-end tests run
//! against: it answers from a spec's examples and checks every request
//! against the spec.
//!
//! [`Prism::start`] installs the version pinned in `xtask/prism/`
//! (`package.json` + `package-lock.json`, with `npm ci`) when it is missing,
//! starts it on a free 127.0.0.1 port for one spec, and waits until it
//! answers. Dropping the [`Prism`] stops it and every process it started.
//! Several instances (one per spec) can run at once.

use std::fs::File;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where the pinned Prism is installed, relative to the workspace root.
const PRISM_DIR: &str = "xtask/prism";
/// How long Prism may take to answer after it was started.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A running Prism mock server; stopped when dropped.
#[derive(Debug)]
pub struct Prism {
    /// Its base URL, e.g. `http://127.0.0.1:40123` (no trailing slash).
    pub url: String,
    /// Where its output goes.
    pub log: PathBuf,
    child: Child,
}

impl Prism {
    /// Starts Prism for `spec` (a file; relative paths are taken from `root`,
    /// the workspace root) and returns once it answers HTTP.
    ///
    /// Errors are one line each: Node.js or npm missing, `npm ci` failing,
    /// or Prism not answering in time or dying (with the end of its output).
    pub fn start(root: &Path, spec: &Path) -> Result<Prism, String> {
        let spec = root.join(spec);
        if !spec.is_file() {
            return Err(format!("Prism: no spec at {}", spec.display()));
        }
        let bin = install(root)?;
        let port = free_port()?;
        let logs = root.join("target/prism");
        std::fs::create_dir_all(&logs).map_err(|e| format!("{}: {e}", logs.display()))?;
        let log = logs.join(format!("prism-{port}.log"));
        let out = File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let err = out
            .try_clone()
            .map_err(|e| format!("{}: {e}", log.display()))?;
        let mut command = Command::new(&bin);
        command
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .arg(&spec)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err);
        // Its own process group, so that Drop stops Prism's children too.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command
            .spawn()
            .map_err(|e| format!("Prism: could not run {}: {e}", bin.display()))?;
        let mut prism = Prism {
            url: format!("http://127.0.0.1:{port}"),
            log,
            child,
        };
        prism.wait_until_it_answers(SocketAddr::from(([127, 0, 0, 1], port)))?;
        Ok(prism)
    }

    fn wait_until_it_answers(&mut self, addr: SocketAddr) -> Result<(), String> {
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "Prism exited ({status}) before answering: {}",
                    self.log_tail()
                ));
            }
            if answers_http(addr) {
                return Ok(());
            }
            if started.elapsed() > START_TIMEOUT {
                return Err(format!(
                    "Prism did not answer on {} within {START_TIMEOUT:?}: {}",
                    self.url,
                    self.log_tail()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The last lines Prism wrote, on one line.
    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let tail = lines[lines.len().saturating_sub(5)..].join(" | ");
        if tail.is_empty() {
            format!("no output (log {})", self.log.display())
        } else {
            format!("{tail} (log {})", self.log.display())
        }
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        // SIGKILL to the whole process group (Prism and anything it
        // started) while its leader is not reaped yet, so the group id
        // cannot belong to anyone else. No graceful stop: a mock server
        // has nothing to save.
        #[cfg(unix)]
        if let Ok(pgid) = libc::pid_t::try_from(self.child.id())
            && pgid > 1
        {
            // SAFETY: kill(2) with a negative pid only sends a signal.
            unsafe { libc::kill(-pgid, libc::SIGKILL) };
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Node.js and npm are there, or one line saying which is missing.
pub fn require_node() -> Result<(), String> {
    for tool in ["node", "npm"] {
        let found = Command::new(tool)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !found {
            return Err(format!(
                "the end-to-end tests need Prism, which needs Node.js and npm: `{tool}` was not found on PATH (install Node.js 18 or newer with npm)"
            ));
        }
    }
    Ok(())
}

/// The Prism executable, installed with `npm ci` from the committed
/// package-lock when it is not there yet.
fn install(root: &Path) -> Result<PathBuf, String> {
    require_node()?;
    let dir = root.join(PRISM_DIR);
    let bin = dir.join("node_modules/.bin/prism");
    if bin.exists() {
        return Ok(bin);
    }
    println!("==> npm ci (installing Prism into {})", dir.display());
    let output = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("could not run npm ci in {}: {e}", dir.display()))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr
            .lines()
            .rfind(|l| !l.trim().is_empty())
            .unwrap_or("no output");
        return Err(format!(
            "`npm ci` in {} failed ({}): {last}",
            dir.display(),
            output.status
        ));
    }
    if bin.exists() {
        Ok(bin)
    } else {
        Err(format!(
            "`npm ci` in {} did not install {}",
            dir.display(),
            bin.display()
        ))
    }
}

/// A port free on 127.0.0.1 right now.
fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port on 127.0.0.1: {e}"))
}

/// Whether an HTTP server answers at `addr` (any status counts).
fn answers_http(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(500)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut start = [0u8; 5];
    stream.read_exact(&mut start).is_ok() && &start == b"HTTP/"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_spec_is_one_clear_error() {
        let root = crate::root();
        let err = Prism::start(&root, Path::new("spec/no-such-spec.yml"))
            .err()
            .unwrap_or_default();
        assert!(err.contains("no spec at"), "{err}");
        assert!(!err.contains('\n'), "{err}");
    }

    /// Starts a real Prism on spec/ (installing it if needed) and checks
    /// that dropping it stops it. Skipped, saying why, without Node.js.
    #[test]
    fn starts_answers_and_stops_when_dropped() {
        let has_node = Command::new("node")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !has_node {
            println!("skipped: Node.js is not installed, so Prism cannot run");
            return;
        }
        let root = crate::root();
        let prism = Prism::start(&root, Path::new(crate::DEFAULT_SPEC)).expect("Prism starts");
        let port: u16 = prism
            .url
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("a port in the URL");
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        assert!(answers_http(addr));
        drop(prism);
        assert!(
            TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_err(),
            "Prism still listens on {addr} after being dropped"
        );
    }

    #[test]
    fn nothing_listening_does_not_answer() {
        let port = free_port().expect("a free port");
        assert!(!answers_http(SocketAddr::from(([127, 0, 0, 1], port))));
    }
}

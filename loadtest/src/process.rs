//! Starting the servers under test as child processes: each writes its output to a log file
//! in the run's temporary directory, announces its address on stdout, and is killed when
//! dropped. Their memory is read from `/proc/<pid>/status`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use anyhow::Context;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, Command};

pub struct Server {
    pub name: String,
    pub addr: SocketAddr,
    pub pid: u32,
    pub log: PathBuf,
    child: Child,
}

/// What to start.
pub struct Launch<'a> {
    pub name: String,
    pub program: &'a Path,
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    /// The start of the stdout line that carries the URL, e.g. `Shopchat is running at `.
    pub announces: &'a str,
    pub log_dir: &'a Path,
    pub deadline: Duration,
    /// Where it listens when the announced URL is another (a public URL behind a proxy).
    pub listens_on: Option<SocketAddr>,
}

impl Server {
    /// Starts the program and waits for the line with its address (or its exit, reported with
    /// the end of its log).
    pub async fn start(launch: Launch<'_>) -> anyhow::Result<Server> {
        let log = launch.log_dir.join(format!("{}.log", launch.name));
        // Appending, as the copy of stdout below does: neither overwrites the other.
        let stderr = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .with_context(|| format!("creating {}", log.display()))?;
        let mut child = Command::new(launch.program)
            .args(&launch.args)
            // Only what the run sets: no stray DATABASE_URL, LLM key or config file.
            .env_clear()
            .envs(launch.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("starting {}", launch.program.display()))?;
        let pid = child.id().context("the child's pid")?;
        let stdout = child.stdout.take().context("the child's stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        // Stdout is copied to the log too (the server logs there), from the first line on.
        let mut file = tokio::fs::OpenOptions::new()
            .append(true)
            .open(&log)
            .await?;
        let prefix = launch.announces.to_owned();
        let found = tokio::time::timeout(launch.deadline, async {
            while let Ok(Some(line)) = lines.next_line().await {
                let _ = file.write_all(format!("{line}\n").as_bytes()).await;
                if let Some(rest) = line.strip_prefix(&prefix) {
                    return Some(rest.trim().to_owned());
                }
            }
            None
        })
        .await;
        let url = match found {
            Ok(Some(url)) => url,
            Ok(None) | Err(_) => {
                let _ = child.start_kill();
                let status = child.wait().await;
                let why = match found {
                    Ok(None) => {
                        format!("exited ({})", status.map_or("?".into(), |s| s.to_string()))
                    }
                    _ => format!(
                        "printed no {prefix:?} line within {} s",
                        launch.deadline.as_secs()
                    ),
                };
                anyhow::bail!(
                    "{} did not start: it {why}. The end of its log:\n{}",
                    launch.name,
                    tail(&log, 15)
                );
            }
        };
        let addr: SocketAddr = match launch.listens_on {
            Some(addr) => addr,
            None => url
                .trim_start_matches("http://")
                .trim_end_matches('/')
                .parse()
                .with_context(|| {
                    format!("{} announced {url:?}, not http://IP:PORT", launch.name)
                })?,
        };
        // Keep draining stdout into the log so the child never blocks on a full pipe.
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                let _ = file.write_all(format!("{line}\n").as_bytes()).await;
            }
        });
        Ok(Server {
            name: launch.name,
            addr,
            pid,
            log,
            child,
        })
    }

    /// Resident memory now and its peak, in bytes.
    pub fn memory(&self) -> Option<Memory> {
        Memory::of(self.pid)
    }

    /// Kills the process (SIGKILL) and reaps it.
    pub async fn stop(mut self) {
        let _ = self.child.start_kill();
        let _ = self.child.wait().await;
    }

    /// True when the process has exited.
    pub fn has_exited(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }
}

/// Runs a command to its end with only `env` set; `Err` with its output when it fails.
pub async fn run_to_end(
    program: &Path,
    args: &[&str],
    env: &[(String, String)],
) -> anyhow::Result<String> {
    let output = Command::new(program)
        .args(args)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .output()
        .await
        .with_context(|| format!("starting {}", program.display()))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    anyhow::ensure!(
        output.status.success(),
        "`{} {}` failed ({}):\n{}",
        program.display(),
        args.join(" "),
        output.status,
        text.trim_end()
    );
    Ok(text)
}

/// A loopback port free right now (bound and released: another process could take it
/// before the server does, which the server would report at start).
pub fn free_port() -> anyhow::Result<u16> {
    let socket = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(socket.local_addr()?.port())
}

/// The last `n` lines of a file.
pub fn tail(path: &Path, n: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// `VmRSS` and `VmHWM` of a process.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Memory {
    pub rss: u64,
    pub peak: u64,
}

impl Memory {
    pub fn of(pid: u32) -> Option<Memory> {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        Some(Memory::parse(&status))
    }

    pub fn parse(status: &str) -> Memory {
        let kib = |key: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse::<u64>().ok())
                .map(|k| k * 1024)
                .unwrap_or(0)
        };
        Memory {
            rss: kib("VmRSS:"),
            peak: kib("VmHWM:"),
        }
    }

    pub fn max(self, other: Memory) -> Memory {
        Memory {
            rss: self.rss.max(other.rss),
            peak: self.peak.max(other.peak),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rss_and_peak_from_proc_status() {
        let status =
            "Name:\tshopchat\nVmPeak:\t  900000 kB\nVmHWM:\t   61440 kB\nVmRSS:\t   40960 kB\n";
        assert_eq!(
            Memory::parse(status),
            Memory {
                rss: 40 * 1024 * 1024,
                peak: 60 * 1024 * 1024
            }
        );
    }

    #[test]
    fn this_process_has_memory() {
        let own = Memory::of(std::process::id()).expect("/proc is mounted");
        assert!(own.rss > 0 && own.peak >= own.rss);
    }
}

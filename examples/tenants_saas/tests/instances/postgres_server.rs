//! A real PostgreSQL (Debian's `postgresql`) for one test: `initdb` into a scratch folder, the
//! server on a free port of 127.0.0.1 only, its socket in that folder, stopped on drop (also
//! when the test panics). As root it runs as the `postgres` user (or `nobody`), since
//! `initdb` refuses to run as root.

use std::env;
use std::io::{self, Write};
use std::net::{Ipv4Addr, TcpListener};
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::scratch::ScratchDir;

const INSTALL: &str = "run `.ci/install-test-deps` (Debian's `postgresql`), or \
                       `apt-get install postgresql`";
/// How long PostgreSQL may take to accept connections, and to stop.
const TIMEOUT: Duration = Duration::from_secs(30);

pub struct PostgresServer {
    process: Child,
    bin: PathBuf,
    data: PathBuf,
    port: u16,
    /// The user and group it runs as, when the tests run as root.
    user: Option<(u32, u32)>,
    running: bool,
    scratch: ScratchDir,
}

impl PostgresServer {
    /// Starts a new database cluster, or explains loudly why `test` is skipped (`None`); under
    /// `CI=true` missing binaries fail the test instead.
    pub fn start(test: &str) -> Option<Self> {
        let Some(bin) = binaries() else {
            let looked = "looked for initdb in /usr/lib/postgresql/*/bin and on PATH";
            let under_ci = env::var("CI").is_ok_and(|ci| ci == "true");
            assert!(
                !under_ci,
                "CI=true but PostgreSQL is missing ({looked}), so `{test}` cannot run; {INSTALL}"
            );
            // Straight to stderr: libtest hides the output of passing tests.
            let _ = writeln!(
                io::stderr(),
                "SKIPPED {test}: PostgreSQL is missing ({looked}); {INSTALL}"
            );
            return None;
        };
        let scratch = ScratchDir::new("postgres");
        let user = running_as_root().then(unprivileged_user);
        if let Some((uid, gid)) = user {
            std::os::unix::fs::chown(scratch.path(), Some(uid), Some(gid))
                .expect("give the scratch folder to PostgreSQL's user");
        }
        let data = scratch.path().join("data");
        let initdb = command(&bin.join("initdb"), user)
            .arg("-D")
            .arg(&data)
            .args(["-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"])
            .output()
            .expect("run initdb");
        assert_success("initdb", &initdb);
        let port = free_loopback_port();
        let log = std::fs::File::create(scratch.path().join("postgres.log")).expect("a log file");
        let process = command(&bin.join("postgres"), user)
            .arg("-D")
            .arg(&data)
            .arg("-k")
            .arg(scratch.path())
            .args(["-p", &port.to_string(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"])
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("the log file"))
            .stderr(log)
            .spawn()
            .expect("start postgres");
        let mut server = PostgresServer { process, bin, data, port, user, running: true, scratch };
        server.wait_until_ready();
        Some(server)
    }

    /// The URL the example is given.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn wait_until_ready(&mut self) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let ready = command(&self.bin.join("pg_isready"), self.user)
                .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-t", "1"])
                .output()
                .expect("run pg_isready");
            if ready.status.success() {
                return;
            }
            if let Ok(Some(status)) = self.process.try_wait() {
                panic!("postgres exited ({status}) before it was ready:\n{}", self.log());
            }
            assert!(
                Instant::now() < deadline,
                "postgres was not ready in {TIMEOUT:?}:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.scratch.path().join("postgres.log")).unwrap_or_default()
    }

    /// Stops the server (fast shutdown: its connections are closed), and waits until it is gone.
    pub fn stop(&mut self) {
        if !self.running {
            return;
        }
        self.running = false;
        let stopped = command(&self.bin.join("pg_ctl"), self.user)
            .arg("stop")
            .arg("-D")
            .arg(&self.data)
            .args(["-m", "fast", "-w", "-t", &TIMEOUT.as_secs().to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if !stopped.is_ok_and(|status| status.success()) {
            let _ = self.process.kill();
        }
        let _ = self.process.wait();
    }
}

impl Drop for PostgresServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The folder of `initdb`, `postgres`, `pg_ctl` and `pg_isready`: Debian's newest
/// `/usr/lib/postgresql/<version>/bin`, else the folder of the `initdb` on `PATH`.
fn binaries() -> Option<PathBuf> {
    let versions = std::fs::read_dir("/usr/lib/postgresql").into_iter().flatten().flatten();
    let mut debian: Vec<(u32, PathBuf)> = versions
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            Some((version, entry.path().join("bin")))
        })
        .filter(|(_, bin)| bin.join("initdb").is_file())
        .collect();
    debian.sort();
    if let Some((_, bin)) = debian.pop() {
        return Some(bin);
    }
    let path = env::var_os("PATH")?;
    env::split_paths(&path).find(|folder| folder.join("initdb").is_file())
}

fn running_as_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|process| process.uid() == 0)
}

/// The `postgres` user's ids, else `nobody`'s, from /etc/passwd.
fn unprivileged_user() -> (u32, u32) {
    let passwd = std::fs::read_to_string("/etc/passwd").expect("read /etc/passwd");
    let ids = |name: &str| {
        passwd.lines().find_map(|line| {
            let fields: Vec<&str> = line.split(':').collect();
            (fields.first() == Some(&name) && fields.len() > 3)
                .then(|| Some((fields[2].parse().ok()?, fields[3].parse().ok()?)))
                .flatten()
        })
    };
    ids("postgres")
        .or_else(|| ids("nobody"))
        .expect("a `postgres` or `nobody` user to run PostgreSQL as")
}

fn command(program: &Path, user: Option<(u32, u32)>) -> Command {
    let mut command = Command::new(program);
    if let Some((uid, gid)) = user {
        command.uid(uid).gid(gid);
    }
    command
}

fn assert_success(what: &str, output: &Output) {
    assert!(
        output.status.success(),
        "{what} failed ({}):\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn free_loopback_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("a free loopback port");
    listener.local_addr().expect("its address").port()
}

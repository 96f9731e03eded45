//! Reading git within a time limit. libgit2 can spin forever on a damaged
//! repository (its inflate loop makes no progress on a truncated loose
//! object), and a thread inside it cannot be stopped: so each reading runs
//! on a thread of its own, and the caller stops waiting past the limit.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// How a job run within a time limit ended.
pub enum Bounded<T> {
    Done(T),
    /// Still running, on this thread, past the limit.
    Overran(JoinHandle<()>),
    /// It could not start, or it panicked.
    Failed(String),
}

/// Runs `job` on a thread of its own, waiting for it at most `limit`.
pub fn run_within<T: Send + 'static>(
    limit: Duration,
    job: impl FnOnce() -> T + Send + 'static,
) -> Bounded<T> {
    let (sender, receiver) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("git history".to_owned())
        .spawn(move || {
            let _ = sender.send(job());
        });
    let thread = match spawned {
        Ok(thread) => thread,
        Err(error) => return Bounded::Failed(error.to_string()),
    };
    match receiver.recv_timeout(limit) {
        Ok(value) => Bounded::Done(value),
        Err(RecvTimeoutError::Timeout) => Bounded::Overran(thread),
        Err(RecvTimeoutError::Disconnected) => {
            Bounded::Failed("it stopped unexpectedly".to_owned())
        }
    }
}

/// That `what` overran `limit`.
pub fn overran(what: &str, limit: Duration) -> String {
    let seconds = match limit.as_secs() {
        1 => "1 second".to_owned(),
        count => format!("{count} seconds"),
    };
    format!("{what} took longer than {seconds} ([history] max_seconds)")
}

/// What to do when reading overran.
pub const ADVICE: &str = "run `git fsck`: a damaged object can make reading never end; \
                          for a very large repository, raise [history] max_seconds";

/// Readers that overran their time, by roadmap folder: left to finish in
/// the background, which may be never. No second reader of the same
/// roadmap starts meanwhile, so that a long-running `serve` does not pile
/// up threads that spin.
static OVERRUN: Mutex<BTreeMap<PathBuf, JoinHandle<()>>> = Mutex::new(BTreeMap::new());

fn overrun() -> MutexGuard<'static, BTreeMap<PathBuf, JoinHandle<()>>> {
    OVERRUN.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Whether a reader of `folder` that overran its time is still at work.
pub fn still_reading(folder: &Path) -> bool {
    let mut overrun = overrun();
    let busy = overrun
        .get(folder)
        .is_some_and(|reader| !reader.is_finished());
    if !busy {
        overrun.remove(folder);
    }
    busy
}

/// Leaves `reader`, which overran its time, to finish in the background.
pub fn leave_reading(folder: PathBuf, reader: JoinHandle<()>) {
    overrun().insert(folder, reader);
}

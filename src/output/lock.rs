//! Builds into one output take turns: an advisory lock file beside the
//! output, and the removal of what killed builds left there.

use super::OutputError;
use crate::source;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a build waits for another one into the same output: far
/// longer than a build takes, so that only a build that hangs makes the
/// next one give up.
pub(super) const LOCK_PATIENCE: Duration = Duration::from_secs(600);

/// How often a waiting build tries the lock again.
const LOCK_RETRY: Duration = Duration::from_millis(50);

/// An advisory lock on an output, held from before its staging folder is
/// made until the new site is in place, so that builds into one output
/// take turns instead of removing each other's staging folders. The system
/// releases it when the process ends, however it ends.
#[derive(Debug)]
pub(super) struct OutputLock {
    file: std::fs::File,
    path: PathBuf,
}

impl OutputLock {
    /// Locks the lock file at `path`, waiting up to `patience` for another
    /// build into `output` to finish; `waiting` is told once if it must.
    pub(super) fn acquire(
        path: &Path,
        output: &Path,
        patience: Duration,
        waiting: &dyn Fn(&Path),
    ) -> Result<OutputLock, OutputError> {
        let started = Instant::now();
        let mut told = false;
        loop {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(path)
                .map_err(source::fs_error("create", path))?;
            match file.try_lock() {
                Ok(()) if is_current(&file, path) => {
                    return Ok(OutputLock {
                        file,
                        path: path.to_owned(),
                    })
                }
                // The build that held it removed it on finishing: the next
                // build locks the file that is there now.
                Ok(()) => continue,
                Err(std::fs::TryLockError::WouldBlock) => {}
                Err(std::fs::TryLockError::Error(error)) => {
                    return Err(source::fs_error("lock", path)(error).into())
                }
            }
            if started.elapsed() >= patience {
                return Err(OutputError::Busy {
                    output: output.to_owned(),
                    waited: patience,
                });
            }
            if !told {
                waiting(output);
                told = true;
            }
            std::thread::sleep(LOCK_RETRY);
        }
    }
}

/// Whether `file` is still the one at `path`.
#[cfg(unix)]
fn is_current(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(open), Ok(named)) => (open.dev(), open.ino()) == (named.dev(), named.ino()),
        _ => false,
    }
}

/// Lock files are never removed here (see `Drop`), so the open one is current.
#[cfg(not(unix))]
fn is_current(_: &std::fs::File, _: &Path) -> bool {
    true
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked, so that no build can lock a file that
        // is gone: one that opened it before checks which file it holds.
        // Elsewhere than on Unix, a file in use is not removed cleanly, so
        // it stays.
        if cfg!(unix) {
            let _ = std::fs::remove_file(&self.path);
        }
        let _ = self.file.unlock();
    }
}

/// Removes what builds that were killed left beside the output: staging
/// folders whose process is gone, named by its id after `prefix`. One with
/// this process's id is left over too, as this build holds the lock.
pub(super) fn remove_stale_stages(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name
            .to_string_lossy()
            .strip_prefix(prefix)
            .map(str::to_owned)
        else {
            continue;
        };
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let Ok(pid) = rest[..digits].parse::<u32>() else {
            continue;
        };
        if pid == std::process::id() || process_is_gone(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether no process has the id `pid` (one of another user still counts).
#[cfg(unix)]
fn process_is_gone(pid: u32) -> bool {
    use rustix::process::{test_kill_process, Pid};
    let pid = i32::try_from(pid).ok().and_then(Pid::from_raw);
    pid.is_some_and(|pid| test_kill_process(pid) == Err(rustix::io::Errno::SRCH))
}

/// Where that cannot be told, another build's folder is never removed.
#[cfg(not(unix))]
fn process_is_gone(_: u32) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_waits_for_the_lock_then_gives_up_saying_why() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".public.waymark-lock");
        let output = dir.path().join("public");
        let held = OutputLock::acquire(&path, &output, Duration::ZERO, &|_| {}).unwrap();
        let told = std::cell::Cell::new(0);
        let patience = Duration::from_millis(200);
        let tell = |_: &Path| told.set(told.get() + 1);
        let error = OutputLock::acquire(&path, &output, patience, &tell).unwrap_err();
        assert_eq!(told.get(), 1, "told once that it waits");
        assert!(error.to_string().contains("another build into"), "{error}");
        drop(held);
        assert!(
            !path.exists() || cfg!(not(unix)),
            "the lock file goes with the lock"
        );
        OutputLock::acquire(&path, &output, Duration::ZERO, &|_| {}).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn only_stages_whose_process_is_gone_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let prefix = ".public.waymark-staging-";
        let mut ended = std::process::Command::new("true").spawn().unwrap();
        ended.wait().unwrap();
        let running = std::process::Command::new("sleep")
            .arg("10")
            .spawn()
            .unwrap();
        let stage = |pid: u32, suffix: &str| {
            let path = dir.path().join(format!("{prefix}{pid}{suffix}"));
            std::fs::create_dir(&path).unwrap();
            path
        };
        let gone = stage(ended.id(), "");
        let gone_retired = stage(ended.id(), ".previous");
        let own = stage(std::process::id(), "");
        let alive = stage(running.id(), "");
        remove_stale_stages(dir.path(), prefix);
        let mut running = running;
        let _ = running.kill();
        let _ = running.wait();
        assert!(!gone.exists() && !gone_retired.exists() && !own.exists());
        assert!(alive.exists(), "a running build's folder stays");
    }
}

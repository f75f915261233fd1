//! How far the current build is: pages rendered and PDFs typeset out of
//! all of them, counted as the work is done. The command line shows it as a
//! progress bar on a terminal; nothing else reads it, and a library user
//! may ignore it. One counter per process: builds running at once (as in
//! the tests) share it, which only makes the bar approximate.

use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Debug, Default)]
pub struct Progress {
    total: AtomicUsize,
    done: AtomicUsize,
}

/// The process's counter.
pub static PROGRESS: Progress = Progress {
    total: AtomicUsize::new(0),
    done: AtomicUsize::new(0),
};

impl Progress {
    /// A build knows how much there is to do: `total` steps.
    pub fn start(&self, total: usize) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    /// One step done.
    pub fn step(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// Steps done and in all; `(0, 0)` before a build knows its size.
    pub fn get(&self) -> (usize, usize) {
        let total = self.total.load(Ordering::Relaxed);
        (self.done.load(Ordering::Relaxed).min(total), total)
    }
}

/// With `AWAAZ_TIMINGS=1` in the environment, prints to stderr how long
/// the build took to reach `phase` since the last one, and the memory the
/// process holds then: for finding what is slow on a given site and
/// machine. Otherwise does nothing.
pub fn phase(phase: &str) {
    use std::sync::Mutex;
    use std::time::Instant;
    static ENABLED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    static LAST: Mutex<Option<(Instant, f64)>> = Mutex::new(None);
    if !*ENABLED.get_or_init(|| std::env::var_os("AWAAZ_TIMINGS").is_some_and(|v| v != "0")) {
        return;
    }
    let (now, cpu) = (Instant::now(), cpu_ms());
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((before, cpu_before)) = *last {
        eprintln!(
            "{:>8.1} ms {:>8.1} ms CPU {:>6} MB  {phase}",
            (now - before).as_secs_f64() * 1000.0,
            cpu - cpu_before,
            resident_mb()
        );
    }
    *last = Some((now, cpu));
}

/// The processor time the process has used so far, all threads, user and
/// system, in milliseconds; 0 where the system does not tell.
fn cpu_ms() -> f64 {
    // utime and stime, fields 14 and 15 of /proc/self/stat, in clock ticks
    // (100 a second on Linux); the command name before them may hold spaces.
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: u64 = after_name
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|t| t.parse::<u64>().ok())
        .sum();
    ticks as f64 * 10.0
}

/// The memory the process holds now (resident set), in MB; 0 where the
/// system does not tell.
fn resident_mb() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages * 4096 / (1024 * 1024)
}

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

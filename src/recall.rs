//! One step's results from the last build, kept for the next: the
//! building block of a [`crate::memory::Memory`].
//!
//! A [`Recall`] holds what the last build made, to take from, and what
//! this build makes, to keep. A step takes an entry only after comparing
//! the inputs it was made from with the new ones; entries a build did not
//! keep are gone after it. The map knows nothing of what it holds.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, MutexGuard};

/// A map of one step's results: those of the last build, to take from, and
/// those of this build, to keep. Split in shards, each behind its own lock,
/// so that the two threads of a build rarely wait for each other.
pub struct Recall<K, V> {
    shards: Vec<Mutex<Shard<K, V>>>,
}

struct Shard<K, V> {
    last: HashMap<K, V>,
    this: HashMap<K, V>,
}

const SHARDS: usize = 64;

/// The lock's value, also when a thread panicked holding it: every entry
/// is checked against its inputs before use, so none is trusted blindly.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The value a lock held, once no thread uses it, as [`lock`] reads it.
pub(crate) fn unlocked<T>(m: Mutex<T>) -> T {
    m.into_inner().unwrap_or_else(|e| e.into_inner())
}

impl<K, V> Default for Recall<K, V> {
    fn default() -> Self {
        Recall {
            shards: (0..SHARDS)
                .map(|_| {
                    Mutex::new(Shard {
                        last: HashMap::new(),
                        this: HashMap::new(),
                    })
                })
                .collect(),
        }
    }
}

impl<K: Eq + Hash, V> Recall<K, V> {
    fn shard(&self, key: &K) -> MutexGuard<'_, Shard<K, V>> {
        use std::hash::BuildHasher;
        let hash =
            std::hash::BuildHasherDefault::<std::hash::DefaultHasher>::default().hash_one(key);
        lock(&self.shards[hash as usize % SHARDS])
    }

    /// Starts a build: last build's entries become the ones to take from.
    pub(crate) fn begin(&self) {
        for shard in &self.shards {
            let mut shard = lock(shard);
            shard.last = std::mem::take(&mut shard.this);
        }
    }

    /// Forgets everything: the next build makes every entry anew.
    pub(crate) fn forget(&self) {
        for shard in &self.shards {
            let mut shard = lock(shard);
            shard.last.clear();
            shard.this.clear();
        }
    }

    /// Last build's result for `key`, if there was one (taken out).
    pub(crate) fn take(&self, key: &K) -> Option<V> {
        self.shard(key).last.remove(key)
    }

    /// Looks at last build's result for `key` without taking it.
    pub(crate) fn with_last<R>(&self, key: &K, look: impl FnOnce(&V) -> R) -> Option<R> {
        self.shard(key).last.get(key).map(look)
    }

    /// Keeps last build's result for `key` for the next build as it is:
    /// for a result this build reused without asking for it.
    pub(crate) fn carry(&self, key: &K) {
        let mut shard = self.shard(key);
        if let Some((key, value)) = shard.last.remove_entry(key) {
            shard.this.insert(key, value);
        }
    }

    /// [`Recall::carry`], giving back what `look` makes of the result (which
    /// it may bring up to date).
    pub(crate) fn carry_with<R>(&self, key: &K, look: impl FnOnce(&mut V) -> R) -> Option<R> {
        let mut shard = self.shard(key);
        let (key, mut value) = shard.last.remove_entry(key)?;
        let seen = look(&mut value);
        shard.this.insert(key, value);
        Some(seen)
    }

    /// [`Recall::carry`] for every entry of the last build.
    pub(crate) fn carry_all(&self) {
        for shard in &self.shards {
            let mut shard = lock(shard);
            let last = std::mem::take(&mut shard.last);
            if shard.this.is_empty() {
                shard.this = last;
            } else {
                shard.this.extend(last);
            }
        }
    }

    /// How many results the last build kept.
    pub(crate) fn last_len(&self) -> usize {
        self.shards.iter().map(|s| lock(s).last.len()).sum()
    }

    /// Changes last build's result for `key`, if there was one.
    pub(crate) fn change_last(&self, key: &K, change: impl FnOnce(&mut V)) {
        if let Some(value) = self.shard(key).last.get_mut(key) {
            change(value);
        }
    }

    /// Keeps this build's result for the next.
    pub(crate) fn keep(&self, key: K, value: V) {
        let mut shard = self.shard(&key);
        shard.this.insert(key, value);
    }
}

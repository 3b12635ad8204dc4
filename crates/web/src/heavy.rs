//! The heavy lane: work a request may ask for that costs far more processor than a page —
//! reading an uploaded return or record file, checking a password with Argon2id, typesetting a
//! report — runs on a few threads of its own at a lower CPU priority (Unix niceness 10).
//!
//! Such work never holds the store, so priority is only about the processor: when the machine is
//! busy, the pages everyone else asks for win it, and a hostile client who sends one expensive
//! request after another slows down only those requests and the others on this lane. The
//! threads are made once and lowered once: a thread that runs store calls never has its priority
//! changed, so no low-priority thread ever holds the store while others wait for it.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// How much lower than the rest of the server the lane runs (added to the server's niceness, at
/// most 19): with Linux's default scheduler a
/// thread at niceness 10 gets about a tenth of the processor time of one at 0 when both want it,
/// and all of it when nothing else does.
const NICENESS: i32 = 10;

/// Threads on the lane: one for files (read one at a time anyway, see `AppState::read`) and one
/// for passwords and reports, so that a long file does not hold up logins.
const THREADS: usize = 2;

/// Why work on the lane gave no result.
#[derive(Debug)]
pub(crate) struct Failed(String);

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub(crate) struct Heavy {
    pool: rayon::ThreadPool,
}

impl Heavy {
    pub(crate) fn new() -> Heavy {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(THREADS)
            .thread_name(|i| format!("rapporteur-heavy-{i}"))
            .start_handler(|_| lower_priority())
            .build()
            .expect("the heavy lane's threads start");
        Heavy { pool }
    }

    /// Runs `f` on the lane and waits for it without blocking the server's other requests. A
    /// panic in `f` is returned as a failure, never taken further.
    pub(crate) async fn run<T, F>(&self, f: F) -> Result<T, Failed>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let (send, receive) = tokio::sync::oneshot::channel();
        self.pool.spawn(move || {
            let _ = send.send(catch_unwind(AssertUnwindSafe(f)));
        });
        match receive.await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(panic)) => Err(Failed(panic_message(&*panic))),
            Err(_) => Err(Failed("the heavy lane stopped before answering".into())),
        }
    }
}

fn panic_message(panic: &(dyn Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "work on the heavy lane panicked".into())
}

/// Lowers the calling thread's CPU priority. Best effort: where the system refuses, the lane
/// still works, at the server's priority.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    {
        let thread = Some(rustix::thread::gettid());
        // Relative to the server's own niceness (a thread starts with its creator's).
        let lowered = rustix::process::getpriority_process(thread)
            .and_then(|now| rustix::process::setpriority_process(thread, (now + NICENESS).min(19)));
        if let Err(error) = lowered {
            tracing::warn!(%error, "the heavy lane runs at the server's priority");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn work_runs_on_the_lane_at_a_lower_priority_and_a_panic_is_a_failure() {
        let heavy = Heavy::new();
        let (name, priority) = heavy
            .run(|| {
                let name = std::thread::current().name().map(str::to_string);
                (name, rustix::process::getpriority_process(Some(rustix::thread::gettid())))
            })
            .await
            .unwrap();
        assert!(name.is_some_and(|n| n.starts_with("rapporteur-heavy-")));
        let server = rustix::process::getpriority_process(Some(rustix::thread::gettid())).unwrap();
        assert_eq!(priority.unwrap(), (server + NICENESS).min(19));
        let failed = heavy.run(|| -> u8 { panic!("a damaged file") }).await.unwrap_err();
        assert_eq!(failed.to_string(), "a damaged file");
        // The lane survives a panic.
        assert_eq!(heavy.run(|| 2 + 2).await.unwrap(), 4);
    }
}

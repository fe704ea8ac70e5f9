//! Running core work from Python: without the GIL, a panic (a bug) as a `NewsgazError`,
//! and, for long inputs, Ctrl-C honoured while the work runs.

use std::sync::mpsc;
use std::time::Duration;

use pyo3::prelude::*;

use crate::errors::NewsgazError;

/// Inputs at least this long are worked on a thread of their own, so that Ctrl-C is
/// honoured during one long call; shorter ones take a few milliseconds at most.
pub const LONG_INPUT: usize = 1 << 20;

/// How often a caller waiting for long work checks for Ctrl-C.
const SIGNAL_POLL: Duration = Duration::from_millis(20);

/// Runs `work` without the GIL. A panic in it becomes a `NewsgazError` that says so, not
/// a `PanicException`, which `except Exception` does not catch.
pub fn detach<T: Send>(py: Python<'_>, work: impl FnOnce() -> T + Send) -> PyResult<T> {
    py.detach(|| std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)))
        .map_err(internal_error)
}

/// Runs `work` on a thread of its own while the caller waits without the GIL, checking
/// for Ctrl-C every 20 ms: a `KeyboardInterrupt` returns at once and the abandoned work
/// finishes in the background, its result dropped. Panics as in [`detach`].
pub fn interruptible<T: Send + 'static>(
    py: Python<'_>,
    work: impl FnOnce() -> T + Send + 'static,
) -> PyResult<T> {
    let (done, outcome) = mpsc::channel();
    std::thread::Builder::new()
        .name("newsgaz-long-call".into())
        .spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
            // The caller may have gone (Ctrl-C): then nobody wants the result.
            let _ = done.send(result);
        })
        .map_err(|e| NewsgazError::new_err(format!("cannot start a thread: {e}")))?;
    // A receiver may not be shared between threads; the caller's detached wait borrows it.
    let outcome = std::sync::Mutex::new(outcome);
    let wait = || {
        let outcome = outcome.lock().unwrap_or_else(|e| e.into_inner());
        outcome.recv_timeout(SIGNAL_POLL)
    };
    loop {
        match py.detach(wait) {
            Ok(result) => return result.map_err(internal_error),
            Err(mpsc::RecvTimeoutError::Timeout) => py.check_signals()?,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(NewsgazError::new_err(
                    "internal error in newsgaz: a worker vanished",
                ))
            }
        }
    }
}

fn internal_error(panic: Box<dyn std::any::Any + Send>) -> PyErr {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into());
    NewsgazError::new_err(format!(
        "internal error in newsgaz (please report it): {message}"
    ))
}

/// Test helper: panics inside [`detach`], as a bug would.
#[pyfunction]
pub fn _panic_in_core(py: Python<'_>, message: String) -> PyResult<()> {
    detach(py, move || -> () { panic!("{message}") })
}

//! Running core work from Python: without the GIL, a panic (a bug) as a `NewsgazError`,
//! and, for long inputs, Ctrl-C honoured while the work runs.

use std::sync::mpsc;
use std::time::Duration;

use pyo3::prelude::*;
use pyo3::types::PyString;

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

/// A Python `str`'s UTF-8 text that another thread may read without the GIL and without
/// a copy: it holds a reference to the `str`, whose UTF-8 buffer is immutable and lives as
/// long as the object does.
///
/// Clones share that one reference. The caller keeps a clone while a worker reads its
/// own: the worker's is dropped when its work returns, before the result is sent, so the
/// `str` is released by the caller, with the GIL. Released without it, the reference would
/// go to PyO3's queue of deferred releases, and once that queue exists every later
/// deallocation of one of our objects takes its lock (3% of a `find` and its `del`).
#[derive(Clone)]
pub struct SharedText {
    _owner: std::sync::Arc<Py<PyString>>,
    ptr: *const u8,
    len: usize,
}

// The buffer is never written, and the owner (a `Py`, which is Send) keeps it alive.
unsafe impl Send for SharedText {}

impl SharedText {
    /// The text of `text`.
    pub fn new(py: Python<'_>, text: &Py<PyString>) -> PyResult<SharedText> {
        let str = text.bind(py).to_str()?;
        Ok(SharedText {
            _owner: std::sync::Arc::new(text.clone_ref(py)),
            ptr: str.as_ptr(),
            len: str.len(),
        })
    }

    /// The text, valid while `self` is.
    pub fn as_str(&self) -> &str {
        // SAFETY: `ptr..ptr + len` is the UTF-8 buffer `to_str` returned for the object
        // `_owner` keeps alive; CPython never changes a `str` once made.
        unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(self.ptr, self.len)) }
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

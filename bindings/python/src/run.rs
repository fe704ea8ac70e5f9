//! Running core work from Python: without the GIL, a panic (a bug) as a `NewsgazError`,
//! and for long calls Ctrl-C honoured while the work runs, on the calling thread.

use pyo3::prelude::*;

use crate::errors::NewsgazError;

/// Runs `work` without the GIL. A panic in it becomes a `NewsgazError` that says so, not
/// a `PanicException`, which `except Exception` does not catch.
pub fn detach<T: Send>(py: Python<'_>, work: impl FnOnce() -> T + Send) -> PyResult<T> {
    py.detach(|| std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)))
        .map_err(internal_error)
}

/// Runs `work` without the GIL, on this thread, handing it the one question every long
/// core call asks between mebibytes, `keep_going`: it takes the GIL back for a moment to
/// see whether Ctrl-C was pressed. A pending `KeyboardInterrupt` makes the call stop with
/// [`newsgaz::Interrupted`], and is raised here. Panics as in [`detach`].
pub fn run_interruptible<T: Send>(
    py: Python<'_>,
    work: impl FnOnce(&mut dyn FnMut() -> bool) -> Result<T, newsgaz::Interrupted> + Send,
) -> PyResult<T> {
    let mut pending = None;
    let outcome = detach(py, || {
        work(&mut || {
            Python::attach(|py| py.check_signals())
                .map_err(|e| pending = Some(e))
                .is_ok()
        })
    })?;
    outcome.map_err(|newsgaz::Interrupted| {
        pending.unwrap_or_else(|| NewsgazError::new_err("the call was interrupted"))
    })
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

/// The threads a batch asked for `requested` runs on (at most four a core, as in the
/// core), with a `ResourceWarning` when that is fewer.
pub fn threads(py: Python<'_>, requested: Option<usize>) -> PyResult<Option<usize>> {
    let granted = newsgaz::batch::thread_count(requested);
    if let Some(asked) = requested.filter(|&asked| asked > granted) {
        let message = std::ffi::CString::new(format!(
            "threads={asked} is more than {} a core: running {granted}",
            newsgaz::batch::MAX_THREADS_PER_CORE
        ))
        .expect("no NUL");
        let category = py.get_type::<pyo3::exceptions::PyResourceWarning>();
        PyErr::warn(py, &category, &message, 1)?;
    }
    Ok(requested.map(|_| granted))
}

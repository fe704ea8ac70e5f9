//! The one place core errors become Python exceptions.

use pyo3::exceptions::{
    PyFileNotFoundError, PyIsADirectoryError, PyOSError, PyPermissionError, PyValueError,
};
use pyo3::PyErr;

pyo3::create_exception!(
    newsgaz,
    NewsgazError,
    PyValueError,
    "Base class of newsgaz errors."
);
pyo3::create_exception!(
    newsgaz,
    GazetteerError,
    NewsgazError,
    "A gazetteer could not be loaded."
);
pyo3::create_exception!(
    newsgaz,
    ArticleError,
    NewsgazError,
    "An article could not be parsed."
);

/// A core error as the exception of its kind: reading a file fails as Python's own
/// `OSError` subclasses do (`FileNotFoundError`, `IsADirectoryError`, `PermissionError`),
/// everything else as a `NewsgazError`.
pub fn to_py(error: impl Into<newsgaz::Error>) -> PyErr {
    let error = error.into();
    let io = match &error {
        newsgaz::Error::Gazetteer(newsgaz::GazetteerError::Io { source, .. }) => Some(source),
        newsgaz::Error::Article(newsgaz::ArticleError::Io { source, .. }) => Some(source),
        _ => None,
    };
    if let Some(source) = io {
        let message = error.to_string();
        // EISDIR: `ErrorKind::IsADirectory` is newer than the supported Rust.
        return match (source.kind(), source.raw_os_error()) {
            (std::io::ErrorKind::NotFound, _) => PyFileNotFoundError::new_err(message),
            (std::io::ErrorKind::PermissionDenied, _) => PyPermissionError::new_err(message),
            (_, Some(21)) => PyIsADirectoryError::new_err(message),
            _ => PyOSError::new_err(message),
        };
    }
    match error {
        newsgaz::Error::Gazetteer(e) => GazetteerError::new_err(e.to_string()),
        newsgaz::Error::Article(e) => ArticleError::new_err(e.to_string()),
        e => NewsgazError::new_err(e.to_string()),
    }
}

/// Options that do not parse (an unknown key, a wrong type).
pub fn invalid_options(what: &str, error: impl std::fmt::Display) -> PyErr {
    NewsgazError::new_err(format!("invalid {what} option: {error}"))
}

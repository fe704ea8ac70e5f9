//! The one place core errors become Python exceptions.

use pyo3::exceptions::PyValueError;
use pyo3::PyErr;

pyo3::create_exception!(
    _newsgaz,
    NewsgazError,
    PyValueError,
    "Base class of newsgaz errors."
);
pyo3::create_exception!(
    _newsgaz,
    GazetteerError,
    NewsgazError,
    "A gazetteer could not be loaded."
);
pyo3::create_exception!(
    _newsgaz,
    ArticleError,
    NewsgazError,
    "An article could not be parsed."
);

/// A core error as the exception of its kind.
pub fn to_py(error: impl Into<newsgaz::Error>) -> PyErr {
    match error.into() {
        newsgaz::Error::Gazetteer(e) => GazetteerError::new_err(e.to_string()),
        newsgaz::Error::Article(e) => ArticleError::new_err(e.to_string()),
        e => NewsgazError::new_err(e.to_string()),
    }
}

/// Options that do not parse (an unknown key, a wrong type).
pub fn invalid_options(what: &str, error: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(format!("invalid {what} option: {error}"))
}

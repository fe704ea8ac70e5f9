//! Compiled gazetteer loading: the input as a file and as a correctly sealed payload,
//! refused with a typed error or loaded into a matcher that searches with spans on char
//! boundaries (`newsgaz_conformance::robustness::check_compiled_bytes`). Run with
//! `scripts/fuzz.sh SECONDS compiled_load`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgaz_conformance::robustness::check_compiled_bytes;

fuzz_target!(|bytes: &[u8]| {
    if let Err(e) = check_compiled_bytes(bytes) {
        panic!("{e}");
    }
});

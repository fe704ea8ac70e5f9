//! HTML pages and WARC archives, strictly and lossily decoded, then annotation: no panic,
//! every span on char boundaries (`newsgaz_conformance::robustness::check_page_bytes`).
//! Run with `scripts/fuzz.sh SECONDS page_parse`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgaz_conformance::robustness::check_page_bytes;

fuzz_target!(|bytes: &[u8]| {
    if let Err(e) = check_page_bytes(bytes) {
        panic!("{e}");
    }
});

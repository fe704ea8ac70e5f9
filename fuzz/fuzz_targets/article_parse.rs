//! Article parsing in every layout and decoding, then annotation: no panic, every span on char boundaries
//! (`newsgaz_conformance::robustness::check_article_bytes`). Run with `scripts/fuzz.sh SECONDS article_parse`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgaz_conformance::robustness::check_article_bytes;

fuzz_target!(|bytes: &[u8]| {
    if let Err(e) = check_article_bytes(bytes) {
        panic!("{e}");
    }
});

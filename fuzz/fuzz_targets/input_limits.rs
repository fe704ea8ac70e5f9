//! Every layout read under small limits, strictly and lossily (charsets, UTF-16, escapes,
//! oversized records, deep pages): no panic, and as many records in the same order as
//! without limits (`newsgaz_conformance::robustness::check_limited_bytes`). Run with
//! `scripts/fuzz.sh SECONDS input_limits`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgaz_conformance::robustness::check_limited_bytes;

fuzz_target!(|bytes: &[u8]| {
    if let Err(e) = check_limited_bytes(bytes) {
        panic!("{e}");
    }
});

//! Gazetteer loading (JSON Lines), then matching its own bytes: no panic, every span on char boundaries
//! (`newsgaz_conformance::robustness::check_gazetteer_bytes`). Run with `scripts/fuzz.sh SECONDS gazetteer_load`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgaz_conformance::robustness::check_gazetteer_bytes;

fuzz_target!(|bytes: &[u8]| {
    if let Err(e) = check_gazetteer_bytes(bytes) {
        panic!("{e}");
    }
});

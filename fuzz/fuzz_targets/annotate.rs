//! Annotation with a fuzzer-chosen gazetteer and text: no panic, every span on char boundaries
//! (`newsgaz_conformance::robustness::check_annotation_bytes`). Run with `scripts/fuzz.sh SECONDS annotate`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgaz_conformance::robustness::check_annotation_bytes;

fuzz_target!(|bytes: &[u8]| {
    if let Err(e) = check_annotation_bytes(bytes) {
        panic!("{e}");
    }
});

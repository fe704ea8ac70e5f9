//! The matcher against the naive reference on fuzzer-chosen scenarios: the same check as
//! `tests/matcher_reference.rs`. Run with `scripts/fuzz.sh SECONDS` (stable toolchain).
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgaz_conformance::reference::{check, scenario};

fuzz_target!(|bytes: &[u8]| {
    if let Some(s) = scenario(bytes) {
        if let Err(e) = check(&s) {
            panic!("matcher and reference disagree:\n{e}");
        }
    }
});

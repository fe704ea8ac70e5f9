//! Eight bytes at a time: the constants and loads of the scans that test a word's worth of
//! text at once (capitals, word characters, UTF-8 continuation bytes).

/// `0x01` in every byte of a word.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
/// The top bit of every byte.
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;

/// The first eight bytes of `chunk`, little-endian; panics when it holds fewer.
#[inline]
pub(crate) fn load8(chunk: &[u8]) -> u64 {
    u64::from_le_bytes(chunk[..8].try_into().expect("eight bytes"))
}

/// The eight bytes of `bytes` from `at`, little-endian, zeros past the end.
#[inline]
pub(crate) fn load8_padded(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(eight) => load8(eight),
        None => {
            let mut padded = [0u8; 8];
            let rest = bytes.get(at..).unwrap_or_default();
            padded[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(padded)
        }
    }
}

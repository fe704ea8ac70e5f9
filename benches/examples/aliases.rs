//! Writes the benchmark alias list (see `newsgaz_benches::bench_aliases`), one per line:
//! the gazetteer the peer comparison gives every matcher.
//!
//! `cargo run --release -p newsgaz-benches --example aliases -- N > aliases.txt`

use std::io::Write;

use newsgaz_benches::{bench_aliases, shared_data};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .expect("usage: aliases N")
        .parse()
        .expect("N is a number");
    let Some(data) = shared_data() else {
        std::process::exit(2)
    };
    let geonames = newsgaz_benches::geonames_aliases(&data).len().min(n);
    eprintln!(
        "{n} aliases: {geonames} from GeoNames, {} made up",
        n - geonames
    );
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for alias in bench_aliases(&data, n) {
        writeln!(out, "{alias}").expect("stdout");
    }
}

#!/usr/bin/env bash
# The peer comparison in one command: makes benches/peers/.venv, installs the peers and a
# release build of newsgaz into it, builds the Rust side, then runs bench.py (arguments
# are passed on: `run.sh --sizes 10000 100000`). Writes benches/peers/results/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
if [ ! -x "$here/.venv/bin/python" ]; then
    python3 -m venv "$here/.venv"
fi
py="$here/.venv/bin/python"
"$py" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
# newsgaz itself, optimised, as a user would install it.
VIRTUAL_ENV="$here/.venv" "$here/.venv/bin/maturin" develop --quiet --release \
    -m bindings/python/Cargo.toml
cargo build --quiet --release -p newsgaz-benches --example aliases --example peer_rust
exec "$py" "$here/bench.py" all "$@"

#!/usr/bin/env bash
# Sets up what is missing, then runs every check and test: format, lints, native tests, a short fuzz run of the
# share decoders, wasm component tests in headless Chromium, a release build, and the Playwright end-to-end
# suite against the built dist/.
# Runs every step even after a failure, prints a summary, and exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || { echo "setup failed"; exit 1; }
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"

passed=0
failed=0
failures=()
step() {
  local name="$1"; shift
  printf '\n\033[1;34m==> %s\033[0m\n' "$name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures+=("$name")
  fi
}

e2e() {
  local port="${E2E_PORT:-8765}"
  python3 -m http.server "$port" --bind 127.0.0.1 -d dist >/tmp/distlab-e2e-server.log 2>&1 &
  local server=$!
  # Wait until the server answers (at most 10 s).
  for _ in $(seq 1 50); do
    if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/', timeout=1)" 2>/dev/null; then break; fi
    sleep 0.2
  done
  DISTLAB_URL="http://127.0.0.1:$port/" node --test --test-concurrency=1 tests/e2e/
  local status=$?
  kill "$server" 2>/dev/null
  wait "$server" 2>/dev/null
  return $status
}

# Rust's float printer and parser weigh about 8 kB gzip each; the app writes and reads its numbers without
# them (core::decimal, ui::numbers). A `{}` of an f64 anywhere brings the printer back, which no source grep
# can see, so look for their functions' names in the release build's wasm (before wasm-opt strips names).
no_float_formatting_in_app() {
  local wasm=target/wasm32-unknown-unknown/release/distlab.wasm found=""
  [ -f "$wasm" ] || { echo "no release build at $wasm"; return 1; }
  for name in float_to_decimal_common float_to_exponential_common dec2flt; do
    if grep -q "$name" "$wasm"; then found="$found $name"; fi
  done
  [ -z "$found" ] || { echo "the app's wasm contains Rust's float formatting:$found (see ARCHITECTURE.md, numbers)"; return 1; }
}

# The core is a crate of its own; nothing in its dependency tree may be a web crate.
core_has_no_web_crate() {
  local web
  web=$(cargo tree -p distlab-core -e normal,build --prefix none | grep -E '^(yew|web-sys|wasm-bindgen|js-sys|gloo)' || true)
  [ -z "$web" ] || { echo "distlab-core depends on web crates:"; echo "$web"; return 1; }
}

step "cargo fmt --check" cargo fmt --all --check
step "core alone: no web crate in cargo tree -p distlab-core" core_has_no_web_crate
step "cargo clippy" cargo clippy --workspace --all-targets -- -D warnings
step "cargo clippy (wasm: app and browser tests)" cargo clippy --target wasm32-unknown-unknown --lib --bins --test web --test web_sequence -- -D warnings
step "core alone: cargo test -p distlab-core" cargo test -p distlab-core
step "app: cargo test -p distlab (the UI's pure parts)" cargo test -p distlab
step "fuzz the share decoders (cargo fuzz, 20 s each)" bash scripts/fuzz.sh
step "wasm component tests in headless Chromium" cargo test --target wasm32-unknown-unknown --test web --test web_sequence
step "release build (trunk build --release)" trunk build --release
step "no float printing or parsing in the app's wasm" no_float_formatting_in_app
step "end-to-end tests (Playwright, Chromium)" e2e

printf '\n\033[1m==> summary\033[0m\n'
for f in "${failures[@]}"; do echo "FAILED: $f"; done
echo "steps: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

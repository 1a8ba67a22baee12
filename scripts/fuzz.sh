#!/usr/bin/env bash
# Fuzzes the share decoders (fuzz/fuzz_targets/: the share-link action codec and the run-file importer) with
# cargo fuzz (libFuzzer + AddressSanitizer), FUZZ_SECONDS (default 20) seconds per target, and exits non-zero
# if any target finds a crash, a failed round-trip assertion or an input slower than 10 s.
#
# Why RUSTC_BOOTSTRAP=1: cargo fuzz passes nightly-only flags (-Zsanitizer=address), and this project's
# machines have only the stable toolchain (no nightly can be installed). The stable toolchain ships the
# sanitizer runtimes, so with RUSTC_BOOTSTRAP=1 AddressSanitizer builds and links. FUZZ_SANITIZER=none
# fuzzes without it: 3 to 5 times more executions per second, and no nightly flag is passed at all.
#
# A longer run: FUZZ_SECONDS=600 bash scripts/fuzz.sh. New corpus entries stay in fuzz/corpus/<target>/
# (ignored by git: only the committed seed-* files are kept); a crash is saved in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

CARGO_FUZZ_VERSION=0.13.2
FUZZ_SECONDS="${FUZZ_SECONDS:-20}"
FUZZ_SANITIZER="${FUZZ_SANITIZER:-address}"
export RUSTC_BOOTSTRAP=1

log() { printf '\033[1;34m[fuzz]\033[0m %s\n' "$*"; }

if ! cargo fuzz --version 2>/dev/null | grep -q " $CARGO_FUZZ_VERSION\$"; then
  log "installing cargo-fuzz $CARGO_FUZZ_VERSION (about 1.5 minutes)"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

# -a: debug assertions and overflow checks on, so an overflow is a crash too.
FLAGS=(--sanitizer "$FUZZ_SANITIZER" --debug-assertions)
log "building the fuzz targets (sanitizer: $FUZZ_SANITIZER)"
cargo fuzz build "${FLAGS[@]}"

mapfile -t targets < <(cargo fuzz list)
failed=()
for target in "${targets[@]}"; do
  log "$target: ${FUZZ_SECONDS} s"
  output="$(mktemp)"
  if cargo fuzz run "${FLAGS[@]}" "$target" -- \
    -max_total_time="$FUZZ_SECONDS" -timeout=10 -print_final_stats=1 >"$output" 2>&1; then
    # The final stats: runs, executions per second, coverage, corpus size.
    grep -E '^(Done [0-9]+ runs|#[0-9]+[[:space:]]+DONE)' "$output" || true
  else
    failed+=("$target")
    tail -n 60 "$output"
    log "$target FAILED; the input is in fuzz/artifacts/$target/; replay it with:"
    log "  RUSTC_BOOTSTRAP=1 cargo fuzz run -a $target fuzz/artifacts/$target/<file>"
  fi
  rm -f "$output"
done

if [ ${#failed[@]} -gt 0 ]; then
  log "failed: ${failed[*]}"
  exit 1
fi
log "all ${#targets[@]} targets ran ${FUZZ_SECONDS} s without a crash"

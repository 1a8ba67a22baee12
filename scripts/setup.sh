#!/usr/bin/env bash
# Installs what distlab's build and tests need, idempotently, from crates.io, Debian and npm only.
# Safe to run again: every step checks first. Versions follow ../shared/TOOLCHAIN.md.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

need_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# 1. The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. Debian packages: Chromium and its driver for browser tests; CJK fonts so zh-CN screenshots are legible.
APT_PACKAGES=(chromium chromium-driver fonts-noto-cjk)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  need_root apt-get update -y
  need_root apt-get install -y --no-install-recommends "${missing[@]}"
fi

# 3. Trunk, pinned (0.22 needs a newer rustc).
if ! command -v trunk >/dev/null || ! trunk --version | grep -q "$TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (takes ~6 minutes the first time)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# 4. wasm-bindgen CLI: exactly the version Cargo.lock holds.
if [ ! -f Cargo.lock ]; then cargo generate-lockfile; fi
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
if ! command -v wasm-bindgen >/dev/null || ! wasm-bindgen --version | grep -q " $WB_VERSION\$"; then
  log "installing wasm-bindgen-cli $WB_VERSION"
  # Without --locked: the locked webpki-roots release is missing from the registry mirror here.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

# 5. npm tools: binaryen (wasm-opt 132), terser (the release JS loader), playwright-core and axe-core (the
#    accessibility rules the e2e suite checks), pinned by package-lock.json.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/terser ] \
   || [ ! -f node_modules/axe-core/axe.min.js ]; then
  log "installing npm tools (binaryen, terser, playwright-core, axe-core)"
  npm ci --no-audit --no-fund
fi
log "tools ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $(node_modules/.bin/wasm-opt --version | awk '{print $3}'), $(chromium --version)"

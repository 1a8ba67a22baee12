#!/usr/bin/env bash
# Sets up what is missing, then serves the app at http://127.0.0.1:8080 (rebuilds on change).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
PORT="${PORT:-8080}"
echo "distlab: open http://127.0.0.1:$PORT/"
exec trunk serve --address 127.0.0.1 --port "$PORT"

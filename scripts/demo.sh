#!/usr/bin/env bash
# `npm run demo`: from a fresh clone to a running platform with demo data on http://localhost:3000.
set -euo pipefail
cd "$(dirname "$0")/.."
export ONNXRUNTIME_NODE_INSTALL=skip

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "demo: installing packages (npm ci)…"
  npm ci --no-audit --no-fund
fi
# The embedded voice worth hearing (RHVoice, Debian non-free) when we may install packages; espeak-ng otherwise.
if ! command -v RHVoice-test >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "demo: installing RHVoice (the embedded Russian and English voice)…"
    bash scripts/install-rhvoice.sh || echo "demo: RHVoice could not be installed; espeak-ng speaks"
  else
    echo "demo: for a better embedded voice run: sudo bash scripts/install-rhvoice.sh"
  fi
fi
npm run -s setup
npm run -s db:seed
echo "demo: building the web app…"
npm run -s build >/dev/null
port=$(grep -E '^PORT=' .env | cut -d= -f2); port=${port:-3000}
cat <<TEXT

  Voice Platform is starting on http://localhost:${port}
  Sign in as owner@demo.local with the password demo-password
  (also admin@, builder@, supervisor@, operator@ and analyst@demo.local).
  Stop with Ctrl+C.

TEXT
exec npm start

#!/usr/bin/env bash
# Installs RHVoice (the embedded Russian and English voice, Debian's non-free component) when it is missing.
# Debian's sources list only `main` here: a second deb822 file adds `non-free`, with the same URIs and key
# as the existing entry (copied at run time, never written into the repository). Needs root. Best effort:
# without it the platform speaks with espeak-ng.
set -euo pipefail
if command -v RHVoice-test >/dev/null && [ -d /usr/share/RHVoice/voices/anna ]; then exit 0; fi
src=/etc/apt/sources.list.d/debian.sources
extra=/etc/apt/sources.list.d/debian-non-free.sources
if [ ! -f "$extra" ] && [ -f "$src" ]; then
  uri=$(awk '/^URIs:/ {print $2; exit}' "$src")
  key=$(awk '/^Signed-By:/ {print $2; exit}' "$src")
  printf 'Types: deb\nURIs: %s\nSuites: bookworm bookworm-updates\nComponents: non-free\nSigned-By: %s\n' \
    "$uri" "$key" >"$extra"
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  rhvoice rhvoice-russian rhvoice-english >/dev/null

#!/usr/bin/env bash
# Installs the Debian packages the test suite needs (run as root or with sudo).
# Idempotent: does nothing when they are already there.
set -euo pipefail
# chromium: e2e tests. pcscd … vsmartcard-vpcd: the real PC/SC stack with virtual cards (docs/virtual-cards.md).
# postgresql: the central server's tests run against a real PostgreSQL 15 as well as PGlite
# (tests/support/postgres.ts starts a private cluster from its binaries; the system service is not used).
# xvfb xdotool imagemagick x11-utils: `npm start`'s app window on a private X server, found, typed
# into and photographed; xdpyinfo tells the kiosk window the screen's size (tests/e2e/app-window.test.ts).
# opensc (opensc-tool, pkcs15-tool, pkcs11-tool, opensc-pkcs11.so) and openssl: the virtual PIV cards read by
# real middleware (tests/integration/opensc-interop.test.ts).
packages=(chromium pcscd libpcsclite-dev pcsc-tools vsmartcard-vpcd postgresql xvfb xdotool imagemagick x11-utils opensc openssl)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "Test packages present: ${packages[*]}"

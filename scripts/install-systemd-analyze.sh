#!/usr/bin/env bash
# Installs systemd-analyze, which the tests of deploy/ use to check the systemd unit
# (`systemd-analyze security` and `verify`; neither needs a running systemd).
#
#   scripts/install-systemd-analyze.sh          install it if it is missing (as root, Debian/Ubuntu)
#   scripts/install-systemd-analyze.sh check    exit 0 only if it is installed
#
# It comes with Debian's systemd package. Installing the package does not start systemd.
set -euo pipefail

if command -v systemd-analyze >/dev/null; then
  echo "install-systemd-analyze: $(command -v systemd-analyze) ($(systemd-analyze --version | head -1))"
  exit 0
fi
if [ "${1:-}" = check ]; then
  echo "install-systemd-analyze: systemd-analyze is not installed" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends systemd >/dev/null
echo "install-systemd-analyze: installed $(command -v systemd-analyze)"

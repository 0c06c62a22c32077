#!/usr/bin/env bash
# Installs the real Taskwarrior clients that taskgate's tests run against (gateway/interop,
# gateway/taskdimport, taskd and gateway/pki use them), and that are handy for trying taskgate by
# hand.
#
#   scripts/install-real-clients.sh          install what is missing, then print where it is
#   scripts/install-real-clients.sh check    exit 0 only if everything is installed
#
# What it installs, all from Debian's package archive:
#
#   - Taskwarrior 2.6 (the taskd protocol over TLS): Debian bookworm's `taskwarrior` package,
#     at /usr/bin/task.
#   - Taskwarrior 3.x (the TaskChampion HTTP protocol) and python3-taskchampion-py, the Python
#     bindings of the real TaskChampion library. Only Debian sid packages them, so they go into a
#     minimal sid chroot at $TW3_ROOT (default /opt/tw3). Run them as root with
#       chroot "$TW3_ROOT" env HOME=/h task ...       (put the HOME it needs inside the chroot)
#       chroot "$TW3_ROOT" python3 -c 'import taskchampion'
#     The chroot shares the host's network, so a taskgate on 127.0.0.1 is reachable from it.
#
# Run it as root. It is idempotent: the first run takes a few minutes (most of it debootstrap),
# later runs only check.
set -euo pipefail

tw3_root=${TW3_ROOT:-/opt/tw3}
debootstrap_log=/tmp/install-real-clients-debootstrap.log

# tw2_ready reports whether /usr/bin/task is Taskwarrior 2.6.
tw2_ready() {
  [ -x /usr/bin/task ] && /usr/bin/task --version 2>/dev/null | grep -q '^2\.6'
}

# tw3_ready reports whether the chroot holds Taskwarrior 3 and the taskchampion module.
tw3_ready() {
  [ -x "$tw3_root/usr/bin/task" ] &&
    chroot "$tw3_root" python3 -c 'import taskchampion' 2>/dev/null
}

# archive prints the Debian archive apt uses here (not the security one); empty means
# debootstrap's own default.
archive() {
  {
    sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/*.sources 2>/dev/null
    sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) .*/\2/p' /etc/apt/sources.list 2>/dev/null
  } | grep -v security | head -1 || true
}

# install_tw2 installs Taskwarrior 2.6 from the host's archive.
install_tw2() {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq taskwarrior >/dev/null
  if ! tw2_ready; then
    echo "install-real-clients: /usr/bin/task is $(/usr/bin/task --version 2>&1 || true), not 2.6;" \
      "this host's Debian release does not package Taskwarrior 2.6" >&2
    exit 1
  fi
}

# install_tw3 builds the sid chroot with Taskwarrior 3 and the TaskChampion bindings. It is
# built under a temporary name and renamed at the end, so an interrupted run leaves nothing
# that looks installed.
install_tw3() {
  if [ -e "$tw3_root" ]; then
    echo "install-real-clients: $tw3_root exists but lacks Taskwarrior 3 or the taskchampion" \
      "module; remove it (or set TW3_ROOT elsewhere) and run this again" >&2
    exit 1
  fi
  command -v debootstrap >/dev/null ||
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  rm -rf "$tw3_root.partial"
  local mirror
  mirror=$(archive)
  # $mirror is deliberately unquoted: no argument at all when apt names no archive.
  # shellcheck disable=SC2086
  if ! debootstrap --variant=minbase --include=taskwarrior,python3-taskchampion-py,ca-certificates \
    sid "$tw3_root.partial" $mirror >"$debootstrap_log" 2>&1; then
    tail -20 "$debootstrap_log" >&2
    echo "install-real-clients: debootstrap failed; the whole log is $debootstrap_log" >&2
    exit 1
  fi
  mv "$tw3_root.partial" "$tw3_root"
  if ! tw3_ready; then
    echo "install-real-clients: $tw3_root was built but python3 -c 'import taskchampion' fails in it" >&2
    exit 1
  fi
}

case "${1:-install}" in
  check)
    tw2_ready && tw3_ready
    exit
    ;;
  install) ;;
  *)
    echo "usage: $0 [check]" >&2
    exit 2
    ;;
esac

if [ "$(id -u)" -ne 0 ]; then
  echo "install-real-clients: run as root (it installs packages and enters a chroot)" >&2
  exit 1
fi

if ! tw2_ready || ! tw3_ready; then
  apt-get update -qq
  tw2_ready || install_tw2
  tw3_ready || install_tw3
fi

echo "Taskwarrior 2: /usr/bin/task $(/usr/bin/task --version)"
echo "Taskwarrior 3: chroot $tw3_root task ($(chroot "$tw3_root" task --version))"
echo "TaskChampion:  chroot $tw3_root python3 -c 'import taskchampion'"

#!/usr/bin/env bash
# Installs the system packages SpatialMe needs on Debian 12, only those that are missing.
# Used by ./spatialme on first run, by .ci/run, and (later) by the container images, so the three cannot drift.
#   tools/install-deps.sh            runtime packages (ffmpeg, the OpenCV runtime's libgtk-3-0)
#   tools/install-deps.sh --test     plus what the tests need
set -euo pipefail

packages=(ffmpeg libgtk-3-0)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(redis-server)   # tests start their own redis-server processes on loopback ports
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
  else
    echo "error: missing system packages (${missing[*]}) and not root; install them with: apt-get install ${missing[*]}" >&2
    exit 1
  fi
else
  SUDO=
fi

echo "Installing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

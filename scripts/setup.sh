#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs nftx's build and test dependencies (Debian 12, apt-get) and builds it in ./build.
#
#   sudo ./scripts/setup.sh              # install what is missing, configure, build
#   ./scripts/setup.sh --no-deps         # only configure and build
#   ./scripts/setup.sh --deps-only       # only install packages
#   ./scripts/setup.sh --build-dir DIR [-- extra cmake arguments]
#
# apt is skipped when every package is already installed, so a second run is fast and works
# offline. Environment: NFTX_BUILD_TYPE (default RelWithDebInfo), NFTX_JOBS (default: ninja's).
set -euo pipefail

readonly PACKAGES=(
  build-essential cmake ninja-build bison flex pkg-config python3
  libnftnl-dev libmnl-dev libcli11-dev libgtest-dev nlohmann-json3-dev libfmt-dev
  nftables tshark conntrack iproute2 libpcap-dev clang valgrind
)

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=build
do_deps=1
do_build=1
cmake_extra=()
while (($#)); do
  case $1 in
    --no-deps) do_deps=0 ;;
    --deps-only) do_build=0 ;;
    --build-dir) build_dir=$2; shift ;;
    --) shift; cmake_extra=("$@"); break ;;
    -h|--help) sed -n '3,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

missing_packages() {
  local p status
  for p in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ $status == "install ok installed" ]] || echo "$p"
  done
}

install_deps() {
  local missing
  mapfile -t missing < <(missing_packages)
  if ((${#missing[@]} == 0)); then
    echo "setup: all ${#PACKAGES[@]} packages already installed, skipping apt"
    return
  fi
  echo "setup: installing ${missing[*]}"
  local sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null || { echo "setup: run as root (or install sudo)" >&2; exit 1; }
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q
  # tshark asks whether non-root users may capture; the noninteractive default ("no") is fine.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${missing[@]}"
}

build() {
  cd "$repo_root"
  local gen=()
  command -v ninja >/dev/null && gen=(-G Ninja)
  # A build directory configured with another generator cannot switch: keep what it has.
  [[ -f $build_dir/CMakeCache.txt ]] && gen=()
  cmake -S . -B "$build_dir" "${gen[@]}" \
    -DCMAKE_BUILD_TYPE="${NFTX_BUILD_TYPE:-RelWithDebInfo}" "${cmake_extra[@]}"
  local jobs=()
  [[ -n ${NFTX_JOBS:-} ]] && jobs=(--parallel "$NFTX_JOBS")
  cmake --build "$build_dir" "${jobs[@]}"
  echo "setup: built $repo_root/$build_dir (nftx: $build_dir/cli/nftx)"
}

((do_deps)) && install_deps
((do_build)) && build
exit 0

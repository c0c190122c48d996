# SPDX-License-Identifier: GPL-2.0-or-later
# Shared helpers for the privileged apply tests (sourced).

# Exit 77 (ctest: skipped) with a reason when the tests cannot run here.
need_privileges() {
  if [[ $(id -u) -ne 0 ]]; then
    echo "SKIP: needs root (network namespaces, nf_tables); CI runs these as root"
    exit 77
  fi
  for tool in unshare nft; do
    if ! command -v "$tool" >/dev/null; then
      echo "SKIP: '$tool' is not installed (apt-get install util-linux nftables)"
      exit 77
    fi
  done
  if ! unshare -n true 2>/dev/null; then
    echo "SKIP: cannot create a network namespace here"
    exit 77
  fi
}

# Runs a shell command line in a fresh private network namespace that disappears with it.
in_netns() {
  unshare -n sh -c "$1"
}

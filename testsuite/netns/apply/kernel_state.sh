#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Applying with nftx leaves the kernel in exactly the state nft leaves it in: FILE is loaded
# once by `nft -f` and once by `nftx -f`, each into a fresh private network namespace, and
# `nft list ruleset` (the reference lister) must print the same text for both. Files nft
# itself cannot load on this kernel (flowtables: no nf_flow_table here) must fail with nftx
# too, with an error pointing into the file.
#
# usage: kernel_state.sh NFTX FILE...      exit 77 (skip) without root, unshare or nft
set -uo pipefail
nftx=$1; shift
. "$(dirname "$0")/lib.sh"
need_privileges

fail=0 checked=0 both_rejected=0
for f in "$@"; do
  ref_out=$(in_netns "nft -f '$f' && nft list ruleset" 2>&1); ref_rc=$?
  our_out=$(in_netns "'$nftx' -f '$f' && nft list ruleset" 2>&1); our_rc=$?
  name=$(basename "$f")
  if (( ref_rc != 0 )); then
    if (( our_rc == 0 )); then
      echo "FAIL $name: nft rejects it on this kernel but nftx applied it"; echo "$ref_out"
      fail=1
    elif ! grep -q "$(basename "$f"):[0-9]" <<<"$our_out"; then
      echo "FAIL $name: nftx's kernel error does not point into the file:"; echo "$our_out"
      fail=1
    else
      both_rejected=$((both_rejected + 1))
    fi
    continue
  fi
  checked=$((checked + 1))
  if (( our_rc != 0 )); then
    echo "FAIL $name: nftx -f failed:"; echo "$our_out"; fail=1; continue
  fi
  if [[ "$ref_out" != "$our_out" ]]; then
    echo "FAIL $name: kernel state differs (nft list ruleset after nft -f vs after nftx -f)"
    diff <(echo "$ref_out") <(echo "$our_out") | head -40
    fail=1
  fi
done
echo "kernel_state: $checked files identical, $both_rejected rejected by both, failures: $fail"
exit $fail

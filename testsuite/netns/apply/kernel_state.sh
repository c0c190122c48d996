#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Applying with nftx leaves the kernel in exactly the state nft leaves it in: FILE is loaded
# once by `nft -f` and once by `nftx -f`, each into a fresh private network namespace, and
# `nft list ruleset` (the reference lister) must print the same text for both. Files nft
# itself cannot load on this kernel (flowtables: no nf_flow_table here) must fail with nftx
# too, with an error pointing into the file; their flowtable-free rest is then compared.
#
# usage: kernel_state.sh NFTX FILE...      exit 77 (skip) without root, unshare or nft
set -uo pipefail
nftx=$1; shift
. "$(dirname "$0")/lib.sh"
need_privileges

here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
[[ -x $py ]] || py=python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail=0 checked=0 both_rejected=0
# Element expiry counts down while the test runs: `expires 9m59s996ms` is masked.
no_expiry() { sed -E 's/ expires [0-9dhms]+//g'; }
compare() {  # compare FILE NAME: same kernel state after nft -f and nftx -f
  local f=$1 name=$2 ref_out our_out
  ref_out=$(in_netns "nft -f '$f' && nft list ruleset" 2>&1) || return 2
  ref_out=$(no_expiry <<<"$ref_out")
  checked=$((checked + 1))
  if ! our_out=$(in_netns "'$nftx' -f '$f' && nft list ruleset" 2>&1); then
    echo "FAIL $name: nftx -f failed:"; echo "$our_out"; fail=1; return 1
  fi
  our_out=$(no_expiry <<<"$our_out")
  if [[ "$ref_out" != "$our_out" ]]; then
    echo "FAIL $name: kernel state differs (nft list ruleset after nft -f vs after nftx -f)"
    diff <(echo "$ref_out") <(echo "$our_out") | head -40
    fail=1
  fi
}
for f in "$@"; do
  ref_out=$(in_netns "nft -f '$f' && nft list ruleset" 2>&1); ref_rc=$?
  name=$(basename "$f")
  if (( ref_rc == 0 )); then compare "$f" "$name"; continue; fi
  our_out=$(in_netns "'$nftx' -f '$f'" 2>&1); our_rc=$?
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
    # Without nf_flow_table the rest of the ruleset is still compared: flowtables stripped.
    if grep -q flowtable "$f"; then
      $py "$here/strip_flowtables.py" "$f" > "$work/$name"
      compare "$work/$name" "$name (flowtables stripped)"
    fi
    continue
  fi
  compare "$f" "$name"
done
echo "kernel_state: $checked rulesets compared, $both_rejected rejected by both, failures: $fail"
exit $fail

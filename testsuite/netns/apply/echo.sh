#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `nftx -e` (and -e -a) prints what nft -e prints for the same input, in a fresh namespace each:
# every example and real-world ruleset nft 1.0.6 can load here (rulesets with flowtables are
# loaded with their flowtables stripped, as this kernel has no nf_flow_table), plus
# inputs/echo.nft. echo_normalise.py lists what is normalised before comparing.
# usage: echo.sh NFTX FILE...
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
need_privileges
nftx=$1
shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mask() { /usr/bin/python3 "$here/echo_normalise.py"; }
fail=0 compared=0
for f in "$@" "$here/inputs/echo.nft"; do
  in="$work/in.nft"
  /usr/bin/python3 "$here/strip_flowtables.py" "$f" >"$in"
  for flags in "-e" "-e -a"; do
    in_netns "nft $flags -f '$in'" 2>"$work/nft.err" | mask >"$work/nft.out"
    [[ -s $work/nft.err ]] && continue  # nft cannot load it here: nothing to compare
    in_netns "'$nftx' $flags -f '$in'" 2>"$work/nftx.err" | mask >"$work/nftx.out"
    compared=$((compared + 1))
    if ! diff -u "$work/nft.out" "$work/nftx.out" >"$work/diff"; then
      echo "FAIL: nftx $flags differs from nft $flags for $f:"
      cat "$work/diff" "$work/nftx.err"
      fail=1
    fi
  done
done
echo "compared $compared runs"
((compared > 0)) || { echo "FAIL: nothing compared"; exit 1; }
exit $fail

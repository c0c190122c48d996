#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Real-world-shaped rulesets: `nftx -c` must accept each one offline and unprivileged; the
# bytecode must equal nft's (when nft and network namespaces are available); and the listing
# must re-parse to the same bytecode (round trip).
# usage: check.sh NFTX_BINARY FILE
set -u
nftx=$1
file=$2
name=$(basename "$file")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL $name: $*"; exit 1; }

# 1. Offline and unprivileged (setpriv drops every capability when we run as root).
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
    "$nftx" -c -f "$file" >"$tmp/out" 2>"$tmp/err" || fail "nftx -c failed as nobody: $(cat "$tmp/err")"
else
  "$nftx" -c -f "$file" >"$tmp/out" 2>"$tmp/err" || fail "nftx -c failed: $(cat "$tmp/err")"
fi
[ -s "$tmp/err" ] && fail "unexpected diagnostics: $(cat "$tmp/err")"

# 2. Same bytecode as nft --debug=netlink (the kernel may reject flowtables later; that is fine).
"$nftx" -c -d netlink -f "$file" | grep -E '^\s+\[|element' >"$tmp/ours"
if command -v nft >/dev/null && unshare -n true 2>/dev/null; then
  unshare -n nft --debug=netlink -c -f "$file" 2>/dev/null | grep -E '^\s+\[|element' >"$tmp/nft"
  diff -u "$tmp/nft" "$tmp/ours" >"$tmp/diff" || fail "bytecode differs from nft:
$(head -40 "$tmp/diff")"
else
  echo "note: nft or network namespaces unavailable, bytecode comparison skipped"
fi

# 3. Listing round trip: the listing compiles to the same bytecode.
"$nftx" -c --list -f "$file" >"$tmp/listing" || fail "--list failed"
if [ -s "$tmp/listing" ]; then
  "$nftx" -c -d netlink -f "$tmp/listing" 2>"$tmp/err2" | grep -E '^\s+\[|element' >"$tmp/again" ||
    fail "listing does not re-parse: $(head -5 "$tmp/err2")"
  # A listing prints set elements sorted (as nft does after reading them back), so compare
  # elements one per line and in any order.
  tr '\t' '\n' <"$tmp/ours" | sed '/^\s*$/d' | sort >"$tmp/a"
  tr '\t' '\n' <"$tmp/again" | sed '/^\s*$/d' | sort >"$tmp/b"
  diff -u "$tmp/a" "$tmp/b" >"$tmp/diff2" || fail "listing round trip changes the bytecode:
$(head -40 "$tmp/diff2")"
fi
echo "ok $name"

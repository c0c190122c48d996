#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The batch nftx sends equals the batch nft sends, message by message and attribute by
# attribute: both print it with libmnl's printer (`--debug=mnl`), compared without sequence
# numbers and port IDs; batch-local set IDs are masked (see mnl_messages.py). Each side runs
# in a fresh private network namespace, so flowtable messages this kernel then rejects are
# compared too. The netlink flags that printer does not show (CREATE, EXCL, APPEND, REPLACE)
# are compared from strace's decoding of the sendmsg call when strace is installed.
#
# usage: batch_equal.sh NFTX FILE...      exit 77 (skip) without root, unshare or nft
set -uo pipefail
nftx=$1; shift
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
need_privileges
py=/usr/bin/python3
[[ -x $py ]] || py=python3

flags_of() {  # the type and flags of every sendmsg'd message, from strace
  in_netns "strace -f -e trace=sendmsg,sendto -s 1048576 $1 2>&1 >/dev/null" |
    grep -o -E 'nlmsg_type=[A-Za-z_<0-9|]+, nlmsg_flags=[A-Z_|0-9x]+' | grep -v GET | sed -n '/BATCH_BEGIN/,/BATCH_END/p'
}

fail=0 same=0 skipped=0
for f in "$@"; do
  name=$(basename "$f")
  a=$(in_netns "nft --debug=mnl -f '$f'" 2>/dev/null | $py "$here/mnl_messages.py" --ignore-set-ids)
  b=$(in_netns "'$nftx' -d mnl -f '$f'" 2>/dev/null | $py "$here/mnl_messages.py" --ignore-set-ids)
  if [[ -z "$a" ]]; then  # nft 1.0.6 cannot parse it (early_ingress, `devices = {}`)
    echo "skip $name: nft $(nft --version | cut -d' ' -f2) builds no batch for it"
    skipped=$((skipped + 1)); continue
  fi
  if [[ "$a" != "$b" ]]; then
    echo "FAIL $name: batches differ (< nft, > nftx)"
    diff <(echo "$a") <(echo "$b") | head -30
    fail=1
    continue
  fi
  if command -v strace >/dev/null; then
    fa=$(flags_of "nft -f '$f'"); fb=$(flags_of "'$nftx' -f '$f'")
    if [[ "$fa" != "$fb" ]]; then
      echo "FAIL $name: message flags differ (< nft, > nftx)"
      diff <(echo "$fa") <(echo "$fb") | head -20
      fail=1
      continue
    fi
  fi
  same=$((same + 1))
done
echo "batch_equal: $same of $(( $# - skipped )) files send identical batches ($skipped skipped)"
exit $fail

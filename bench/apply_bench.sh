#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Kernel backend benchmark: applying the large generated ruleset (`-f`, the whole batch to the
# kernel) and listing it back (`list ruleset`), nftx beside nft in the same run. Every sample
# runs in a fresh private network namespace (root needed), so both tools start from an empty
# ruleset and the kernel work is the same for both. Listing runs after nft loaded the file.
# The table shows median wall time, median user and sys time and the largest peak RSS.
#
# usage: bench/apply_bench.sh   (env: NFTX=path RUNS=5 RULES=50000 CHAINS=10 ELEMS=200000
#                                OUT=dir)        writes $OUT/apply.md (default bench/results)
# Goals (issue 3): nftx -f <= 0.6 x nft's wall time and <= 1/4 of its peak RSS;
# nftx list ruleset <= 0.5 x nft's wall time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
gen=${GEN:-$root/../shared/bench/gen_big.sh}
nftx=$(realpath "${NFTX:-$root/build-bench/cli/nftx}")
runs=${RUNS:-5}
out=${OUT:-$here/results}
[[ $(id -u) -eq 0 ]] || { echo "apply_bench: needs root (network namespaces)" >&2; exit 1; }
[[ -x $nftx ]] || { echo "apply_bench: no nftx at $nftx" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "apply_bench: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash "$gen" "${RULES:-50000}" "${CHAINS:-10}" "${ELEMS:-200000}" >"$work/big.nft"

# One sample: prints "wall user sys rss_kib" of the timed command (run inside a fresh netns
# after the optional setup command).
sample() {  # sample SETUP CMD...
  local setup=$1; shift
  unshare -n sh -c "$setup /usr/bin/time -f '%e %U %S %M' -o '$work/t' $* >/dev/null 2>'$work/err'" ||
    { echo "apply_bench: failed: $*" >&2; cat "$work/err" >&2; exit 1; }
  cat "$work/t"
}
series() {  # series NAME SETUP CMD... -> "median_wall median_user median_sys max_rss"
  local name=$1 setup=$2; shift 2
  : >"$work/s"
  for ((i = 0; i < runs; i++)); do sample "$setup" "$@" >>"$work/s"; done
  echo "$name: $(tr '\n' ' ' <"$work/s")" >&2
  local m=$(((runs + 1) / 2))
  echo "$(sort -n -k1,1 "$work/s" | sed -n "${m}p" | cut -d' ' -f1)" \
       "$(sort -n -k2,2 "$work/s" | sed -n "${m}p" | cut -d' ' -f2)" \
       "$(sort -n -k3,3 "$work/s" | sed -n "${m}p" | cut -d' ' -f3)" \
       "$(sort -n -k4,4 "$work/s" | tail -1 | cut -d' ' -f4)"
}

nft_apply=$(series "nft -f" "" nft -f "$work/big.nft")
nftx_apply=$(series "nftx -f" "" "$nftx" -f "$work/big.nft")
nft_list=$(series "nft list" "nft -f '$work/big.nft' &&" nft list ruleset)
nftx_list=$(series "nftx list" "nft -f '$work/big.nft' &&" "$nftx" list ruleset)

# The same kernel state either way (reference lister: nft).
unshare -n sh -c "nft -f '$work/big.nft' && nft list ruleset" >"$work/ref.txt"
unshare -n sh -c "'$nftx' -f '$work/big.nft' && nft list ruleset" >"$work/our.txt"
same_state=$(cmp -s "$work/ref.txt" "$work/our.txt" && echo yes || echo NO)

f() { cut -d' ' -f"$2" <<<"$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
verdict() { awk -v v="$1" -v g="$2" 'BEGIN { print (v <= g ? "met" : "missed") }'; }
apply_wall=$(ratio "$(f "$nftx_apply" 1)" "$(f "$nft_apply" 1)")
apply_rss=$(ratio "$(f "$nftx_apply" 4)" "$(f "$nft_apply" 4)")
list_wall=$(ratio "$(f "$nftx_list" 1)" "$(f "$nft_list" 1)")

mkdir -p "$out"
{
  echo "| command | wall median (s) | user (s) | sys (s) | peak RSS (MiB) |"
  echo "|---|---:|---:|---:|---:|"
  for row in "nft -f:$nft_apply" "nftx -f:$nftx_apply" "nft list ruleset:$nft_list" \
             "nftx list ruleset:$nftx_list"; do
    v=${row#*:}
    echo "| \`${row%%:*}\` | $(f "$v" 1) | $(f "$v" 2) | $(f "$v" 3) | $(mib "$(f "$v" 4)") |"
  done
  echo
  echo "- apply: nftx/nft wall $apply_wall (goal <= 0.6: $(verdict "$apply_wall" 0.6)), peak RSS" \
       "$apply_rss (goal <= 0.25: $(verdict "$apply_rss" 0.25))"
  echo "- list ruleset: nftx/nft wall $list_wall (goal <= 0.5: $(verdict "$list_wall" 0.5))"
  echo "- kernel state after nftx -f identical to after nft -f (nft list ruleset): $same_state"
  echo
  echo "_$(date -u +%Y-%m-%dT%H:%M:%SZ), nftx $(git -C "$root" rev-parse --short HEAD)," \
       "$(nft --version), $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)" \
       "($(nproc) CPUs), ${RULES:-50000} rules, ${ELEMS:-200000} elements, median of $runs._"
} >"$out/apply.md"
cat "$out/apply.md"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Engine benchmark (../shared/spec/performance.md, "Engine"): 64-byte UDP frames from memory,
# batches of 32, one core. Each case runs RUNS times; the table shows the median Mpps and
# TSC cycles per packet. The same-run peer is `--mode peer`: a plain C++ NAT fast path over the
# same frames (std::unordered_map 5-tuple lookup, RFC 1624 checksums, TTL, MACs), the
# "plain C++ prototype" performance.md measured at 27.4 / 19.5 / 13.1 Mpps on this machine.
# callgrind gives the deterministic instructions per packet of the measured loop.
#
# usage: bench/engine_bench.sh   (env: BENCH=path/to/nftx-engine-bench RUNS=5 OUT=dir QUICK=1)
# writes: $OUT/engine.md (default OUT: bench/results)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bench=${BENCH:-$root/build-bench/bench/engine/nftx-engine-bench}
runs=${RUNS:-5}
out=${OUT:-$here/results}
[[ -x $bench ]] || { echo "engine_bench: no $bench (cmake -S . -B build-bench -G Ninja" \
  "-DCMAKE_BUILD_TYPE=RelWithDebInfo && ninja -C build-bench nftx-engine-bench)" >&2; exit 1; }
flows_list=(1000 100000 1000000)
packets=4000000
[[ ${QUICK:-0} == 1 ]] && { flows_list=(1000 100000); packets=1000000; runs=3; }

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# run MODE FLOWS [PACKETS] -> "mpps cycles bytes_per_flow" (medians)
run() {
  local mode=$1 flows=$2 n=${3:-$packets} mpps=() cyc=() bpf=() line i
  for ((i = 0; i < runs; i++)); do
    line=$("$bench" --mode "$mode" --flows "$flows" --packets "$n")
    mpps+=("$(field mpps <<<"$line")")
    cyc+=("$(field cycles_per_packet <<<"$line")")
    bpf+=("$(field bytes_per_flow <<<"$line")")
  done
  echo "$(printf '%s\n' "${mpps[@]}" | median) $(printf '%s\n' "${cyc[@]}" | median)" \
       "$(printf '%s\n' "${bpf[@]}" | median)"
}

# instructions per packet of the measured loop
ir() {
  local mode=$1 n=100000 f
  f=$(mktemp)
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$f" \
    "$bench" --mode "$mode" --flows 1000 --packets "$n" --callgrind >/dev/null 2>&1
  awk -v n="$n" '/^totals:/ {printf "%.0f", $2 / n; exit}' "$f"
  rm -f "$f"
}

mkdir -p "$out"
{
  echo "| case | nftx engine Mpps | cycles/packet | peer (plain C++) Mpps | goal |"
  echo "|---|---|---|---|---|"
  goals=("≥ 30 Mpps (≤ 80 cycles)" "≥ 22 Mpps (≤ 110 cycles)" "≥ 15 Mpps (≤ 165 cycles)")
  i=0
  for flows in "${flows_list[@]}"; do
    read -r mpps cyc bpf < <(run fast "$flows")
    read -r pmpps _ _ < <(run peer "$flows")
    [[ $flows == "${flows_list[-1]}" ]] && fast_bpf=$bpf
    echo "| fast path, $flows flows | $mpps | $cyc | $pmpps | ${goals[$i]} |"
    [[ $flows == 1000 ]] && fast_1k=$mpps
    i=$((i + 1))
  done
  read -r cmpps ccyc cbpf < <(run classic 100000)
  echo "| classic path, established, 100000 conns (100 rules, 10k routes, NAT) | $cmpps | $ccyc | — | ≥ 6 Mpps |"
  read -r nmpps ncyc _ < <(run new 0 $((packets / 8)))
  echo "| new connections (conntrack, NAT port, rules, confirm) | $nmpps M/s | $ncyc | — | ≥ 1.5 M/s |"
  ratio=$(awk -v a="$fast_1k" -v b="$cmpps" 'BEGIN {printf "%.1f", a / b}')
  echo "| ratio fast path / classic path (1k flows vs 100k conns) | ${ratio}× | | talk: 2.79× | ≥ 3× |"
  echo "| memory per offloaded connection (RSS growth / flows, ${flows_list[-1]} flows) | $fast_bpf bytes | | | ≤ 384 bytes |"
  echo "| callgrind instructions per packet: fast path / classic path | $(ir fast) / $(ir classic) | | | ≤ 250 / ≤ 1,500 |"
} | tee "$out/engine.md.tmp"
mv "$out/engine.md.tmp" "$out/engine.md"

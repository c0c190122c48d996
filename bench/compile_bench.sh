#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Compile-time benchmark: `nftx -c -f big.nft` (offline check) against nft 1.0.6 on the same
# file in the same run (`unshare -n nft -c -f`, which also sends the batch to a kernel in a
# private network namespace). Each command runs RUNS times under /usr/bin/time -v; the table
# shows the median wall time, the min-max range, the median user and sys times and the peak RSS.
# nft's wall time includes the kernel validating the batch (sys); an offline nftx -c is fairly
# compared with nft's user time.
#
# usage: bench/compile_bench.sh   (env: NFTX=path/to/nftx NFTX_LABEL=text RUNS=5 NFT=nft OUT=dir)
# writes: $OUT/compile.json and $OUT/compile.md (default OUT: bench/results)
# Goals (issue): nftx -c <= 0.15 s wall and <= 60 MiB peak RSS on the 50k-rule file;
# doubling the rules costs <= 2.2x the time. RULES/CHAINS/ELEMS change the input (smoke runs);
# the goals only apply to the defaults.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
gen=${GEN:-$root/../shared/bench/gen_big.sh}
nftx=${NFTX:-$root/build-bench/cli/nftx}
nft=${NFT:-nft}
runs=${RUNS:-5}
rules=${RULES:-50000}  # the scaling input has twice as many rules, the same set
chains=${CHAINS:-10}
elems=${ELEMS:-200000}
out=${OUT:-$here/results}
goal_wall=0.15
goal_rss_mib=60
goal_scaling=2.2

die() { echo "compile_bench: $*" >&2; exit 1; }
[[ -x $nftx ]] || die "no nftx at $nftx (cmake -S . -B build-bench -G Ninja" \
  "-DCMAKE_BUILD_TYPE=RelWithDebInfo && ninja -C build-bench nftx)"
[[ -f $gen ]] || die "no generator at $gen (set GEN=)"
have_peer=1
command -v "$nft" >/dev/null && command -v unshare >/dev/null || have_peer=0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prefer GNU time -v as asked; without it a tiny python wrapper reports the same fields from
# wait4()'s rusage, so the numbers mean the same thing either way.
if [[ -x /usr/bin/time ]]; then
  measure() { /usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt"; }
else
  command -v python3 >/dev/null || die "need /usr/bin/time (apt-get install time) or python3"
  measure() {
    python3 - "$work/time.txt" "$@" 2>"$work/stderr.txt" <<'EOF'
import os, sys, time
out, argv = sys.argv[1], sys.argv[2:]
t0 = time.monotonic()
pid = os.fork()
if pid == 0:
    fd = os.open(os.devnull, os.O_WRONLY); os.dup2(fd, 1)
    os.execvp(argv[0], argv)
_, status, ru = os.wait4(pid, 0)
wall = time.monotonic() - t0
with open(out, "w") as f:
    f.write("\tUser time (seconds): %.3f\n" % ru.ru_utime)
    f.write("\tSystem time (seconds): %.3f\n" % ru.ru_stime)
    f.write("\tElapsed (wall clock) time (h:mm:ss or m:ss): 0:%06.3f\n" % wall)
    f.write("\tMaximum resident set size (kbytes): %d\n" % ru.ru_maxrss)
    f.write("\tExit status: %d\n" % os.waitstatus_to_exitcode(status))
sys.exit(os.waitstatus_to_exitcode(status))
EOF
  }
fi

# One timed run: prints "wall_s user_s rss_kib sys_s", fails if the command failed.
run_once() {
  if ! measure "$@"; then
    echo "compile_bench: command failed: $*" >&2
    head -5 "$work/stderr.txt" >&2
    return 1
  fi
  awk -F': ' '
    /User time/ { user = $2 }
    /System time/ { sys = $2 }
    /Elapsed \(wall clock\)/ {
      n = split($2, p, ":"); wall = 0
      for (i = 1; i <= n; i++) wall = wall * 60 + p[i]
    }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%.3f %.3f %d %.3f\n", wall, user, rss, sys }' "$work/time.txt"
}

# median of one column of the samples file
median_of() { sort -n -k"$1","$1" "$work/samples.txt" | awk -v k="$1" -v n="$runs" \
  'NR == int((n + 1) / 2) { print $k }'; }

# RUNS runs of one command:
# prints "median_wall min_wall max_wall median_user max_rss_kib median_sys".
bench() {
  local i
  : >"$work/samples.txt"
  for ((i = 0; i < runs; i++)); do run_once "$@" >>"$work/samples.txt" || return 1; done
  local wall_stats
  wall_stats=$(sort -n -k1,1 "$work/samples.txt" | awk '
    NR == 1 { min = $1 } { max = $1; if ($3 > rss) rss = $3 } END { print min, max, rss }')
  set -- $wall_stats
  printf '%s %s %s %s %s %s\n' "$(median_of 1)" "$1" "$2" "$(median_of 2)" "$3" "$(median_of 4)"
}

echo "generating inputs..." >&2
bash "$gen" "$rules" "$chains" "$elems" >"$work/big.nft"
bash "$gen" $((2 * rules)) "$chains" "$elems" >"$work/big100k.nft"

declare -A res
for input in big big100k; do
  echo "nftx -c -f $input.nft (x$runs)..." >&2
  res[nftx_$input]=$(bench "$nftx" -c -f "$work/$input.nft")
  if ((have_peer)); then
    echo "unshare -n nft -c -f $input.nft (x$runs)..." >&2
    res[nft_$input]=$(bench unshare -n "$nft" -c -f "$work/$input.nft") || res[nft_$input]=""
  fi
done

field() { awk -v k="$2" '{ print $k }' <<<"$1"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "null" }'; }
rx() { local r; r=$(ratio "$1" "$2"); if [[ $r == null ]]; then echo "n/a"; else echo "${r}x"; fi; }
verdict() {
  awk -v v="$1" -v g="$2" 'BEGIN { print (v == "null" ? "n/a" : v <= g ? "met" : "missed") }'
}

# The commit, "-dirty" when tracked files outside bench/ differ from it.
git_label() {
  local rev
  rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null) || { echo unknown; return; }
  if [[ -n $(git -C "$root" status --porcelain --untracked-files=no -- . \
    ':(exclude)bench' 2>/dev/null) ]]; then
    rev+=-dirty
  fi
  echo "$rev"
}
nftx_ver=${NFTX_LABEL:-$(git_label)}
nft_ver=$( ((have_peer)) && "$nft" --version 2>/dev/null || echo "not available")
cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)
ncpu=$(nproc 2>/dev/null || echo 1)
date_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# ---- markdown table (also printed to the terminal) ----
mkdir -p "$out"
{
  echo "| command | input | wall median (s) | wall min-max (s) | user (s) | sys (s) |" \
    "peak RSS (MiB) |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  for input in big big100k; do
    n=$( [[ $input == big ]] && echo "$rules" || echo $((2 * rules)))
    desc="$n rules, $elems elements"
    for tool in nftx nft; do
      r=${res[${tool}_$input]:-}
      [[ -n $r ]] || continue
      cmd=$( [[ $tool == nftx ]] && echo '`nftx -c -f`' || echo '`unshare -n nft -c -f`')
      printf '| %s | %s | %s | %s-%s | %s | %s | %s |\n' "$cmd" "$desc" "$(field "$r" 1)" \
        "$(field "$r" 2)" "$(field "$r" 3)" "$(field "$r" 4)" "$(field "$r" 6)" \
        "$(mib "$(field "$r" 5)")"
    done
  done
  echo
  w50=$(field "${res[nftx_big]}" 1); w100=$(field "${res[nftx_big100k]}" 1)
  rss50=$(mib "$(field "${res[nftx_big]}" 5)")
  scaling=$(ratio "$w100" "$w50")
  echo "- nftx ${rules} rules: ${w50} s wall" \
    "(goal <= ${goal_wall} s: $(verdict "$w50" $goal_wall)), ${rss50} MiB peak RSS" \
    "(goal <= ${goal_rss_mib} MiB: $(verdict "$rss50" $goal_rss_mib))"
  echo "- nftx scaling $((2 * rules))/${rules} rules: $(rx "$w100" "$w50")" \
    "(goal <= ${goal_scaling}x: $(verdict "$scaling" $goal_scaling))"
  if [[ -n ${res[nft_big]:-} ]]; then
    n50=$(field "${res[nft_big]}" 1); n100=$(field "${res[nft_big100k]:-0 0 0 0 0}" 1)
    echo "- nft/nftx wall ratio: $(rx "$n50" "$w50") (${rules}), $(rx "$n100" "$w100")" \
      "($((2 * rules))); nftx user / nft user: $(rx "$(field "${res[nftx_big]}" 4)" \
      "$(field "${res[nft_big]}" 4)") (${rules}); nft scaling: $(rx "$n100" "$n50")"
  fi
  echo
  echo "_${date_utc}, nftx ${nftx_ver}, ${nft_ver}, ${cpu} (${ncpu} CPUs), median of ${runs} runs._"
} >"$out/compile.md"
cat "$out/compile.md"

# ---- JSON ----
json_entry() {
  local r=$1
  if [[ -z $r ]]; then echo null; return; fi
  printf '{"wall_median_s": %s, "wall_min_s": %s, "wall_max_s": %s, "user_median_s": %s, ' \
    "$(field "$r" 1)" "$(field "$r" 2)" "$(field "$r" 3)" "$(field "$r" 4)"
  printf '"sys_median_s": %s, "peak_rss_kib": %s}' "$(field "$r" 6)" "$(field "$r" 5)"
}
{
  echo "{"
  echo "  \"date\": \"$date_utc\", \"nftx_commit\": \"$nftx_ver\", \"nft_version\": \"$nft_ver\","
  echo "  \"cpu\": \"$cpu\", \"cpus\": $ncpu, \"runs\": $runs,"
  echo "  \"inputs\": {\"big\": \"gen_big.sh $rules $chains $elems\"," \
    "\"big100k\": \"gen_big.sh $((2 * rules)) $chains $elems\"},"
  echo "  \"goals\": {\"wall_s\": $goal_wall, \"peak_rss_mib\": $goal_rss_mib," \
    "\"scaling\": $goal_scaling},"
  echo "  \"nftx\": {\"big\": $(json_entry "${res[nftx_big]}"),"
  echo "           \"big100k\": $(json_entry "${res[nftx_big100k]}")},"
  echo "  \"nft\": {\"big\": $(json_entry "${res[nft_big]:-}"),"
  echo "          \"big100k\": $(json_entry "${res[nft_big100k]:-}")},"
  echo "  \"nftx_scaling\": $(ratio "$w100" "$w50"),"
  if [[ -n ${res[nft_big]:-} ]]; then
    echo "  \"nft_over_nftx_wall\": $(ratio "$(field "${res[nft_big]}" 1)" "$w50"),"
    echo "  \"nftx_user_over_nft_user\": $(ratio "$(field "${res[nftx_big]}" 4)" \
      "$(field "${res[nft_big]}" 4)")"
  else
    echo "  \"nft_over_nftx_wall\": null,"
    echo "  \"nftx_user_over_nft_user\": null"
  fi
  echo "}"
} >"$out/compile.json"
echo "wrote $out/compile.md and $out/compile.json" >&2

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs fuzz_parser for a fixed time from a freshly generated seed corpus (make_seeds.sh).
# The growing corpus and any crash artifacts stay in WORKDIR (not in the source tree); a
# crash worth keeping is minimized with `fuzz_parser -minimize_crash=1 -runs=10000 FILE` and
# copied to testsuite/fuzz/crashes/, where the robustness unit tests and the
# fuzz_parser_crashes ctest replay it.
#
# usage: testsuite/fuzz/run_fuzz.sh FUZZ_PARSER [SECONDS=600] [WORKDIR=<fuzzer dir>/fuzz-work]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
fuzzer=${1:?usage: run_fuzz.sh FUZZ_PARSER [SECONDS] [WORKDIR]}
seconds=${2:-600}
work=${3:-$(dirname "$fuzzer")/fuzz-work}
mkdir -p "$work/corpus" "$work/artifacts"

rm -rf "$work/seeds"
"$here/make_seeds.sh" "$work/seeds" "$work/nft.dict"

# Fork mode keeps going after a crash, so one run reports every distinct bug it finds
# (KEEP_GOING=0 stops at the first one, which is handier under a debugger).
keep_going=()
if [[ ${KEEP_GOING:-1} == 1 ]]; then
  keep_going=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
fi
# -timeout: one input may not take 10 s (catches quadratic blow-ups on short inputs);
# -max_len: the longest seed is a few KiB, longer inputs mostly retest the lexer.
status=0
"$fuzzer" "$work/corpus" "$work/seeds" \
  -dict="$work/nft.dict" \
  -max_total_time="$seconds" \
  -timeout=10 \
  -rss_limit_mb=2048 \
  -max_len=16384 \
  -print_final_stats=1 \
  "${keep_going[@]}" \
  -artifact_prefix="$work/artifacts/" 2>&1 | tee "$work/fuzz.log" || status=$?

echo "run_fuzz: corpus $(find "$work/corpus" -type f | wc -l) files;" \
  "artifacts: $(find "$work/artifacts" -type f | wc -l) in $work/artifacts" >&2
exit "$status"

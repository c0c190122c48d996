#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the fuzz seed corpus and a keyword dictionary at run time (nothing is committed):
#  * every active rule line of the nftables tests/py corpus, as a complete `nft -f` script
#    (add table / chain / set / element / object commands from the .t file's setup lines,
#    then `add rule ...`), one seed per line, `fail` lines included (error paths);
#  * one block-syntax script per .t file with all of its rules in one chain;
#  * every *.nft file under examples/ and testsuite/golden/;
#  * a small gen_big.sh ruleset.
# The dictionary lists every word of the corpus rule lines, so libFuzzer splices real keywords.
#
# usage: testsuite/fuzz/make_seeds.sh OUT_DIR [DICT_FILE]
#        (env: CORPUS=path to nftables-tests-py, default ../shared/corpus/nftables-tests-py)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
corpus=${CORPUS:-$root/../shared/corpus/nftables-tests-py}
out=${1:?usage: make_seeds.sh OUT_DIR [DICT_FILE]}
dict=${2:-$out.dict}
[[ -d $corpus ]] || { echo "make_seeds: no corpus at $corpus (set CORPUS=)" >&2; exit 1; }
mkdir -p "$out"

n=0
for t in "$corpus"/*/*.t; do
  base=$(basename "$(dirname "$t")")_$(basename "$t" .t)
  # One awk pass per .t file writes its seeds; file names carry the source line number.
  awk -v out="$out" -v base="$base" '
    function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
    # "type ipv4_addr timeout 60s flags interval" -> "type ipv4_addr; timeout 60s; flags interval;"
    function set_body(spec) {
      gsub(/ (timeout|flags|size|policy|gc-interval|counter) /, "; &", spec)
      gsub(/;  /, "; ", spec)
      return spec ";"
    }
    # "%qt1 type quota 25 mbytes" -> "add quota F T qt1 25 mbytes"
    function obj_cmd(name, spec,    words, kind, rest) {
      sub(/^type /, "", spec)
      if (spec ~ /^ct /) { kind = substr(spec, 1, index(substr(spec, 4), " ") + 2); }
      else { kind = spec; sub(/ .*/, "", kind) }
      rest = substr(spec, length(kind) + 1)
      return "add " kind " " fam " " tab " " name rest
    }
    /^#/ || /^[ \t]*$/ { next }
    /^:/ {  # chain template
      line = substr($0, 2); split(line, p, ";")
      tmpl[p[1]] = p[2]; next
    }
    /^\*/ {  # family;table;chains (the first table line of the file is used)
      if (fam != "") next
      line = substr($0, 2); split(line, p, ";")
      fam = p[1]; tab = p[2]; nch = split(p[3], chains, ",")
      setup = "add table " fam " " tab "\n"
      for (i = 1; i <= nch; i++)
        setup = setup "add chain " fam " " tab " " chains[i] " { " tmpl[chains[i]] "; }\n"
      next
    }
    fam == "" { next }
    {
      split($0, f, ";"); body = f[1]; verdict = f[2]
      if (body ~ /^- /) next  # disabled line
    }
    /^!/ {
      name = substr(body, 2); spec = name; sub(/ .*/, "", name); sub(/^[^ ]+ /, "", spec)
      kind = spec ~ /:/ ? "map" : "set"
      setup = setup "add " kind " " fam " " tab " " name " { " set_body(spec) " }\n"
      next
    }
    /^\?/ {
      name = substr(body, 2); elems = name; sub(/ .*/, "", name); sub(/^[^ ]+ /, "", elems)
      setup = setup "add element " fam " " tab " " name " { " elems " }\n"
      next
    }
    /^%/ {
      rest = $0; sub(/;(ok|fail)[^;]*$/, "", rest)  # object bodies may contain ";"
      name = substr(rest, 2); spec = name; sub(/ .*/, "", name); sub(/^[^ ]+ /, "", spec)
      setup = setup obj_cmd(name, spec) "\n"
      next
    }
    {
      rule = trim(body)
      if (rule == "") next
      file = sprintf("%s/%s_%04d.nft", out, base, NR)
      printf "%sadd rule %s %s %s %s\n", setup, fam, tab, chains[1], rule > file
      close(file)
      rules[++nrules] = rule
    }
    END {
      if (nrules == 0) exit
      file = sprintf("%s/%s_block.nft", out, base)
      printf "table %s %s {\n\tchain %s {\n\t\t%s;\n", fam, tab, chains[1], tmpl[chains[1]] > file
      for (i = 1; i <= nrules; i++) printf "\t\t%s\n", rules[i] > file
      printf "\t}\n}\n" > file
      close(file)
    }' "$t"
  n=$((n + 1))
done

for f in "$root"/examples/*.nft "$root"/testsuite/golden/*.nft "$root"/testsuite/golden/*/*.nft; do
  [[ -f $f ]] && cp "$f" "$out/example_$(basename "$(dirname "$f")")_$(basename "$f")"
done
gen=$root/../shared/bench/gen_big.sh
[[ -f $gen ]] && bash "$gen" 20 3 40 >"$out/gen_big_small.nft"

# Dictionary: the distinct words and punctuation runs of all active rule lines.
grep -h -v -E '^(#|-|\*|:|$)' "$corpus"/*/*.t | sed 's/;[^;]*$//; s/;ok.*$//; s/;fail.*$//' |
  grep -o -E '[A-Za-z_][A-Za-z0-9_-]*|[{}@$:.,<>!=&|^-]+' | sort -u |
  awk '{ gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); printf "\"%s\"\n", $0 }' >"$dict"

echo "make_seeds: $(find "$out" -type f | wc -l) seeds from $n .t files in $out;" \
  "$(wc -l <"$dict") dictionary entries in $dict" >&2

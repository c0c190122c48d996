#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Reruns the conformance runner and replaces the table between <!-- conformance --> and
# <!-- /conformance --> in README.md with its output.
#
#   ./scripts/update-readme-conformance.sh [BUILD_DIR]     (default: build; build it first)
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${1:-build}
[[ $build_dir == /* ]] || build_dir=$repo_root/$build_dir
runner=$build_dir/testsuite/conformance/nftx-conformance
readme=$repo_root/README.md

if [[ ! -x $runner ]]; then
  echo "update-readme-conformance: $runner not found; build first (./scripts/setup.sh)" >&2
  exit 1
fi
grep -q '^<!-- conformance -->$' "$readme" && grep -q '^<!-- /conformance -->$' "$readme" || {
  echo "update-readme-conformance: markers missing in $readme" >&2
  exit 1
}

table=$(mktemp)
out=$(mktemp)
trap 'rm -f "$table" "$out"' EXIT
{
  echo '```'
  "$runner"
  echo '```'
} > "$table"

# Keep the marker lines, drop what is between them, insert the new table after the opening one.
awk -v table="$table" '
  $0 == "<!-- conformance -->" { print; while ((getline line < table) > 0) print line; skip = 1; next }
  $0 == "<!-- /conformance -->" { skip = 0 }
  !skip { print }
' "$readme" > "$out"
cat "$out" > "$readme"
echo "update-readme-conformance: README.md updated from $runner"

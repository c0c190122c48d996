#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Applying is atomic and kernel errors point at the source: each case runs in a fresh private
# network namespace against the real kernel.
#   atomicity     load A; load B whose last command the kernel refuses -> the kernel still
#                 holds exactly A, exit 1, the error names B's offending line
#   flowtable     on a kernel without nf_flow_table: the error is at the flowtable and says so;
#                 `flow add` errors refer back to it
#   early_ingress refused before anything is sent (nothing applied), or loaded at ingress with
#                 --early-ingress-as-ingress
#   check         -c --kernel validates in the kernel and leaves nothing behind
#   large         a batch far larger than the default socket buffer applies completely
#   eperm         without CAP_NET_ADMIN: a clear message, exit 1
#   existing      commands may use tables, sets and chains that only the kernel holds
#
# usage: errors.sh NFTX       exit 77 (skip) without root, unshare or nft
set -uo pipefail
nftx=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
need_privileges

work=$(mktemp -d)
chmod 755 "$work"  # the unprivileged case reads its input as nobody
trap 'rm -rf "$work"' EXIT
fail=0
check() {  # check NAME CONDITION-RESULT MESSAGE
  if [[ $2 == 0 ]]; then echo "ok   $1"; else echo "FAIL $1: $3"; fail=1; fi
}

# ---- atomicity ----
cat >"$work/a.nft" <<'EOF'
table inet keep {
	chain input {
		type filter hook input priority filter; policy accept;
		tcp dport 22 accept
	}
}
EOF
cat >"$work/b.nft" <<'EOF'
flush ruleset
table inet other {
	chain forward {
		type filter hook forward priority filter; policy drop;
	}
	flowtable ft {
		hook ingress priority filter
		devices = { lo }
	}
}
EOF
out=$(in_netns "'$nftx' -f '$work/a.nft' && nft list ruleset > '$work/before' &&
  { '$nftx' -f '$work/b.nft' 2> '$work/b.err'; echo rc=\$?; } && nft list ruleset > '$work/after'")
check atomicity-exit "$([[ $out == *rc=1* ]]; echo $?)" "the failing batch did not exit 1: $out"
check atomicity-state "$(cmp -s "$work/before" "$work/after"; echo $?)" \
  "kernel state changed: $(diff "$work/before" "$work/after" | head -5)"
check atomicity-span "$(grep -q 'b.nft:6:12-13: Error: Could not process rule: No such file' \
  "$work/b.err"; echo $?)" "error not at b.nft:6 (the flowtable): $(cat "$work/b.err")"

# ---- flowtable on a kernel without nf_flow_table ----
if [[ ! -d /sys/module/nf_flow_table ]] && ! modprobe -n nf_flow_table_inet 2>/dev/null; then
  in_netns "'$nftx' -f '$here/../../../examples/ipsec-gateway.nft'" 2> "$work/ft.err"
  check flowtable-hint "$(grep -q 'this kernel has no flowtable support' "$work/ft.err"; echo $?)" \
    "no explanation: $(cat "$work/ft.err")"
  check flowtable-flow-add "$(grep -q "flowtable 'ft' was not created (see above)" \
    "$work/ft.err"; echo $?)" "flow add error not related: $(cat "$work/ft.err")"
else
  echo "skip flowtable: this kernel has flowtable support"
fi

# ---- early_ingress ----
out=$(in_netns "'$nftx' -f '$here/../../../examples/early-ingress.nft' 2>&1; echo rc=\$?;
  nft list ruleset | wc -l")
check early-ingress-refused "$([[ $out == *"hook early_ingress exists only in the nftx engine"* &&
  $out == *rc=1* && $out == *$'\n'0 ]]; echo $?)" "unexpected: $out"
out=$(in_netns "'$nftx' --early-ingress-as-ingress -f '$here/../../../examples/early-ingress.nft' 2>&1")
check early-ingress-as-ingress "$([[ $out == *"loaded into the kernel as hook ingress"* ]]; echo $?)" \
  "no warning: $out"

# ---- -c --kernel ----
out=$(in_netns "'$nftx' -c --kernel -f '$work/a.nft'; echo rc=\$?; nft list ruleset | wc -l")
check check-kernel-valid "$([[ $out == rc=0$'\n'0 ]]; echo $?)" "unexpected: $out"
out=$(in_netns "'$nftx' -c --kernel -f '$work/b.nft' 2>&1; echo rc=\$?")
check check-kernel-invalid "$([[ $out == *"b.nft:6:12-13: Error"* && $out == *rc=1 ]]; echo $?)" \
  "kernel-only error not reported: $out"

# ---- commands referring to objects that exist only in the kernel ----
out=$(in_netns "'$nftx' -f '$work/a.nft' &&
  '$nftx' add set inet keep allow '{ type ipv4_addr; }' &&
  '$nftx' add rule inet keep input ip saddr @allow accept &&
  '$nftx' add element inet keep allow '{ 192.0.2.1 }' && nft list ruleset;
  '$nftx' add rule inet keep input ip saddr @alow accept 2>&1; echo rc=\$?")
check existing-objects "$([[ $out == *"ip saddr @allow accept"* && $out == *"192.0.2.1"* &&
  $out == *"did you mean 'allow'"* && $out == *rc=1 ]]; echo $?)" "unexpected: $out"

# ---- a batch larger than the socket buffer ----
bash "$here/../../../../shared/bench/gen_big.sh" 3000 4 20000 > "$work/big.nft" 2>/dev/null ||
  bash /work/shared/bench/gen_big.sh 3000 4 20000 > "$work/big.nft"
if [[ -s $work/big.nft ]]; then
  in_netns "nft -f '$work/big.nft' && nft list ruleset" > "$work/big.ref"
  in_netns "'$nftx' -f '$work/big.nft' && nft list ruleset" > "$work/big.our"
  check large-batch "$(cmp -s "$work/big.ref" "$work/big.our"; echo $?)" \
    "$(wc -c < "$work/big.our") bytes listed vs $(wc -c < "$work/big.ref")"
else
  echo "skip large-batch: no generator"
fi

# ---- without CAP_NET_ADMIN ----
if command -v setpriv >/dev/null; then
  chmod 644 "$work/a.nft"
  out=$(in_netns "setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
    '$nftx' -f '$work/a.nft' 2>&1; echo rc=\$?")
  check eperm "$([[ $out == *"CAP_NET_ADMIN"* && $out == *rc=1 ]]; echo $?)" "unexpected: $out"
fi

exit $fail

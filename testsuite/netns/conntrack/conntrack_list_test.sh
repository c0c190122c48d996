#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `nftx list conntrack` against the running kernel, compared line by line with conntrack-tools.
#
# Topology (all private, uniquely named network namespaces, removed on exit):
#   client (10.0.1.2, fd01::2) -- router (NAT: dnat 8080->srv:80, masquerade) -- server
#   (10.0.2.2, fd02::2)
# Real TCP, UDP and ICMP flows go through the router; in the router namespace the listing of
# nftx must equal `conntrack -L` (the ticking timeout column normalised), without and with
# accounting, and under each conntrack-tools filter. The JSON form must parse and carry the
# fields. Exit 77 (skip) without root or without the tools.
#
# Usage: conntrack_list_test.sh /path/to/nftx
set -u

NFTX=${1:?usage: $0 /path/to/nftx}

skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces, conntrack table)"
for tool in ip nft conntrack python3 sysctl; do
  command -v "$tool" >/dev/null 2>&1 ||
    skip "'$tool' is not installed (Debian: iproute2 nftables conntrack python3 procps)"
done
[ -x "$NFTX" ] || { echo "FAIL: nftx binary '$NFTX' not found"; exit 1; }

ID="nftxct$$"
CLI="$ID-cli"; RTR="$ID-rtr"; SRV="$ID-srv"
T=$(mktemp -d "/tmp/$ID.XXXXXX")
PIDS=()

cleanup() {
  local pid ns
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for ns in "$CLI" "$RTR" "$SRV"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill "$pid" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
  done
  rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

FAILS=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
pass() { echo "ok: $*"; }
in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# --- topology -----------------------------------------------------------------------------
for ns in "$CLI" "$RTR" "$SRV"; do
  ip netns add "$ns" 2>/dev/null || skip "cannot create network namespaces here"
  ip -n "$ns" link set lo up
done
ip -n "$CLI" link add eth0 type veth peer name c0 netns "$RTR" || skip "no veth support"
ip -n "$SRV" link add eth0 type veth peer name s0 netns "$RTR" || skip "no veth support"
ip -n "$CLI" addr add 10.0.1.2/24 dev eth0
ip -n "$CLI" addr add fd01::2/64 dev eth0 nodad
ip -n "$RTR" addr add 10.0.1.1/24 dev c0
ip -n "$RTR" addr add fd01::1/64 dev c0 nodad
ip -n "$RTR" addr add 10.0.2.1/24 dev s0
ip -n "$RTR" addr add fd02::1/64 dev s0 nodad
ip -n "$SRV" addr add 10.0.2.2/24 dev eth0
ip -n "$SRV" addr add fd02::2/64 dev eth0 nodad
for pair in "$CLI eth0" "$RTR c0" "$RTR s0" "$SRV eth0"; do
  set -- $pair
  ip -n "$1" link set "$2" up
done
ip -n "$CLI" route add default via 10.0.1.1
ip -n "$CLI" -6 route add default via fd01::1
ip -n "$SRV" route add default via 10.0.2.1
ip -n "$SRV" -6 route add default via fd02::1
in_ns "$RTR" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1

cat > "$T/router.nft" <<'EOF'
table ip nftx_ct_nat {
  chain pre {
    type nat hook prerouting priority dstnat; policy accept;
    iifname "c0" tcp dport 8080 dnat to 10.0.2.2:80
  }
  chain post {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "s0" masquerade
  }
}
table ip6 nftx_ct_nat6 {
  chain post {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "s0" masquerade
  }
}
table inet nftx_ct_tag {
  chain raw {
    type filter hook prerouting priority raw; policy accept;
    udp dport 7000 ct zone set 5
    udp sport 7000 ct zone set 5
  }
  chain forward_tag {
    type filter hook forward priority filter; policy accept;
    udp dport 5353 ct mark set 0x11
  }
}
EOF
if ! in_ns "$RTR" nft -f "$T/router.nft" 2> "$T/nft.err"; then
  cat "$T/nft.err"
  grep -q "syntax error" "$T/nft.err" && { echo "FAIL: the test's own ruleset is wrong"; exit 1; }
  skip "the kernel refused the NAT ruleset (nf_nat / nft_ct missing?)"
fi

# --- traffic ------------------------------------------------------------------------------
cat > "$T/server.py" <<'EOF'
import selectors, socket
sel = selectors.DefaultSelector()
def listen(fam, kind, port):
    s = socket.socket(fam, kind)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if fam == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    s.bind(("::" if fam == socket.AF_INET6 else "0.0.0.0", port))
    if kind == socket.SOCK_STREAM:
        s.listen(16)
    sel.register(s, selectors.EVENT_READ)
for fam in (socket.AF_INET, socket.AF_INET6):
    for port in (80, 9000):
        listen(fam, socket.SOCK_STREAM, port)
    for port in (5353, 7000):
        listen(fam, socket.SOCK_DGRAM, port)
print("listening", flush=True)
while True:
    for key, _ in sel.select():
        s = key.fileobj
        if s.type == socket.SOCK_DGRAM:
            data, peer = s.recvfrom(2048)
            s.sendto(data, peer)
        elif key.data is None:  # a listening socket
            c, _ = s.accept()
            sel.register(c, selectors.EVENT_READ, "conn")
        else:
            data = s.recv(2048)
            if data:
                s.sendall(data)
            else:
                sel.unregister(s)
                s.close()
EOF

cat > "$T/client.py" <<'EOF'
import socket, struct, sys, time
keep = []
def tcp(addr, port, hold):
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect((addr, port))
    s.sendall(b"hello over tcp")
    s.recv(100)
    if hold:
        keep.append(s)
    else:
        s.close()
def udp(addr, port, want_reply=True):
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.settimeout(2)
    for _ in range(2):
        s.sendto(b"hello over udp", (addr, port))
        if want_reply:
            s.recvfrom(100)
    keep.append(s)
def checksum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return ~s & 0xffff
def ping(addr, ident):
    if ":" in addr:  # the kernel fills in the ICMPv6 checksum
        s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
        s.sendto(struct.pack("!BBHHH", 128, 0, 0, ident, 1) + b"ping", (addr, 0))
    else:
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
        pkt = struct.pack("!BBHHH", 8, 0, 0, ident, 1) + b"ping"
        pkt = pkt[:2] + struct.pack("!H", checksum(pkt)) + pkt[4:]
        s.sendto(pkt, (addr, 0))
    keep.append(s)
tcp("10.0.1.1", 8080, hold=False)   # DNAT to 10.0.2.2:80, then closed
tcp("10.0.2.2", 9000, hold=True)    # stays ESTABLISHED
tcp("fd02::2", 9000, hold=True)
tcp("fd02::2", 80, hold=False)
udp("10.0.2.2", 5353)               # ct mark 0x11
udp("10.0.2.2", 7000)               # ct zone 5
udp("fd02::2", 5353)
udp("10.0.2.2", 9998, want_reply=False)  # nobody listens: stays [UNREPLIED]
ping("10.0.2.2", 0x1234)
ping("fd02::2", 0x4321)
time.sleep(0.5)
print("ready", flush=True)
time.sleep(600)
EOF

wait_for() {  # file, word
  local i
  for i in $(seq 1 50); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

in_ns "$SRV" python3 -u "$T/server.py" > "$T/server.log" 2>&1 &
PIDS+=($!)
if ! wait_for "$T/server.log" listening; then
  cat "$T/server.log"
  echo "FAIL: server did not start"
  exit 1
fi

run_client() {
  : > "$T/client.log"
  in_ns "$CLI" python3 -u "$T/client.py" > "$T/client.log" 2>&1 &
  CLIENT_PID=$!
  PIDS+=("$CLIENT_PID")
  if ! wait_for "$T/client.log" ready; then
    cat "$T/client.log"
    echo "FAIL: client traffic failed"
    exit 1
  fi
}

# --- comparisons --------------------------------------------------------------------------
# The timeout (first number after the protocol number) ticks between the two listings.
normalise() {
  sed -E 's/^((ipv[46] +[0-9]+ )?[a-z0-9]+ +[0-9]+ )[0-9]+ /\1T /' "$1" | sort
}
count_of() { sed -nE 's/.*: ([0-9]+) flow entries have been shown\./\1/p' "$1"; }

# compare LABEL MIN_ENTRIES ARGS...: nftx and conntrack-tools list the same entries.
compare() {
  local label=$1 min=$2 attempt
  shift 2
  for attempt in 1 2 3 4; do
    in_ns "$RTR" "$NFTX" list conntrack "$@" > "$T/nftx.out" 2> "$T/nftx.err"
    local rc=$?
    in_ns "$RTR" conntrack -L "$@" > "$T/ct.out" 2> "$T/ct.err"
    normalise "$T/nftx.out" > "$T/nftx.norm"
    normalise "$T/ct.out" > "$T/ct.norm"
    if [ $rc -eq 0 ] && cmp -s "$T/nftx.norm" "$T/ct.norm" &&
       [ "$(count_of "$T/nftx.err")" = "$(count_of "$T/ct.err")" ]; then
      break
    fi
    sleep 0.5  # a flow changed state between the two listings: look again
  done
  if [ $rc -ne 0 ]; then
    fail "$label: nftx exited $rc: $(cat "$T/nftx.err")"
  elif ! cmp -s "$T/nftx.norm" "$T/ct.norm"; then
    fail "$label: listings differ (< nftx, > conntrack -L $*)"
    diff "$T/nftx.norm" "$T/ct.norm"
  elif [ "$(count_of "$T/nftx.err")" != "$(count_of "$T/ct.err")" ]; then
    fail "$label: summary lines differ: '$(cat "$T/nftx.err")' vs '$(cat "$T/ct.err")'"
  elif [ "$(wc -l < "$T/nftx.out")" -lt "$min" ]; then
    fail "$label: expected at least $min entries, got $(wc -l < "$T/nftx.out")"
  else
    pass "$label ($(wc -l < "$T/nftx.out") entries)"
  fi
}

compare_all_filters() {
  local round=$1
  compare "$round: everything" 10
  compare "$round: -o id" 10 -o id
  compare "$round: -o extended" 10 -o extended
  compare "$round: -p tcp" 4 -p tcp
  compare "$round: --proto udp" 4 --proto udp
  compare "$round: -p icmp" 1 -p icmp
  compare "$round: -p icmpv6" 1 -p icmpv6
  compare "$round: -f ipv6" 4 -f ipv6
  compare "$round: -f ipv4" 6 -f ipv4
  compare "$round: -s" 6 -s 10.0.1.2
  compare "$round: --orig-dst" 1 --orig-dst 10.0.1.1
  compare "$round: -d prefix" 4 -d 10.0.2.0/24
  compare "$round: -r" 1 -r 10.0.2.2
  compare "$round: -q (masqueraded)" 6 -q 10.0.2.1
  compare "$round: --reply-dst v6" 4 --reply-dst fd02::1
  compare "$round: --dport" 1 -p tcp --dport 8080
  compare "$round: --orig-port-dst" 2 -p udp --orig-port-dst 5353
  compare "$round: -m" 1 -m 0x11
  compare "$round: --mark mask" 1 --mark 0x1/0xf
  compare "$round: -w" 1 -w 5
  compare "$round: --status ASSURED" 2 --status ASSURED
  compare "$round: --status SEEN_REPLY" 6 --status SEEN_REPLY
}

check_json() {  # LABEL ACCOUNTING(0|1)
  in_ns "$RTR" "$NFTX" -j list conntrack > "$T/json.out" 2> "$T/json.err" ||
    { fail "$1: nftx -j failed: $(cat "$T/json.err")"; return; }
  in_ns "$RTR" "$NFTX" list conntrack -j -p tcp > "$T/json_tcp.out" 2>/dev/null ||
    { fail "$1: nftx list conntrack -j -p tcp failed"; return; }
  if python3 - "$T/json.out" "$T/json_tcp.out" "$2" > "$T/json.check" 2>&1 <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
tcp = json.load(open(sys.argv[2]))["conntrack"]
acct = sys.argv[3] == "1"
entries = doc["conntrack"]
assert len(entries) >= 10, len(entries)
keys = ["family", "l3proto", "protocol", "l4proto", "timeout", "state", "orig", "reply",
        "status", "assured", "unreplied", "offload", "hw_offload", "mark", "zone", "use", "id"]
for e in entries:
    for k in keys:
        assert k in e, (k, e)
    assert e["offload"] is False and e["hw_offload"] is False, e
    assert isinstance(e["timeout"], int), e
    assert e["orig"]["src"] and e["reply"]["dst"], e
    assert ("counters" in e) == acct, e
    if acct:
        for d in ("orig", "reply"):
            assert isinstance(e["counters"][d]["packets"], int), e
            assert isinstance(e["counters"][d]["bytes"], int), e
    if e["protocol"] == "tcp":
        assert e["state"] is not None and "sport" in e["orig"], e
    if e["protocol"] in ("icmp", "icmpv6"):
        assert "type" in e["orig"] and "id" in e["orig"], e
assert any(e["zone"] == 5 for e in entries), "no zone 5 entry"
assert any(e["mark"] == 0x11 for e in entries), "no marked entry"
assert any(e["unreplied"] for e in entries), "no unreplied entry"
assert any("CONFIRMED" in e["status"]["flags"] for e in entries)
assert any(e["state"] == "ESTABLISHED" and e["assured"] for e in entries)
assert tcp and all(e["protocol"] == "tcp" for e in tcp), tcp
if acct:
    assert any(e["counters"]["reply"]["packets"] > 0 for e in entries)
print(len(entries))
EOF
  then
    pass "$1: JSON parses and has the fields ($(cat "$T/json.check") entries)"
  else
    fail "$1: JSON check failed"
    cat "$T/json.check"
  fi
}

check_offloaded_and_errors() {
  # No nf_flow_table here: nothing is offloaded, so --offloaded keeps nothing (but works).
  if in_ns "$RTR" "$NFTX" list conntrack --offloaded > "$T/off.out" 2> "$T/off.err" &&
     [ ! -s "$T/off.out" ] && [ "$(count_of "$T/off.err")" = 0 ]; then
    pass "--offloaded lists no entry without a flowtable"
  else
    fail "--offloaded: $(cat "$T/off.out" "$T/off.err")"
  fi
  if in_ns "$RTR" "$NFTX" list conntrack --bogus > /dev/null 2> "$T/bad.err"; then
    fail "an unknown option was accepted"
  elif grep -q "unknown option" "$T/bad.err"; then
    pass "unknown options are rejected"
  else
    fail "unknown option: unexpected message: $(cat "$T/bad.err")"
  fi
}

# Round 1: accounting off.
in_ns "$RTR" sysctl -qw net.netfilter.nf_conntrack_acct=0
run_client
compare_all_filters "acct off"
check_json "acct off" 0
check_offloaded_and_errors
if grep -q "packets=" "$T/nftx.out"; then fail "acct off: counters shown"; fi

# Round 2: accounting on, fresh flows (counters are attached when a flow is created).
kill "$CLIENT_PID" 2>/dev/null
wait "$CLIENT_PID" 2>/dev/null
sleep 0.3
in_ns "$RTR" conntrack -F 2>/dev/null
in_ns "$RTR" sysctl -qw net.netfilter.nf_conntrack_acct=1
run_client
compare_all_filters "acct on"
check_json "acct on" 1
in_ns "$RTR" "$NFTX" list conntrack > "$T/acct.out" 2>/dev/null
if awk '{ n = gsub(/packets=[0-9]+ bytes=[0-9]+/, "&"); if (n != 2) bad = 1 } END { exit bad }' \
     "$T/acct.out" && [ -s "$T/acct.out" ]; then
  pass "acct on: every entry shows packets=/bytes= for both directions"
else
  fail "acct on: per-direction counters missing"
  cat "$T/acct.out"
fi

if [ "$FAILS" -ne 0 ]; then
  echo "$FAILS check(s) failed"
  exit 1
fi
echo "all conntrack listing checks passed"
exit 0

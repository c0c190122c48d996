#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""End-to-end: `nftx engine` runs examples/gateway over its bundled pcaps; tshark reads the output.

Checks what a gateway operator would look at: every forwarded packet has valid IPv4/TCP/UDP/ICMP
checksums, the TTL was decremented once, NAT was applied (masquerade to 203.0.113.2 on wan0,
de-NAT to 192.168.1.10 on lan0), the MACs come from the neighbour table, the gateway's own ICMP
errors are there (time exceeded, fragmentation needed with MTU 1280), the established TCP and UDP
flows were forwarded by the flowtable, and after 40 idle seconds GC handed them back to conntrack
with the kernel's fix-up timeouts. Also checks that the bundled pcaps are what the generator writes.

usage: gateway_pcap.py NFTX MAKE_TRAFFIC
"""
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EX = REPO / "examples" / "gateway"
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def tshark(pcap, fields, prefs=()):
    args = ["tshark", "-r", str(pcap), "-T", "fields"]
    for p in ("ip.check_checksum:TRUE", "tcp.check_checksum:TRUE", "udp.check_checksum:TRUE"):
        args += ["-o", p]
    for f in fields:
        args += ["-e", f]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return [line.split("\t") for line in out.splitlines()]


def run_engine(nftx, tmp, extra):
    cmd = [nftx, "engine", "-f", str(EX / "gateway.nft"), "--net", str(EX / "network.ip"),
           "--rx", f"lan0={EX / 'lan0-in.pcap'}", "--rx", f"wan0={EX / 'wan0-in.pcap'}",
           "--tx", f"lan0={tmp / 'lan0-out.pcap'}", "--tx", f"wan0={tmp / 'wan0-out.pcap'}"]
    r = subprocess.run(cmd + extra, capture_output=True, text=True)
    check(r.returncode == 0, f"nftx engine exit status {r.returncode}: {r.stderr}")
    return r


def main():
    nftx, make_traffic = sys.argv[1], sys.argv[2]
    if subprocess.run(["which", "tshark"], capture_output=True).returncode != 0:
        print("SKIP: tshark is not installed")
        return 77
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        subprocess.run([make_traffic, str(tmp)], check=True)
        for name in ("lan0-in.pcap", "wan0-in.pcap"):
            check((tmp / name).read_bytes() == (EX / name).read_bytes(),
                  f"examples/gateway/{name} differs from nftx-make-traffic's output")

        r = run_engine(nftx, tmp, ["--list-conntrack", "--offloaded", "--list-flowtables"])
        stats = dict(line.rsplit(" ", 1) for line in r.stderr.splitlines() if " " in line)
        check(int(stats.get("forwarded fast_path", 0)) >= 55,
              f"fast path forwarded {stats.get('forwarded fast_path')} packets, want >= 55")
        check(stats.get("drop ttl_exceeded") == "1", "one TTL-expired packet dropped")
        check(stats.get("drop mtu_exceeded") == "1", "one DF packet over the MTU dropped")
        offloaded = [l for l in r.stdout.splitlines() if "[OFFLOAD]" in l]
        check(len(offloaded) == 2 and offloaded[0].startswith("tcp ")
              and offloaded[1].startswith("udp "), f"TCP and UDP offloaded: {offloaded}")
        check("not_offloaded not_established 1" in r.stdout, "the SYN-ACK is not offloaded")

        wan = tshark(tmp / "wan0-out.pcap", ["eth.src", "eth.dst", "ip.src", "ip.ttl",
                                             "ip.checksum.status", "tcp.checksum.status",
                                             "udp.checksum.status"])
        check(len(wan) == 35, f"35 frames leave on wan0, got {len(wan)}")
        for f in wan:
            check(f[0] == "02:00:00:00:02:01" and f[1] == "02:00:00:00:02:fe",
                  f"wan0 MACs {f[:2]}")
            check(f[2] == "203.0.113.2", f"masqueraded source {f[2]}")
            check(f[3] == "63", f"TTL 64 decremented once: {f[3]}")
            check(f[4] == "1" and "2" not in f[5:] and ("1" in f[5:] or f[5:] == ["", ""]),
                  f"checksums good on wan0: {f}")

        lan = tshark(tmp / "lan0-out.pcap", ["eth.dst", "ip.src", "ip.dst", "ip.ttl",
                                             "ip.checksum.status", "tcp.checksum.status",
                                             "udp.checksum.status", "icmp.type", "icmp.code",
                                             "icmp.mtu"])
        forwarded = [f for f in lan if f[1] == "198.51.100.20"]
        check(len(forwarded) == 33, f"33 replies forwarded to the LAN, got {len(forwarded)}")
        for f in forwarded:
            check(f[0] == "02:00:00:00:01:10" and f[2] == "192.168.1.10" and f[3] == "56",
                  f"de-NAT, MAC and TTL on lan0: {f}")
            check(f[4] == "1" and "2" not in f[5:7], f"checksums good on lan0: {f}")
        errors = [(f[7], f[8], f[9]) for f in lan if f[1].startswith("192.168.1.1,")]
        check(("11", "0", "") in errors, f"ICMP time exceeded sent: {errors}")
        check(("3", "4", "1280") in errors, f"ICMP fragmentation needed (MTU 1280): {errors}")

        r = run_engine(nftx, tmp, ["--advance", "40", "--list-conntrack", "--list-flowtables"])
        check("entries 0 hits 61 created 2 expired 2" in r.stdout,
              f"GC expired both entries after 40 s: {r.stdout}")
        check("[OFFLOAD]" not in r.stdout, "no entry is offloaded after expiry")
        udp = [l for l in r.stdout.splitlines() if l.startswith("udp ")]
        # Expired after 30 s idle, fixed up to 120 - 30 = 90 s (spec 4.2), 10 s later: 80.
        check(len(udp) == 1 and udp[0].split()[2] in ("79", "80", "81"),
              f"UDP timeout fixed up to 90 s at teardown: {udp}")
        tcp = [l for l in r.stdout.splitlines() if l.startswith("tcp ")]
        check(len(tcp) == 0 or " CLOSE " in tcp[0], f"closing TCP handed back in CLOSE: {tcp}")
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("ok: gateway pcaps, checksums, NAT, TTL, ICMP errors, offload and GC")
    return 0


if __name__ == "__main__":
    sys.exit(main())

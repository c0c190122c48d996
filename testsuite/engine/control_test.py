# SPDX-License-Identifier: GPL-2.0-or-later
"""The engine's control socket end to end.

Runs `nftx engine --control SOCK --serve` on examples/gateway in the background, inspects it with
`nftx --engine SOCK list ...`, reloads it (a bad ruleset is refused and the old one keeps
answering; a good one keeps the offloaded connections of the flowtable that stays), stops it, and
checks the socket's life cycle (mode 0600, a live engine is not replaced, a stale socket is).

    control_test.py NFTX EXAMPLES_GATEWAY_DIR
"""

import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time

NFTX = os.path.abspath(sys.argv[1])
GW = os.path.abspath(sys.argv[2])
FAILURES = []


def check(cond, what, detail=""):
    if not cond:
        FAILURES.append(what)
        print(f"FAIL: {what}\n{detail}", file=sys.stderr)
    else:
        print(f"ok: {what}")


def client(sock, *args, cwd=None):
    return subprocess.run([NFTX, "--engine", sock, *args], capture_output=True, text=True,
                          timeout=20, cwd=cwd)


def raw_request(sock, payload):
    """Sends bytes as they are and returns the decoded reply."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(10)
        s.connect(sock)
        s.sendall(payload)
        s.shutdown(socket.SHUT_WR)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    return json.loads(data.decode())


def start_engine(tmp, sock, name):
    cmd = [NFTX, "engine", "-f", os.path.join(GW, "gateway.nft"),
           "--net", os.path.join(GW, "network.ip"),
           "--rx", "lan0=" + os.path.join(GW, "lan0-in.pcap"),
           "--rx", "wan0=" + os.path.join(GW, "wan0-in.pcap"),
           "--tx", "lan0=" + os.path.join(tmp, name + "-lan0-out.pcap"),
           "--tx", "wan0=" + os.path.join(tmp, name + "-wan0-out.pcap"),
           "--control", sock, "--serve"]
    out = open(os.path.join(tmp, name + ".out"), "w+")
    err = open(os.path.join(tmp, name + ".err"), "w+")
    proc = subprocess.Popen(cmd, stdout=out, stderr=err)
    deadline = time.time() + 30
    while time.time() < deadline:
        if proc.poll() is not None:
            err.seek(0)
            raise SystemExit(f"engine exited early ({proc.returncode}):\n{err.read()}")
        if os.path.exists(sock):
            r = client(sock, "list", "stats")
            if r.returncode == 0 and "phase serve" in r.stdout:
                return proc, err
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("the engine did not come up")


def conntrack_lines(text):
    return [l for l in text.splitlines() if l.strip()]


def main():
    tmp = tempfile.mkdtemp(prefix="nftx-engine-control-")
    sock = os.path.join(tmp, "engine.sock")
    proc, engine_err = start_engine(tmp, sock, "first")
    try:
        check(stat.S_IMODE(os.stat(sock).st_mode) == 0o600, "socket mode 0600")

        # A second engine must not take a live engine's socket.
        r = subprocess.run([NFTX, "engine", "-f", os.path.join(GW, "gateway.nft"),
                            "--net", os.path.join(GW, "network.ip"), "--control", sock],
                           capture_output=True, text=True, timeout=20)
        check(r.returncode == 1 and "already answers" in r.stderr,
              "a live engine's socket is refused", r.stderr)

        r = client(sock, "list", "conntrack", "--offloaded")
        offloaded = conntrack_lines(r.stdout)
        check(r.returncode == 0 and offloaded and all("[OFFLOAD]" in l for l in offloaded),
              "list conntrack --offloaded shows [OFFLOAD] entries", r.stdout + r.stderr)
        check("flow entries have been shown" in r.stderr, "conntrack summary line on stderr",
              r.stderr)

        r = client(sock, "list", "conntrack")
        every = conntrack_lines(r.stdout)
        check(r.returncode == 0 and len(every) >= len(offloaded), "list conntrack", r.stdout)

        r = client(sock, "list", "conntrack", "-p", "udp", "--dport", "53")
        lines = conntrack_lines(r.stdout)
        check(r.returncode == 0 and lines and
              all(l.startswith("udp") and "dport=53 " in l for l in lines),
              "list conntrack -p udp --dport 53 filters", r.stdout)
        r = client(sock, "list", "conntrack", "-p", "tcp", "--dport", "443")
        check(r.returncode == 0 and all(l.startswith("tcp") and "dport=443 " in l
                                        for l in conntrack_lines(r.stdout)),
              "list conntrack -p tcp --dport 443 filters", r.stdout)
        r = client(sock, "list", "conntrack", "-p", "udp", "--dport", "54")
        check(r.returncode == 0 and not conntrack_lines(r.stdout),
              "a filter nothing matches lists nothing", r.stdout)
        r = client(sock, "list", "conntrack", "--bogus")
        check(r.returncode == 1 and "Error" in r.stderr, "bad conntrack filter fails", r.stderr)

        r = client(sock, "-j", "list", "conntrack", "--offloaded")
        doc = json.loads(r.stdout) if r.returncode == 0 else []
        check(len(doc) == len(offloaded) and all("flow" in e for e in doc),
              "-j list conntrack --offloaded", r.stdout)

        r = client(sock, "list", "flowtables")
        hits = re.search(r" hits (\d+)", r.stdout)
        check(r.returncode == 0 and hits and int(hits.group(1)) > 0,
              "list flowtables shows hits", r.stdout)
        r = client(sock, "list", "flowtable", "ft")
        check(r.returncode == 0 and "flowtable gw ft" in r.stdout, "list flowtable ft", r.stdout)
        check("flow tcp 192.168.1.10:40000 -> 198.51.100.20:443 in lan0 out wan0 "
              "snat 203.0.113.2:40000" in r.stdout and "closing" in r.stdout
              and "flow udp 192.168.1.10:50000 -> 198.51.100.20:53" in r.stdout,
              "list flowtable ft shows its entries (NAT, interfaces, closing TCP)", r.stdout)
        r = client(sock, "list", "flowtable", "inet", "gw", "ft")
        check(r.returncode == 0 and "flowtable gw ft" in r.stdout,
              "list flowtable inet gw ft", r.stdout)
        r = client(sock, "list", "flowtable", "nosuch")
        check(r.returncode == 1 and "No such file or directory" in r.stderr,
              "list flowtable of a missing one fails", r.stderr)
        r = client(sock, "-j", "list", "flowtables")
        check(r.returncode == 0 and json.loads(r.stdout)[0]["name"] == "ft",
              "-j list flowtables", r.stdout)

        r = client(sock, "list", "ruleset")
        ruleset_before = r.stdout
        check(r.returncode == 0 and re.search(r"counter packets [1-9]", r.stdout),
              "list ruleset shows counters", r.stdout)
        r = client(sock, "-s", "list", "ruleset")
        check(r.returncode == 0 and "table inet gw" in r.stdout and "packets" not in r.stdout,
              "-s list ruleset", r.stdout)

        r = client(sock, "list", "stats")
        check(r.returncode == 0 and re.search(r"^rx [1-9]", r.stdout, re.M) and
              "flowtable gw ft hits" in r.stdout, "list stats", r.stdout)
        r = client(sock, "-j", "list", "stats")
        check(r.returncode == 0 and json.loads(r.stdout)["flowtables"][0]["hits"] > 0,
              "-j list stats", r.stdout)

        # Reloads: a bad ruleset is refused with nft-style diagnostics, the old one stays.
        bad = os.path.join(tmp, "bad.nft")
        with open(bad, "w") as f:
            f.write("table inet gw {\n\tchain forward {\n\t\tiifname lan0 acept\n\t}\n}\n")
        r = client(sock, "-f", bad)
        check(r.returncode == 1 and "bad.nft:3:" in r.stderr and "Error:" in r.stderr,
              "a bad reload fails with diagnostics", r.stderr)
        r = client(sock, "list", "ruleset")
        check(r.returncode == 0 and r.stdout == ruleset_before,
              "after a bad reload the old ruleset answers", r.stdout)
        r = client(sock, "-f", os.path.join(tmp, "missing.nft"))
        check(r.returncode == 1 and "No such file" in r.stderr, "reload of a missing file",
              r.stderr)

        # A good reload (relative path, -D and -I resolved by the client) keeps the flowtable
        # and so its offloaded entries.
        with open(os.path.join(GW, "gateway.nft")) as f:
            text = f.read()
        text = text.replace("define wan = wan0\n", "").replace(
            "\t\tcounter\n\t}", "\t\tip protocol icmp counter accept comment \"reloaded\"\n"
            "\t\tcounter\n\t}")
        inc = os.path.join(tmp, "inc")
        os.mkdir(inc)
        with open(os.path.join(inc, "gw.nft"), "w") as f:
            f.write(text)
        with open(os.path.join(tmp, "good.nft"), "w") as f:
            f.write('include "gw.nft"\n')
        r = client(sock, "-I", "inc", "-D", "wan=wan0", "-f", "good.nft", cwd=tmp)
        check(r.returncode == 0, "a good reload succeeds", r.stderr)
        r = client(sock, "list", "ruleset")
        check(r.returncode == 0 and 'comment "reloaded"' in r.stdout,
              "the reloaded ruleset answers", r.stdout)
        r = client(sock, "list", "conntrack", "--offloaded")
        check(r.returncode == 0 and len(conntrack_lines(r.stdout)) == len(offloaded),
              "offloaded entries survive a reload that keeps the flowtable", r.stdout)

        # Protocol errors.
        reply = raw_request(sock, b'{"cmd": "frobnicate", "args": []}\n')
        check(reply["status"] == 1 and "unknown engine command" in reply["stderr"],
              "unknown command", str(reply))
        reply = raw_request(sock, b"not json\n")
        check(reply["status"] == 1 and "malformed request" in reply["stderr"],
              "malformed request", str(reply))
        reply = raw_request(sock, b'{"cmd": "list", "args": ["' + b"x" * 70000 + b'"]}\n')
        check(reply["status"] == 1 and "larger than" in reply["stderr"], "oversized request",
              str(reply)[:200])
        reply = raw_request(sock, b'{"cmd": "list", "args": ["stats"]}')  # no newline, EOF
        check(reply["status"] == 0 and "phase serve" in reply["stdout"],
              "a request ended by EOF", str(reply))
        r = client(sock, "list", "nonsense")
        check(r.returncode == 1 and "Error" in r.stderr, "unknown list command", r.stderr)
        r = client(sock, "-j", "list", "ruleset")
        doc = json.loads(r.stdout) if r.returncode == 0 else {}
        counters = [e["counter"] for item in doc.get("nftables", []) if "rule" in item
                    for e in item["rule"]["expr"] if "counter" in e]
        check(r.returncode == 0 and len(counters) > 0 and all("packets" in c for c in counters),
              "-j list ruleset: libnftables JSON with the engine's counters", r.stdout + r.stderr)

        r = client(sock, "stop")
        check(r.returncode == 0, "stop", r.stderr)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        engine_err.seek(0)
        text = engine_err.read()
        check(proc.returncode == 0 and re.search(r"^rx \d+", text, re.M) and
              "flowtable ft hits" in text, "the engine exits with its statistics", text)
        check(not os.path.exists(sock), "the socket is removed at exit")
        r = client(sock, "list", "stats")
        check(r.returncode == 1 and r.stderr.startswith(f"nftx: no engine answers at {sock}: "),
              "no engine answers after stop", r.stderr)
    finally:
        if proc.poll() is None:
            proc.kill()

    # A stale socket (nobody listens) is replaced; SIGTERM ends the engine cleanly.
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(sock)
    stale.close()
    proc, engine_err = start_engine(tmp, sock, "second")
    try:
        check(os.path.exists(sock), "a stale socket is replaced")
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
        engine_err.seek(0)
        check(proc.returncode == 0 and "rx " in engine_err.read(), "SIGTERM ends the engine")
        check(not os.path.exists(sock), "the socket is removed after SIGTERM")
    finally:
        if proc.poll() is None:
            proc.kill()

    # A path that is not a socket is never removed.
    with open(sock, "w") as f:
        f.write("precious\n")
    r = subprocess.run([NFTX, "engine", "-f", os.path.join(GW, "gateway.nft"),
                        "--net", os.path.join(GW, "network.ip"), "--control", sock],
                       capture_output=True, text=True, timeout=20)
    check(r.returncode == 1 and "not a socket" in r.stderr and os.path.exists(sock),
          "a file that is not a socket is refused", r.stderr)

    if FAILURES:
        print(f"{len(FAILURES)} failure(s); files in {tmp}", file=sys.stderr)
        return 1
    subprocess.run(["rm", "-rf", tmp])
    return 0


if __name__ == "__main__":
    sys.exit(main())

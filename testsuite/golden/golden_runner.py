#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Golden tests: run nftx on a ruleset and compare what it prints with recorded files.

For a case FILE.nft the expected results live in EXPECTED_DIR:
  NAME.expected.netlink  stdout of `nftx -c -d netlink -f FILE` (absent: expected empty)
  NAME.expected.err      stderr, i.e. the diagnostics (absent: expected empty)
  NAME.expected.rc       exit status (absent: expected 0)
  NAME.expected.list     stdout of `nftx -c --list -f FILE`, compared only when the file exists
                         (this run leaves out a `--format` of NAME.args)
Extra arguments for both runs, one per line, may be given in FILE's directory as NAME.args
(e.g. `-I` and a directory, `-D` and NAME=VALUE, `--format` and `json`); blank lines and lines
starting with '#' are skipped.

nftx runs in the repository root with FILE given relative to it, so diagnostics name files the
way a user who runs the README commands sees them.

--update rewrites the expected files from the current output instead of comparing: .netlink and
.err are written when not empty (and removed when empty), .rc always, and .list only where a .list
file already exists. --update-list also creates the .list files (when --list prints something):
use it once the listing of those cases has been checked against `nft list ruleset`. Review the
diff before committing.
"""
import argparse
import difflib
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent
TIMEOUT_S = 60


def default_cases():
    """(input, expected_dir) for every case: testsuite/golden/cases/*.nft and examples/**/*.nft."""
    cases = [(p, p.parent) for p in sorted((GOLDEN / "cases").glob("*.nft"))]
    examples = REPO / "examples"
    for p in sorted(examples.rglob("*.nft")):
        cases.append((p, GOLDEN / "examples" / p.parent.relative_to(examples)))
    return cases


def expected_dir_for(case):
    """Where a case's expected files live (examples keep them under testsuite/golden/examples)."""
    examples = REPO / "examples"
    if examples in case.parents:
        return GOLDEN / "examples" / case.parent.relative_to(examples)
    return case.parent


def case_args(case):
    args_file = case.with_suffix(".args")
    if not args_file.exists():
        return []
    lines = args_file.read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith("#")]


def without_format(args):
    """The case's arguments less `--format X`, which would put diagnostics on stdout."""
    out = []
    skip = False
    for a in args:
        if skip:
            skip = False
        elif a == "--format":
            skip = True
        elif not a.startswith("--format="):
            out.append(a)
    return out


def run_nftx(nftx, case, mode_args):
    rel = os.path.relpath(case, REPO)
    args = case_args(case)
    if "--list" in mode_args:
        args = without_format(args)
    cmd = [str(nftx), "-c", *mode_args, *args, "-f", rel]
    env = dict(os.environ, LC_ALL="C.UTF-8")
    proc = subprocess.run(cmd, cwd=REPO, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=TIMEOUT_S, check=False)
    return (proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"),
            proc.returncode, cmd)


def read_or(path, default):
    return path.read_text(encoding="utf-8") if path.exists() else default


def write_or_remove(path, text):
    if text:
        path.write_text(text, encoding="utf-8")
    elif path.exists():
        path.unlink()


def compare(what, expected, actual, label):
    """Returns a list of report lines, empty when equal."""
    if expected == actual:
        return []
    diff = difflib.unified_diff(expected.splitlines(keepends=True),
                                actual.splitlines(keepends=True),
                                fromfile=f"{label} (expected)", tofile=f"{label} (actual)")
    out = [f"--- {what} differs:\n"]
    out += [line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
            for line in diff]
    return out


def run_case(nftx, case, expected_dir, update, update_list=False):
    name = case.stem
    base = expected_dir / name
    netlink_f = base.with_name(name + ".expected.netlink")
    err_f = base.with_name(name + ".expected.err")
    rc_f = base.with_name(name + ".expected.rc")
    list_f = base.with_name(name + ".expected.list")
    out, err, rc, cmd = run_nftx(nftx, case, ["-d", "netlink"])
    if rc < 0 or rc > 1:
        print(f"FAIL {case}: nftx exited with {rc} (crash?)\n{err}", end="")
        return False
    if update:
        expected_dir.mkdir(parents=True, exist_ok=True)
        write_or_remove(netlink_f, out)
        write_or_remove(err_f, err)
        rc_f.write_text(f"{rc}\n", encoding="utf-8")
        if list_f.exists() or update_list:
            list_out, _, _, _ = run_nftx(nftx, case, ["--list"])
            if list_out:
                list_f.write_text(list_out, encoding="utf-8")
        print(f"updated {os.path.relpath(base, REPO)}.expected.*")
        return True
    problems = []
    problems += compare("stdout (-d netlink)", read_or(netlink_f, ""), out, netlink_f.name)
    problems += compare("stderr (diagnostics)", read_or(err_f, ""), err, err_f.name)
    expected_rc = int(read_or(rc_f, "0").strip() or "0")
    if rc != expected_rc:
        problems.append(f"--- exit status {rc}, expected {expected_rc}\n")
    if list_f.exists():
        list_out, _, _, _ = run_nftx(nftx, case, ["--list"])
        problems += compare("stdout (--list)", list_f.read_text(encoding="utf-8"), list_out,
                            list_f.name)
    if problems:
        print(f"FAIL {case}\n  command: (cd {REPO} && {' '.join(cmd)})")
        print("".join(problems), end="")
        print(f"  (run {Path(__file__).name} --update to accept the new output)")
        return False
    print(f"ok   {os.path.relpath(case, REPO)}")
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nftx", default=str(REPO / "build" / "cli" / "nftx"),
                    help="nftx binary (default: build/cli/nftx)")
    ap.add_argument("--update", action="store_true", help="rewrite the expected files")
    ap.add_argument("--update-list", action="store_true",
                    help="with --update: also create .expected.list files that do not exist yet")
    ap.add_argument("--list-cases", action="store_true", help="print the case files and exit")
    ap.add_argument("cases", nargs="*", help="case files (default: all cases and examples)")
    a = ap.parse_args()
    if a.cases:
        cases = [(Path(c).resolve(), expected_dir_for(Path(c).resolve())) for c in a.cases]
    else:
        cases = default_cases()
    if a.list_cases:
        for case, _ in cases:
            print(os.path.relpath(case, REPO))
        return 0
    nftx = Path(a.nftx).resolve()
    if not nftx.exists():
        print(f"nftx binary not found: {nftx} (build first, or pass --nftx)", file=sys.stderr)
        return 2
    if not cases:
        print("no golden cases found", file=sys.stderr)
        return 2
    failed = 0
    for case, expected_dir in cases:
        if not case.exists():
            print(f"FAIL {case}: no such file")
            failed += 1
        elif not run_case(nftx, case, expected_dir, a.update or a.update_list, a.update_list):
            failed += 1
    if not a.update:
        print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Normalises `nft -e` / `nftx -e` output for comparison (stdin -> stdout): the nft 1.0.6 vs
>= 1.1.4 style differences that testsuite/netns/listing/listing_e2e.py documents, the pid and
process name of the "# new generation" line, element expiry (`expires 9m59s996ms` counts down
while the batch is committed), and the order of anonymous set items (nft echoes them in input
order from its cache, nftx from the kernel's sorted elements)."""
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'listing'))
import listing_e2e  # noqa: E402


def sort_anonymous(line):
    def repl(m):
        items = [i.strip() for i in m.group(1).split(',')]
        return '{ ' + ', '.join(sorted(items)) + ' }'
    return re.sub(r'\{ ([^{}]*) \}', repl, line) if 'rule ' in line else line


text = listing_e2e.normalise_nft(sys.stdin.read())
for line in text.splitlines():
    line = re.sub(r'^# new generation \d+ by process \d+ \(.*\)$', '# new generation N', line)
    line = re.sub(r' expires [0-9dhms]+', '', line)
    print(sort_anonymous(line))

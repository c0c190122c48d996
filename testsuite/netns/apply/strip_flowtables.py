#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes FILE without flowtables: `flowtable NAME { ... }` blocks and `flow add|offload @NAME`
statements are removed, so that a ruleset can still be loaded into a kernel that has no
nf_flow_table (everything else unchanged)."""
import re
import sys


def strip(text):
    out, i = [], 0
    block = re.compile(r'^[ \t]*flowtable[ \t]+\S+[ \t]*\{', re.M)
    while True:
        m = block.search(text, i)
        if not m:
            out.append(text[i:])
            break
        out.append(text[i:m.start()])
        depth, j = 0, m.end() - 1
        while j < len(text):
            if text[j] == '{':
                depth += 1
            elif text[j] == '}':
                depth -= 1
                if depth == 0:
                    break
            j += 1
        i = j + 1
    return re.sub(r'\bflow[ \t]+(add|offload)[ \t]+@\S+', '', ''.join(out))


if __name__ == '__main__':
    sys.stdout.write(strip(open(sys.argv[1]).read()))

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Reads `--debug=mnl` text (libmnl's mnl_nlmsg_fprintf dump, as nft and nftx print it) and
writes the batch messages one per block: the message type, the R/M/A/E flags and every
attribute line (length, nested flag, type, data bytes), without sequence numbers and port
IDs. Messages before the first BATCH_BEGIN (nft's cache dumps) are dropped. With --ignore-set-
ids the NFTA_SET_ID / NFTA_SET_ELEM_LIST_SET_ID values (batch-local numbering) are masked."""
import re
import sys

BATCH_BEGIN = 16


def messages(text):
    text = re.sub(r'\x1b\[[0-9;]*m', '', text)
    msgs, cur = [], None
    for line in text.split('\n'):
        if '| message length |' in line:
            cur = [line]
            msgs.append(cur)
        elif cur is not None and 'sequence number' not in line and 'port ID' not in line:
            cur.append(line)
    start = next((i for i, m in enumerate(msgs)
                  if len(m) > 1 and re.match(r'\| %05d \|' % BATCH_BEGIN, m[1])), None)
    return [] if start is None else msgs[start:]


def mask_set_ids(msg):
    # NEWSET (2569) attribute type 10 = NFTA_SET_ID; NEWSETELEM/DELSETELEM (2572/2574) type 4.
    mtype = re.match(r'\| (\d{5}) \|', msg[1]) if len(msg) > 1 else None
    want = {2569: 10, 2572: 4, 2574: 4}.get(int(mtype.group(1)) if mtype else -1)
    out, mask_next = [], False
    for line in msg:
        m = re.match(r'\|(\d{5})\|([-N][-B])\|(\d{5})\|', line)
        if m:
            mask_next = want is not None and int(m.group(3)) == want and m.group(2) == '--'
            out.append(line)
        elif mask_next and '|      data      |' in line:
            out.append('| xx xx xx xx  | set id')
            mask_next = False
        else:
            out.append(line)
    return out


def main():
    ignore_ids = '--ignore-set-ids' in sys.argv
    for msg in messages(sys.stdin.read()):
        print('\n'.join(mask_set_ids(msg) if ignore_ids else msg))


if __name__ == '__main__':
    main()

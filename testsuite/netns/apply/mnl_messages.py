#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Reads `--debug=mnl` text (libmnl's mnl_nlmsg_fprintf dump, as nft and nftx print it) and
writes the batch messages one per block: the message type, the R/M/A/E flags and every
attribute line (length, nested flag, type, data bytes), without sequence numbers and port
IDs. Messages before the first BATCH_BEGIN and after the BATCH_END (nft's cache dumps) are
dropped. With --ignore-set-
ids the NFTA_SET_ID / NFTA_SET_ELEM_LIST_SET_ID values (batch-local numbering) are masked."""
import re
import sys

BATCH_BEGIN = 16
BATCH_END = 17


def messages(text):
    text = re.sub(r'\x1b\[[0-9;]*m', '', text)
    msgs, cur = [], None
    for line in text.split('\n'):
        if '| message length |' in line:
            cur = [line]
            msgs.append(cur)
        elif cur is not None and 'sequence number' not in line and 'port ID' not in line \
                and not line.startswith('----------------'):
            cur.append(line)
    start = next((i for i, m in enumerate(msgs)
                  if len(m) > 1 and re.match(r'\| %05d \|' % BATCH_BEGIN, m[1])), None)
    if start is None:
        return []
    # Up to the batch's end marker (or its last message in check mode): nft fetches its cache
    # again after an error, to explain it.
    end = next((i for i, m in enumerate(msgs)
                if i > start and len(m) > 1 and re.match(r'\| %05d \|' % BATCH_END, m[1])),
               len(msgs) - 1)
    return msgs[start:end + 1]


# Expression names (NFTA_EXPR_NAME) and, per expression, the attribute carrying a set ID.
EXPR_SET_ID_ATTR = {'lookup': 4, 'dynset': 2, 'objref': 5}
EXPR_NAMES = {'immediate', 'cmp', 'lookup', 'bitwise', 'byteorder', 'payload', 'meta', 'ct',
              'range', 'counter', 'limit', 'quota', 'log', 'nat', 'masq', 'redir', 'reject',
              'dynset', 'objref', 'notrack', 'flow_offload', 'exthdr', 'fib', 'rt', 'numgen',
              'hash', 'socket', 'osf', 'tproxy', 'queue', 'dup', 'fwd', 'synproxy', 'connlimit',
              'xfrm', 'last', 'inner', 'match', 'target'}


def data_bytes(line):
    m = re.match(r'\| ((?:[0-9a-f]{2} ){4}) \|', line)
    return bytes(int(x, 16) for x in m.group(1).split()) if m else b''


def mask_set_ids(msg):
    """Masks batch-local set IDs: NFTA_SET_ID in NEWSET (2569), NFTA_SET_ELEM_LIST_SET_ID in
    element messages (2572/2574), and the set ID of lookup/dynset/objref expressions."""
    mtype = re.match(r'\| (\d{5}) \|', msg[1]) if len(msg) > 1 else None
    top = {2569: 10, 2572: 4, 2574: 4}.get(int(mtype.group(1)) if mtype else -1)
    out, mask_next, expr = [], False, None
    i = 0
    while i < len(msg):
        line = msg[i]
        m = re.match(r'\|(\d{5})\|([-N][-B])\|(\d{5})\|', line)
        if m:
            length, nested, atype = int(m.group(1)), m.group(2)[0] == 'N', int(m.group(3))
            if atype == 1 and not nested:  # maybe an expression name: read its string
                raw = b''.join(data_bytes(x) for x in msg[i + 1:i + 1 + (length - 1) // 4])
                name = raw.split(b'\0')[0].decode('ascii', 'replace')
                if name in EXPR_NAMES:
                    expr = name
            mask_next = not nested and length == 8 and (
                atype == top or EXPR_SET_ID_ATTR.get(expr) == atype)
            out.append(line)
        elif mask_next and '|      data      |' in line:
            out.append('| xx xx xx xx  | set id')
            mask_next = False
        else:
            out.append(line)
        i += 1
    return out


def main():
    ignore_ids = '--ignore-set-ids' in sys.argv
    for msg in messages(sys.stdin.read()):
        print('\n'.join(mask_set_ids(msg) if ignore_ids else msg))


if __name__ == '__main__':
    main()

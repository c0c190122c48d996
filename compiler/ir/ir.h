// SPDX-License-Identifier: GPL-2.0-or-later
// The IR: one plain value struct per nf_tables VM expression, registers explicit, plus the
// objects a batch carries. See docs/ir.md for the invariants every producer guarantees.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/span.h"

namespace nftx::ir {

using Bytes = std::vector<uint8_t>;  // register image: exactly the bytes the VM holds
using Reg = uint32_t;  // wire register number: 0 verdict, 1..4 (16 B), 8..23 (4 B, NFT_REG32_xx)

// NFPROTO_* values.
enum class Family : uint8_t { Inet = 1, Ip = 2, Arp = 3, Netdev = 5, Bridge = 7, Ip6 = 10 };

// nf_tables verdict codes (NF_DROP 0, NF_ACCEPT 1, NF_QUEUE 3, NFT_CONTINUE -1, ...).
enum class VerdictCode : int32_t {
  Drop = 0, Accept = 1, Queue = 3, Continue = -1, Break = -2, Jump = -3, Goto = -4, Return = -5
};
struct Verdict {
  VerdictCode code = VerdictCode::Accept;
  std::string chain;  // Jump/Goto only
  friend bool operator==(const Verdict&, const Verdict&) = default;
};

enum class PayloadBase : uint32_t { LinkLayer = 0, Network = 1, Transport = 2, Inner = 3 };
enum class CmpOp : uint32_t { Eq = 0, Neq = 1, Lt = 2, Lte = 3, Gt = 4, Gte = 5 };
enum class BitwiseOp : uint32_t { Bool = 0, Lshift = 1, Rshift = 2 };
enum class ByteorderOp : uint32_t { Ntoh = 0, Hton = 1 };

// ---- VM operations (NFTA_EXPR_NAME in brackets) ----
struct Payload { Reg dreg; PayloadBase base; uint32_t offset; uint32_t len; };           // [payload]
struct PayloadWrite {                                                                    // [payload]
  Reg sreg; PayloadBase base; uint32_t offset; uint32_t len;
  uint32_t csum_type = 0, csum_offset = 0, csum_flags = 0;
};
struct Cmp { Reg sreg; CmpOp op; Bytes data; };                                          // [cmp]
struct Range { Reg sreg; CmpOp op; Bytes from; Bytes to; };                              // [range] op Eq|Neq
struct Bitwise {                                                                         // [bitwise]
  Reg sreg; Reg dreg; uint32_t len; BitwiseOp op = BitwiseOp::Bool;
  Bytes mask; Bytes xor_;  // Bool: dreg = (sreg & mask) ^ xor_
  Bytes data;              // Lshift/Rshift: shift amount (4 bytes, host order)
  bool with_op = false;    // Bool: carry NFTA_BITWISE_OP anyway (nft does for binops)
};
struct Byteorder { Reg sreg; Reg dreg; ByteorderOp op; uint32_t len; uint32_t size; };  // [byteorder]
struct Meta { std::optional<Reg> dreg; std::optional<Reg> sreg; uint32_t key; };         // [meta] load xor set
struct Ct {                                                                              // [ct] load xor set
  std::optional<Reg> dreg; std::optional<Reg> sreg; uint32_t key;
  std::optional<uint8_t> dir;  // IP_CT_DIR_ORIGINAL 0 / REPLY 1, for tuple keys
};
struct Immediate { Reg dreg; Bytes data; };                                              // [immediate] data
struct ImmediateVerdict { Verdict verdict; };                                            // [immediate] reg 0
struct Lookup {                                                                          // [lookup]
  Reg sreg; std::string set; uint32_t set_id = 0;
  std::optional<Reg> dreg;  // maps and vmaps (dreg 0)
  bool invert = false;
};
struct Counter { uint64_t packets = 0; uint64_t bytes = 0; };                            // [counter]
struct Limit { uint64_t rate; uint64_t unit; uint32_t burst; uint32_t type; uint32_t flags; };  // [limit]
struct Quota { uint64_t bytes; uint64_t consumed; uint32_t flags; };                     // [quota]
struct Last { uint64_t msecs = 0; uint32_t set = 0; };                                   // [last]
struct Log {                                                                             // [log]
  std::optional<std::string> prefix; std::optional<uint16_t> group;
  std::optional<uint32_t> snaplen; std::optional<uint16_t> qthreshold;
  std::optional<uint32_t> level; std::optional<uint32_t> flags;
};
struct Reject { uint32_t type; uint8_t code; };                                          // [reject]
struct Nat {                                                                             // [nat]
  uint32_t type;  // NFT_NAT_SNAT 0 / DNAT 1
  uint32_t family;
  std::optional<Reg> addr_min, addr_max, proto_min, proto_max;
  std::optional<uint32_t> flags;
};
struct Masq { std::optional<uint32_t> flags; std::optional<Reg> proto_min, proto_max; };  // [masq]
struct Redir { std::optional<uint32_t> flags; std::optional<Reg> proto_min, proto_max; };  // [redir]
struct Notrack {};                                                                       // [notrack]
struct FlowOffload { std::string flowtable; };                                           // [flow_offload]
struct Objref {                                                                          // [objref]
  uint32_t type = 0; std::string name;           // by name, or
  std::optional<Reg> sreg; std::string set; uint32_t set_id = 0;  // by map lookup
};
struct Exthdr {                                                                          // [exthdr]
  std::optional<Reg> dreg; std::optional<Reg> sreg;
  uint32_t op;  // NFT_EXTHDR_OP_IPV6 0, TCPOPT 1, IPV4 2, SCTP 3, DCCP 4
  uint8_t type; uint32_t offset; uint32_t len; uint32_t flags = 0;
};
struct Fib { Reg dreg; uint32_t result; uint32_t flags; };                               // [fib]
struct Rt { Reg dreg; uint32_t key; };                                                   // [rt]
struct Numgen { Reg dreg; uint32_t modulus; uint32_t type; uint32_t offset = 0; };       // [numgen]
struct Hash {                                                                            // [hash]
  std::optional<Reg> sreg; Reg dreg; uint32_t len; uint32_t modulus; uint32_t seed;
  uint32_t offset; uint32_t type;  // NFT_HASH_JENKINS 0 / SYM 1
};
struct Socket { Reg dreg; uint32_t key; uint32_t level = 0; };                           // [socket]
struct Osf { Reg dreg; uint8_t ttl; uint32_t flags; };                                   // [osf]
struct Tproxy { uint32_t family; std::optional<Reg> addr; std::optional<Reg> port; };    // [tproxy]
struct Queue { uint16_t num; uint16_t total; uint16_t flags; std::optional<Reg> sreg; };  // [queue]
struct Dup { std::optional<Reg> addr; std::optional<Reg> dev; };                         // [dup]
struct Fwd { std::optional<Reg> dev; std::optional<Reg> addr; std::optional<uint32_t> nfproto; };  // [fwd]
struct Synproxy { uint16_t mss; uint8_t wscale; uint32_t flags; };                       // [synproxy]
struct Connlimit { uint32_t count; uint32_t flags; };                                    // [connlimit]
struct Xfrm { Reg dreg; uint32_t key; uint8_t dir; uint32_t spnum; };                    // [xfrm]
struct Dynset;                                                                           // below
// Dynset holds Instrs, which hold Ops: box it so the variant stays a complete type.
struct DynsetBox {
  std::vector<Dynset> v;  // exactly one element
  const Dynset& get() const { return v.front(); }
};

using Op = std::variant<Payload, PayloadWrite, Cmp, Range, Bitwise, Byteorder, Meta, Ct,
                        Immediate, ImmediateVerdict, Lookup, Counter, Limit, Quota, Last, Log,
                        Reject, Nat, Masq, Redir, Notrack, FlowOffload, Objref, Exthdr, Fib, Rt,
                        Numgen, Hash, Socket, Osf, Tproxy, Queue, Dup, Fwd, Synproxy, Connlimit,
                        Xfrm, DynsetBox>;

struct Instr {
  Op op;
  Span span;  // the source construct this operation was lowered from
};

struct Dynset {                                                                          // [dynset]
  Reg sreg_key; std::optional<Reg> sreg_data;
  uint32_t op;  // NFT_DYNSET_OP_ADD 0, UPDATE 1, DELETE 2
  std::string set; uint32_t set_id = 0;
  std::optional<uint64_t> timeout;  // ms
  std::vector<Instr> exprs;         // stateful expressions attached to the new element
};
// ---- Objects ----
struct Table {
  Family family; std::string name;
  uint32_t flags = 0;  // NFT_TABLE_F_DORMANT 1, OWNER 2
  std::optional<std::string> comment;
  std::optional<uint64_t> handle;  // delete/destroy by handle
  Span span;
  bool all_families = false;  // `flush ruleset` without a family: NFPROTO_UNSPEC on the wire
};

struct ChainHook {
  uint32_t hooknum;  // NF_INET_* / NF_NETDEV_* number
  int32_t priority;
  std::string type;  // "filter", "nat", "route"
  std::vector<std::string> devices;
};
struct Chain {
  Family family; std::string table; std::string name;
  std::optional<ChainHook> hook;
  std::optional<VerdictCode> policy;  // Accept or Drop, base chains only
  uint32_t flags = 0;                 // NFT_CHAIN_BASE 1, HW_OFFLOAD 2, BINDING 4
  std::optional<std::string> comment;
  std::optional<uint64_t> handle;
  std::optional<std::string> new_name;  // rename
  Span span;
};

struct Rule {
  Family family; std::string table; std::string chain;
  std::vector<Instr> exprs;
  std::optional<uint64_t> handle;    // replace/delete
  std::optional<uint64_t> position;  // add/insert relative to a handle
  std::optional<std::string> comment;
  Span span;
};

struct SetElem {
  Bytes key;
  std::optional<Bytes> key_end;        // concatenated ranges (NFTA_SET_ELEM_KEY_END)
  std::optional<Bytes> data;           // maps
  std::optional<Verdict> verdict;      // verdict maps
  std::optional<std::string> objref;   // object maps
  uint32_t flags = 0;                  // NFT_SET_ELEM_INTERVAL_END 1, CATCHALL 2
  std::optional<uint64_t> timeout;     // ms
  std::optional<uint64_t> expiration;  // ms
  std::optional<std::string> comment;
  std::vector<Instr> exprs;            // per-element counter/quota/limit
  Span span;
};

struct Set {
  Family family; std::string table; std::string name;  // anonymous sets: "__set%d" / "__map%d"
  uint32_t id = 0;     // NFTA_SET_ID, binds lookups to sets created in the same batch
  uint32_t flags = 0;  // NFT_SET_ANONYMOUS 1, CONSTANT 2, INTERVAL 4, MAP 8, TIMEOUT 16, EVAL 32,
                       // OBJECT 64, CONCAT 128, EXPR 256
  uint32_t key_type = 0; uint32_t key_len = 0;
  std::optional<uint32_t> data_type; uint32_t data_len = 0;
  std::optional<uint32_t> obj_type;
  std::vector<uint8_t> field_lengths;  // NFTA_SET_DESC_CONCAT, concatenated interval keys
  std::optional<uint32_t> policy;      // NFT_SET_POL_PERFORMANCE 0 / MEMORY 1
  std::optional<uint32_t> size;        // NFTA_SET_DESC_SIZE
  std::optional<uint64_t> timeout;     // ms
  std::optional<uint32_t> gc_interval;
  Bytes userdata;                      // NFTA_SET_USERDATA (key byteorder, typeof, comment)
  std::vector<Instr> exprs;            // set-wide stateful expressions
  std::optional<uint64_t> handle;
  Span span;
};

// Elements sent in their own NEWSETELEM message (as nft does, also for anonymous sets).
struct SetElems {
  Family family; std::string table; std::string set; uint32_t set_id = 0;
  std::vector<SetElem> elements;
  Span span;
};

struct Flowtable {
  Family family; std::string table; std::string name;
  std::optional<uint32_t> hooknum;  // NF_NETDEV_INGRESS 0; nftx's early_ingress is marked below
  bool early_ingress = false;       // nftx extension: no kernel equivalent
  std::optional<int32_t> priority;
  std::vector<std::string> devices;
  uint32_t flags = 0;  // NFT_FLOWTABLE_HW_OFFLOAD 1, COUNTER 2
  std::optional<uint64_t> handle;
  Span span;
};

struct Object {  // named stateful object
  Family family; std::string table; std::string name;
  uint32_t type;  // NFT_OBJECT_COUNTER 1, QUOTA 2, CT_HELPER 3, LIMIT 4, ...
  std::vector<Instr> body;  // exactly one Counter/Quota/Limit/... describing the object
  std::optional<std::string> comment;
  std::optional<uint64_t> handle;
  Span span;
};

enum class Verb { Add, Create, Insert, Replace, Delete, Destroy, Flush, Rename };

using Object_ = std::variant<Table, Chain, Rule, Set, SetElems, Flowtable, Object>;

// One netlink message of the batch. `command` is the index of the source command it came
// from, so that tools (conformance runner, kernel error mapping) can select its messages.
struct Message {
  Verb verb = Verb::Add;
  Object_ object;
  uint32_t command = 0;
  Span span;
};

struct Batch {
  std::vector<Message> messages;
};

}  // namespace nftx::ir

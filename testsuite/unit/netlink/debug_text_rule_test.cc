// SPDX-License-Identifier: GPL-2.0-or-later
// Rules built by hand in IR must print exactly what `nft --debug=netlink` (nft 1.0.6,
// libnftnl 1.2.4) printed for the same statements; expected texts were taken from the real nft.
#include <gtest/gtest.h>
#include <linux/netfilter/nf_log.h>
#include <linux/netfilter/nf_nat.h>
#include <linux/netfilter/nf_tables.h>

#include "backends/netlink/debug_text.h"
#include "backends/netlink/encode_expr.h"
#include "testsuite/unit/netlink/ir_builders.h"

namespace nftx::netlink {
namespace {

using namespace nftx::netlink::testing;  // NOLINT(build/namespaces)
using ir::CmpOp;
using ir::Family;
using ir::PayloadBase;
using ir::VerdictCode;

std::string print_rule(Family family, std::vector<ir::Instr> exprs) {
  return debug_text(batch({msg(ir::Verb::Add, rule(family, "t", "c", std::move(exprs)))}));
}

TEST(DebugTextRule, TcpDportAccept) {
  EXPECT_EQ(print_rule(Family::Inet, {meta_load(NFT_META_L4PROTO), cmp_eq(u8(6)),
                                      payload(PayloadBase::Transport, 2, 2), cmp_eq(be16(22)),
                                      verdict(VerdictCode::Accept)}),
            "inet t c\n"
            "  [ meta load l4proto => reg 1 ]\n"
            "  [ cmp eq reg 1 0x00000006 ]\n"
            "  [ payload load 2b @ transport header + 2 => reg 1 ]\n"
            "  [ cmp eq reg 1 0x00001600 ]\n"
            "  [ immediate reg 0 accept ]\n"
            "\n");
}

TEST(DebugTextRule, IifnameJump) {
  ir::Bytes lo(16, 0);
  lo[0] = 'l';
  lo[1] = 'o';
  EXPECT_EQ(print_rule(Family::Inet,
                       {meta_load(NFT_META_IIFNAME), cmp_eq(lo), verdict(VerdictCode::Jump, "c2")}),
            "inet t c\n"
            "  [ meta load iifname => reg 1 ]\n"
            "  [ cmp eq reg 1 0x00006f6c 0x00000000 0x00000000 0x00000000 ]\n"
            "  [ immediate reg 0 jump -> c2 ]\n"
            "\n");
}

TEST(DebugTextRule, CtStateFlagsAndDirection) {
  EXPECT_EQ(
      print_rule(
          Family::Inet,
          {I(ir::Ct{NFT_REG_1, std::nullopt, NFT_CT_STATE, std::nullopt}),
           I(ir::Bitwise{NFT_REG_1, NFT_REG_1, 4, ir::BitwiseOp::Bool, host32(6), host32(0), {}}),
           I(ir::Cmp{NFT_REG_1, CmpOp::Neq, host32(0)}),
           I(ir::Ct{NFT_REG_1, std::nullopt, NFT_CT_SRC, 0}), cmp_eq(ip4(1, 2, 3, 4))}),
      "inet t c\n"
      "  [ ct load state => reg 1 ]\n"
      "  [ bitwise reg 1 = ( reg 1 & 0x00000006 ) ^ 0x00000000 ]\n"
      "  [ cmp neq reg 1 0x00000000 ]\n"
      "  [ ct load src => reg 1 , dir original ]\n"
      "  [ cmp eq reg 1 0x04030201 ]\n"
      "\n");
}

TEST(DebugTextRule, SnatWithPortRange) {
  EXPECT_EQ(
      print_rule(Family::Ip,
                 {I(ir::Immediate{NFT_REG_1, ip4(1, 2, 3, 4)}),
                  I(ir::Immediate{NFT_REG_2, be16(80)}), I(ir::Immediate{NFT_REG_3, be16(90)}),
                  I(ir::Nat{NFT_NAT_SNAT, NFPROTO_IPV4, NFT_REG_1, std::nullopt, NFT_REG_2,
                            NFT_REG_3, NF_NAT_RANGE_PROTO_SPECIFIED | NF_NAT_RANGE_PERSISTENT}),
                  I(ir::Masq{}), I(ir::Redir{NF_NAT_RANGE_PROTO_SPECIFIED, NFT_REG_1, {}})}),
      "ip t c\n"
      "  [ immediate reg 1 0x04030201 ]\n"
      "  [ immediate reg 2 0x00005000 ]\n"
      "  [ immediate reg 3 0x00005a00 ]\n"
      "  [ nat snat ip addr_min reg 1 proto_min reg 2 proto_max reg 3 flags 0xa ]\n"
      "  [ masq ]\n"
      "  [ redir proto_min reg 1 flags 0x2 ]\n"
      "\n");
}

TEST(DebugTextRule, PayloadWriteWithChecksum) {
  EXPECT_EQ(print_rule(Family::Ip, {I(ir::Immediate{NFT_REG_1, ip4(1, 2, 3, 4)}),
                                    I(ir::PayloadWrite{NFT_REG_1, PayloadBase::Network, 12, 4,
                                                       NFT_PAYLOAD_CSUM_INET, 10,
                                                       NFT_PAYLOAD_L4CSUM_PSEUDOHDR}),
                                    I(ir::Immediate{NFT_REG_1, be16(80)}),
                                    I(ir::PayloadWrite{NFT_REG_1, PayloadBase::Transport, 2, 2,
                                                       NFT_PAYLOAD_CSUM_INET, 16, 0})}),
            "ip t c\n"
            "  [ immediate reg 1 0x04030201 ]\n"
            "  [ payload write reg 1 => 4b @ network header + 12 csum_type 1 csum_off 10 "
            "csum_flags 0x1 ]\n"
            "  [ immediate reg 1 0x00005000 ]\n"
            "  [ payload write reg 1 => 2b @ transport header + 2 csum_type 1 csum_off 16 "
            "csum_flags 0x0 ]\n"
            "\n");
}

TEST(DebugTextRule, RangesShiftsAndByteorder) {
  EXPECT_EQ(
      print_rule(
          Family::Ip,
          {payload(PayloadBase::Network, 12, 4), I(ir::Cmp{NFT_REG_1, CmpOp::Gte, ip4(1, 2, 3, 0)}),
           I(ir::Cmp{NFT_REG_1, CmpOp::Lte, ip4(1, 2, 3, 100)}),
           I(ir::Range{NFT_REG_1, CmpOp::Neq, ip4(1, 2, 3, 0), ip4(1, 2, 3, 100)}),
           I(ir::Ct{NFT_REG_1, std::nullopt, NFT_CT_MARK, std::nullopt}),
           I(ir::Bitwise{NFT_REG_1, NFT_REG_1, 4, ir::BitwiseOp::Lshift, {}, {}, host32(2)}),
           I(ir::Bitwise{
               NFT_REG_1, NFT_REG_1, 4, ir::BitwiseOp::Bool, host32(0xffffffef), host32(0x10), {}}),
           I(ir::Ct{std::nullopt, NFT_REG_1, NFT_CT_MARK, std::nullopt}), meta_load(NFT_META_LEN),
           I(ir::Byteorder{NFT_REG_1, NFT_REG_1, ir::ByteorderOp::Hton, 4, 4}),
           I(ir::Cmp{NFT_REG_1, CmpOp::Gt, {0x00, 0x00, 0x03, 0xe8}})}),
      "ip t c\n"
      "  [ payload load 4b @ network header + 12 => reg 1 ]\n"
      "  [ cmp gte reg 1 0x00030201 ]\n"
      "  [ cmp lte reg 1 0x64030201 ]\n"
      "  [ range neq reg 1 0x00030201 0x64030201 ]\n"
      "  [ ct load mark => reg 1 ]\n"
      "  [ bitwise reg 1 = ( reg 1 << 0x00000002 ) ]\n"
      "  [ bitwise reg 1 = ( reg 1 & 0xffffffef ) ^ 0x00000010 ]\n"
      "  [ ct set mark with reg 1 ]\n"
      "  [ meta load len => reg 1 ]\n"
      "  [ byteorder reg 1 = hton(reg 1, 4, 4) ]\n"
      "  [ cmp gt reg 1 0xe8030000 ]\n"
      "\n");
}

TEST(DebugTextRule, StatefulAndLogging) {
  EXPECT_EQ(print_rule(Family::Ip,
                       {I(ir::Counter{5, 10}), I(ir::Limit{10, 1, 5, NFT_LIMIT_PKTS, 0}),
                        I(ir::Limit{10240, 1, 5120, NFT_LIMIT_PKT_BYTES, NFT_LIMIT_F_INV}),
                        I(ir::Quota{10485760, 5242880, NFT_QUOTA_F_INV}),
                        I(ir::Log{"x", std::nullopt, std::nullopt, std::nullopt, 4, NF_LOG_MASK}),
                        I(ir::Log{std::nullopt, 5, 100, 4, std::nullopt, std::nullopt}),
                        I(ir::Connlimit{5, NFT_CONNLIMIT_F_INV}),
                        I(ir::Reject{NFT_REJECT_ICMP_UNREACH, 3})}),
            "ip t c\n"
            "  [ counter pkts 5 bytes 10 ]\n"
            "  [ limit rate 10/second burst 5 type packets flags 0x0 ]\n"
            "  [ limit rate 10240/second burst 5120 type bytes flags 0x1 ]\n"
            "  [ quota bytes 10485760 consumed 5242880 flags 1 ]\n"
            "  [ log prefix x level 4 tcpseq tcpopt ipopt uid macdecode ]\n"
            "  [ log group 5 snaplen 100 qthreshold 4 ]\n"
            "  [ connlimit count 5 flags 1 ]\n"
            "  [ reject type 0 code 3 ]\n"
            "\n");
  // `last` (newer nft) prints as in the tests/py corpus.
  EXPECT_EQ(print_rule(Family::Ip, {I(ir::Last{}), I(ir::Last{300000, 1})}),
            "ip t c\n  [ last never ]\n  [ last 300000 ]\n\n");
}

TEST(DebugTextRule, HashNumgenAndFriends) {
  EXPECT_EQ(print_rule(Family::Ip,
                       {payload(PayloadBase::Network, 12, 4, NFT_REG_2),
                        I(ir::Hash{NFT_REG_2, NFT_REG_1, 4, 10, 0xdeadbeef, 100, NFT_HASH_JENKINS}),
                        I(ir::Meta{std::nullopt, NFT_REG_1, NFT_META_MARK}),
                        I(ir::Hash{std::nullopt, NFT_REG_1, 0, 2, 0, 0, NFT_HASH_SYM}),
                        I(ir::Numgen{NFT_REG_1, 2, NFT_NG_INCREMENTAL, 5}),
                        I(ir::Fib{NFT_REG_1, NFT_FIB_RESULT_OIF,
                                  NFTA_FIB_F_SADDR | NFTA_FIB_F_IIF | NFTA_FIB_F_PRESENT}),
                        I(ir::Rt{NFT_REG_1, NFT_RT_NEXTHOP4}), I(ir::Osf{NFT_REG_1, 1, 0}),
                        I(ir::Socket{NFT_REG_1, NFT_SOCKET_TRANSPARENT}),
                        I(ir::Xfrm{NFT_REG_1, NFT_XFRM_KEY_REQID, 0, 0}),
                        I(ir::Queue{1, 3, NFT_QUEUE_FLAG_BYPASS, std::nullopt}),
                        I(ir::Dup{NFT_REG_1, NFT_REG_2}), I(ir::Synproxy{1460, 7, 0}),
                        I(ir::Notrack{}), I(ir::FlowOffload{"ft"})}),
            "ip t c\n"
            "  [ payload load 4b @ network header + 12 => reg 2 ]\n"
            "  [ hash reg 1 = jhash(reg 2, 4, 0xdeadbeef) % mod 10 offset 100 ]\n"
            "  [ meta set mark with reg 1 ]\n"
            "  [ hash reg 1 = symhash() % mod 2 ]\n"
            "  [ numgen reg 1 = inc mod 2 offset 5 ]\n"
            "  [ fib saddr . iif oif present => reg 1 ]\n"
            "  [ rt load nexthop4 => reg 1 ]\n"
            "  [ osf dreg 1 ]\n"
            "  [ socket load transparent => reg 1 ]\n"
            "  [ xfrm load in 0 reqid => reg 1 ]\n"
            "  [ queue num 1-3 bypass ]\n"
            "  [ dup sreg_addr 1 sreg_dev 2 ]\n"
            "  [ synproxy mss 1460 wscale 7 ]\n"
            "  [ notrack ]\n"
            "  [ flow_offload flowtable ft ]\n"
            "\n");
}

TEST(DebugTextRule, TcpOptionWrite) {
  EXPECT_EQ(print_rule(Family::Ip,
                       {I(ir::Immediate{NFT_REG_1, be16(1360)}),
                        I(ir::Exthdr{std::nullopt, NFT_REG_1, NFT_EXTHDR_OP_TCPOPT, 2, 2, 2, 0})}),
            "ip t c\n"
            "  [ immediate reg 1 0x00005005 ]\n"
            "  [ exthdr write tcpopt reg 1 => 2b @ 2 + 2 ]\n"
            "\n");
}

TEST(DebugTextRule, TproxyExthdrResetAndPresence) {
  EXPECT_EQ(print_rule(Family::Ip,
                       {I(ir::Immediate{NFT_REG_1, ip4(1, 2, 3, 4)}),
                        I(ir::Immediate{NFT_REG_2, be16(80)}),
                        I(ir::Tproxy{NFPROTO_IPV4, NFT_REG_1, NFT_REG_2}),
                        I(ir::Exthdr{std::nullopt, std::nullopt, NFT_EXTHDR_OP_TCPOPT, 5, 0, 0, 0}),
                        I(ir::Exthdr{NFT_REG_1, std::nullopt, NFT_EXTHDR_OP_TCPOPT, 5, 0, 1,
                                     NFT_EXTHDR_F_PRESENT}),
                        I(ir::Exthdr{NFT_REG_1, std::nullopt, NFT_EXTHDR_OP_IPV6, 44, 0, 1,
                                     NFT_EXTHDR_F_PRESENT}),
                        I(ir::Immediate{NFT_REG_1, host32(5)}),
                        I(ir::Ct{std::nullopt, NFT_REG_1, NFT_CT_ZONE, std::nullopt}),
                        I(ir::Objref{NFT_OBJECT_CT_HELPER, "ftp", std::nullopt, {}, 0})}),
            "ip t c\n"
            "  [ immediate reg 1 0x04030201 ]\n"
            "  [ immediate reg 2 0x00005000 ]\n"
            "  [ tproxy ip addr reg 1 port reg 2 ]\n"
            "  [ exthdr reset tcpopt 5 ]\n"
            "  [ exthdr load tcpopt 1b @ 5 + 0 present => reg 1 ]\n"
            "  [ exthdr load ipv6 1b @ 44 + 0 present => reg 1 ]\n"
            "  [ immediate reg 1 0x00000005 ]\n"
            "  [ ct set zone with reg 1 ]\n"
            "  [ objref type 3 name ftp ]\n"
            "\n");
}

TEST(DebugTextRule, NetdevForwardingAndUnchecksummedWrite) {
  EXPECT_EQ(
      print_rule(Family::Netdev, {I(ir::Immediate{NFT_REG_1, host32(1)}),
                                  I(ir::Fwd{NFT_REG_1, std::nullopt, std::nullopt}),
                                  I(ir::Immediate{NFT_REG_2, ip4(1, 2, 3, 4)}),
                                  I(ir::Fwd{NFT_REG_1, NFT_REG_2, NFPROTO_IPV4}),
                                  I(ir::Immediate{NFT_REG_1, {0x00, 0x11, 0x22, 0x33, 0x44, 0x55}}),
                                  I(ir::PayloadWrite{NFT_REG_1, PayloadBase::LinkLayer, 6, 6})}),
      "netdev t c\n"
      "  [ immediate reg 1 0x00000001 ]\n"
      "  [ fwd sreg_dev 1 ]\n"
      "  [ immediate reg 2 0x04030201 ]\n"
      "  [ fwd sreg_dev 1 sreg_addr 2 nfproto 2 ]\n"
      "  [ immediate reg 1 0x33221100 0x00005544 ]\n"
      "  [ payload write reg 1 => 6b @ link header + 6 csum_type 0 csum_off 0 csum_flags 0x0 ]\n"
      "\n");
}

TEST(DebugTextRule, SetLookupsMapsAndObjrefs) {
  ir::Dynset add_counter{NFT_REG_1, std::nullopt, NFT_DYNSET_OP_ADD, "s1",
                         0,         10000,        {I(ir::Counter{})}};
  ir::Dynset add_two{NFT_REG_1,
                     std::nullopt,
                     NFT_DYNSET_OP_ADD,
                     "s5",
                     0,
                     std::nullopt,
                     {I(ir::Counter{}), I(ir::Quota{5242880, 0, 0})}};
  ir::Dynset update{NFT_REG_1, std::nullopt, NFT_DYNSET_OP_UPDATE, "s1", 0, std::nullopt, {}};
  EXPECT_EQ(print_rule(Family::Inet,
                       {payload(PayloadBase::Network, 12, 4), I(ir::DynsetBox{{add_counter}}),
                        I(ir::DynsetBox{{add_two}}), I(ir::DynsetBox{{update}}),
                        I(ir::Lookup{NFT_REG_1, "__set%d", 1, std::nullopt, false}),
                        I(ir::Lookup{NFT_REG_1, "__map%d", 2, NFT_REG_1, false}),
                        I(ir::Lookup{NFT_REG_1, "m", 0, NFT_REG_VERDICT, false}),
                        I(ir::Objref{NFT_OBJECT_COUNTER, "c1", std::nullopt, {}, 0}),
                        I(ir::Objref{0, {}, NFT_REG_1, "m1", 0})}),
            "inet t c\n"
            "  [ payload load 4b @ network header + 12 => reg 1 ]\n"
            "  [ dynset add reg_key 1 set s1 timeout 10000ms expr [ counter pkts 0 bytes 0 ] ]\n"
            "  [ dynset add reg_key 1 set s5 expr [ counter pkts 0 bytes 0 ] expr [ quota bytes "
            "5242880 consumed 0 flags 0 ] ]\n"
            "  [ dynset update reg_key 1 set s1 ]\n"
            "  [ lookup reg 1 set __set%d ]\n"
            "  [ lookup reg 1 set __map%d dreg 1 ]\n"
            "  [ lookup reg 1 set m dreg 0 ]\n"
            "  [ objref type 1 name c1 ]\n"
            "  [ objref sreg 1 set m1 ]\n"
            "\n");
}

TEST(DebugTextRule, CommentIsPrintedAsUserdata) {
  ir::Rule r = rule(Family::Inet, "t", "c",
                    {I(ir::Immediate{NFT_REG_1, host32(1)}),
                     I(ir::Meta{std::nullopt, NFT_REG_1, NFT_META_MARK})});
  r.comment = "x";
  // libnftnl ends the userdata line without a newline; nft's own "\n" follows.
  EXPECT_EQ(debug_text(batch({msg(ir::Verb::Add, r)})),
            "inet t c\n"
            "  [ immediate reg 1 0x00000001 ]\n"
            "  [ meta set mark with reg 1 ]\n"
            "  userdata = { \\x00\\x02x\\x00 }\n");
}

TEST(DebugTextRule, RejectsOversizedData) {
  EXPECT_THROW(print_rule(Family::Ip, {cmp_eq(ir::Bytes(65, 0))}), EncodeError);
}

}  // namespace
}  // namespace nftx::netlink

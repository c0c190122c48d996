// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/net/setup_parser.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace nftx::fastpath::net {
namespace {

IpAddr A(const char* s) { return *parse_ip(s); }

struct Parsed {
  NetworkSetup setup;
  Diagnostics diags;
  std::string text;  // the rendered diagnostics, nft's format
};

Parsed parse(const std::string& input) {
  SourceManager sm;
  Parsed p;
  p.setup = parse_setup_text(sm, "gw.setup", input, p.diags);
  p.text = render_text(sm, p.diags);
  return p;
}

constexpr const char* kGateway = R"(# A two-interface gateway: WAN with IPv4 + IPv6, LAN behind it.
sysctl -w net.ipv4.ip_forward=1
sysctl net.netfilter.nf_flowtable_tcp_timeout=30
sysctl -w net.netfilter.nf_flowtable_udp_timeout = 30

ip link add wan0 address 02:00:00:00:01:01 type veth peer name wan0p
ip link add name lan0 mtu 9000 type dummy
ip link set dev wan0 up
ip link set lan0 up   # comment after a command
ip addr add 203.0.113.2/24 dev wan0
ip -6 address add 2001:db8:0:1::2/64 dev wan0
ip a add 192.168.1.1/24 brd + dev lan0
ip addr add fd00:1::1/64 dev lan0

ip route add default via 203.0.113.1
ip -6 route add default via 2001:db8:0:1::1 dev wan0 metric 100
ip ro add 10.99.0.0/16 via 192.168.1.254 dev lan0 mtu lock 1400 proto static
ip r replace 10.98.0.0/16 dev lan0 src 192.168.1.1 metric 7
ip route add blackhole 10.66.0.0/16
ip route add unreachable 10.67.0.0/16
ip neigh add 203.0.113.1 lladdr 02:00:00:00:00:fe dev wan0
ip -6 neighbor add 2001:db8:0:1::1 lladdr 02:00:00:00:00:fe dev wan0 nud reachable
ip n replace 192.168.1.254 lladdr 02:00:00:00:00:99 dev lan0 nud stale
)";

TEST(SetupParser, AcceptsARealisticGateway) {
  Parsed p = parse(kGateway);
  EXPECT_FALSE(p.diags.has_errors()) << p.text;
  EXPECT_EQ(p.text, "");
  EXPECT_EQ(dump(p.setup),
            "link:\n"
            "lo UNKNOWN 00:00:00:00:00:00 mtu 65536\n"
            "wan0 UP 02:00:00:00:01:01 mtu 1500 type veth\n"
            "wan0p DOWN 02:00:00:00:00:03 mtu 1500 type veth\n"
            "lan0 UP 02:00:00:00:00:04 mtu 9000 type dummy\n"
            "addr:\n"
            "lo 127.0.0.1/8 ::1/128\n"
            "wan0 203.0.113.2/24 2001:db8:0:1::2/64\n"
            "lan0 192.168.1.1/24 fd00:1::1/64\n"
            "route:\n"
            "default via 203.0.113.1 dev wan0\n"
            "blackhole 10.66.0.0/16\n"
            "unreachable 10.67.0.0/16\n"
            "10.98.0.0/16 dev lan0 scope link src 192.168.1.1 metric 7\n"
            "10.99.0.0/16 via 192.168.1.254 dev lan0 proto static mtu lock 1400\n"
            "192.168.1.0/24 dev lan0 proto kernel scope link src 192.168.1.1\n"
            "203.0.113.0/24 dev wan0 proto kernel scope link src 203.0.113.2\n"
            "default via 2001:db8:0:1::1 dev wan0 metric 100\n"
            "2001:db8:0:1::/64 dev wan0 proto kernel metric 256\n"
            "fd00:1::/64 dev lan0 proto kernel metric 256\n"
            "route table local:\n"
            "local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1\n"
            "local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1\n"
            "broadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1\n"
            "local 192.168.1.1 dev lan0 proto kernel scope host src 192.168.1.1\n"
            "broadcast 192.168.1.255 dev lan0 proto kernel scope link src 192.168.1.1\n"
            "local 203.0.113.2 dev wan0 proto kernel scope host src 203.0.113.2\n"
            "broadcast 203.0.113.255 dev wan0 proto kernel scope link src 203.0.113.2\n"
            "local ::1 dev lo proto kernel metric 0\n"
            "local 2001:db8:0:1::2 dev wan0 proto kernel metric 0\n"
            "local fd00:1::1 dev lan0 proto kernel metric 0\n"
            "neigh:\n"
            "203.0.113.1 dev wan0 lladdr 02:00:00:00:00:fe PERMANENT\n"
            "2001:db8:0:1::1 dev wan0 lladdr 02:00:00:00:00:fe REACHABLE\n"
            "192.168.1.254 dev lan0 lladdr 02:00:00:00:00:99 STALE\n"
            "sysctl:\n"
            "net.ipv4.ip_forward = 1\n"
            "net.netfilter.nf_flowtable_tcp_timeout = 30\n"
            "net.netfilter.nf_flowtable_udp_timeout = 30\n");

  // The parsed state answers the engine's questions.
  const NetworkSetup& s = p.setup;
  const Interface* wan = s.interfaces.find("wan0");
  ASSERT_NE(wan, nullptr);
  EXPECT_EQ(wan->ifindex, 2U);
  EXPECT_EQ(wan->peer, 3U);
  EXPECT_EQ(s.interfaces.find("wan0p")->peer, 2U);
  auto out = s.route(A("8.8.8.8"));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->oif, 2U);
  EXPECT_EQ(out->next_hop, A("203.0.113.1"));
  EXPECT_EQ(*out->prefsrc, A("203.0.113.2"));
  EXPECT_EQ(*s.neighbours.resolve(2, out->next_hop), *parse_mac("02:00:00:00:00:fe"));
  auto v6 = s.route(A("2606:4700::1"));
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->next_hop, A("2001:db8:0:1::1"));
  EXPECT_EQ(*v6->prefsrc, A("2001:db8:0:1::2"));
  EXPECT_EQ(s.route(A("10.99.1.1"))->mtu, 1400U);
  EXPECT_EQ(s.route(A("10.99.1.1"))->oif, 4U);
  EXPECT_EQ(s.route(A("192.168.1.50"))->mtu, 9000U);
  EXPECT_EQ(s.route(A("10.66.0.1"))->type, RouteType::Blackhole);
  EXPECT_EQ(s.route(A("203.0.113.2"))->type, RouteType::Local);
  EXPECT_EQ(*s.sysctl_value("net.ipv4.ip_forward"), "1");
  EXPECT_EQ(s.sysctl_value("net.ipv6.conf.all.forwarding"), nullptr);
}

TEST(SetupParser, MoreAcceptedForms) {
  Parsed p = parse(
      "ip link add eth0\n"
      "ip link add link eth0 name eth0.10 type vlan id 10\n"
      "ip link set eth0 up\n"
      "ip link set eth0 address 02:aa:bb:cc:dd:ee mtu 1492\n"
      "ip -4 addr add 10.0.0.1/24 dev eth0\n"
      "ip address add local 2001:db8::1/64 dev eth0\n"
      "ip route add default via 2001:db8::ff\n"  // family from the gateway
      "ip route append 10.5.0.0/16 dev eth0 metric 5 scope link\n"
      "ip route add prohibit 10.6.0.0/16\n"
      "ip route add throw 10.7.0.0/16\n"
      "ip route add to 10.8.0.0/16 via inet 10.0.0.9 onlink dev eth0\n"
      "ip -6 route add 2001:db8:9::/48 via 2001:db8::fe proto bird\n"
      "ip -6 route add 2001:db8:a::/48 via fe80::1 dev eth0\n"  // link-local: on-link
      "ip neighbour replace 10.0.0.9 lladdr 02:00:00:00:00:09 dev eth0 nud permanent\n"
      "sysctl -w net/ipv4/conf/all/forwarding=1\n"
      "sysctl net.netfilter.nf_conntrack_tcp_timeout_established= 600\n");
  EXPECT_EQ(p.text, "");
  const NetworkSetup& s = p.setup;
  const Interface* vlan = s.interfaces.find("eth0.10");
  ASSERT_NE(vlan, nullptr);
  EXPECT_EQ(vlan->kind, "vlan");
  EXPECT_EQ(vlan->vlan_id, 10);
  EXPECT_EQ(vlan->link, 2U);
  EXPECT_EQ(s.interfaces.find("eth0")->mtu, 1492U);
  EXPECT_EQ(format_mac(s.interfaces.find("eth0")->mac), "02:aa:bb:cc:dd:ee");
  EXPECT_EQ(s.route(A("2606:4700::1"))->next_hop, A("2001:db8::ff"));
  EXPECT_TRUE(s.fib.contains(RouteTable::Main, *parse_prefix("::/0"), kMetricV6User));
  EXPECT_EQ(s.route(A("10.6.0.1"))->type, RouteType::Prohibit);
  EXPECT_FALSE(s.route(A("10.7.0.1")));
  EXPECT_EQ(s.route(A("10.8.0.1"))->next_hop, A("10.0.0.9"));
  EXPECT_EQ(s.fib.find_route(A("2001:db8:9::1"))->protocol, 12);
  auto ll = s.route(A("2001:db8:a::1"));
  ASSERT_TRUE(ll);
  EXPECT_EQ(ll->next_hop, A("fe80::1"));
  EXPECT_EQ(ll->oif, 2U);
  EXPECT_EQ(*ll->prefsrc, A("2001:db8::1"));
  EXPECT_EQ(*s.sysctl_value("net.ipv4.conf.all.forwarding"), "1");
  EXPECT_EQ(*s.sysctl_value("net.netfilter.nf_conntrack_tcp_timeout_established"), "600");
}

constexpr const char* kBase =
    "ip link add wan0\n"
    "ip link add lan0\n"
    "ip link set wan0 up\n"
    "ip link set lan0 up\n"
    "ip addr add 203.0.113.2/24 dev wan0\n"
    "ip addr add 192.168.1.1/24 dev lan0\n";  // 6 lines: the line under test is line 7

struct ErrorCase {
  const char* line;
  const char* rendered;  // nft's format: location + message, the line, the marker
};

TEST(SetupParser, EachErrorHasItsMessageAndSpan) {
  const ErrorCase cases[] = {
      {"ip lnk add x",
       "gw.setup:7:4-6: Error: Object \"lnk\" is unknown; did you mean \"link\"?\n"
       "ip lnk add x\n"
       "   ^^^\n"},
      {"ipp link show",
       "gw.setup:7:1-3: Error: unknown command \"ipp\"; did you mean \"ip\"?\n"
       "ipp link show\n"
       "^^^\n"},
      {"ip route ad 10.0.0.0/8 dev lan0",
       "gw.setup:7:10-11: Error: unknown command \"ad\" for \"ip route\"; did you mean \"add\"?\n"
       "ip route ad 10.0.0.0/8 dev lan0\n"
       "         ^^\n"},
      {"ip route add 10.0.0.0/24 dev lan0 metirc 5",
       "gw.setup:7:35-40: Error: unknown argument \"metirc\"; did you mean \"metric\"?\n"
       "ip route add 10.0.0.0/24 dev lan0 metirc 5\n"
       "                                  ^^^^^^\n"},
      {"ip addr add 10.0.0.999/24 dev lan0",
       "gw.setup:7:13-25: Error: any valid prefix is expected rather than \"10.0.0.999/24\"\n"
       "ip addr add 10.0.0.999/24 dev lan0\n"
       "            ^^^^^^^^^^^^^\n"},
      {"ip -4 addr add 2001:db8::1/64 dev lan0",
       "gw.setup:7:16-29: Error: an inet prefix is expected rather than \"2001:db8::1/64\"\n"
       "ip -4 addr add 2001:db8::1/64 dev lan0\n"
       "               ^^^^^^^^^^^^^^\n"},
      {"ip link set lan0 address 02:00:00:00:01",
       "gw.setup:7:26-39: Error: \"02:00:00:00:01\" is not a valid MAC address (expected 6 hex "
       "bytes like 02:00:00:00:00:01)\n"
       "ip link set lan0 address 02:00:00:00:01\n"
       "                         ^^^^^^^^^^^^^^\n"},
      {"ip link set lan0 mtu 20",
       "gw.setup:7:22-23: Error: invalid mtu \"20\": expected 68..65535\n"
       "ip link set lan0 mtu 20\n"
       "                     ^^\n"},
      {"ip route add 10.9.0.0/16 via 192.168.1.2 dev eth9",
       "gw.setup:7:46-49: Error: Cannot find device \"eth9\"\n"
       "ip route add 10.9.0.0/16 via 192.168.1.2 dev eth9\n"
       "                                             ^^^^\n"},
      {"ip link set eth9 up",
       "gw.setup:7:13-16: Error: Cannot find device \"eth9\"\n"
       "ip link set eth9 up\n"
       "            ^^^^\n"},
      {"ip route add 10.9.0.0/16 via 172.16.0.1",
       "gw.setup:7:30-39: Error: Nexthop has invalid gateway\n"
       "ip route add 10.9.0.0/16 via 172.16.0.1\n"
       "                             ^^^^^^^^^^\n"},
      {"ip route add 10.0.0.0/8 via 192.168.1.9 dev wan0",  // reachable, but not through wan0
       "gw.setup:7:29-39: Error: Nexthop has invalid gateway\n"
       "ip route add 10.0.0.0/8 via 192.168.1.9 dev wan0\n"
       "                            ^^^^^^^^^^^\n"},
      {"ip addr add 203.0.113.2/24 dev wan0",
       "gw.setup:7:13-26: Error: ipv4: Address already assigned\n"
       "ip addr add 203.0.113.2/24 dev wan0\n"
       "            ^^^^^^^^^^^^^^\n"},
      {"ip route add 192.168.1.0/24 dev lan0",  // the connected route exists
       "gw.setup:7:14-27: Error: RTNETLINK answers: File exists\n"
       "ip route add 192.168.1.0/24 dev lan0\n"
       "             ^^^^^^^^^^^^^^\n"},
      {"ip link add wan0",
       "gw.setup:7:13-16: Error: RTNETLINK answers: File exists\n"
       "ip link add wan0\n"
       "            ^^^^\n"},
      {"ip route add 10.1.2.3/16 dev lan0",
       "gw.setup:7:14-24: Error: Invalid prefix for given prefix length\n"
       "ip route add 10.1.2.3/16 dev lan0\n"
       "             ^^^^^^^^^^^\n"},
      {"ip route add 10.2.0.0/16 dev lan0 src 9.9.9.9",
       "gw.setup:7:39-45: Error: Invalid prefsrc address\n"
       "ip route add 10.2.0.0/16 dev lan0 src 9.9.9.9\n"
       "                                      ^^^^^^^\n"},
      {"ip route add 10.3.0.0/16 via 2001:db8::1 dev lan0",
       "gw.setup:7:30-40: Error: address families do not match\n"
       "ip route add 10.3.0.0/16 via 2001:db8::1 dev lan0\n"
       "                             ^^^^^^^^^^^\n"},
      {"ip route add",
       "gw.setup:7:10-12: Error: missing destination (PREFIX or default)\n"
       "ip route add\n"
       "         ^^^\n"},
      {"ip neigh add 192.168.1.5 dev lan0",
       "gw.setup:7:14-24: Error: \"lladdr MAC\" is required\n"
       "ip neigh add 192.168.1.5 dev lan0\n"
       "             ^^^^^^^^^^^\n"},
      {"ip neigh add 192.168.1.5 lladdr 02:00:00:00:00:01 dev lan0 nud delay",
       "gw.setup:7:64-68: Error: nud state \"delay\" is unknown (permanent, reachable, stale, "
       "failed or incomplete)\n"
       "ip neigh add 192.168.1.5 lladdr 02:00:00:00:00:01 dev lan0 nud delay\n"
       "                                                               ^^^^^\n"},
      {"sysctl net.ipv4.ip_forward",
       "gw.setup:7:8-26: Error: \"net.ipv4.ip_forward\" must be followed by =VALUE (sysctl -w "
       "KEY=VALUE)\n"
       "sysctl net.ipv4.ip_forward\n"
       "       ^^^^^^^^^^^^^^^^^^^\n"},
  };
  for (const ErrorCase& c : cases) {
    Parsed p = parse(std::string(kBase) + c.line + "\n");
    EXPECT_EQ(p.diags.error_count(), 1U) << c.line << "\n" << p.text;
    EXPECT_EQ(p.text, c.rendered) << c.line;
  }
}

TEST(SetupParser, DuplicateRouteAndNeighbour) {
  Parsed p = parse(std::string(kBase) +
                   "ip route add default via 203.0.113.1\n"
                   "ip route add default via 203.0.113.9 dev wan0\n"
                   "ip neigh add 203.0.113.1 lladdr 02:00:00:00:00:01 dev wan0\n"
                   "ip neigh add 203.0.113.1 lladdr 02:00:00:00:00:02 dev wan0\n");
  ASSERT_EQ(p.diags.error_count(), 2U) << p.text;
  EXPECT_EQ(p.text,
            "gw.setup:8:14-20: Error: RTNETLINK answers: File exists\n"
            "ip route add default via 203.0.113.9 dev wan0\n"
            "             ^^^^^^^\n"
            "gw.setup:10:14-24: Error: RTNETLINK answers: File exists\n"
            "ip neigh add 203.0.113.1 lladdr 02:00:00:00:00:02 dev wan0\n"
            "             ^^^^^^^^^^^\n");
  // The first ones stay.
  EXPECT_EQ(p.setup.route(A("1.1.1.1"))->next_hop, A("203.0.113.1"));
  EXPECT_EQ(format_mac(p.setup.neighbours.find(2, A("203.0.113.1"))->mac), "02:00:00:00:00:01");
}

TEST(SetupParser, KeepsGoingAfterErrors) {
  Parsed p = parse(
      "ip link add eth0\n"
      "ip link sett eth0 up\n"  // error 1
      "ip link set eth0 up\n"
      "ip addr add 10.0.0.1/24 dev eht0\n"  // error 2
      "ip addr add 10.0.0.1/24 dev eth0\n"
      "ip route add default via 10.1.0.1\n"  // error 3
      "ip route add default via 10.0.0.254\n");
  EXPECT_EQ(p.diags.error_count(), 3U) << p.text;
  ASSERT_EQ(p.diags.all().size(), 3U);
  EXPECT_EQ(p.diags.all()[0].code, "setup-unknown-command");
  EXPECT_EQ(p.diags.all()[1].code, "setup-unknown-device");
  EXPECT_EQ(p.diags.all()[2].code, "setup-refused");
  EXPECT_NE(p.text.find("gw.setup:2:9-12: Error: unknown command \"sett\" for \"ip link\"; did "
                        "you mean \"set\"?"),
            std::string::npos)
      << p.text;
  auto r = p.setup.route(A("9.9.9.9"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->next_hop, A("10.0.0.254"));
}

TEST(SetupParser, CommentsBlankLinesAndTabs) {
  Parsed p = parse("# only comments\n\n   \t\n\tip link add x # trailing\n#ip link add y\n");
  EXPECT_EQ(p.text, "");
  EXPECT_NE(p.setup.interfaces.find("x"), nullptr);
  EXPECT_EQ(p.setup.interfaces.find("y"), nullptr);
}

TEST(SetupParser, UnknownTypeArgumentsWarn) {
  Parsed p = parse("ip link add br0 type bridge stp_state 1\n");
  EXPECT_FALSE(p.diags.has_errors());
  ASSERT_EQ(p.diags.warning_count(), 1U);
  EXPECT_EQ(p.text,
            "gw.setup:1:29-37: Warning: arguments of link type \"bridge\" are ignored\n"
            "ip link add br0 type bridge stp_state 1\n"
            "                            ^^^^^^^^^\n");
  EXPECT_EQ(p.setup.interfaces.find("br0")->kind, "bridge");
}

TEST(SetupParser, NoSuggestionWhenNothingIsClose) {
  Parsed p = parse("ip xyzzy\n");
  EXPECT_EQ(p.text,
            "gw.setup:1:4-8: Error: Object \"xyzzy\" is unknown (link, address, route, neigh)\n"
            "ip xyzzy\n"
            "   ^^^^^\n");
}

TEST(SetupParser, LoadsFiles) {
  const std::string path = ::testing::TempDir() + "nftx_fp_net_setup.txt";
  {
    std::ofstream out(path);
    out << "ip link add eth0\nip link set eth0 up\nip addr add 10.0.0.1/24 dev eth1\n";
  }
  SourceManager sm;
  Diagnostics diags;
  auto setup = load_setup_file(sm, path, diags);
  ASSERT_TRUE(setup);
  EXPECT_TRUE(setup->interfaces.find("eth0")->up);
  ASSERT_EQ(diags.error_count(), 1U);
  EXPECT_EQ(render_text(sm, diags), path +
                                        ":3:29-32: Error: Cannot find device \"eth1\"\n"
                                        "ip addr add 10.0.0.1/24 dev eth1\n"
                                        "                            ^^^^\n");
  std::remove(path.c_str());

  Diagnostics missing;
  EXPECT_FALSE(load_setup_file(sm, path, missing));
  ASSERT_EQ(missing.error_count(), 1U);
  EXPECT_EQ(missing.all()[0].code, "setup-io");
}

}  // namespace
}  // namespace nftx::fastpath::net

// SPDX-License-Identifier: GPL-2.0-or-later
// Realistic rulesets (written for these tests; nft 1.0.6 accepts all three) whose every prefix
// the truncation test compiles. They mix the block and command syntaxes, comments, quoted
// strings, defines, sets, maps and objects so that cuts land inside every kind of construct.
#pragma once

#include <string_view>

namespace nftx::robustness {

// A workstation firewall: inet table, named sets, ct state, icmp, limits, log, defines.
inline constexpr std::string_view kHostFirewall =
    R"nft(#!/usr/sbin/nft -f
# Host firewall: a workstation with ssh and a web server.
define lan_v4 = { 192.168.10.0/24, 10.20.0.0/16 }
define admin = 192.168.10.5

table inet host {
	set blocked {
		type ipv4_addr
		flags interval
		elements = { 203.0.113.0/24, 198.51.100.7 }
	}

	set web_ports {
		type inet_service
		flags interval
		elements = { 80, 443, 8080-8090 }
	}

	chain input {
		type filter hook input priority filter; policy drop;
		ct state established,related accept
		ct state invalid counter drop
		iifname "lo" accept
		ip saddr @blocked log prefix "blocked: " drop
		ip protocol icmp icmp type { echo-request, destination-unreachable } limit rate 10/second accept
		ip6 nexthdr ipv6-icmp icmpv6 type { nd-neighbor-solicit, nd-router-advert, echo-request } accept
		tcp dport 22 ip saddr $lan_v4 ct state new counter accept comment "ssh from the lan"
		tcp dport @web_ports accept
		udp dport 53 ip saddr $admin accept
		meta l4proto udp reject
		counter reject with tcp reset
	}

	chain forward {
		type filter hook forward priority filter; policy drop;
	}

	chain output {
		type filter hook output priority filter; policy accept;
		meta skuid 0 accept
		tcp dport { 25, 465 } drop
	}
}
)nft";

// A small router: NAT with a port-forward map, verdict maps, mangling statements.
inline constexpr std::string_view kRouter =
    R"nft(# Small router: NAT, port forwarding through a map, per-interface verdict map.
define wan = "eth0"
define lan = "eth1"

table ip nat {
	map portfwd {
		type inet_service : ipv4_addr
		elements = { 8022 : 192.168.1.10, 8080 : 192.168.1.20 }
	}

	chain prerouting {
		type nat hook prerouting priority dstnat; policy accept;
		iifname $wan dnat to tcp dport map @portfwd
	}

	chain postrouting {
		type nat hook postrouting priority srcnat; policy accept;
		oifname $wan ip saddr 192.168.1.0/24 masquerade
	}
}

table ip filter {
	chain from_lan {
		ip daddr 192.168.1.1 tcp dport { 22, 53 } accept
		accept
	}

	chain from_wan {
		ct state established,related accept
		tcp flags syn tcp option maxseg size set rt mtu
		drop
	}

	chain forward {
		type filter hook forward priority 0; policy drop;
		iifname vmap { "eth1" : jump from_lan, "eth0" : jump from_wan }
	}

	chain input {
		type filter hook input priority 0; policy drop;
		iif "lo" accept
		ct state vmap { established : accept, related : accept, invalid : drop }
		iifname $lan udp dport { 67, 53 } accept
		tcp dport 22 ct count over 4 reject
		ip ttl < 2 counter drop
		meta mark set 0x10 ip dscp set cs1
	}
}
)nft";

// Command style (`add ...`), bridge/ip6/netdev families, concatenated interval set, objects.
inline constexpr std::string_view kCommands =
    R"nft(flush ruleset
add table bridge br
add chain bridge br portfwd { type filter hook forward priority 0 ; policy accept ; }
add rule bridge br portfwd ether type arp accept
add rule bridge br portfwd vlan id 10 ip saddr 10.0.0.0/8 counter
add table ip6 v6
add set ip6 v6 peers { type ipv6_addr . inet_service ; flags interval, timeout ; timeout 1h ; }
add element ip6 v6 peers { 2001:db8::1 . 443, 2001:db8::/64 . 1000-2000 timeout 30m }
add chain ip6 v6 in { type filter hook input priority -10 ; }
add rule ip6 v6 in ip6 saddr . tcp dport @peers accept
add rule ip6 v6 in ip6 hoplimit 255 icmpv6 type nd-router-advert accept
add rule ip6 v6 in meta l4proto tcp limit rate over 100/minute burst 20 packets drop
add counter ip6 v6 hits
add quota ip6 v6 q1 { over 1000 mbytes }
add rule ip6 v6 in counter name "hits"
table netdev edge {
	chain ingress {
		type filter hook ingress device "lo" priority -500;
		ether saddr 00:11:22:33:44:55 drop
	}
}
delete rule ip6 v6 in handle 5
)nft";

inline constexpr std::string_view kSamples[] = {kHostFirewall, kRouter, kCommands};

}  // namespace nftx::robustness

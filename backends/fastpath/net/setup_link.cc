// SPDX-License-Identifier: GPL-2.0-or-later
// `ip link add|set` and `ip address add` (grammar in setup_parser.h).
#include <optional>
#include <string>

#include "backends/fastpath/net/setup_words.h"

namespace nftx::fastpath::net::setup {
namespace {

constexpr uint32_t kMinMtu = 68;  // the IPv4 minimum (RFC 791); the kernel's ETH_MIN_MTU
constexpr uint32_t kMaxMtu = 65535;

// The optional settings shared by `ip link add`, its veth peer and `ip link set`.
struct LinkAttrs {
  std::optional<MacAddr> mac;
  std::optional<uint32_t> mtu;
};

// Reads `address MAC` / `mtu N` when `w` is one of them. Returns false when `w` is neither;
// sets *failed when it was one but its value is wrong (already reported).
bool link_attr(Line& line, const Word& w, LinkAttrs& attrs, bool* failed) {
  if (w.text == "address") {
    attrs.mac = line.mac(w);
    *failed = !attrs.mac;
    return true;
  }
  if (w.text == "mtu") {
    attrs.mtu = line.number(w, kMinMtu, kMaxMtu);
    *failed = !attrs.mtu;
    return true;
  }
  return false;
}

void apply(NetworkSetup& setup, uint32_t ifindex, const LinkAttrs& attrs) {
  if (attrs.mac) setup.set_mac(ifindex, *attrs.mac);
  if (attrs.mtu) setup.set_mtu(ifindex, *attrs.mtu);
}

struct TypeArgs {
  const Word* peer_name = nullptr;  // veth
  LinkAttrs peer;
  std::optional<uint32_t> vlan_id;  // vlan
};

// The words after `type KIND`. False after reporting an error.
bool parse_type_args(Line& line, const Word& kind, TypeArgs& args) {
  if (kind.text == "veth") {
    if (line.at_end()) return true;
    const Word& peer = line.next();
    if (peer.text != "peer") {
      line.unknown_argument(peer, {"peer"});
      return false;
    }
    while (!line.at_end()) {
      const Word& w = line.next();
      bool failed = false;
      if (link_attr(line, w, args.peer, &failed)) {
        if (failed) return false;
      } else if (w.text == "name") {
        if ((args.peer_name = line.value(w)) == nullptr) return false;
      } else if (args.peer_name == nullptr) {
        args.peer_name = &w;
      } else {
        line.unknown_argument(w, {"name", "address", "mtu"});
        return false;
      }
    }
    return args.peer_name == nullptr || line.valid_ifname(*args.peer_name);
  }
  if (kind.text == "vlan") {
    while (!line.at_end()) {
      const Word& w = line.next();
      if (w.text == "id") {
        if (!(args.vlan_id = line.number(w, 0, 4094))) return false;
      } else if (w.text == "protocol") {
        const Word* p = line.value(w);
        if (p == nullptr) return false;
        if (p->text != "802.1Q" && p->text != "802.1q") {
          line.error(*p, "setup-bad-value", "only 802.1Q vlans are supported");
          return false;
        }
      } else {
        line.unknown_argument(w, {"id", "protocol"});
        return false;
      }
    }
    if (!args.vlan_id) {
      line.error(kind, "setup-syntax", "vlan needs \"id N\"");
      return false;
    }
    return true;
  }
  if (!line.at_end()) {
    line.warning(line.peek(), "setup-ignored",
                 "arguments of link type \"" + std::string(kind.text) + "\" are ignored");
  }
  return true;
}

void link_add(Line& line, const Word& cmd) {
  const Word* name = nullptr;
  const Word* kind = nullptr;
  Interface* parent = nullptr;
  LinkAttrs attrs;
  TypeArgs targs;
  while (!line.at_end() && kind == nullptr) {
    const Word& w = line.next();
    bool failed = false;
    if (link_attr(line, w, attrs, &failed)) {
      if (failed) return;
    } else if (w.text == "name" || w.text == "dev") {
      if ((name = line.value(w)) == nullptr) return;
    } else if (w.text == "link") {
      if ((parent = line.device(w)) == nullptr) return;
    } else if (w.text == "type") {
      if ((kind = line.value(w)) == nullptr) return;
      if (!parse_type_args(line, *kind, targs)) return;
    } else if (name == nullptr) {
      name = &w;
    } else {
      line.unknown_argument(w, {"name", "address", "mtu", "link", "type"});
      return;
    }
  }
  if (name == nullptr) {
    line.error(cmd, "setup-syntax", "Not enough information: \"dev\" argument is required.");
    return;
  }
  if (!line.valid_ifname(*name)) return;
  if (kind != nullptr && kind->text == "vlan" && parent == nullptr) {
    line.error(*kind, "setup-syntax", "vlan needs \"link DEV\"");
    return;
  }
  NetworkSetup& setup = line.setup();
  if (targs.peer_name != nullptr && (targs.peer_name->text == name->text ||
                                     setup.interfaces.find(targs.peer_name->text) != nullptr)) {
    line.check(SetupStatus::Exists, *targs.peer_name, Family::None);
    return;
  }
  // `parent` points into the interface vector, which add_link() may reallocate.
  const uint32_t parent_index = parent != nullptr ? parent->ifindex : 0;
  Interface* ifc = setup.add_link(std::string(name->text), kind ? std::string(kind->text) : "");
  if (ifc == nullptr) {
    line.check(SetupStatus::Exists, *name, Family::None);
    return;
  }
  const uint32_t ifindex = ifc->ifindex;
  if (parent_index != 0) ifc->link = parent_index;
  if (targs.vlan_id) ifc->vlan_id = static_cast<uint16_t>(*targs.vlan_id);
  apply(setup, ifindex, attrs);
  if (targs.peer_name != nullptr) {
    // `ifc` may dangle once the peer is added (the table is a vector).
    Interface* peer = setup.add_link(std::string(targs.peer_name->text), "veth");
    peer->peer = ifindex;
    const uint32_t peer_index = peer->ifindex;
    setup.interfaces.find(ifindex)->peer = peer_index;
    apply(setup, peer_index, targs.peer);
  }
}

void link_set(Line& line, const Word& cmd) {
  if (line.at_end()) {
    line.error(cmd, "setup-syntax", "Not enough information: \"dev\" argument is required.");
    return;
  }
  const Word& first = line.next();
  Interface* ifc = first.text == "dev" ? line.device(first) : line.device_named(first);
  if (ifc == nullptr) return;
  const uint32_t ifindex = ifc->ifindex;
  LinkAttrs attrs;
  std::optional<bool> up;
  while (!line.at_end()) {
    const Word& w = line.next();
    bool failed = false;
    if (link_attr(line, w, attrs, &failed)) {
      if (failed) return;
    } else if (w.text == "up" || w.text == "down") {
      up = w.text == "up";
    } else {
      line.unknown_argument(w, {"up", "down", "address", "mtu"});
      return;
    }
  }
  NetworkSetup& setup = line.setup();
  apply(setup, ifindex, attrs);
  if (up) setup.set_up(ifindex, *up);
}

}  // namespace

void parse_link(Line& line, const Word& object) {
  if (line.at_end()) {
    line.error(object, "setup-syntax", "missing command after \"link\" (add or set)");
    return;
  }
  const Word& cmd = line.next();
  if (cmd.text == "add") {
    link_add(line, cmd);
  } else if (cmd.text == "set") {
    link_set(line, cmd);
  } else {
    const std::string hint = closest(cmd.text, {"add", "set"});
    line.error(cmd, "setup-unknown-command",
               "unknown command \"" + std::string(cmd.text) + "\" for \"ip link\"" +
                   (hint.empty() ? " (add or set)" : "; did you mean \"" + hint + "\"?"));
  }
}

void parse_addr(Line& line, const Word& object) {
  if (line.at_end()) {
    line.error(object, "setup-syntax", "missing command after \"address\" (add)");
    return;
  }
  const Word& cmd = line.next();
  if (cmd.text != "add") {
    const std::string hint = closest(cmd.text, {"add"});
    line.error(cmd, "setup-unknown-command",
               "unknown command \"" + std::string(cmd.text) + "\" for \"ip address\"" +
                   (hint.empty() ? " (add)" : "; did you mean \"" + hint + "\"?"));
    return;
  }
  const Word* prefix_word = nullptr;
  std::optional<Prefix> prefix;
  Interface* dev = nullptr;
  while (!line.at_end()) {
    const Word& w = line.next();
    if (w.text == "dev") {
      if ((dev = line.device(w)) == nullptr) return;
    } else if (w.text == "broadcast" || w.text == "brd" || w.text == "label" || w.text == "scope" ||
               w.text == "valid_lft" || w.text == "preferred_lft") {
      // Accepted for compatibility; the broadcast route is always derived from the prefix.
      if (line.value(w) == nullptr) return;
    } else if (w.text == "local" || prefix_word == nullptr) {
      prefix_word = w.text == "local" ? line.value(w) : &w;
      if (prefix_word == nullptr || !(prefix = line.prefix(*prefix_word))) return;
    } else {
      line.unknown_argument(w, {"dev", "local", "broadcast", "brd", "label", "scope"});
      return;
    }
  }
  if (prefix_word == nullptr || dev == nullptr) {
    line.error(cmd, "setup-syntax", "Not enough information: \"dev\" argument is required.");
    return;
  }
  line.check(line.setup().add_address(dev->ifindex, *prefix), *prefix_word, prefix->family());
}

}  // namespace nftx::fastpath::net::setup

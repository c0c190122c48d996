// SPDX-License-Identifier: GPL-2.0-or-later
// Line splitting, the `ip` and `sysctl` commands; the `ip` objects live in setup_link.cc and
// setup_route.cc.
#include "backends/fastpath/net/setup_parser.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "backends/fastpath/net/setup_words.h"

namespace nftx::fastpath::net {
namespace {

using setup::Line;
using setup::Word;

// iproute2 accepts any prefix of an object name; the first object in its table wins, which
// makes "a" address, "r" route and "n" neighbour.
struct Object {
  std::string_view name;
  void (*parse)(Line&, const Word&);
};
constexpr Object kObjects[] = {
    {"address", setup::parse_addr},   {"link", setup::parse_link},
    {"route", setup::parse_route},    {"neighbour", setup::parse_neigh},
    {"neighbor", setup::parse_neigh},
};

void parse_ip(Line& line, const Word& ip) {
  while (!line.at_end() && line.peek().text.starts_with("-")) {
    const Word& opt = line.next();
    if (opt.text == "-4") {
      line.forced = Family::V4;
    } else if (opt.text == "-6") {
      line.forced = Family::V6;
    } else if (opt.text == "-f" || opt.text == "-family") {
      const Word* v = line.value(opt);
      if (v == nullptr) return;
      if (v->text == "inet") {
        line.forced = Family::V4;
      } else if (v->text == "inet6") {
        line.forced = Family::V6;
      } else {
        line.error(*v, "setup-bad-value", "unsupported family \"" + std::string(v->text) + "\"");
        return;
      }
    } else {
      line.error(opt, "setup-syntax",
                 "Option \"" + std::string(opt.text) + "\" is unknown (-4, -6 or -f FAMILY)");
      return;
    }
  }
  if (line.at_end()) {
    line.error(ip, "setup-syntax", "missing object after \"ip\" (link, address, route, neigh)");
    return;
  }
  const Word& object = line.next();
  for (const Object& o : kObjects) {
    if (o.name.starts_with(object.text)) {
      o.parse(line, object);
      return;
    }
  }
  const std::string hint = setup::closest(
      object.text, {"link", "address", "addr", "route", "neighbour", "neighbor", "neigh"});
  line.error(
      object, "setup-unknown-command",
      "Object \"" + std::string(object.text) + "\" is unknown" +
          (hint.empty() ? " (link, address, route, neigh)" : "; did you mean \"" + hint + "\"?"));
}

// `sysctl [-w] KEY=VALUE`, also `KEY = VALUE` and `KEY= VALUE`. KEY may use '/' separators
// (net/ipv4/ip_forward), stored with dots as sysctl prints it.
void parse_sysctl(Line& line, const Word& cmd) {
  while (!line.at_end() && (line.peek().text == "-w" || line.peek().text == "-q")) line.next();
  if (line.at_end()) {
    line.error(cmd, "setup-syntax", "missing KEY=VALUE after \"sysctl\"");
    return;
  }
  const Word& first = line.next();
  std::string key;
  std::string value;
  const size_t eq = first.text.find('=');
  if (eq != std::string_view::npos) {
    key = std::string(first.text.substr(0, eq));
    value = std::string(first.text.substr(eq + 1));
  } else {
    key = std::string(first.text);
    if (line.at_end() || !line.peek().text.starts_with("=")) {
      line.error(first, "setup-syntax",
                 "\"" + key + "\" must be followed by =VALUE (sysctl -w KEY=VALUE)");
      return;
    }
    value = std::string(line.next().text.substr(1));
  }
  if (value.empty() && !line.at_end()) value = std::string(line.next().text);
  if (!line.at_end()) {
    line.error(line.peek(), "setup-syntax", "unexpected word after the sysctl value");
    return;
  }
  if (key.empty() || value.empty()) {
    line.error(first, "setup-syntax", "sysctl needs KEY=VALUE");
    return;
  }
  for (char& c : key) {
    if (c == '/') c = '.';
  }
  line.setup().sysctl[key] = value;
}

void parse_line(Line& line) {
  const Word& cmd = line.next();
  if (cmd.text == "ip") {
    parse_ip(line, cmd);
  } else if (cmd.text == "sysctl") {
    parse_sysctl(line, cmd);
  } else {
    const std::string hint = setup::closest(cmd.text, {"ip", "sysctl"});
    line.error(cmd, "setup-unknown-command",
               "unknown command \"" + std::string(cmd.text) + "\"" +
                   (hint.empty() ? " (ip or sysctl)" : "; did you mean \"" + hint + "\"?"));
  }
}

}  // namespace

NetworkSetup parse_setup(const SourceManager& sm, uint32_t file, Diagnostics& diags) {
  NetworkSetup setup;
  const std::string& text = sm.file(file).text;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view line_text(text.data() + start, end - start);
    auto words = setup::split_words(line_text, file, static_cast<uint32_t>(start));
    if (!words.empty()) {
      Line line(std::move(words), setup, diags);
      parse_line(line);
    }
    start = end + 1;
  }
  return setup;
}

NetworkSetup parse_setup_text(SourceManager& sm, std::string name, std::string text,
                              Diagnostics& diags) {
  const uint32_t file = sm.add(std::move(name), std::move(text));
  return parse_setup(sm, file, diags);
}

std::optional<NetworkSetup> load_setup_file(SourceManager& sm, const std::string& path,
                                            Diagnostics& diags) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.error(Span{}, "setup-io", "Could not open network setup \"" + path + "\"");
    return std::nullopt;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  return parse_setup_text(sm, path, buf.str(), diags);
}

}  // namespace nftx::fastpath::net

// SPDX-License-Identifier: GPL-2.0-or-later
// Cross-checks the header tables against nft's own payload tests: for every rule in the
// tests/py corpus that starts with `<protocol> <field>` (or `<exthdr> <field>`), the bytecode
// nft produced must load the bytes where our table puts the field. The corpus is read at test
// time (it is not part of nftx); the test is skipped when it is not there.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/proto/protocol.h"

namespace nftx::proto {
namespace {

namespace fs = std::filesystem;

struct Block {
  std::string rule;
  std::vector<std::string> lines;
};

std::string corpus_dir() {
  if (const char* env = std::getenv("NFTX_CORPUS")) return env;
  return "/work/shared/corpus/nftables-tests-py";
}

std::vector<Block> read_blocks(const fs::path& file) {
  std::vector<Block> blocks;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("# ", 0) == 0) {
      blocks.push_back({line.substr(2), {}});
    } else if (!blocks.empty() && !line.empty()) {
      blocks.back().lines.push_back(line);
    }
  }
  return blocks;
}

std::vector<std::string> words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string base_word(ir::PayloadBase base) {
  switch (base) {
    case ir::PayloadBase::LinkLayer:
      return "link";
    case ir::PayloadBase::Network:
      return "network";
    case ir::PayloadBase::Transport:
      return "transport";
    case ir::PayloadBase::Inner:
      return "tunnel";
  }
  return "?";
}

// True when one of the loads matching `re` (groups: length, offset) starts at byte `start`,
// or, if `merged` (nft may merge adjacent loads of one header into one), covers it.
bool loads_byte(const Block& b, const std::regex& re, uint32_t start, bool merged = false) {
  for (const std::string& l : b.lines) {
    std::smatch m;
    if (!std::regex_search(l, m, re)) continue;
    const uint32_t len = static_cast<uint32_t>(std::stoul(m[1]));
    const uint32_t off = static_cast<uint32_t>(std::stoul(m[2]));
    if (off == start || (merged && off <= start && start < off + len)) return true;
  }
  return false;
}

// The field named by the words from `at`: "saddr", or two words ("saddr ip").
const Field* find_field(std::span<const Field> fields, const std::vector<std::string>& w,
                        size_t at = 1) {
  for (const Field& f : fields) {
    if (w.size() > at + 1 && f.name == w[at] + " " + w[at + 1]) return &f;
  }
  for (const Field& f : fields) {
    if (w.size() > at && f.name == w[at]) return &f;
  }
  return nullptr;
}

// `tcp option NAME FIELD` and `sctp chunk NAME FIELD`: the option table and the name nft's
// debug output gives the exthdr operation ("tcpopt"; libnftnl prints none for sctp).
struct OptionRule {
  const ExtHeader* header;
  std::string op;
};
std::optional<OptionRule> option_rule(const std::vector<std::string>& w) {
  if (w.size() < 4) return std::nullopt;
  if (w[0] == "tcp" && w[1] == "option" && tcp_option(w[2]) != nullptr) {
    return OptionRule{tcp_option(w[2]), "tcpopt "};
  }
  if (w[0] == "sctp" && w[1] == "chunk" && sctp_chunk(w[2]) != nullptr) {
    return OptionRule{sctp_chunk(w[2]), ""};
  }
  return std::nullopt;
}

TEST(CorpusPayload, FieldOffsetsMatchNft) {
  const fs::path dir = corpus_dir();
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no corpus at " << dir;
  size_t checked_payload = 0, checked_exthdr = 0, checked_options = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name.find(".payload") == std::string::npos) continue;
    for (const Block& b : read_blocks(entry.path())) {
      const std::vector<std::string> w = words(b.rule);
      if (w.size() < 2 || b.rule.find(" set ") != std::string::npos) continue;
      const std::string where = entry.path().string() + ": " + b.rule;
      if (const auto opt = option_rule(w)) {
        const Field* f = find_field(opt->header->fields, w, 3);
        if (f == nullptr) continue;
        const std::regex re("exthdr load " + opt->op + "([0-9]+)b @ " +
                            std::to_string(opt->header->type) + " \\+ ([0-9]+) ");
        EXPECT_TRUE(loads_byte(b, re, f->offset_bits / 8)) << where;
        ++checked_options;
      } else if (const Protocol* p = protocol(w[0]); p != nullptr && !p->pseudo) {
        const Field* f = find_field(p->fields, w);
        if (f == nullptr) continue;
        // vlan is stacked on the ether header in the families that can match it.
        const uint32_t bits = f->offset_bits + (p->name == "vlan" ? 112 : 0);
        const std::regex re("payload load ([0-9]+)b @ " + base_word(p->base) +
                            " header \\+ ([0-9]+) ");
        const bool merged = std::count(w.begin(), w.end(), w[0]) > 1;
        EXPECT_TRUE(loads_byte(b, re, bits / 8, merged)) << where;
        ++checked_payload;
      } else if (const ExtHeader* h = ext_header(w[0]); h != nullptr) {
        const Field* f = find_field(h->fields, w);
        if (f == nullptr) continue;
        const std::regex re("exthdr load ipv6 ([0-9]+)b @ " + std::to_string(h->type) +
                            " \\+ ([0-9]+) ");
        EXPECT_TRUE(loads_byte(b, re, f->offset_bits / 8)) << where;
        ++checked_exthdr;
      }
    }
  }
  // Guard against the check silently matching nothing (format change, wrong directory).
  EXPECT_GT(checked_payload, 500u);
  EXPECT_GT(checked_exthdr, 50u);
  EXPECT_GT(checked_options, 15u);
}

}  // namespace
}  // namespace nftx::proto

// SPDX-License-Identifier: GPL-2.0-or-later
#include "testsuite/conformance/payload_file.h"

#include "testsuite/conformance/text_util.h"

namespace nftx::conformance {
namespace {

bool has_content(const PayloadRecord& r) {
  for (const std::string& l : r.lines) {
    if (l.starts_with("  [") || strip(l).starts_with("element ")) return true;
  }
  return false;
}

void close_record(PayloadFile& out, std::optional<PayloadRecord>& open) {
  if (!open) return;
  if (!has_content(*open)) {
    out.problems.push_back("line " + std::to_string(open->line) + ": record '" + open->rule +
                           "' has no instructions");
  }
  out.records.push_back(std::move(*open));
  open.reset();
}

}  // namespace

const PayloadRecord* PayloadFile::find(std::string_view rule) const {
  std::string_view want = strip(rule);
  for (const PayloadRecord& r : records) {
    if (r.rule == want) return &r;
  }
  return nullptr;
}

PayloadFile parse_payload_file(std::string_view text) {
  PayloadFile out;
  std::optional<PayloadRecord> open;
  std::vector<std::string_view> lines = split_lines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    int lineno = static_cast<int>(i) + 1;
    if (line.starts_with("#")) {
      close_record(out, open);
      // nft-test.py: line.strip()[2:], i.e. drop "# ".
      std::string_view header = strip(line);
      header.remove_prefix(header.size() >= 2 ? 2 : header.size());
      open = PayloadRecord{std::string(header), {}, lineno};
      continue;
    }
    if (is_blank(line)) {
      close_record(out, open);
      continue;
    }
    if (!open) {
      out.problems.push_back("line " + std::to_string(lineno) +
                             ": text outside a record: " + std::string(line));
      continue;
    }
    open->lines.emplace_back(line);
  }
  close_record(out, open);
  return out;
}

const PayloadRecord* PayloadSet::find(std::string_view family, std::string_view rule) const {
  auto it = by_family.find(std::string(family));
  if (it != by_family.end()) {
    if (const PayloadRecord* r = it->second.find(rule)) return r;
  }
  return generic ? generic->find(rule) : nullptr;
}

PayloadSet load_payloads(const std::filesystem::path& test_path) {
  PayloadSet out;
  std::filesystem::path generic = test_path;
  generic += ".payload";
  if (std::optional<std::string> text = read_text_file(generic)) {
    out.generic = parse_payload_file(*text);
  }
  std::error_code ec;
  std::filesystem::path dir = test_path.parent_path();
  std::string prefix = generic.filename().string() + ".";
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (!name.starts_with(prefix) || name.size() == prefix.size()) continue;
    std::string family = name.substr(prefix.size());
    // `.got` files are nft-test.py's own output, never reference data.
    if (family.find('.') != std::string::npos || family == "got") continue;
    if (std::optional<std::string> text = read_text_file(entry.path())) {
      out.by_family.emplace(family, parse_payload_file(*text));
    }
  }
  return out;
}

}  // namespace nftx::conformance

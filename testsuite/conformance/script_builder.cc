// SPDX-License-Identifier: GPL-2.0-or-later
#include "testsuite/conformance/script_builder.h"

namespace nftx::conformance {
namespace {

std::string qualified(const TableSpec& table) { return table.family + " " + table.name; }

}  // namespace

std::string set_command(const TableSpec& table, const SetDecl& set) {
  bool is_map = !set.data.empty();
  std::string out = std::string(is_map ? "add map " : "add set ") + qualified(table) + " " +
                    set.name + " { " + set.key;
  if (is_map) out += " : " + set.data;
  out += "; ";
  if (!set.timeout.empty()) out += "timeout " + set.timeout + "; ";
  if (!set.flags.empty()) out += "flags " + set.flags + "; ";
  return out + "}";
}

std::string element_command(const TableSpec& table, const ElementAdd& add) {
  return "add element " + qualified(table) + " " + add.set + " { " + add.elements + " }";
}

std::string object_command(const TableSpec& table, const ObjectDecl& object) {
  std::string out = "add " + object.type + " " + qualified(table) + " " + object.name;
  if (!object.spec.empty()) out += " " + object.spec;
  return out;
}

std::string rule_command(const TableSpec& table, std::string_view chain, std::string_view rule) {
  return "add rule " + qualified(table) + " " + std::string(chain) + " " + std::string(rule);
}

Script build_script(const TestFile& file, const TableSpec& table,
                    const std::vector<std::string>& state, const std::string& last) {
  std::vector<std::string> commands;
  commands.push_back("add table " + qualified(table));
  for (const std::string& name : table.chains) {
    const ChainTemplate* tmpl = file.chain(name);
    if (tmpl == nullptr) continue;
    std::string cmd = "add chain " + qualified(table) + " " + name;
    if (!tmpl->config.empty()) cmd += " { " + tmpl->config + "; }";
    commands.push_back(std::move(cmd));
  }
  commands.insert(commands.end(), state.begin(), state.end());
  commands.push_back(last);
  Script s;
  for (const std::string& c : commands) s.text += c + "\n";
  s.last_command = static_cast<uint32_t>(commands.size() - 1);
  return s;
}

}  // namespace nftx::conformance

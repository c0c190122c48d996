// SPDX-License-Identifier: GPL-2.0-or-later
#include "testsuite/conformance/report.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "testsuite/conformance/tiers.h"

namespace nftx::conformance {
namespace {

std::string row(const std::string& name, const Counts& c) {
  char buf[256];
  std::string setup = std::to_string(c.setup_passed) + "/" + std::to_string(c.setup_cases);
  std::snprintf(buf, sizeof buf, "%-6s %5d %8d %8d %6.1f%% %8d %8d %6.1f%% %8d %6.1f%% %9s %7d\n",
                name.c_str(), c.files, c.ok_cases, c.ok_exact, percent(c.ok_exact, c.ok_cases),
                c.fail_cases, c.fail_rejected, percent(c.fail_rejected, c.fail_cases),
                c.listing_exact, percent(c.listing_exact, c.ok_cases), setup.c_str(), c.crashes);
  return buf;
}

nlohmann::json to_json(const Counts& c) {
  nlohmann::json j = nlohmann::json::object();
  for (const MetricInfo& m : kMetrics) j[std::string(m.name)] = c.*m.member;
  return j;
}

}  // namespace

std::map<std::string, Counts> Summary::by_tier() const {
  std::map<std::string, Counts> out;
  for (std::string_view t : kTierNames) out[std::string(t)] = Counts{};
  for (const FileSummary& f : files) out[f.tier] += f.counts;
  return out;
}

Counts Summary::total() const {
  Counts out;
  for (const FileSummary& f : files) out += f.counts;
  return out;
}

std::string render_table(const Summary& summary) {
  std::string out =
      "tier   files  ok-case  payload      %     fail rejected      %  listing      %     setup "
      "crashes\n";
  for (const auto& [tier, counts] : summary.by_tier()) out += row(tier, counts);
  out += row("total", summary.total());
  return out;
}

std::string render_json(const Summary& summary) {
  nlohmann::json j;
  j["tiers"] = nlohmann::json::object();
  for (const auto& [tier, counts] : summary.by_tier()) j["tiers"][tier] = to_json(counts);
  j["total"] = to_json(summary.total());
  j["files"] = nlohmann::json::object();
  for (const FileSummary& f : summary.files) {
    nlohmann::json fj = to_json(f.counts);
    fj["tier"] = f.tier;
    j["files"][f.path] = std::move(fj);
  }
  return j.dump(2) + "\n";
}

}  // namespace nftx::conformance

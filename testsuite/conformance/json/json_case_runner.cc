// SPDX-License-Identifier: GPL-2.0-or-later
#include "testsuite/conformance/json/json_case_runner.h"

#include <variant>

namespace nftx::conformance {
namespace {

std::string where(const TableSpec& t) { return t.family + " " + t.name; }

class JsonFileRunner {
 public:
  JsonFileRunner(const TestFile& file, const JsonRecords& input, const JsonRecords& output,
                 const JsonCompileFn& compile)
      : file_(file),
        input_(input),
        output_(output),
        compile_(compile),
        state_(file.tables.size()) {}

  JsonFileRun run() {
    result_.counts.files = 1;
    result_.counts.disabled = file_.disabled;
    for (const Entry& e : file_.entries) {
      entry_ = &e;
      std::visit(*this, e.item);
    }
    return std::move(result_);
  }

  void operator()(const SetDecl& d) {
    setup([&](const TableSpec& t) { return set_command(t, d); });
  }
  void operator()(const ElementAdd& a) {
    setup([&](const TableSpec& t) { return element_command(t, a); });
  }
  void operator()(const ObjectDecl& o) {
    setup([&](const TableSpec& t) { return object_command(t, o); });
  }

  void operator()(const RuleLine& rule) {
    if (entry_->expect != Expect::Ok) return;
    const nlohmann::json* expected = expected_json(input_, output_, rule.text);
    for (size_t ti = 0; ti < file_.tables.size(); ++ti) {
      const TableSpec& table = file_.tables[ti];
      for (const std::string& chain : table.chains) {
        Script script =
            build_script(file_, table, state_[ti], rule_command(table, chain, rule.text));
        JsonOutcome out = compile_(script, table, chain);
        score(out, expected, where(table) + " " + chain, rule.text);
      }
    }
  }

 private:
  template <typename MakeCommand>
  void setup(const MakeCommand& make) {
    for (size_t ti = 0; ti < file_.tables.size(); ++ti) {
      const TableSpec& table = file_.tables[ti];
      std::string cmd = make(table);
      JsonOutcome out = compile_(build_script(file_, table, state_[ti], cmd), table, "");
      const bool want_ok = entry_->expect == Expect::Ok;
      ++result_.counts.setup_cases;
      if (out.crashed) ++result_.counts.crashes;
      if (!out.crashed && out.accepted == want_ok) ++result_.counts.setup_passed;
      if (want_ok && out.accepted) state_[ti].push_back(std::move(cmd));
    }
  }

  void score(const JsonOutcome& out, const nlohmann::json* expected, const std::string& at,
             const std::string& text) {
    Counts& c = result_.counts;
    ++c.ok_cases;
    if (out.crashed) ++c.crashes;
    if (out.crashed || !out.accepted) {
      report(at, text, out.crashed ? "compiler threw: " + out.diagnostics : "rejected");
      return;
    }
    ++c.ok_accepted;
    if (expected == nullptr) {
      ++c.ok_no_record;
      return;
    }
    if (out.exprs && *out.exprs == *expected) {
      ++c.ok_exact;
      return;
    }
    report(at, text,
           "expected: " + expected->dump() + "\n     got: " +
               (out.exprs ? out.exprs->dump() : std::string("(no rule in the listing)")));
  }

  void report(const std::string& at, const std::string& text, std::string detail) {
    result_.mismatches.push_back({entry_->line, at, text, std::move(detail)});
  }

  const TestFile& file_;
  const JsonRecords& input_;
  const JsonRecords& output_;
  const JsonCompileFn& compile_;
  std::vector<std::vector<std::string>> state_;
  const Entry* entry_ = nullptr;
  JsonFileRun result_;
};

}  // namespace

JsonFileRun run_json_file(const TestFile& file, const JsonRecords& input, const JsonRecords& output,
                          const JsonCompileFn& compile) {
  return JsonFileRunner(file, input, output, compile).run();
}

std::string format_json_mismatch(const std::string& path, const JsonMismatch& m) {
  return path + ":" + std::to_string(m.line) + ": json [" + m.where + "] " + m.text + "\n    " +
         m.detail + "\n";
}

}  // namespace nftx::conformance

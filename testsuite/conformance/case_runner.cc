// SPDX-License-Identifier: GPL-2.0-or-later
#include "testsuite/conformance/case_runner.h"

#include <variant>

#include "testsuite/conformance/listing_compare.h"
#include "testsuite/conformance/payload_compare.h"
#include "testsuite/conformance/text_util.h"

namespace nftx::conformance {
namespace {

std::string where(const TableSpec& table) { return table.family + " " + table.name; }

std::string indent(std::string_view text, std::string_view prefix) {
  std::string out;
  for (std::string_view line : split_lines(text))
    out += std::string(prefix) + std::string(line) + "\n";
  return out;
}

// Walks the entries of one file, keeping the per-table state of accepted setup commands.
class FileRunner {
 public:
  FileRunner(const TestFile& file, const PayloadSet& payloads, const CompileFn& compile)
      : file_(file), payloads_(payloads), compile_(compile), state_(file.tables.size()) {}

  FileRun run() {
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
    for (size_t ti = 0; ti < file_.tables.size(); ++ti) {
      const TableSpec& table = file_.tables[ti];
      for (const std::string& chain : table.chains) {
        Script script =
            build_script(file_, table, state_[ti], rule_command(table, chain, rule.text));
        CompileOutcome out = compile(script);
        Mismatch m{MismatchKind::Payload, entry_->line, where(table) + " " + chain, rule.text, {},
                   out.diagnostics,       script.text};
        if (entry_->expect == Expect::Fail) {
          score_fail(out, m);
        } else {
          score_ok(table, chain, rule, out, m);
        }
      }
    }
  }

 private:
  template <typename MakeCommand>
  void setup(const MakeCommand& make) {
    const std::string& label = entry_->text;
    for (size_t ti = 0; ti < file_.tables.size(); ++ti) {
      const TableSpec& table = file_.tables[ti];
      std::string cmd = make(table);
      Script script = build_script(file_, table, state_[ti], cmd);
      CompileOutcome out = compile(script);
      bool want_ok = entry_->expect == Expect::Ok;
      ++result_.counts.setup_cases;
      if (out.crashed) {
        report({MismatchKind::Crash, entry_->line, where(table), label, "compiler threw",
                out.diagnostics, script.text});
        continue;
      }
      if (out.accepted == want_ok) {
        ++result_.counts.setup_passed;
      } else {
        std::string detail = want_ok ? "expected to be accepted, got errors"
                                     : "expected to be rejected, was accepted";
        report({MismatchKind::Setup, entry_->line, where(table), label, detail, out.diagnostics,
                script.text});
      }
      if (want_ok && out.accepted) state_[ti].push_back(std::move(cmd));
    }
  }

  void score_fail(const CompileOutcome& out, Mismatch& m) {
    ++result_.counts.fail_cases;
    if (out.crashed) {
      m.kind = MismatchKind::Crash;
      m.detail = "compiler threw";
      report(std::move(m));
    } else if (!out.accepted) {
      ++result_.counts.fail_rejected;
    } else {
      m.kind = MismatchKind::FailAccepted;
      m.detail = "expected an error, the rule was accepted";
      report(std::move(m));
    }
  }

  void score_ok(const TableSpec& table, const std::string& chain, const RuleLine& rule,
                const CompileOutcome& out, Mismatch m) {
    ++result_.counts.ok_cases;
    if (out.crashed || !out.accepted) {
      m.kind = out.crashed ? MismatchKind::Crash : MismatchKind::OkRejected;
      m.detail = out.crashed ? "compiler threw" : "expected to be accepted, got errors";
      report(std::move(m));
      return;
    }
    ++result_.counts.ok_accepted;
    score_payload(table, rule, out, m);
    score_listing(table, chain, rule, out, std::move(m));
  }

  void score_payload(const TableSpec& table, const RuleLine& rule, const CompileOutcome& out,
                     const Mismatch& base) {
    const PayloadRecord* record = payloads_.find(table.family, rule.text);
    if (record == nullptr) {
      ++result_.counts.ok_no_record;
      Mismatch m = base;
      m.kind = MismatchKind::NoRecord;
      m.detail = "no payload record for this rule; got:\n" + indent(out.payload, "  ");
      report(std::move(m));
      return;
    }
    std::string diff =
        payload_diff(make_payload_view(record->lines), make_payload_view(out.payload));
    if (diff.empty()) {
      ++result_.counts.ok_exact;
      return;
    }
    Mismatch m = base;
    m.kind = MismatchKind::Payload;
    m.detail = diff;
    report(std::move(m));
  }

  void score_listing(const TableSpec& table, const std::string& chain, const RuleLine& rule,
                     const CompileOutcome& out, Mismatch m) {
    std::optional<std::vector<std::string>> lines =
        chain_rule_lines(out.listing, table.family, table.name, chain);
    std::vector<std::string> got;
    if (lines) {
      for (const std::string& l : *lines) got.push_back(make_stateless(l));
    }
    std::string expected = rule.listing.value_or(rule.text);
    if (got.size() == 1 && listing_matches(rule.text, expected, got.front())) {
      ++result_.counts.listing_exact;
      return;
    }
    m.kind = MismatchKind::Listing;
    m.detail = lines ? line_diff({expected}, got) : "chain not found in the listing\n";
    report(std::move(m));
  }

  CompileOutcome compile(const Script& script) {
    CompileOutcome out = compile_(script);
    if (out.crashed) ++result_.counts.crashes;
    return out;
  }

  void report(Mismatch m) { result_.mismatches.push_back(std::move(m)); }

  const TestFile& file_;
  const PayloadSet& payloads_;
  const CompileFn& compile_;
  std::vector<std::vector<std::string>> state_;  // accepted setup commands, per table
  const Entry* entry_ = nullptr;
  FileRun result_;
};

}  // namespace

std::string_view to_string(MismatchKind kind) {
  switch (kind) {
    case MismatchKind::Payload:
      return "payload";
    case MismatchKind::NoRecord:
      return "no-record";
    case MismatchKind::OkRejected:
      return "ok-rejected";
    case MismatchKind::FailAccepted:
      return "fail-accepted";
    case MismatchKind::Listing:
      return "listing";
    case MismatchKind::Setup:
      return "setup";
    case MismatchKind::Crash:
      return "crash";
  }
  return "?";
}

FileRun run_test_file(const TestFile& file, const PayloadSet& payloads, const CompileFn& compile) {
  return FileRunner(file, payloads, compile).run();
}

std::string format_mismatch(std::string_view path, const Mismatch& m) {
  std::string out = std::string(path) + ":" + std::to_string(m.line) + ": " +
                    std::string(to_string(m.kind)) + " [" + m.where + "] " + m.text + "\n";
  out += indent(m.detail, "    ");
  if (!m.diagnostics.empty()) out += "    nftx diagnostics:\n" + indent(m.diagnostics, "      ");
  // The script matters when the diagnostics point into it; payload/listing diffs stand alone.
  bool show_script = m.kind == MismatchKind::OkRejected || m.kind == MismatchKind::Setup ||
                     m.kind == MismatchKind::Crash;
  if (show_script) out += "    script:\n" + indent(m.script, "      ");
  return out;
}

}  // namespace nftx::conformance

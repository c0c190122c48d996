// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer entry: arbitrary bytes -> nftx::compile(); when that succeeds, the batch also goes
// through the --debug=netlink printer (the libnftnl encoders), and the diagnostics are
// rendered in every format, so spans that point outside the input are caught by ASan.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "backends/netlink/debug_text.h"
#include "common/diagnostics.h"
#include "common/source_manager.h"
#include "compiler/driver.h"

namespace {

// The loader reads whatever an include names. An absolute (or "../") pattern could reach
// /dev/zero or /dev/stdin and hang the run, so inputs that name one are skipped; relative
// includes still run, against a directory that does not exist (see kInputName).
bool can_reach_filesystem(std::string_view text) {
  return text.find("include") != std::string_view::npos && text.find('/') != std::string_view::npos;
}

// Relative includes are searched beside the including file; this directory never exists.
constexpr const char* kInputName = "/nonexistent/nftx-fuzz/input.nft";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  if (can_reach_filesystem(text)) return -1;  // -1: do not add to the corpus
  nftx::SourceManager sm;
  const uint32_t file = sm.add(kInputName, std::move(text));
  nftx::CompileOptions options;
  options.include_paths.clear();
  nftx::Diagnostics diags;
  nftx::CompileResult result = nftx::compile(sm, file, options, diags);
  if (!diags.has_errors()) {
    const std::string out = nftx::netlink::debug_text(result.batch);
    if (out.size() > (size_t{1} << 40)) __builtin_trap();  // keeps the call observable
  }
  const size_t rendered =
      nftx::render_text(sm, diags).size() + nftx::render_json(sm, diags).size() +
      nftx::render_sarif(sm, diags).size() + nftx::render_github(sm, diags).size();
  if (diags.has_errors() && rendered == 0) __builtin_trap();  // an error must render as something
  return 0;
}

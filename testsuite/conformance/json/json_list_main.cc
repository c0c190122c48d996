// SPDX-License-Identifier: GPL-2.0-or-later
// nftx-json-list FILE [-s] [-p] [--nft11]: compiles FILE offline and prints the JSON
// listing of the ruleset it leaves behind, as `nft -j list ruleset` would after loading it. A
// development aid for comparing with nft until the CLI's -j prints the same.
#include <iostream>
#include <string>
#include <vector>

#include "common/diagnostics.h"
#include "common/source_manager.h"
#include "compiler/driver.h"
#include "compiler/raise/json/json.h"
#include "testsuite/conformance/text_util.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  nftx::raise::JsonOptions opts;
  std::string path;
  for (const std::string& a : args) {
    if (a == "-s") {
      opts.list.stateless = true;
    } else if (a == "-p") {
      opts.list.numeric_protocol = true;
    } else if (a == "--nft11") {
      opts.compat = nftx::raise::JsonCompat::Nft1_1;
    } else {
      path = a;
    }
  }
  std::optional<std::string> text = nftx::conformance::read_text_file(path);
  if (!text) {
    std::cerr << "usage: nftx-json-list FILE [-s] [-p] [--nft11]\n";
    return 2;
  }
  nftx::SourceManager sm;
  const uint32_t file = sm.add(path, *text);
  nftx::Diagnostics diags;
  nftx::CompileResult result = nftx::compile(sm, file, nftx::CompileOptions{}, diags);
  if (diags.has_errors()) {
    std::cerr << nftx::render_text(sm, diags);
    return 1;
  }
  std::cout << nftx::raise::list_ruleset_json(result.batch, opts);
  return 0;
}

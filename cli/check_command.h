// SPDX-License-Identifier: GPL-2.0-or-later
// `nftx [-c] -f FILE` and command-line rulesets: read the input, compile it, report.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace nftx::cli {

enum class DiagFormat { Text, Json, Sarif, Github };

struct RunOptions {
  std::string file;                      // -f (may be "-")
  std::vector<std::string> words;        // command-line ruleset words
  bool check = false;                    // -c
  bool debug_netlink = false;            // -d netlink
  bool debug_mnl = false;                // -d mnl: the batch as libmnl prints it (nft --debug=mnl)
  bool early_ingress_as_ingress = false;  // load early_ingress flowtables at ingress
  bool list = false;                     // --list
  bool json = false;                     // -j
  bool kernel = false;                   // -c --kernel: validate in the kernel, then abort
  bool handles = false;                  // -a
  bool echo = false;                     // -e: print what the kernel added, as nft -e
  bool stateless = false;                // -s
  bool numeric = false;                  // -n (may be given more than once in nft; one level here)
  bool terse = false;                    // -t: no set elements
  bool numeric_priority = false;         // -y
  DiagFormat format = DiagFormat::Text;  // --format
  std::vector<std::string> include_paths;
  std::vector<std::pair<std::string, std::string>> defines;
};

// Returns the process exit status (0 ok, 1 error).
int run(const RunOptions& opts);

}  // namespace nftx::cli

// SPDX-License-Identifier: GPL-2.0-or-later
// Which `.t` files make up the corpus: the family folders nft-test.py walks, in its order.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nftx::conformance {

inline constexpr std::string_view kTestDirs[] = {"any", "arp", "bridge", "inet",
                                                 "ip",  "ip6", "netdev"};

// Paths relative to `corpus` ("any/counter.t"), folder by folder, sorted within a folder.
std::vector<std::string> list_test_files(const std::filesystem::path& corpus);

// Resolves a --file argument: an existing path (absolute or relative to the working directory)
// inside the corpus, or a path relative to the corpus. Returns the corpus-relative path.
std::optional<std::string> resolve_test_file(const std::filesystem::path& corpus,
                                             const std::string& arg);

}  // namespace nftx::conformance

// SPDX-License-Identifier: GPL-2.0-or-later
// Small string helpers shared by the corpus readers (Python-like strip/split semantics, because
// nft-test.py defines the corpus format through them).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nftx::conformance {

std::string_view strip(std::string_view s);   // both ends, ASCII whitespace
std::string_view rstrip(std::string_view s);  // right end only
// Splits on every occurrence of `sep`; "a;;b" gives {"a", "", "b"}, "" gives {""}.
std::vector<std::string_view> split(std::string_view s, char sep);
// Splits on runs of whitespace, dropping empty pieces.
std::vector<std::string_view> split_ws(std::string_view s);
// Lines without their '\n' (a final line without newline is kept; a trailing '\n' adds none).
std::vector<std::string_view> split_lines(std::string_view text);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
bool is_blank(std::string_view s);
// Replaces every `__set<digits>` / `__map<digits>` with `__set%d` / `__map%d`, the spelling
// nft prints before the kernel assigns a number.
std::string normalize_anon_names(std::string_view s);
// The whole file, or nullopt when it cannot be read.
std::optional<std::string> read_text_file(const std::filesystem::path& path);

}  // namespace nftx::conformance

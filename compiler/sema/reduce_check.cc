// SPDX-License-Identifier: GPL-2.0-or-later
// nft's last pass over a checked rule (rule_postprocess, stmt_reduce):
//  - a `meta protocol` match the family already implies (`meta protocol ip` in an ip table) is
//    dropped, unless it is the rule's last statement;
//  - byte-aligned payload equality matches are merged into one load and one compare
//    (payload_can_merge). Matches are collected across the other matches of the rule (a masked
//    `vlan id`, a meta compare or a set lookup does not separate them); any other statement
//    (verdict, counter, store, nat, ...) ends the group. A group is sorted by base and offset
//    and neighbours are joined when they are adjacent, fit in a 16-byte register, and the join
//    saves work: the result is at most 32 bits, or on the link layer, or one side is wider.
#include <linux/netfilter/nf_tables.h>

#include <algorithm>

#include "compiler/sema/rule_checker.h"

namespace nftx::sema {

namespace {

constexpr uint16_t kEthPIp = 0x0800, kEthPIp6 = 0x86dd;

bool is_match(const checked::StmtNode& n) {
  return std::holds_alternative<checked::Cmp>(n) || std::holds_alternative<checked::RangeCmp>(n) ||
         std::holds_alternative<checked::Lookup>(n);
}

const ir::Payload* eq_payload(const checked::Stmt& s) {
  const auto* cmp = std::get_if<checked::Cmp>(&s.node);
  if (!cmp || cmp->op != ir::CmpOp::Eq) return nullptr;
  const auto* load = std::get_if<checked::Load>(&cmp->left->node);
  return load ? std::get_if<ir::Payload>(&load->op) : nullptr;
}

bool redundant_protocol(const checked::Stmt& s, ir::Family family) {
  const auto* cmp = std::get_if<checked::Cmp>(&s.node);
  if (!cmp || cmp->op != ir::CmpOp::Eq || cmp->right.size() != 2) return false;
  const auto* load = std::get_if<checked::Load>(&cmp->left->node);
  const auto* meta = load ? std::get_if<ir::Meta>(&load->op) : nullptr;
  if (!meta || meta->key != NFT_META_PROTOCOL) return false;
  const uint16_t v = static_cast<uint16_t>(cmp->right[0] << 8 | cmp->right[1]);
  return (family == ir::Family::Ip && v == kEthPIp) || (family == ir::Family::Ip6 && v == kEthPIp6);
}

bool can_merge(const ir::Payload& a, const ir::Payload& b) {
  if (a.base != b.base || a.offset + a.len != b.offset) return false;
  const uint32_t total = a.len + b.len;
  if (total > 16) return false;
  return total <= 4 || a.base == ir::PayloadBase::LinkLayer || a.len > 4 || b.len > 4;
}

}  // namespace

void RuleChecker::merge_payloads() {
  auto& stmts = out_.stmts;
  std::vector<bool> removed(stmts.size(), false);
  // nft drops the match when it walks on to the next statement: a last one stays.
  for (size_t k = 0; k + 1 < stmts.size(); ++k) {
    removed[k] = redundant_protocol(stmts[k], out_.family);
  }
  size_t i = 0;
  while (i < stmts.size()) {
    size_t j = i;
    while (j < stmts.size() && is_match(stmts[j].node)) ++j;
    std::vector<size_t> run;
    for (size_t k = i; k < j; ++k) {
      if (!removed[k] && eq_payload(stmts[k])) run.push_back(k);
    }
    i = j + 1;
    if (run.size() < 2) continue;
    std::stable_sort(run.begin(), run.end(), [&](size_t a, size_t b) {
      const ir::Payload* pa = eq_payload(stmts[a]);
      const ir::Payload* pb = eq_payload(stmts[b]);
      if (pa->base != pb->base) return pa->base < pb->base;
      return pa->offset < pb->offset;
    });
    size_t last = run[0];
    for (size_t k = 1; k < run.size(); ++k) {
      const size_t cur = run[k];
      const ir::Payload pa = *eq_payload(stmts[last]);
      const ir::Payload pb = *eq_payload(stmts[cur]);
      if (!can_merge(pa, pb)) {
        last = cur;
        continue;
      }
      auto& a = std::get<checked::Cmp>(stmts[last].node);
      const auto& b = std::get<checked::Cmp>(stmts[cur].node);
      ir::Payload merged = pa;
      merged.len = pa.len + pb.len;
      ir::Bytes value = a.right;
      value.insert(value.end(), b.right.begin(), b.right.end());
      a.left = checked::make(checked::Load{merged}, proto::TypeId::Integer, proto::ByteOrder::Big,
                             merged.len * 8, Span::cover(a.left->span, b.left->span));
      a.right = std::move(value);
      // The joined match stays where the earlier of the two was written (a protocol key
      // match, which nft keeps in place, always precedes what depends on it).
      if (cur < last) {
        std::swap(stmts[last], stmts[cur]);
        removed[last] = true;
        last = cur;
      } else {
        removed[cur] = true;
      }
    }
  }
  std::vector<checked::Stmt> out;
  for (size_t k = 0; k < stmts.size(); ++k) {
    if (!removed[k]) out.push_back(std::move(stmts[k]));
  }
  stmts = std::move(out);
}

}  // namespace nftx::sema

// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/lower/lower.h"

#include <linux/netfilter/nf_tables.h>

#include <algorithm>

#include "compiler/lower/registers.h"

namespace nftx::lower {
namespace {

class RuleLowering {
 public:
  explicit RuleLowering(ir::Rule& out) : out_(out) {}

  void stmt(const checked::Stmt& s) {
    regs_.reset();
    span_ = s.span;
    std::visit([&](const auto& n) { this->lower_stmt(n); }, s.node);
  }

 private:
  void add(ir::Op op) { out_.exprs.push_back(ir::Instr{std::move(op), span_}); }

  // Emits the operations that leave `e` in `dreg`.
  void gen(const checked::Expr& e, ir::Reg dreg) {
    std::visit([&](const auto& n) { this->gen_node(n, e, dreg); }, e.node);
  }
  void gen_node(const checked::Load& l, const checked::Expr&, ir::Reg dreg) {
    ir::Op op = l.op;
    std::visit([&](auto& o) { set_dreg(o, dreg); }, op);
    add(std::move(op));
  }
  void gen_node(const checked::Const& c, const checked::Expr&, ir::Reg dreg) {
    add(ir::Immediate{dreg, c.data});
  }
  void gen_node(const checked::Mask& m, const checked::Expr& e, ir::Reg dreg) {
    gen(*m.base, dreg);
    add(ir::Bitwise{dreg, dreg, e.len_bits / 8, ir::BitwiseOp::Bool, m.mask, m.xor_, {}, m.with_op});
  }
  void gen_node(const checked::Shift& s, const checked::Expr& e, ir::Reg dreg) {
    gen(*s.base, dreg);
    ir::Bytes amount{static_cast<uint8_t>(s.amount), static_cast<uint8_t>(s.amount >> 8),
                     static_cast<uint8_t>(s.amount >> 16), static_cast<uint8_t>(s.amount >> 24)};
    add(ir::Bitwise{dreg, dreg, e.len_bits / 8, s.op, {}, {}, amount});
  }
  void gen_node(const checked::Swap& s, const checked::Expr& e, ir::Reg dreg) {
    gen(*s.base, dreg);
    add(ir::Byteorder{dreg, dreg, s.op, e.len_bits / 8, s.size});
  }
  void gen_node(const checked::Concat& c, const checked::Expr&, ir::Reg dreg) {
    uint32_t units = 0;
    for (const auto& part : c.parts) {
      gen(*part, Registers::offset(dreg, units));
      units += (part->len_bits + 31) / 32;
    }
  }
  void gen_node(const checked::MapLookup& m, const checked::Expr&, ir::Reg dreg) {
    // nft evaluates the key in the destination register itself (unless that is the verdict).
    ir::Reg sreg = dreg != 0 ? dreg : regs_.take(m.key->len_bits);
    gen(*m.key, sreg);
    add(ir::Lookup{sreg, m.map.name, m.map.id, dreg, false});
  }

  template <typename T>
  static void set_dreg(T& op, ir::Reg dreg) {
    if constexpr (requires { op.dreg = dreg; }) op.dreg = dreg;
  }

  ir::Reg load(const checked::ExprPtr& e) {
    ir::Reg r = regs_.take(e->len_bits);
    gen(*e, r);
    return r;
  }

  void lower_stmt(const checked::Cmp& c) {
    ir::Reg r = load(c.left);
    add(ir::Cmp{r, c.op, c.right});
  }
  void lower_stmt(const checked::RangeCmp& c) {
    ir::Reg r = load(c.left);
    add(ir::Range{r, c.op, c.from, c.to});
  }
  void lower_stmt(const checked::Lookup& l) {
    ir::Reg r = load(l.left);
    add(ir::Lookup{r, l.set.name, l.set.id, std::nullopt, l.invert});
  }
  void lower_stmt(const checked::Verdict& v) { add(ir::ImmediateVerdict{v.verdict}); }
  void lower_stmt(const checked::Vmap& v) {
    ir::Reg r = load(v.key);
    add(ir::Lookup{r, v.map.name, v.map.id, ir::Reg{0}, false});
  }
  void lower_stmt(const checked::Emit& e) { add(e.op); }
  void lower_stmt(const checked::Store& s) {
    const auto& target = std::get<checked::Load>(s.target->node).op;
    ir::Reg r = load(s.value);
    if (const auto* m = std::get_if<ir::Meta>(&target)) {
      add(ir::Meta{std::nullopt, r, m->key});
    } else if (const auto* c = std::get_if<ir::Ct>(&target)) {
      add(ir::Ct{std::nullopt, r, c->key, c->dir});
    } else if (const auto* x = std::get_if<ir::Exthdr>(&target)) {
      ir::Exthdr w = *x;
      w.dreg.reset();
      w.sreg = r;
      add(w);
    } else if (s.write) {
      ir::PayloadWrite w = *s.write;
      w.sreg = r;
      add(w);
    }
  }
  void lower_stmt(const checked::Nat& n) {
    auto operand = [&](const checked::ExprPtr& e) -> std::optional<ir::Reg> {
      if (!e) return std::nullopt;
      ir::Reg r = regs_.take_full();
      gen(*e, r);
      return r;
    };
    switch (n.kind) {
      case checked::Nat::Kind::Nat: {
        ir::Nat op = n.nat;
        if (n.map) {
          // One lookup fills consecutive registers; the operands are units of its result.
          ir::Reg r = regs_.take(std::max<uint32_t>(n.map->len_bits, 128));
          gen(*n.map, r);
          auto at = [&](const std::optional<uint32_t>& unit) -> std::optional<ir::Reg> {
            if (!unit) return std::nullopt;
            return Registers::offset(r, *unit);
          };
          op.addr_min = at(n.map_addr_min);
          op.addr_max = at(n.map_addr_max);
          op.proto_min = at(n.map_proto_min);
          op.proto_max = at(n.map_proto_max);
          add(op);
          break;
        }
        op.addr_min = operand(n.addr_min);
        op.addr_max = operand(n.addr_max);
        op.proto_min = operand(n.proto_min);
        op.proto_max = operand(n.proto_max);
        add(op);
        break;
      }
      case checked::Nat::Kind::Masq: {
        auto pmin = operand(n.proto_min);
        auto pmax = operand(n.proto_max);
        add(ir::Masq{n.nat.flags, pmin, pmax});
        break;
      }
      case checked::Nat::Kind::Redir: {
        auto pmin = operand(n.proto_min);
        auto pmax = operand(n.proto_max);
        add(ir::Redir{n.nat.flags, pmin, pmax});
        break;
      }
    }
  }
  void lower_stmt(const checked::Dynset& d) {
    ir::Reg k = load(d.key);
    std::optional<ir::Reg> data;
    if (d.data) data = load(d.data);
    ir::Dynset op{k, data, d.op, d.set.name, d.set.id, d.timeout, d.exprs};
    add(ir::DynsetBox{{op}});
  }
  void lower_stmt(const checked::ObjrefMap& o) {
    ir::Reg r = load(o.key);
    add(ir::Objref{o.type, "", r, o.map.name, o.map.id});
  }

  ir::Rule& out_;
  Registers regs_;
  Span span_;
};

}  // namespace

ir::Rule lower_rule(const checked::Rule& rule) {
  ir::Rule out{rule.family, rule.table, rule.chain, {}, rule.handle, rule.position,
               rule.comment, rule.span};
  RuleLowering lowering(out);
  for (const auto& s : rule.stmts) lowering.stmt(s);
  return out;
}

void lower_command(checked::Command&& cmd, ir::Batch& batch) {
  auto push = [&](ir::Object_ obj) {
    batch.messages.push_back(ir::Message{cmd.verb, std::move(obj), cmd.index, cmd.span});
  };
  if (auto* r = std::get_if<checked::Rule>(&cmd.object)) {
    for (size_t i = 0; i < r->anon_sets.size(); ++i) {
      batch.messages.push_back(
          ir::Message{ir::Verb::Add, std::move(r->anon_sets[i]), cmd.index, cmd.span});
      batch.messages.push_back(
          ir::Message{ir::Verb::Add, std::move(r->anon_elems[i]), cmd.index, cmd.span});
    }
    push(lower_rule(*r));
    return;
  }
  std::visit(
      [&](auto& o) {
        using T = std::decay_t<decltype(o)>;
        if constexpr (!std::is_same_v<T, checked::Rule>) push(std::move(o));
      },
      cmd.object);
}

ir::Batch lower(const checked::Ruleset& rs) {
  ir::Batch batch;
  for (const auto& cmd : rs.commands) lower_command(checked::Command(cmd), batch);
  return batch;
}

}  // namespace nftx::lower

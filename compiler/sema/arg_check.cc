// SPDX-License-Identifier: GPL-2.0-or-later
// Expression arguments of `meta KEY set` and `ct KEY set` (`ip dscp << 2 | 0x10`, `ct mark >> 8`,
// `ip6 dscp`). nft evaluates them with the statement's width in force (its `stmt_len`):
//  - a sub-byte field becomes a plain number: masked, swapped to host order when it spans more
//    than one byte, and shifted down;
//  - shifts and and/or/xor widen to the statement's width and work in host order;
//  - constants may use the whole statement width;
//  - a chain of and/or/xor with constants collapses into one bitwise operation (nft's
//    linearizer folds the chain into one mask and xor);
//  - a non-constant value stored into a mark is converted to host order.
// The expression is first built as a small tree mirroring nft's, then turned into checked nodes.
#include <algorithm>
#include <array>
#include <functional>
#include <memory>

#include "compiler/sema/rule_checker.h"

namespace nftx::sema {

using checked::make;
using proto::ByteOrder;
using proto::TypeId;

namespace {

// A number of up to 128 bits, big-endian.
using Num = std::array<uint8_t, 16>;

Num num_from_image(const ir::Bytes& image, ByteOrder order) {
  ir::Bytes be = to_order(image, order);  // to_order reverses host order: its own inverse
  Num n{};
  const size_t len = std::min(be.size(), n.size());
  std::copy(be.end() - static_cast<std::ptrdiff_t>(len), be.end(),
            n.end() - static_cast<std::ptrdiff_t>(len));
  return n;
}

uint32_t bytes_of(uint32_t bits) { return (bits + 7) / 8; }

ir::Bytes image_from_num(const Num& n, ByteOrder order, uint32_t len_bits) {
  const uint32_t len = std::min<uint32_t>(bytes_of(len_bits), 16);
  ir::Bytes be(n.end() - len, n.end());
  return to_order(be, order);
}

Num bitmask(uint32_t bits) {
  Num n{};
  for (uint32_t b = 0; b < bits && b < 128; ++b) {
    n[15 - b / 8] |= static_cast<uint8_t>(1u << (b % 8));
  }
  return n;
}

Num num_and(Num a, const Num& b) {
  for (size_t i = 0; i < a.size(); ++i) a[i] &= b[i];
  return a;
}
Num num_or(Num a, const Num& b) {
  for (size_t i = 0; i < a.size(); ++i) a[i] |= b[i];
  return a;
}
Num num_xor(Num a, const Num& b) {
  for (size_t i = 0; i < a.size(); ++i) a[i] ^= b[i];
  return a;
}
Num num_not(Num a) {
  for (auto& b : a) b = static_cast<uint8_t>(~b);
  return a;
}
Num num_shift(Num a, uint32_t bits, bool left) {
  for (uint32_t s = 0; s < bits && s < 128; ++s) {
    if (left) {
      for (size_t i = 0; i < a.size(); ++i) {
        a[i] = static_cast<uint8_t>(a[i] << 1 | (i + 1 < a.size() ? a[i + 1] >> 7 : 0));
      }
    } else {
      for (size_t i = a.size(); i-- > 0;) {
        a[i] = static_cast<uint8_t>(a[i] >> 1 | (i > 0 ? (a[i - 1] & 1) << 7 : 0));
      }
    }
  }
  return a;
}
uint64_t num_u64(const Num& n) { return to_u64(ir::Bytes(n.end() - 8, n.end())); }

enum class Kind { Leaf, Const, And, Or, Xor, Lshift, Rshift, Ntoh, Hton };

struct Node;
using NodePtr = std::shared_ptr<const Node>;
struct Node {
  Kind kind = Kind::Leaf;
  checked::ExprPtr leaf;  // Leaf
  Num value{};            // Const
  NodePtr left, right;    // operands (unary: left)
  TypeId type = TypeId::Integer;
  ByteOrder order = ByteOrder::Big;
  uint32_t len_bits = 0;
  Span span;
  bool constant() const { return kind == Kind::Const; }
};

NodePtr with(const Node& n) { return std::make_shared<const Node>(n); }

bool is_bitwise(Kind k) { return k == Kind::And || k == Kind::Or || k == Kind::Xor; }

}  // namespace

// The evaluator: a friend of RuleChecker (it resolves leaves and parses constants with it).
class ArgEvaluator {
 public:
  ArgEvaluator(RuleChecker& rc, const ValueType& target) : rc_(rc), target_(target) {
    ectx_ = target;
  }

  std::optional<checked::ExprPtr> run(const ast::ExprPtr& e) {
    NodePtr n = eval(e);
    if (!n) return std::nullopt;
    if (n->constant()) return gen(n);
    if (!compatible(*n)) {
      rc_.error(e->span, "datatype", "datatype mismatch: expected " +
                                         std::string(proto::datatype(target_.type).desc) +
                                         ", expression has type " +
                                         std::string(proto::datatype(n->type).desc));
      return std::nullopt;
    }
    if (target_.type == TypeId::Mark) n = to_order(n, target_.byteorder);
    return gen(n);
  }

 private:
  // nft's datatype_compatible: equal types, or a mark set from any integer-based value.
  bool compatible(const Node& n) const {
    if (n.type == target_.type) return true;
    return target_.type == TypeId::Mark &&
           proto::root_basetype(n.type) == proto::root_basetype(TypeId::Mark);
  }

  NodePtr eval(const ast::ExprPtr& raw) {
    ast::ExprPtr e = rc_.expand(raw);
    if (!e) return nullptr;
    if (const auto* b = ast::as<ast::Binop>(e)) return binop(*b, e->span);
    if (ast::as<ast::List>(e)) return constant(e);
    if (const auto* s = ast::as<ast::Symbol>(e)) {
      // A bare word that is not a value of the context type may be a meta key (`mark`).
      const bool meta_word = s->kind == ast::SymbolKind::Word && proto::meta_key(s->text) &&
                             !parse_constant(*s, want()).ok();
      if (!meta_word) return constant(e);
    }
    return leaf(e);
  }

  // The type constants are parsed with: the context's type, as wide as the statement allows.
  ValueType want() const {
    return ValueType{ectx_.type, ectx_.byteorder, std::max(target_.len_bits, ectx_.len_bits)};
  }

  NodePtr constant(const ast::ExprPtr& e) {
    const ValueType w = want();
    auto c = rc_.constant(e, w);
    if (!c) return nullptr;
    if (!c->ok()) {
      rc_.error(e->span, "value", c->error);
      return nullptr;
    }
    Node n;
    n.kind = Kind::Const;
    n.value = num_from_image(c->data, w.byteorder);
    n.type = w.type;
    n.order = w.byteorder;
    n.len_bits = w.len_bits;
    n.span = e->span;
    return with(n);
  }

  NodePtr leaf(const ast::ExprPtr& e) {
    auto l = rc_.lhs(e);
    if (!l) return nullptr;
    if (l->parts.size() != 1) {
      rc_.error(e->span, "binop", "binary operations on concatenations are not supported");
      return nullptr;
    }
    const ValueType vt = l->parts[0];
    ectx_ = vt;
    Node base;
    base.kind = Kind::Leaf;
    base.type = vt.type;
    base.order = vt.byteorder;
    base.span = e->span;
    const auto* mask = std::get_if<checked::Mask>(&l->expr->node);
    if (!mask || l->user_mask) {
      base.leaf = l->expr;
      base.len_bits = l->expr->len_bits;
      return with(base);
    }
    // A sub-byte field: nft's expr_evaluate_bits, in statement context.
    base.leaf = mask->base;
    base.len_bits = mask->base->len_bits;
    Node m;
    m.kind = Kind::Const;
    m.value = num_from_image(mask->mask, vt.byteorder);
    m.order = vt.byteorder;
    m.len_bits = base.len_bits;
    Node a = base;
    a.kind = Kind::And;
    a.leaf = nullptr;
    a.left = with(base);
    a.right = with(m);
    NodePtr out = with(a);
    if (l->shift == 0) return out;
    Node sh = a;
    if (bytes_of(a.len_bits) > 1) {
      Node swap = a;
      swap.kind = Kind::Ntoh;
      swap.left = out;
      swap.right = nullptr;
      swap.order = ByteOrder::Host;
      out = with(swap);
      sh.order = ByteOrder::Host;
    }
    Node amount;
    amount.kind = Kind::Const;
    amount.value = num_from_image(from_u64(l->shift, 4), ByteOrder::Big);
    amount.order = ByteOrder::Host;
    amount.len_bits = 32;
    sh.kind = Kind::Rshift;
    sh.left = out;
    sh.right = with(amount);
    return with(sh);
  }

  // nft's byteorder_conversion: constants and single bytes are relabelled, others swapped.
  NodePtr to_order(const NodePtr& n, ByteOrder order) {
    if (n->order == order || order == ByteOrder::Invalid) return n;
    Node out = *n;
    out.order = order;
    if (n->constant() || n->len_bits / 8 < 2) return with(out);
    out.kind = order == ByteOrder::Host ? Kind::Ntoh : Kind::Hton;
    out.leaf = nullptr;
    out.left = n;
    out.right = nullptr;
    return with(out);
  }

  NodePtr binop(const ast::Binop& b, const Span& at) {
    const bool shift = b.op == ast::BinOp::Lshift || b.op == ast::BinOp::Rshift;
    const uint32_t start_len = ectx_.len_bits;
    NodePtr l = eval(b.left);
    if (!l) return nullptr;
    if (shift) ectx_ = ValueType{TypeId::Integer, l->order, std::max(start_len, l->len_bits)};
    NodePtr r = eval(b.right);
    if (!r) return nullptr;
    if (!shift && l->constant() && !r->constant()) std::swap(l, r);
    const uint32_t stmt_len = target_.len_bits;
    Node n;
    n.span = at;
    n.left = l;
    if (shift) {
      const char* name = b.op == ast::BinOp::Lshift ? "Left" : "Right";
      if (!r->constant()) {
        rc_.error(b.right->span, "binop", "Right hand side of binary operation must be constant");
        return nullptr;
      }
      const uint32_t max = std::max(stmt_len, l->len_bits);
      const uint64_t amount = num_u64(r->value);
      if (amount >= max) {
        rc_.error(b.right->span, "binop",
                  std::string(name) + " shift of " + std::to_string(amount) +
                      " bits is undefined for type of " + std::to_string(max) + " bits width");
        return nullptr;
      }
      n.kind = b.op == ast::BinOp::Lshift ? Kind::Lshift : Kind::Rshift;
      n.left = to_order(l, ByteOrder::Host);
      n.right = to_order(r, ByteOrder::Host);
      n.type = TypeId::Integer;
      n.order = ByteOrder::Host;
      n.len_bits = max;
      if (l->constant()) {
        n.kind = Kind::Const;
        const Num keep = bitmask(max);
        const auto bits = static_cast<uint32_t>(amount);
        n.value = b.op == ast::BinOp::Lshift ? num_and(num_shift(l->value, bits, true), keep)
                                             : num_shift(num_and(l->value, keep), bits, false);
        n.left = n.right = nullptr;
      }
      return with(n);
    }
    if (!r->constant()) {
      rc_.error(b.right->span, "binop",
                "bit operations between two non-constant expressions are not supported yet");
      return nullptr;
    }
    switch (b.op) {
      case ast::BinOp::And: n.kind = Kind::And; break;
      case ast::BinOp::Or: n.kind = Kind::Or; break;
      case ast::BinOp::Xor: n.kind = Kind::Xor; break;
      case ast::BinOp::Lshift:
      case ast::BinOp::Rshift: break;
    }
    if (stmt_len > l->len_bits) {
      n.len_bits = stmt_len;
      n.order = ByteOrder::Host;
      n.type = TypeId::Integer;
      n.left = to_order(l, ByteOrder::Host);
    } else {
      n.len_bits = l->len_bits;
      n.order = l->order;
      n.type = l->type;
    }
    n.right = to_order(r, n.order);
    if (l->constant()) {
      const Num keep = bitmask(n.len_bits);
      switch (n.kind) {
        case Kind::And: n.value = num_and(num_and(l->value, r->value), keep); break;
        case Kind::Or: n.value = num_and(num_or(l->value, r->value), keep); break;
        default: n.value = num_and(num_xor(l->value, r->value), keep); break;
      }
      n.kind = Kind::Const;
      n.left = n.right = nullptr;
    }
    return with(n);
  }

  // nft's netlink_gen_*: one VM operation per node, constant and/or/xor chains folded.
  checked::ExprPtr gen(const NodePtr& n) {
    const uint32_t len = bytes_of(n->len_bits) * 8;
    switch (n->kind) {
      case Kind::Leaf: return n->leaf;
      case Kind::Const:
        return make(checked::Const{image_from_num(n->value, n->order, n->len_bits)}, n->type,
                    n->order, len, n->span);
      case Kind::And:
      case Kind::Or:
      case Kind::Xor: {
        std::vector<const Node*> chain;
        const Node* cur = n.get();
        while (is_bitwise(cur->kind) && cur->right && cur->right->constant()) {
          chain.push_back(cur);
          cur = cur->left.get();
        }
        checked::ExprPtr base = gen(chain.back()->left);
        Num mask = bitmask(n->len_bits), x{};
        for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
          const Num& v = (*it)->right->value;
          Num m = v, add{};
          if ((*it)->kind == Kind::Or) {
            m = num_not(v);
            add = v;
          } else if ((*it)->kind == Kind::Xor) {
            m = bitmask(n->len_bits);
            add = v;
          }
          x = num_xor(add, num_and(x, m));
          mask = num_and(mask, m);
        }
        return make(checked::Mask{base, image_from_num(mask, n->order, n->len_bits),
                                  image_from_num(x, n->order, n->len_bits)},
                    n->type, n->order, len, n->span);
      }
      case Kind::Lshift:
      case Kind::Rshift:
        return make(checked::Shift{gen(n->left), n->kind == Kind::Lshift ? ir::BitwiseOp::Lshift
                                                                         : ir::BitwiseOp::Rshift,
                                   static_cast<uint32_t>(num_u64(n->right->value))},
                    n->type, n->order, len, n->span);
      case Kind::Ntoh:
      case Kind::Hton: {
        const uint32_t arg = n->left->len_bits;
        const uint32_t size = arg % 64 == 0 ? 8 : arg % 32 == 0 ? 4 : 2;
        return make(checked::Swap{gen(n->left), n->kind == Kind::Ntoh ? ir::ByteorderOp::Ntoh
                                                                      : ir::ByteorderOp::Hton,
                                  size},
                    n->type, n->order, len, n->span);
      }
    }
    return nullptr;
  }

  RuleChecker& rc_;
  ValueType target_;
  ValueType ectx_;  // nft's expression context: the type constants are parsed with
};

bool RuleChecker::is_arg_expression(const ast::ExprPtr& raw) {
  ast::ExprPtr e = expand(raw);
  if (!e) return false;
  if (ast::as<ast::Payload>(e) || ast::as<ast::RawPayload>(e) || ast::as<ast::Exthdr>(e)) {
    return true;
  }
  const auto* b = ast::as<ast::Binop>(e);
  if (!b) return false;
  // Only expressions with a packet or metadata operand: constant arithmetic stays a constant.
  std::function<bool(const ast::ExprPtr&)> has_load = [&](const ast::ExprPtr& x) {
    ast::ExprPtr y = expand(x);
    if (!y) return false;
    if (const auto* bb = ast::as<ast::Binop>(y)) return has_load(bb->left) || has_load(bb->right);
    return !ast::as<ast::Symbol>(y) && !ast::as<ast::List>(y);
  };
  return has_load(e);
}

std::optional<checked::ExprPtr> RuleChecker::arg_value(const ast::ExprPtr& e,
                                                       const ValueType& target) {
  ArgEvaluator eval(*this, target);
  return eval.run(e);
}

}  // namespace nftx::sema

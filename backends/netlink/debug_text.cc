// SPDX-License-Identifier: GPL-2.0-or-later
// `nft --debug=netlink` for a batch. nft 1.0.6 prints an object with nftnl_*_fprintf (default
// format, no flags) followed by "\n", at the moment it builds the message; some attributes are
// appended to the message only after that print (to record their offsets for error reports),
// so they are missing from the text. We print the objects the shared encoders build, using
// their *_body variants (or dropping the replaced rule's handle) where nft prints less.
#include "backends/netlink/debug_text.h"

#include <cstdio>
#include <cstdlib>
#include <new>
#include <variant>

#include "backends/netlink/encode_objects.h"

namespace nftx::netlink {
namespace {

// An in-memory FILE, so that libnftnl's own fprintf functions write the text.
class MemStream {
 public:
  MemStream() : fp_(open_memstream(&buf_, &len_)) {
    if (!fp_) throw std::bad_alloc();
  }
  ~MemStream() {
    std::fclose(fp_);
    std::free(buf_);
  }
  MemStream(const MemStream&) = delete;
  MemStream& operator=(const MemStream&) = delete;

  FILE* get() const { return fp_; }
  std::string str() {
    std::fflush(fp_);
    return std::string(buf_, len_);
  }

 private:
  char* buf_ = nullptr;
  size_t len_ = 0;
  FILE* fp_;
};

// Verbs for which nft builds (and so prints) the full object of a kind.
bool is_add(ir::Verb verb) {
  switch (verb) {
    case ir::Verb::Add:
    case ir::Verb::Create:
    case ir::Verb::Insert:
    case ir::Verb::Replace:
      return true;
    case ir::Verb::Delete:
    case ir::Verb::Destroy:
    case ir::Verb::Flush:
    case ir::Verb::Rename:
      return false;
  }
  return false;
}

struct Printer {
  FILE* fp;
  ir::Verb verb;

  // nft never prints tables.
  void operator()(const ir::Table&) const {}

  void operator()(const ir::Chain& chain) const {
    if (verb == ir::Verb::Rename) {  // printed whole: family, table, handle, new name
      print(encode_chain(chain, verb));
      return;
    }
    if (is_add(verb)) print(encode_chain_body(chain));
  }

  void operator()(const ir::Rule& rule) const {
    if (!is_add(verb)) return;
    RulePtr r = encode_rule(rule, verb);
    nftnl_rule_unset(r.get(), NFTNL_RULE_HANDLE);  // replace: appended after the print
    print(r);
  }

  void operator()(const ir::Set& set) const {
    // `flush set` is printed as the bare set identity ("name table 0").
    if (is_add(verb) || verb == ir::Verb::Flush) print(encode_set(set, verb));
  }

  // Element messages are printed for every verb (add, delete, flush).
  void operator()(const ir::SetElems& elems) const { print(encode_set_elems(elems, verb)); }

  void operator()(const ir::Flowtable& ft) const {
    if (is_add(verb)) print(encode_flowtable_body(ft));
  }

  void operator()(const ir::Object& object) const {
    if (is_add(verb)) print(encode_object_body(object));
  }

  // libnftnl's default text, then the newline nft's netlink_dump_* functions add after it.
  void print(const ChainPtr& c) const {
    nftnl_chain_fprintf(fp, c.get(), NFTNL_OUTPUT_DEFAULT, 0);
    std::fputc('\n', fp);
  }
  void print(const RulePtr& r) const {
    nftnl_rule_fprintf(fp, r.get(), NFTNL_OUTPUT_DEFAULT, 0);
    std::fputc('\n', fp);
  }
  void print(const SetPtr& s) const {
    nftnl_set_fprintf(fp, s.get(), NFTNL_OUTPUT_DEFAULT, 0);
    std::fputc('\n', fp);
  }
  void print(const FlowtablePtr& f) const {
    nftnl_flowtable_fprintf(fp, f.get(), NFTNL_OUTPUT_DEFAULT, 0);
    std::fputc('\n', fp);
  }
  void print(const ObjPtr& o) const {
    nftnl_obj_fprintf(fp, o.get(), NFTNL_OUTPUT_DEFAULT, 0);
    std::fputc('\n', fp);
  }
};

}  // namespace

std::string debug_text(const ir::Batch& batch, std::optional<uint32_t> only_command) {
  MemStream out;
  for (const ir::Message& message : batch.messages) {
    if (only_command && message.command != *only_command) continue;
    std::visit(Printer{out.get(), message.verb}, message.object);
  }
  return out.str();
}

}  // namespace nftx::netlink

// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/netlink/decode/kernel_dump.h"

#include <libnftnl/common.h>
#include <libnftnl/gen.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <sys/socket.h>

#include <cerrno>
#include <new>
#include <utility>
#include <vector>

#include "backends/netlink/nftnl_ptr.h"

namespace nftx::netlink::decode {
namespace {

// nft retries without a limit; a ruleset that changes this often is being rewritten in a loop.
constexpr int kMaxAttempts = 100;

template <typename T>
T* check_alloc(T* p) {
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

const nlmsghdr* header(const std::string& message) {
  return reinterpret_cast<const nlmsghdr*>(message.data());
}

uint16_t message_type(uint16_t msg) {
  return static_cast<uint16_t>((NFNL_SUBSYS_NFTABLES << 8) | msg);
}

std::vector<std::string> dump(NetlinkSocket& sock, uint16_t msg, uint16_t family) {
  return sock.talk([&](char* buf, uint32_t seq) {
    return nftnl_nlmsg_build_hdr(buf, msg, family, NLM_F_DUMP, seq);
  });
}

uint32_t generation(NetlinkSocket& sock) {
  const std::vector<std::string> replies = sock.talk([](char* buf, uint32_t seq) {
    return nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETGEN, AF_UNSPEC, NLM_F_ACK, seq);
  });
  for (const std::string& r : replies) {
    if (header(r)->nlmsg_type != message_type(NFT_MSG_NEWGEN)) continue;
    std::unique_ptr<nftnl_gen, void (*)(const nftnl_gen*)> gen(check_alloc(nftnl_gen_alloc()),
                                                               nftnl_gen_free);
    if (nftnl_gen_nlmsg_parse(header(r), gen.get()) < 0) break;
    return nftnl_gen_get_u32(gen.get(), NFTNL_GEN_ID);
  }
  throw NetlinkError("the kernel did not report a ruleset generation", EPROTO);
}

class Reader {
 public:
  Reader(NetlinkSocket& sock, const DumpRequest& req)
      : sock_(sock), req_(req), family_(req.family ? static_cast<uint16_t>(*req.family) : 0) {}

  ir::Batch read() {
    tables();
    if (req_.chains || req_.rules) chains();
    if (req_.sets || req_.rules) sets();
    if (req_.flowtables) flowtables();
    if (req_.objects) objects();
    if (req_.rules) rules();
    return std::move(batch_);
  }

 private:
  bool wanted(ir::Family family, const std::string& table) const {
    if (req_.family && *req_.family != family) return false;
    return !req_.table || *req_.table == table;
  }
  void add(ir::Object_ object) {
    batch_.messages.push_back(ir::Message{ir::Verb::Add, std::move(object), 0, {}});
  }

  void tables() {
    for (const std::string& m : dump(sock_, NFT_MSG_GETTABLE, family_)) {
      TablePtr t(check_alloc(nftnl_table_alloc()));
      if (nftnl_table_nlmsg_parse(header(m), t.get()) < 0) continue;
      ir::Table table = decode_table(t.get());
      if (wanted(table.family, table.name)) add(std::move(table));
    }
  }

  void chains() {
    for (const std::string& m : dump(sock_, NFT_MSG_GETCHAIN, family_)) {
      ChainPtr c(check_alloc(nftnl_chain_alloc()));
      if (nftnl_chain_nlmsg_parse(header(m), c.get()) < 0) continue;
      ir::Chain chain = decode_chain(c.get());
      if (wanted(chain.family, chain.table)) add(std::move(chain));
    }
  }

  void sets() {
    for (const std::string& m : dump(sock_, NFT_MSG_GETSET, family_)) {
      SetPtr s(check_alloc(nftnl_set_alloc()));
      if (nftnl_set_nlmsg_parse(header(m), s.get()) < 0) continue;
      ir::Set set = decode_set(s.get());
      if (!wanted(set.family, set.table)) continue;
      const bool anonymous = (set.flags & NFT_SET_ANONYMOUS) != 0;
      const bool with_elements = anonymous ? req_.rules : req_.named_set_elements;
      ir::Family family = set.family;
      std::string table = set.table, name = set.name;
      add(std::move(set));
      if (with_elements) add(elements(family, table, name));
    }
  }

  ir::SetElems elements(ir::Family family, const std::string& table, const std::string& name) {
    SetPtr s(check_alloc(nftnl_set_alloc()));
    nftnl_set_set_u32(s.get(), NFTNL_SET_FAMILY, static_cast<uint32_t>(family));
    nftnl_set_set_str(s.get(), NFTNL_SET_TABLE, table.c_str());
    nftnl_set_set_str(s.get(), NFTNL_SET_NAME, name.c_str());
    const std::vector<std::string> replies = sock_.talk([&](char* buf, uint32_t seq) {
      nlmsghdr* nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETSETELEM, static_cast<uint16_t>(family),
                                            NLM_F_DUMP, seq);
      nftnl_set_elems_nlmsg_build_payload(nlh, s.get());
      return nlh;
    });
    for (const std::string& m : replies) nftnl_set_elems_nlmsg_parse(header(m), s.get());
    return decode_set_elems(s.get());
  }

  void flowtables() {
    for (const std::string& m : dump(sock_, NFT_MSG_GETFLOWTABLE, family_)) {
      FlowtablePtr f(check_alloc(nftnl_flowtable_alloc()));
      if (nftnl_flowtable_nlmsg_parse(header(m), f.get()) < 0) continue;
      ir::Flowtable ft = decode_flowtable(f.get());
      if (wanted(ft.family, ft.table)) add(std::move(ft));
    }
  }

  void objects() {
    for (const std::string& m : dump(sock_, NFT_MSG_GETOBJ, family_)) {
      ObjPtr o(check_alloc(nftnl_obj_alloc()));
      if (nftnl_obj_nlmsg_parse(header(m), o.get()) < 0) continue;
      ir::Object obj = decode_object(o.get());
      if (wanted(obj.family, obj.table)) add(std::move(obj));
    }
  }

  void rules() {
    for (const std::string& m : dump(sock_, NFT_MSG_GETRULE, family_)) {
      RulePtr r(check_alloc(nftnl_rule_alloc()));
      if (nftnl_rule_nlmsg_parse(header(m), r.get()) < 0) continue;
      const auto family = static_cast<ir::Family>(nftnl_rule_get_u32(r.get(), NFTNL_RULE_FAMILY));
      const char* table = nftnl_rule_get_str(r.get(), NFTNL_RULE_TABLE);
      if (!wanted(family, table != nullptr ? table : "")) continue;
      add(decode_rule(r.get()));
    }
  }

  NetlinkSocket& sock_;
  const DumpRequest& req_;
  uint16_t family_;
  ir::Batch batch_;
};

}  // namespace

ir::Batch dump_ruleset(const DumpRequest& request) {
  for (int attempt = 1;; ++attempt) {
    try {
      // A fresh socket per attempt: an interrupted dump leaves replies queued on the old one.
      NetlinkSocket sock;
      const uint32_t before = generation(sock);
      ir::Batch batch = Reader(sock, request).read();
      if (generation(sock) == before) return batch;
    } catch (const NetlinkError& e) {
      if (e.error() != EINTR || attempt >= kMaxAttempts) throw;
    }
    if (attempt >= kMaxAttempts) {
      throw NetlinkError("the ruleset kept changing while it was being read", EINTR);
    }
  }
}

}  // namespace nftx::netlink::decode

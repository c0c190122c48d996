// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/netlink/apply.h"

#include <libmnl/libmnl.h>
#include <linux/netlink.h>

namespace nftx::netlink {
namespace {

// Extended-ack TLVs follow the nlmsgerr; unless the kernel capped it (NLM_F_CAPPED), the
// nlmsgerr holds the whole original request, not only its header.
void parse_ext_ack(const nlmsghdr* nlh, const nlmsgerr* err, KernelError& out) {
  if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS)) return;
  size_t hlen = sizeof(nlmsgerr);
  if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) hlen += err->msg.nlmsg_len - sizeof(nlmsghdr);
  const auto* attr_start = static_cast<const uint8_t*>(mnl_nlmsg_get_payload(nlh)) + hlen;
  const auto* msg_end = reinterpret_cast<const uint8_t*>(nlh) + nlh->nlmsg_len;
  for (const uint8_t* p = attr_start; p + sizeof(nlattr) <= msg_end;) {
    const auto* attr = reinterpret_cast<const nlattr*>(p);
    if (attr->nla_len < sizeof(nlattr) || p + attr->nla_len > msg_end) break;
    switch (mnl_attr_get_type(attr)) {
      case NLMSGERR_ATTR_MSG:
        if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0) {
          out.message = mnl_attr_get_str(attr);
        }
        break;
      case NLMSGERR_ATTR_OFFS:
        if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0) out.offset = mnl_attr_get_u32(attr);
        break;
      default:
        break;
    }
    p += MNL_ALIGN(attr->nla_len);
  }
}

}  // namespace

void parse_answers(const std::vector<uint8_t>& datagram, SendResult& result) {
  int len = static_cast<int>(datagram.size());
  for (auto* nlh = reinterpret_cast<const nlmsghdr*>(datagram.data()); mnl_nlmsg_ok(nlh, len);
       nlh = mnl_nlmsg_next(nlh, &len)) {
    if (nlh->nlmsg_type == NLMSG_ERROR) {
      if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(nlmsgerr))) continue;
      const auto* err = static_cast<const nlmsgerr*>(mnl_nlmsg_get_payload(nlh));
      if (err->error == 0) continue;  // an ack
      KernelError ke;
      ke.error = -err->error;
      ke.seq = err->msg.nlmsg_seq;
      ke.type = err->msg.nlmsg_type;
      parse_ext_ack(nlh, err, ke);
      result.errors.push_back(std::move(ke));
    } else if (nlh->nlmsg_type != NLMSG_DONE && nlh->nlmsg_type != NLMSG_NOOP) {
      const auto* p = reinterpret_cast<const uint8_t*>(nlh);
      result.notifications.emplace_back(p, p + nlh->nlmsg_len);
    }
  }
}

SendResult send_batch(const WireBatch& batch, Transport& transport) {
  SendResult result;
  result.send_error = transport.send(batch.bytes);
  if (result.send_error != 0) return result;
  while (auto datagram = transport.receive()) parse_answers(*datagram, result);
  return result;
}

}  // namespace nftx::netlink

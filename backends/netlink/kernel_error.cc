// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/netlink/kernel_error.h"

#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <variant>

namespace nftx::netlink {
namespace {

bool module_loaded(const char* name) {
  struct stat st {};
  return stat((std::string("/sys/module/") + name).c_str(), &st) == 0;
}

bool table_added_in_batch(const ir::Batch& batch, ir::Family family, const std::string& table) {
  for (const ir::Message& m : batch.messages) {
    const auto* t = std::get_if<ir::Table>(&m.object);
    if (t && t->family == family && t->name == table &&
        (m.verb == ir::Verb::Add || m.verb == ir::Verb::Create)) {
      return true;
    }
  }
  return false;
}

std::string join_devices(const std::vector<std::string>& devices) {
  std::string out;
  for (const auto& d : devices) out += (out.empty() ? "'" : ", '") + d + "'";
  return out;
}

// What to add to strerror() for a flowtable message.
std::string flowtable_hint(const ir::Flowtable& f, ir::Verb verb, int error,
                           const ir::Batch& batch) {
  const bool adding = verb == ir::Verb::Add || verb == ir::Verb::Create;
  if (!adding) return "";
  switch (error) {
    case ENOENT:
      // The table missing is the other cause of ENOENT; it cannot be when this batch adds it.
      if (!module_loaded("nf_flow_table") || table_added_in_batch(batch, f.family, f.table)) {
        return "; this kernel has no flowtable support (it needs CONFIG_NF_FLOW_TABLE and "
               "the nf_flow_table_inet module for family " +
               std::string(f.family == ir::Family::Inet ? "inet" :
                           f.family == ir::Family::Ip   ? "ip" : "ip6") +
               " tables)";
      }
      return "";
    case ENODEV:
      return "; a device of this flowtable does not exist: " + join_devices(f.devices);
    case EOPNOTSUPP:
      if (f.flags & NFT_FLOWTABLE_HW_OFFLOAD) {
        return "; either a device (" + join_devices(f.devices) +
               ") has no hardware flow offload (drop `flags offload`), or the flowtable exists "
               "with another hook, priority or flags, which the kernel cannot change (delete "
               "and re-create it)";
      }
      return "; the flowtable exists with another hook, priority or flags, which the kernel "
             "cannot change (delete and re-create it)";
    case EEXIST:
      return "; a flowtable named '" + f.name + "' exists already";
    case EBUSY:
      return "; a device is already bound to another flowtable at the same hook";
    default:
      return "";
  }
}

std::string hint(const ir::Message& m, int error, const ir::Batch& batch) {
  if (error == EPERM) {
    return "; changing the ruleset needs root or CAP_NET_ADMIN (`nftx -c` checks offline "
           "without privileges)";
  }
  if (const auto* f = std::get_if<ir::Flowtable>(&m.object)) {
    return flowtable_hint(*f, m.verb, error, batch);
  }
  return "";
}

// nft's wording: the kernel answers every message kind with "Could not process rule".
std::string message_text(int error, const std::string& kernel_text) {
  std::string text = "Could not process rule: ";
  text += std::strerror(error);
  if (!kernel_text.empty()) text += " (" + kernel_text + ")";
  return text;
}

}  // namespace

void report_kernel_errors(const SendResult& result, const WireBatch& wire, const ir::Batch& batch,
                          Diagnostics& diags) {
  if (result.send_error != 0) {
    std::string text = "Could not send the batch to the kernel: ";
    text += std::strerror(result.send_error);
    if (result.send_error == EPERM) text += "; applying needs root or CAP_NET_ADMIN";
    diags.error(Span{}, "kernel", text);
    return;
  }
  std::vector<std::string> failed_flowtables;
  for (const KernelError& e : result.errors) {
    const WireMessage* wm = wire.find(e.seq, e.offset);
    Span at;
    std::string extra;
    if (wm && wm->ir_index) {
      const ir::Message& m = batch.messages[*wm->ir_index];
      at = wm->span.valid() ? wm->span : m.span;
      const WireItem* item = nullptr;
      if (e.offset) {
        for (const WireItem& it : wm->items) {
          if (*e.offset >= it.begin && *e.offset < it.end && it.span.valid()) {
            item = &it;
            at = it.span;
            break;
          }
        }
      }
      extra = hint(m, e.error, batch);
      if (const auto* f = std::get_if<ir::Flowtable>(&m.object)) {
        failed_flowtables.push_back(f->name);
      } else if (const auto* r = std::get_if<ir::Rule>(&m.object);
                 r && item && item->index && *item->index < r->exprs.size()) {
        // `flow add @f` fails with ENOENT when its flowtable was refused above.
        const auto* fo = std::get_if<ir::FlowOffload>(&r->exprs[*item->index].op);
        if (fo && std::find(failed_flowtables.begin(), failed_flowtables.end(),
                            fo->flowtable) != failed_flowtables.end()) {
          extra = "; flowtable '" + fo->flowtable + "' was not created (see above)";
        }
      }
    } else if (e.error == EPERM) {
      extra = "; changing the ruleset needs root or CAP_NET_ADMIN (`nftx -c` checks offline "
              "without privileges)";
    }
    diags.error(at, "kernel", message_text(e.error, e.message) + extra);
  }
}

ir::Batch kernel_flowtable_hooks(const ir::Batch& batch, bool as_ingress, Diagnostics& diags) {
  ir::Batch out = batch;
  for (ir::Message& m : out.messages) {
    auto* f = std::get_if<ir::Flowtable>(&m.object);
    if (!f || !f->early_ingress) continue;
    const Span at = f->span.valid() ? f->span : m.span;
    if (as_ingress) {
      diags.warning(at, "early-ingress-as-ingress",
                    "flowtable '" + f->name + "': hook early_ingress loaded into the kernel "
                    "as hook ingress (--early-ingress-as-ingress)");
      f->early_ingress = false;
      f->hooknum = NF_NETDEV_INGRESS;
    } else {
      diags.error(at, "early-ingress-kernel",
                  "flowtable '" + f->name + "': hook early_ingress exists only in the nftx "
                  "engine; the kernel has no such hook (use hook ingress, or pass "
                  "--early-ingress-as-ingress to load it at ingress)");
    }
  }
  return out;
}

}  // namespace nftx::netlink

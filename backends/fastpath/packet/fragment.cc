// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/packet/fragment.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "backends/fastpath/packet/checksum.h"
#include "backends/fastpath/packet/wire.h"

namespace nftx::fastpath {

namespace {

constexpr uint32_t kMaxIpv4Hdr = 60;

// After the first fragment, options without the "copied" bit (0x80) become NOPs so the header
// length stays the same (RFC 791 lets later fragments omit them; Linux pads instead).
void strip_uncopied_options(uint8_t* hdr, uint32_t hlen) {
  uint32_t i = kIpv4HdrLen;
  while (i < hlen) {
    uint8_t type = hdr[i];
    if (type == 0) break;  // end of option list
    if (type == 1) {
      ++i;
      continue;
    }
    if (i + 1 >= hlen) break;
    uint32_t optlen = hdr[i + 1];
    if (optlen < 2 || i + optlen > hlen) break;  // malformed: leave the rest alone
    if ((type & 0x80) == 0) std::memset(hdr + i, 1, optlen);
    i += optlen;
  }
}

}  // namespace

const char* fragment_status_name(FragmentStatus s) {
  switch (s) {
    case FragmentStatus::Fits:
      return "fits";
    case FragmentStatus::Done:
      return "done";
    case FragmentStatus::DontFragment:
      return "dont_fragment";
    case FragmentStatus::MtuTooSmall:
      return "mtu_too_small";
    case FragmentStatus::NotIpv4:
      return "not_ipv4";
  }
  return "unknown";
}

FragmentStatus fragment_ipv4(const Frame& f, uint32_t mtu, const FragmentSink& sink) {
  if (f.hdr.nfproto != kNfprotoIpv4) return FragmentStatus::NotIpv4;
  if (f.hdr.l3_len <= mtu) return FragmentStatus::Fits;
  const uint8_t* ip = f.l3();
  uint16_t frag = static_cast<uint16_t>(ip[6] << 8 | ip[7]);
  if ((frag & kIpv4Df) != 0) return FragmentStatus::DontFragment;
  uint32_t hlen = (ip[0] & 0x0fu) * 4;
  if (mtu < hlen + 8) return FragmentStatus::MtuTooSmall;

  std::array<uint8_t, kFrameMaxLen> buf;
  uint32_t l2 = f.hdr.l3_off;
  // A frame from outside a pool may be longer than our scratch buffer: cut smaller pieces then.
  mtu = std::min<uint32_t>(mtu, kFrameMaxLen - l2);
  std::memcpy(buf.data(), f.data, l2);
  std::array<uint8_t, kMaxIpv4Hdr> hdr;
  std::memcpy(hdr.data(), ip, hlen);

  // Offsets continue the original's when a fragment is fragmented again; its MF stays on the
  // last piece.
  uint32_t base = (frag & kIpv4OffsetMask) * 8u;
  bool orig_more = (frag & kIpv4Mf) != 0;
  const uint8_t* data = ip + hlen;
  uint32_t left = f.hdr.l3_len - hlen;
  uint32_t pos = 0;
  bool first = true;
  while (left > 0) {
    uint32_t len = std::min(left, mtu - hlen);
    if (len < left) len &= ~7u;
    bool more = len < left || orig_more;
    uint8_t* nip = buf.data() + l2;
    std::memcpy(nip, hdr.data(), hlen);
    uint32_t tot = hlen + len;
    nip[2] = static_cast<uint8_t>(tot >> 8);
    nip[3] = static_cast<uint8_t>(tot);
    uint32_t fo = (base + pos) / 8 | (more ? kIpv4Mf : 0);
    nip[6] = static_cast<uint8_t>(fo >> 8);
    nip[7] = static_cast<uint8_t>(fo);
    csum::store16(nip + 10, 0);
    csum::store16(nip + 10, csum::finish(csum::partial(nip, hlen)));
    std::memcpy(nip + hlen, data + pos, len);
    sink(buf.data(), l2 + tot);
    if (first) {
      strip_uncopied_options(hdr.data(), hlen);
      first = false;
    }
    pos += len;
    left -= len;
  }
  return FragmentStatus::Done;
}

}  // namespace nftx::fastpath

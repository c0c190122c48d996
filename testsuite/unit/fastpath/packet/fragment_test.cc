// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/packet/fragment.h"

#include <gtest/gtest.h>
#include <netinet/in.h>

#include <map>
#include <vector>

#include "backends/fastpath/packet/builder.h"
#include "backends/fastpath/packet/checksum.h"
#include "backends/fastpath/packet/frame_pool.h"
#include "backends/fastpath/packet/parse.h"

namespace nftx::fastpath {
namespace {

uint16_t be16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }

struct Piece {
  std::vector<uint8_t> frame;
  Headers hdr;
  uint32_t offset;  // bytes
  bool more;
};

class FragmentTest : public ::testing::Test {
 protected:
  Frame& load(const std::vector<uint8_t>& bytes) {
    frame_ = pool_.copy_in(bytes.data(), bytes.size());
    EXPECT_TRUE(parse(*frame_).ok());
    return *frame_;
  }
  // Runs fragment_ipv4 and checks each fragment's own invariants.
  FragmentStatus run(const Frame& f, uint32_t mtu) {
    pieces_.clear();
    return fragment_ipv4(f, mtu, [&](const uint8_t* d, size_t len) {
      Frame* g = pool_.copy_in(d, len);
      ASSERT_NE(g, nullptr);
      ASSERT_TRUE(parse(*g).ok());
      EXPECT_LE(g->hdr.l3_len, mtu);
      EXPECT_TRUE(ipv4_header_ok(*g));
      uint16_t fo = be16(g->l3() + 6);
      pieces_.push_back(
          {std::vector<uint8_t>(d, d + len), g->hdr, (fo & 0x1fffu) * 8u, (fo & 0x2000) != 0});
      pool_.free(g);
    });
  }
  // Concatenates fragment data by offset; checks there are no holes or overlaps.
  std::vector<uint8_t> reassemble() const {
    std::map<uint32_t, std::vector<uint8_t>> by_off;
    for (const auto& p : pieces_) {
      uint32_t hl = (p.frame[p.hdr.l3_off] & 0x0fu) * 4;
      auto begin = p.frame.begin() + p.hdr.l3_off + hl;
      by_off[p.offset] = std::vector<uint8_t>(begin, p.frame.end());
    }
    std::vector<uint8_t> out;
    uint32_t base = by_off.empty() ? 0 : by_off.begin()->first;
    for (const auto& [off, data] : by_off) {
      EXPECT_EQ(off, base + out.size());
      out.insert(out.end(), data.begin(), data.end());
    }
    return out;
  }

  FramePool pool_{8};
  Frame* frame_ = nullptr;
  std::vector<Piece> pieces_;
};

TEST_F(FragmentTest, UdpDatagramReassembles) {
  Frame& f = load(PacketBuilder()
                      .vlan(9)
                      .ipv4("10.0.0.1", "10.0.0.2")
                      .ip_id(4242)
                      .udp(1, 2)
                      .payload(3000)
                      .build());
  ASSERT_EQ(run(f, 1500), FragmentStatus::Done);
  ASSERT_EQ(pieces_.size(), 3u);
  for (size_t i = 0; i < pieces_.size(); ++i) {
    const auto& p = pieces_[i];
    EXPECT_EQ(p.offset % 8, 0u);
    EXPECT_EQ(p.more, i + 1 < pieces_.size());
    EXPECT_TRUE(p.hdr.vlan);
    EXPECT_EQ(p.hdr.vlan_tci, 9);
    EXPECT_EQ(be16(p.frame.data() + p.hdr.l3_off + 4), 4242);
    if (i + 1 < pieces_.size()) {
      EXPECT_EQ((p.hdr.l3_len - 20) % 8, 0);
    }
  }
  EXPECT_EQ(pieces_[0].hdr.l3_len, 1500);
  EXPECT_EQ(pieces_[1].offset, 1480u);
  EXPECT_EQ(reassemble(), std::vector<uint8_t>(f.l3() + 20, f.l3() + f.hdr.l3_len));
}

TEST_F(FragmentTest, OddMtuRoundsDown) {
  Frame& f = load(PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").tcp(1, 2).payload(1000).build());
  ASSERT_EQ(run(f, 333), FragmentStatus::Done);
  EXPECT_EQ(pieces_[0].hdr.l3_len, 20 + 312);
  EXPECT_EQ(reassemble(), std::vector<uint8_t>(f.l3() + 20, f.l3() + f.hdr.l3_len));
}

TEST_F(FragmentTest, StatusesWithoutOutput) {
  Frame& small = load(PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).payload(10).build());
  EXPECT_EQ(run(small, 1500), FragmentStatus::Fits);
  Frame& df =
      load(PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").df().udp(1, 2).payload(2000).build());
  EXPECT_EQ(run(df, 1500), FragmentStatus::DontFragment);
  EXPECT_EQ(run(df, 27), FragmentStatus::DontFragment);
  Frame& big = load(PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).payload(200).build());
  EXPECT_EQ(run(big, 27), FragmentStatus::MtuTooSmall);
  Frame& v6 = load(PacketBuilder().ipv6("::1", "::2").udp(1, 2).payload(2000).build());
  EXPECT_EQ(run(v6, 1280), FragmentStatus::NotIpv4);
  EXPECT_TRUE(pieces_.empty());
  EXPECT_STREQ(fragment_status_name(FragmentStatus::DontFragment), "dont_fragment");
}

TEST_F(FragmentTest, OnlyCopiedOptionsSurvive) {
  // Record route (7, not copied) and router alert (0x94, copied): 7 + 4 + 1 padding = 12 bytes.
  const uint8_t opts[] = {7, 7, 4, 0, 0, 0, 0, 0x94, 4, 0, 0};
  Frame& f = load(
      PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").ip_options(opts).udp(1, 2).payload(100).build());
  ASSERT_EQ(run(f, 32 + 48), FragmentStatus::Done);
  ASSERT_GE(pieces_.size(), 2u);
  auto options = [](const Piece& p) {
    const uint8_t* ip = p.frame.data() + p.hdr.l3_off;
    return std::vector<uint8_t>(ip + 20, ip + 32);
  };
  EXPECT_EQ(options(pieces_[0]), std::vector<uint8_t>({7, 7, 4, 0, 0, 0, 0, 0x94, 4, 0, 0, 0}));
  for (size_t i = 1; i < pieces_.size(); ++i) {
    EXPECT_EQ(options(pieces_[i]), std::vector<uint8_t>({1, 1, 1, 1, 1, 1, 1, 0x94, 4, 0, 0, 0}));
    EXPECT_TRUE(pieces_[i].hdr.ip_options);
  }
  EXPECT_EQ(reassemble(), std::vector<uint8_t>(f.l3() + 32, f.l3() + f.hdr.l3_len));
}

TEST_F(FragmentTest, RefragmentingKeepsOffsetsAndMf) {
  Frame& f = load(PacketBuilder()
                      .ipv4("10.0.0.1", "10.0.0.2")
                      .fragment(800, true)
                      .l4proto(IPPROTO_UDP)
                      .payload(1000)
                      .build());
  ASSERT_EQ(run(f, 500), FragmentStatus::Done);
  ASSERT_EQ(pieces_.size(), 3u);
  EXPECT_EQ(pieces_[0].offset, 800u);
  EXPECT_TRUE(pieces_.back().more);
  EXPECT_EQ(reassemble(), std::vector<uint8_t>(f.l3() + 20, f.l3() + f.hdr.l3_len));
}

}  // namespace
}  // namespace nftx::fastpath

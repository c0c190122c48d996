// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>
#include <pcap/pcap.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "backends/fastpath/io/pcap_reader.h"
#include "backends/fastpath/io/pcap_writer.h"
#include "backends/fastpath/packet/builder.h"
#include "backends/fastpath/packet/frame_pool.h"
#include "backends/fastpath/packet/parse.h"

namespace nftx::fastpath {
namespace {

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "nftx_fp_io_" + std::to_string(getpid()) + "_" + name;
}

std::vector<std::vector<uint8_t>> packets() {
  return {
      PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").tcp(1, 2).flags(TcpFlags::Syn).build(),
      PacketBuilder().vlan(3).ipv6("2001:db8::1", "2001:db8::2").udp(3, 4).payload(1000).build(),
      PacketBuilder().ethertype(0x0806).payload(28).build(),
  };
}

const uint64_t kTimes[] = {1700000000123456789ULL, 1700000001000000001ULL, 5ULL};

TEST(Pcap, NanosecondRoundTrip) {
  std::string path = temp_path("nano.pcap");
  std::string err;
  auto pkts = packets();
  {
    auto w = PcapWriter::open(path, err);
    ASSERT_TRUE(w.has_value()) << err;
    for (size_t i = 0; i < pkts.size(); ++i) {
      ASSERT_TRUE(w->write(pkts[i].data(), pkts[i].size(), kTimes[i]));
    }
    EXPECT_EQ(w->count(), pkts.size());
    EXPECT_TRUE(w->flush());
  }
  auto r = PcapReader::open(path, err);
  ASSERT_TRUE(r.has_value()) << err;
  for (size_t i = 0; i < pkts.size(); ++i) {
    PcapRecord rec;
    ASSERT_EQ(r->next(rec), ReadStatus::Packet) << r->error();
    EXPECT_EQ(std::vector<uint8_t>(rec.data, rec.data + rec.caplen), pkts[i]);
    EXPECT_EQ(rec.wire_len, pkts[i].size());
    EXPECT_EQ(rec.ts_ns, kTimes[i]);
  }
  PcapRecord rec;
  EXPECT_EQ(r->next(rec), ReadStatus::End);
  EXPECT_EQ(r->count(), pkts.size());
  std::remove(path.c_str());
}

TEST(Pcap, MicrosecondTimestampsAndFrames) {
  std::string path = temp_path("micro.pcap");
  std::string err;
  auto pkts = packets();
  {
    auto w = PcapWriter::open(path, err, TsPrecision::Micro);
    ASSERT_TRUE(w.has_value()) << err;
    FramePool pool(1);
    Frame* f = pool.copy_in(pkts[0].data(), pkts[0].size());
    f->rx_ns = kTimes[0];
    ASSERT_TRUE(w->write(*f));
    PcapWriter moved = std::move(*w);  // the moved-to writer owns the file now
    EXPECT_FALSE(w->write(pkts[1].data(), pkts[1].size(), 0));
    ASSERT_TRUE(moved.write(pkts[1].data(), pkts[1].size(), kTimes[1]));
    moved.close();
    EXPECT_FALSE(moved.write(pkts[1].data(), pkts[1].size(), 0));
  }
  auto r = PcapReader::open(path, err);
  ASSERT_TRUE(r.has_value()) << err;
  FramePool pool(1);
  Frame* f = pool.alloc();
  f->mark = 5;
  ASSERT_EQ(r->next(*f), ReadStatus::Packet);
  EXPECT_EQ(f->rx_ns, kTimes[0] / 1000 * 1000);  // microsecond file: sub-us digits are lost
  EXPECT_EQ(f->mark, 0u);
  EXPECT_EQ(f->headroom(), kFrameHeadroom);
  EXPECT_EQ(std::vector<uint8_t>(f->data, f->data + f->len), pkts[0]);
  EXPECT_TRUE(parse(*f).ok());
  ASSERT_EQ(r->next(*f), ReadStatus::Packet);
  EXPECT_EQ(f->rx_ns, kTimes[1] / 1000 * 1000);
  EXPECT_EQ(r->next(*f), ReadStatus::End);
  std::remove(path.c_str());
}

TEST(Pcap, SnaplenTruncates) {
  std::string path = temp_path("snap.pcap");
  std::string err;
  auto pkts = packets();
  {
    auto w = PcapWriter::open(path, err, TsPrecision::Nano, 64);
    ASSERT_TRUE(w.has_value()) << err;
    ASSERT_TRUE(w->write(pkts[1].data(), pkts[1].size(), 1));
  }
  auto r = PcapReader::open(path, err);
  ASSERT_TRUE(r.has_value()) << err;
  PcapRecord rec;
  ASSERT_EQ(r->next(rec), ReadStatus::Packet);
  EXPECT_EQ(rec.caplen, 64u);
  EXPECT_EQ(rec.wire_len, pkts[1].size());
  std::remove(path.c_str());
}

TEST(Pcap, OpenErrors) {
  std::string err;
  EXPECT_FALSE(PcapReader::open(temp_path("missing.pcap"), err).has_value());
  EXPECT_NE(err.find("missing.pcap"), std::string::npos) << err;

  err.clear();
  EXPECT_FALSE(PcapWriter::open("/nonexistent-dir/x.pcap", err).has_value());
  EXPECT_NE(err.find("/nonexistent-dir/x.pcap"), std::string::npos) << err;

  // A raw-IP capture is refused with a message naming the link type.
  std::string raw = temp_path("raw.pcap");
  pcap_t* dead = pcap_open_dead(DLT_RAW, 65535);
  pcap_dumper_t* d = pcap_dump_open(dead, raw.c_str());
  ASSERT_NE(d, nullptr);
  pcap_dump_close(d);
  pcap_close(dead);
  err.clear();
  EXPECT_FALSE(PcapReader::open(raw, err).has_value());
  EXPECT_NE(err.find("Ethernet"), std::string::npos) << err;
  EXPECT_NE(err.find("RAW"), std::string::npos) << err;
  std::remove(raw.c_str());

  std::string junk = temp_path("junk.pcap");
  FILE* fp = std::fopen(junk.c_str(), "w");
  ASSERT_NE(fp, nullptr);
  std::fputs("this is not a capture file at all", fp);
  std::fclose(fp);
  err.clear();
  EXPECT_FALSE(PcapReader::open(junk, err).has_value());
  EXPECT_FALSE(err.empty());
  std::remove(junk.c_str());
}

TEST(Pcap, ReadsPcapng) {
  // libpcap writes only pcap; editcap (Wireshark) converts to pcapng.
  if (std::system("command -v editcap >/dev/null 2>&1") != 0) GTEST_SKIP() << "no editcap";
  std::string path = temp_path("conv.pcap");
  std::string ng = temp_path("conv.pcapng");
  std::string err;
  auto pkts = packets();
  {
    auto w = PcapWriter::open(path, err);
    ASSERT_TRUE(w.has_value()) << err;
    for (size_t i = 0; i < pkts.size(); ++i) w->write(pkts[i].data(), pkts[i].size(), kTimes[i]);
  }
  std::string cmd = "editcap -F pcapng '" + path + "' '" + ng + "' 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto r = PcapReader::open(ng, err);
  ASSERT_TRUE(r.has_value()) << err;
  for (size_t i = 0; i < pkts.size(); ++i) {
    PcapRecord rec;
    ASSERT_EQ(r->next(rec), ReadStatus::Packet) << r->error();
    EXPECT_EQ(std::vector<uint8_t>(rec.data, rec.data + rec.caplen), pkts[i]);
    EXPECT_EQ(rec.ts_ns, kTimes[i]);
  }
  PcapRecord rec;
  EXPECT_EQ(r->next(rec), ReadStatus::End);
  std::remove(path.c_str());
  std::remove(ng.c_str());
}

}  // namespace
}  // namespace nftx::fastpath

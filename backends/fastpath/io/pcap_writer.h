// SPDX-License-Identifier: GPL-2.0-or-later
// Packet sink to a pcap file (Ethernet link type) through libpcap's pcap_open_dead +
// pcap_dump_open, with nanosecond (the default) or microsecond timestamps.
// No exceptions: open() returns nullopt with a message, write()/flush() return false.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "backends/fastpath/packet/frame.h"

struct pcap;
struct pcap_dumper;

namespace nftx::fastpath {

enum class TsPrecision : uint8_t { Micro, Nano };

class PcapWriter {
 public:
  static std::optional<PcapWriter> open(const std::string& path, std::string& error,
                                        TsPrecision precision = TsPrecision::Nano,
                                        uint32_t snaplen = 262144);

  PcapWriter(PcapWriter&& other) noexcept;
  PcapWriter& operator=(PcapWriter&& other) noexcept;
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;
  ~PcapWriter();  // flushes and closes

  // Writes one record (truncated to the snaplen, wire length kept); false once closed.
  bool write(const uint8_t* data, size_t len, uint64_t ts_ns);
  bool write(const Frame& f) { return write(f.data, f.len, f.rx_ns); }
  bool flush();
  void close();

  const std::string& error() const { return error_; }
  uint64_t count() const { return count_; }

 private:
  PcapWriter(pcap* dead, pcap_dumper* dumper, TsPrecision precision, uint32_t snaplen)
      : dead_(dead), dumper_(dumper), precision_(precision), snaplen_(snaplen) {}

  pcap* dead_ = nullptr;
  pcap_dumper* dumper_ = nullptr;
  TsPrecision precision_ = TsPrecision::Nano;
  uint32_t snaplen_ = 0;
  std::string error_;
  uint64_t count_ = 0;
};

}  // namespace nftx::fastpath

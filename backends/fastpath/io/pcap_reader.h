// SPDX-License-Identifier: GPL-2.0-or-later
// Offline packet source: a pcap or pcapng file read through libpcap with nanosecond timestamps.
// Only Ethernet captures (DLT_EN10MB) are accepted; anything else is a clear error at open().
// No exceptions: open() returns nullopt with a message, next() reports End or Error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "backends/fastpath/packet/frame.h"

struct pcap;  // libpcap's pcap_t, kept out of this header

namespace nftx::fastpath {

struct PcapRecord {
  const uint8_t* data = nullptr;  // valid until the next call to next()
  uint32_t caplen = 0;            // bytes captured
  uint32_t wire_len = 0;          // bytes on the wire (>= caplen)
  uint64_t ts_ns = 0;             // since the epoch
};

enum class ReadStatus : uint8_t { Packet, End, Error };

class PcapReader {
 public:
  // Opens `path` (pcap or pcapng); nullopt and `error` set on failure or a non-Ethernet link.
  static std::optional<PcapReader> open(const std::string& path, std::string& error);

  PcapReader(PcapReader&& other) noexcept;
  PcapReader& operator=(PcapReader&& other) noexcept;
  PcapReader(const PcapReader&) = delete;
  PcapReader& operator=(const PcapReader&) = delete;
  ~PcapReader();

  ReadStatus next(PcapRecord& out);
  // next() copied into f (data at head + kFrameHeadroom, len = caplen, rx_ns = timestamp,
  // hdr and metadata reset). A record longer than f's room is an Error.
  ReadStatus next(Frame& f);

  const std::string& error() const { return error_; }  // after ReadStatus::Error
  uint64_t count() const { return count_; }            // records returned so far

 private:
  explicit PcapReader(pcap* handle, std::string path) : handle_(handle), path_(std::move(path)) {}

  pcap* handle_ = nullptr;
  std::string path_;
  std::string error_;
  uint64_t count_ = 0;
};

}  // namespace nftx::fastpath

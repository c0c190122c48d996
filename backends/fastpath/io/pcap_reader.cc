// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/io/pcap_reader.h"

#include <pcap/pcap.h>

#include <cstring>

namespace nftx::fastpath {

std::optional<PcapReader> PcapReader::open(const std::string& path, std::string& error) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  // Nanosecond precision: libpcap scales microsecond files up, so ts_ns is always in ns.
  pcap_t* h =
      pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (h == nullptr) {
    error = path + ": " + errbuf;
    return std::nullopt;
  }
  int dlt = pcap_datalink(h);
  if (dlt != DLT_EN10MB) {
    const char* name = pcap_datalink_val_to_name(dlt);
    error = path + ": link type " + std::to_string(dlt) + " (" + (name ? name : "unknown") +
            ") is not supported, only Ethernet (EN10MB) captures are";
    pcap_close(h);
    return std::nullopt;
  }
  return PcapReader(h, path);
}

PcapReader::PcapReader(PcapReader&& other) noexcept
    : handle_(other.handle_),
      path_(std::move(other.path_)),
      error_(std::move(other.error_)),
      count_(other.count_) {
  other.handle_ = nullptr;
}

PcapReader& PcapReader::operator=(PcapReader&& other) noexcept {
  if (this != &other) {
    if (handle_ != nullptr) pcap_close(handle_);
    handle_ = other.handle_;
    path_ = std::move(other.path_);
    error_ = std::move(other.error_);
    count_ = other.count_;
    other.handle_ = nullptr;
  }
  return *this;
}

PcapReader::~PcapReader() {
  if (handle_ != nullptr) pcap_close(handle_);
}

ReadStatus PcapReader::next(PcapRecord& out) {
  if (handle_ == nullptr) {
    error_ = path_ + ": reader is closed";
    return ReadStatus::Error;
  }
  pcap_pkthdr* h = nullptr;
  const u_char* data = nullptr;
  int rc = pcap_next_ex(handle_, &h, &data);
  if (rc == PCAP_ERROR_BREAK) return ReadStatus::End;
  if (rc != 1) {
    error_ = path_ + ": record " + std::to_string(count_ + 1) + ": " + pcap_geterr(handle_);
    return ReadStatus::Error;
  }
  out.data = data;
  out.caplen = h->caplen;
  out.wire_len = h->len;
  out.ts_ns =
      static_cast<uint64_t>(h->ts.tv_sec) * 1000000000ULL + static_cast<uint64_t>(h->ts.tv_usec);
  ++count_;
  return ReadStatus::Packet;
}

ReadStatus PcapReader::next(Frame& f) {
  PcapRecord r;
  ReadStatus s = next(r);
  if (s != ReadStatus::Packet) return s;
  if (f.head == nullptr || f.capacity < kFrameHeadroom || r.caplen > f.capacity - kFrameHeadroom) {
    error_ = path_ + ": record " + std::to_string(count_) + ": " + std::to_string(r.caplen) +
             " bytes do not fit in a frame";
    return ReadStatus::Error;
  }
  uint8_t* head = f.head;
  uint32_t capacity = f.capacity;
  f = Frame{};
  f.head = head;
  f.capacity = capacity;
  f.data = head + kFrameHeadroom;
  std::memcpy(f.data, r.data, r.caplen);
  f.len = r.caplen;
  f.rx_ns = r.ts_ns;
  return ReadStatus::Packet;
}

}  // namespace nftx::fastpath

// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/io/pcap_writer.h"

#include <pcap/pcap.h>

#include <algorithm>
#include <utility>

namespace nftx::fastpath {

std::optional<PcapWriter> PcapWriter::open(const std::string& path, std::string& error,
                                           TsPrecision precision, uint32_t snaplen) {
  u_int prec =
      precision == TsPrecision::Nano ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO;
  pcap_t* dead = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, static_cast<int>(snaplen), prec);
  if (dead == nullptr) {
    error = path + ": pcap_open_dead failed";
    return std::nullopt;
  }
  // The dumper takes the file magic (micro/nano) from the dead handle's precision.
  pcap_dumper_t* dumper = pcap_dump_open(dead, path.c_str());
  if (dumper == nullptr) {
    error = path + ": " + pcap_geterr(dead);
    pcap_close(dead);
    return std::nullopt;
  }
  return PcapWriter(dead, dumper, precision, snaplen);
}

PcapWriter::PcapWriter(PcapWriter&& other) noexcept
    : dead_(std::exchange(other.dead_, nullptr)),
      dumper_(std::exchange(other.dumper_, nullptr)),
      precision_(other.precision_),
      snaplen_(other.snaplen_),
      error_(std::move(other.error_)),
      count_(other.count_) {}

PcapWriter& PcapWriter::operator=(PcapWriter&& other) noexcept {
  if (this != &other) {
    close();
    dead_ = std::exchange(other.dead_, nullptr);
    dumper_ = std::exchange(other.dumper_, nullptr);
    precision_ = other.precision_;
    snaplen_ = other.snaplen_;
    error_ = std::move(other.error_);
    count_ = other.count_;
  }
  return *this;
}

PcapWriter::~PcapWriter() { close(); }

bool PcapWriter::write(const uint8_t* data, size_t len, uint64_t ts_ns) {
  if (dumper_ == nullptr) {
    error_ = "pcap writer is closed";
    return false;
  }
  pcap_pkthdr h{};
  uint64_t sub = ts_ns % 1000000000ULL;
  h.ts.tv_sec = static_cast<time_t>(ts_ns / 1000000000ULL);
  h.ts.tv_usec = static_cast<suseconds_t>(precision_ == TsPrecision::Nano ? sub : sub / 1000);
  h.len = static_cast<bpf_u_int32>(len);
  h.caplen = static_cast<bpf_u_int32>(std::min<size_t>(len, snaplen_));
  pcap_dump(reinterpret_cast<u_char*>(dumper_), &h, data);
  ++count_;
  return true;
}

bool PcapWriter::flush() {
  if (dumper_ == nullptr) return false;
  if (pcap_dump_flush(dumper_) != 0) {
    error_ = "pcap writer: flush failed";
    return false;
  }
  return true;
}

void PcapWriter::close() {
  if (dumper_ != nullptr) pcap_dump_close(dumper_);
  if (dead_ != nullptr) pcap_close(dead_);
  dumper_ = nullptr;
  dead_ = nullptr;
}

}  // namespace nftx::fastpath

#include "engine/state_diff.h"

#include <functional>

#include "engine/sha256.h"
#include "engine/store.h"

namespace safecity {

namespace {

// The derived state, in the order the checksum (replay.h) reads it.
struct Family {
  const char* name;
  Cf cf;
  const char* prefix;
};
constexpr Family kFamilies[] = {{"aggregates", Cf::kAggregates, ""},
                                {"readmodels", Cf::kReadModels, ""},
                                {"meta", Cf::kMeta, "checkpoint/projections"}};

// One record: family index, key, SHA-256 of the value.
struct Record {
  uint8_t family = 0;
  std::string key;
  std::string digest;
  bool operator<(const Record& o) const { return family != o.family ? family < o.family : key < o.key; }
};

Status ForEachRecord(Store* store, const std::function<void(Record)>& fn) {
  for (uint8_t i = 0; i < 3; ++i) {
    Status s = store->Scan(kFamilies[i].cf, kFamilies[i].prefix, [&](const std::string& k, const std::string& v) {
      fn(Record{i, k, Sha256Hex(v)});
      return true;
    });
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

void Write(std::FILE* f, const Record& r) {
  const uint32_t len = static_cast<uint32_t>(r.key.size());
  std::fputc(r.family, f);
  std::fwrite(&len, sizeof len, 1, f);
  std::fwrite(r.key.data(), 1, r.key.size(), f);
  std::fwrite(r.digest.data(), 1, r.digest.size(), f);  // 64 hex digits
}

bool Read(std::FILE* f, Record* r) {
  int family = std::fgetc(f);
  uint32_t len = 0;
  if (family == EOF || std::fread(&len, sizeof len, 1, f) != 1) return false;
  r->family = static_cast<uint8_t>(family);
  r->key.resize(len);
  r->digest.resize(64);
  return std::fread(r->key.data(), 1, len, f) == len && std::fread(r->digest.data(), 1, 64, f) == 64;
}

std::string Printable(const std::string& key) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : key) {
    if (c >= 0x20 && c != 0x7f) {
      out += static_cast<char>(c);  // ASCII and the bytes of UTF-8 text
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

Result<StateSnapshot> StateSnapshot::Take(Store* store) {
  std::FILE* f = std::tmpfile();
  if (!f) return Status::Storage("cannot make a temporary file to compare the read models; check TMPDIR and free space");
  StateSnapshot snap(f);
  Status s = ForEachRecord(store, [&](Record r) { Write(f, r); });
  if (!s.ok()) return s;
  if (std::fflush(f) != 0 || std::ferror(f)) return Status::Storage("cannot write the temporary file to compare the read models");
  return snap;
}

StateSnapshot::StateSnapshot(StateSnapshot&& other) noexcept : file_(other.file_) { other.file_ = nullptr; }

StateSnapshot::~StateSnapshot() {
  if (file_) std::fclose(file_);
}

Result<StateDiffReport> StateSnapshot::CompareWith(Store* store, size_t limit) {
  StateDiffReport report;
  std::rewind(file_);
  Record before;
  bool have = Read(file_, &before);
  auto note = [&](const Record& r, const char* change) {
    ++report.total;
    if (report.first.size() < limit) report.first.push_back({kFamilies[r.family].name, Printable(r.key), change});
  };
  Status s = ForEachRecord(store, [&](Record now) {
    while (have && before < now) {
      note(before, "removed");
      have = Read(file_, &before);
    }
    if (have && !(now < before)) {  // the same key
      if (before.digest != now.digest) note(now, "changed");
      have = Read(file_, &before);
    } else {
      note(now, "restored");
    }
  });
  if (!s.ok()) return s;
  while (have) {
    note(before, "removed");
    have = Read(file_, &before);
  }
  return report;
}

}  // namespace safecity

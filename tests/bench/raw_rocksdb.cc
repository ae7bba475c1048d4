#include "tests/bench/raw_rocksdb.h"

#include <algorithm>
#include <chrono>
#include <memory>

#include <rocksdb/db.h>

#include "engine/store.h"

namespace safecity::bench {

double RawRocksDbBytesPerSecond(const std::string& dir, int64_t groups, int64_t bytes) {
  rocksdb::Options o;
  o.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(o, dir, &raw).ok()) return 0;
  std::unique_ptr<rocksdb::DB> db(raw);
  std::string value(static_cast<size_t>(std::max<int64_t>(1, bytes / std::max<int64_t>(1, groups))), 'x');
  rocksdb::WriteOptions wo;
  wo.sync = true;
  const auto t0 = std::chrono::steady_clock::now();
  for (int64_t g = 0; g < groups; ++g) {
    rocksdb::WriteBatch b;
    b.Put(Store::BigEndian64(static_cast<uint64_t>(g)), value);
    db->Write(wo, &b);
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return static_cast<double>(bytes) / secs;
}

}  // namespace safecity::bench

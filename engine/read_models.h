// Read models: query-side tables in the `readmodels` column family, kept by
// projections. Keys are "<model>/<parts...>"; counters ("cnt/...") are 8-byte
// integers merged by addition so that concurrent partition workers can bump
// the same unit's counts without reading them.
//
// ReadModelWriter collects changes into the caller's WriteBatch; nothing is
// visible until that batch commits together with its events.
// ReadModelReader reads committed read models.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <rocksdb/write_batch.h>

#include "engine/envelope.h"
#include "engine/status.h"

namespace safecity {

class Store;

class ReadModelWriter {
 public:
  ReadModelWriter(Store* store, rocksdb::WriteBatch* batch) : store_(store), batch_(batch) {}
  void Put(const std::string& key, const std::string& value);
  void Delete(const std::string& key);
  void Add(const std::string& counter_key, int64_t delta);
  // Keeps one entry of a secondary index (by state, by deadline, ...): when
  // the keys differ, deletes `from_key` and puts `to_key` -> value; an empty
  // key stands for "no entry".
  void Move(const std::string& from_key, const std::string& to_key, const std::string& value = "");
  // The aggregate snapshot of `stream` (aggregate.h), in the same batch.
  void PutSnapshot(const std::string& stream, const std::string& bytes);

 private:
  Store* store_;
  rocksdb::WriteBatch* batch_;
};

class ReadModelReader {
 public:
  explicit ReadModelReader(Store* store) : store_(store) {}
  Result<std::optional<std::string>> Get(const std::string& key);
  // A JSON read model: null when the key is absent or cannot be read, a
  // discarded value (is_discarded()) when it is not JSON.
  Json GetJson(const std::string& key);
  int64_t Counter(const std::string& key);
  // Committed keys with this prefix, in order.
  // With `start_after`, only the keys after it (a page's cursor).
  Status Scan(const std::string& prefix, const std::function<bool(const std::string&, const std::string&)>& fn,
              const std::string& start_after = "");
  // As Scan, for JSON read models: each row that is a JSON object, parsed;
  // rows that are not are passed over.
  Status ScanJson(const std::string& prefix, const std::function<bool(const std::string& key, const Json& row)>& fn);

 private:
  Store* store_;
};

}  // namespace safecity

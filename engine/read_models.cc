#include "engine/read_models.h"

#include "engine/store.h"

namespace safecity {

void ReadModelWriter::Put(const std::string& key, const std::string& value) {
  batch_->Put(store_->handle(Cf::kReadModels), key, value);
}

void ReadModelWriter::PutSnapshot(const std::string& stream, const std::string& bytes) {
  batch_->Put(store_->handle(Cf::kAggregates), stream, bytes);
}

void ReadModelWriter::Delete(const std::string& key) {
  batch_->Delete(store_->handle(Cf::kReadModels), key);
}

void ReadModelWriter::Move(const std::string& from_key, const std::string& to_key, const std::string& value) {
  if (from_key == to_key) return;
  if (!from_key.empty()) Delete(from_key);
  if (!to_key.empty()) Put(to_key, value);
}

void ReadModelWriter::Add(const std::string& counter_key, int64_t delta) {
  if (delta == 0) return;
  batch_->Merge(store_->handle(Cf::kReadModels), counter_key, Store::EncodeCounter(delta));
}

Result<std::optional<std::string>> ReadModelReader::Get(const std::string& key) {
  return store_->Get(Cf::kReadModels, key);
}

Json ReadModelReader::GetJson(const std::string& key) {
  auto v = Get(key);
  if (!v.ok() || !v.value()) return nullptr;
  return Json::parse(*v.value(), nullptr, false);
}

int64_t ReadModelReader::Counter(const std::string& key) {
  auto v = store_->Get(Cf::kReadModels, key);
  if (!v.ok() || !v.value()) return 0;
  return Store::DecodeCounter(*v.value());
}

Status ReadModelReader::Scan(const std::string& prefix,
                             const std::function<bool(const std::string&, const std::string&)>& fn,
                             const std::string& start_after) {
  return store_->Scan(Cf::kReadModels, prefix, fn, start_after);
}

Status ReadModelReader::ScanJson(const std::string& prefix, const std::function<bool(const std::string&, const Json&)>& fn) {
  return Scan(prefix, [&](const std::string& key, const std::string& v) {
    Json row = Json::parse(v, nullptr, false);
    return !row.is_object() || fn(key, row);
  });
}

}  // namespace safecity

#include "engine/read_models.h"

#include <algorithm>
#include <vector>

#include "engine/store.h"

namespace safecity {

void ReadModelWriter::Put(const std::string& key, const std::string& value) {
  if (changes_) return changes_->Put(static_cast<int>(Cf::kReadModels), key, value);
  batch_->Put(store_->handle(Cf::kReadModels), key, value);
}

void ReadModelWriter::PutSnapshot(const std::string& stream, const std::string& bytes) {
  if (changes_) return changes_->Put(static_cast<int>(Cf::kAggregates), stream, bytes);
  batch_->Put(store_->handle(Cf::kAggregates), stream, bytes);
}

void ReadModelWriter::Delete(const std::string& key) {
  if (changes_) return changes_->Delete(static_cast<int>(Cf::kReadModels), key);
  batch_->Delete(store_->handle(Cf::kReadModels), key);
}

void ReadModelWriter::Move(const std::string& from_key, const std::string& to_key, const std::string& value) {
  if (from_key == to_key) return;
  if (!from_key.empty()) Delete(from_key);
  if (!to_key.empty()) Put(to_key, value);
}

void ReadModelWriter::Add(const std::string& counter_key, int64_t delta) {
  if (delta == 0) return;
  if (changes_) return changes_->Add(static_cast<int>(Cf::kReadModels), counter_key, delta);
  batch_->Merge(store_->handle(Cf::kReadModels), counter_key, Store::EncodeCounter(delta));
}

namespace {
std::string ChangeKey(int cf, const std::string& key) {
  std::string k(1, static_cast<char>(cf));
  k += key;
  return k;
}
}  // namespace

void CoalescedChanges::Put(int cf, const std::string& key, const std::string& value) {
  Change& c = changes_[ChangeKey(cf, key)];
  c.kind = Change::kPut;
  c.value = value;
}

void CoalescedChanges::Delete(int cf, const std::string& key) {
  Change& c = changes_[ChangeKey(cf, key)];
  c.kind = Change::kDelete;
  c.value.clear();
}

void CoalescedChanges::Add(int cf, const std::string& counter_key, int64_t delta) {
  auto [at, fresh] = changes_.try_emplace(ChangeKey(cf, counter_key));
  Change& c = at->second;
  if (fresh || c.kind == Change::kAdd) {
    c.kind = Change::kAdd;
    c.delta += delta;
  } else if (c.kind == Change::kPut) {  // what the merge operator makes of a put and a delta
    c.value = Store::EncodeCounter(Store::DecodeCounter(c.value) + delta);
  } else {  // after a delete: the delta on nothing
    c.kind = Change::kPut;
    c.value = Store::EncodeCounter(delta);
  }
}

void CoalescedChanges::FlushInto(Store* store, rocksdb::WriteBatch* batch) {
  std::vector<std::pair<const std::string*, const Change*>> sorted;
  sorted.reserve(changes_.size());
  for (const auto& [k, c] : changes_) sorted.emplace_back(&k, &c);
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return *a.first < *b.first; });
  for (const auto& [k, c] : sorted) {
    rocksdb::ColumnFamilyHandle* cf = store->handle(static_cast<Cf>(static_cast<unsigned char>((*k)[0])));
    const rocksdb::Slice key(k->data() + 1, k->size() - 1);
    switch (c->kind) {
      case Change::kPut: batch->Put(cf, key, c->value); break;
      case Change::kDelete: batch->Delete(cf, key); break;
      case Change::kAdd: batch->Merge(cf, key, Store::EncodeCounter(c->delta)); break;
    }
  }
  changes_.clear();
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

}  // namespace safecity

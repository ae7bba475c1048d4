#include "connectors/kafka/kafka_node.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <unordered_set>

#include "connectors/kafka/client.h"
#include "connectors/kafka/cloudevents.h"
#include "connectors/kafka/event_follower.h"
#include "connectors/kafka/records.h"
#include "connectors/kafka/topics.h"
#include "engine/command_processor.h"
#include "engine/intake.h"
#include "engine/reaction_runner.h"
#include "engine/read_models.h"
#include "engine/replay.h"
#include "engine/service_log.h"
#include "engine/store.h"
#include "engine/workflow.h"

namespace safecity::kafka {

namespace {
constexpr size_t kMaxCommands = 2000;   // per turn, all partitions
constexpr size_t kMaxReactions = 500;   // events reacted to per turn
constexpr int kTxnTimeoutMs = 30000;    // for one transactional call

// One command record as it came off the commands topic.
struct Incoming {
  int64_t offset = 0;
  rd_kafka_message_t* message = nullptr;  // owned until the partition's turn is over
};

// A reactor's event, with where it is in the events topic.
struct Cause {
  int partition = 0;
  int64_t offset = 0;
  EventEnvelope event;
};
}  // namespace

struct KafkaNode::Impl {
  KafkaOptions options;
  NodeOptions node;
  int partitions = 0;
  Partitioning partitioning;  // the cluster's (topics.h)
  std::unique_ptr<Store> store;
  const WorkflowRegistry* workflows = nullptr;
  std::unique_ptr<CommandProcessor> processor;
  std::vector<const Reactor*> reactors;
  KafkaHandle commands;          // consumer group member on the commands topic
  KafkaHandle producer;          // transactional: events, results, offsets
  KafkaHandle reaction_sender;   // idempotent: the reactors' commands
  KafkaHandle reactor;           // the owned events partitions, group "<group>.reactions"
  std::unique_ptr<EventFollower> follower;

  mutable std::mutex mu;  // guards owned and stats, read by other threads
  std::set<int> owned;
  NodeStats stats;
  std::vector<double> transaction_seconds;  // committed since the last TakeTransactionSeconds()
  bool assignment_changed = false;
  int wake[2] = {-1, -1};  // a pipe the three consumers' queues write to when records arrive
  bool busy = true;        // the last turn did something: do not wait in this one
  int64_t causes_seen = 0; // events the reactors were run over
  // Events this node decided and has not reacted to yet: its store already
  // holds everything their commands saw, so reacting needs no catching up.
  std::unordered_set<std::string> decided_here;
  std::map<int, int64_t> reacted;    // events partition -> next offset reacted to, not yet committed
  std::map<int, int64_t> committed;  // events partition -> reactions offset last committed
  Status fatal;

  // The turn being published (see Publish): where each partition's commands
  // end, and the partition each result is answered in.
  struct Turn {
    std::map<int, int64_t> next_offsets;
    const std::vector<CommandResult>* early = nullptr;
    const std::vector<int>* early_partition = nullptr;
    const std::vector<int>* valid_partition = nullptr;  // of each command decided, in order
    bool called = false;
    Status status;
  } turn;

  static void Rebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts, void* opaque);
  Status Step(int wait_ms);
  void OnAssignment();
  void ProcessTurn(const std::map<int, std::vector<Incoming>>& mine);
  Status Publish(const std::vector<StreamAppend>& appends, const std::vector<CommandResult>& results);
  Status ProduceResults(const std::vector<CommandResult>& results, const std::vector<int>& partition_of,
                        const std::vector<StreamAppend>* appends);
  Status CommitTurn(const std::map<int, int64_t>& next_offsets);
  Status TxnError(const std::string& what, rd_kafka_error_t* e, bool* requires_abort);
  void AbortTurn(const std::map<int, int64_t>& first_offsets, const Status& why);
  void Seek(rd_kafka_t* rk, const std::string& topic, const std::map<int, int64_t>& offsets);
  Status React();
  void DropCacheIfTouched();
  void Log(const std::string& line) const {
    if (node.verbose) service_log::Write("info", "node " + node.node_id, line);
  }
};

KafkaNode::KafkaNode(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
KafkaNode::~KafkaNode() {
  Close();
  for (int fd : impl_->wake)
    if (fd >= 0) close(fd);
}

Result<std::unique_ptr<KafkaNode>> KafkaNode::Open(const KafkaOptions& options, const NodeOptions& node) {
  if (node.node_id.empty()) return Status::Invalid("node-id", "is empty; give each node of the cluster its own --node-id");
  if (!node.domain || !node.domain->workflows)
    return Status::Invalid("domain", "NodeOptions::domain names no workflows; pass DefaultDomain() (workflows/registry.h)");
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->node = node;
  auto topics = EnsureTopics(options);
  if (!topics.ok()) return topics.status();
  impl->partitioning = topics.value();
  impl->partitions = topics.value().partitions;
  auto store = Store::Open(node.data_dir);
  if (!store.ok()) return store.status();
  impl->store = std::move(store.value());
  Status current = CheckReadModelsCurrent(impl->store.get());
  if (!current.ok()) return current;
  impl->workflows = node.domain->workflows;
  impl->reactors = node.domain->reactors;
  impl->processor = std::make_unique<CommandProcessor>(impl->store.get(), impl->workflows);
  Impl* self = impl.get();
  impl->processor->SetPublisher([self](const std::vector<StreamAppend>& appends, const std::vector<CommandResult>& results,
                                       rocksdb::WriteBatch*) { return self->Publish(appends, results); });

  auto follower = EventFollower::Open(options, impl->store.get(), impl->workflows, impl->partitions);
  if (!follower.ok()) return follower.status();
  impl->follower = std::move(follower.value());

  auto producer = MakeProducer(options, {{"transactional.id", options.transactional_id(node.node_id)}, {"client.id", node.node_id}});
  if (!producer.ok()) return producer.status();
  impl->producer = std::move(producer.value());
  // Fences an earlier incarnation of this node and aborts what it left open.
  Status init = KafkaError("starting Kafka transactions", rd_kafka_init_transactions(impl->producer.get(), options.connect_timeout_ms * 3));
  if (!init.ok()) return init;

  auto sender = MakeProducer(options, {{"client.id", node.node_id}});
  if (!sender.ok()) return sender.status();
  impl->reaction_sender = std::move(sender.value());

  auto reactor = MakeConsumer(options, {{"group.id", options.group() + ".reactions"}, {"fetch.wait.max.ms", "10"}, {"client.id", node.node_id}});
  if (!reactor.ok()) return reactor.status();
  impl->reactor = std::move(reactor.value());

  auto commands = MakeConsumer(options, {{"enable.partition.eof", "false"}, {"client.id", node.node_id}}, [self](rd_kafka_conf_t* conf) {
    rd_kafka_conf_set_rebalance_cb(conf, &Impl::Rebalance);
    rd_kafka_conf_set_opaque(conf, self);
  });
  if (!commands.ok()) return commands.status();
  impl->commands = std::move(commands.value());
  rd_kafka_topic_partition_list_t* topics_list = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(topics_list, options.commands_topic().c_str(), RD_KAFKA_PARTITION_UA);
  rd_kafka_resp_err_t err = rd_kafka_subscribe(impl->commands.get(), topics_list);
  rd_kafka_topic_partition_list_destroy(topics_list);
  if (err) return KafkaError("joining group " + options.group(), err);
  if (pipe2(impl->wake, O_NONBLOCK | O_CLOEXEC) != 0) return Status::Storage("cannot create a pipe for the node's loop");
  for (rd_kafka_t* rk : {impl->commands.get(), impl->reactor.get()}) {
    rd_kafka_queue_t* q = rd_kafka_queue_get_consumer(rk);
    rd_kafka_queue_io_event_enable(q, impl->wake[1], "c", 1);
    rd_kafka_queue_destroy(q);
  }
  impl->follower->WakeOn(impl->wake[1]);

  // Whatever the cluster decided while this node was away, before anything else.
  auto caught = impl->follower->CatchUp(node.catch_up_timeout_ms);
  if (!caught.ok()) return caught.status();
  impl->follower->TakeTouched();
  impl->Log("started; " + std::to_string(caught.value()) + " events caught up from " + options.events_topic());
  return std::unique_ptr<KafkaNode>(new KafkaNode(std::move(impl)));
}

void KafkaNode::Impl::Rebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts,
                                void* opaque) {
  Impl* self = static_cast<Impl*>(opaque);
  std::lock_guard<std::mutex> lock(self->mu);
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    rd_kafka_assign(rk, parts);
    for (int i = 0; i < parts->cnt; ++i) self->owned.insert(parts->elems[i].partition);
  } else {
    rd_kafka_assign(rk, nullptr);
    self->owned.clear();
  }
  self->assignment_changed = true;
}

void KafkaNode::Impl::OnAssignment() {
  std::set<int> now;
  {
    std::lock_guard<std::mutex> lock(mu);
    assignment_changed = false;
    now = owned;
  }
  processor->DropCache();  // another owner may have moved these streams on
  decided_here.clear();
  reacted.clear();
  committed.clear();
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(static_cast<int>(now.size()) + 1);
  std::string list;
  for (int p : now) {
    rd_kafka_topic_partition_list_add(parts, options.events_topic().c_str(), p)->offset = RD_KAFKA_OFFSET_STORED;
    list += (list.empty() ? "" : ",") + std::to_string(p);
  }
  rd_kafka_assign(reactor.get(), now.empty() ? nullptr : parts);
  rd_kafka_topic_partition_list_destroy(parts);
  Log("owns partitions [" + list + "] of " + std::to_string(partitions) + " (" + PartitionerName(partitioning.partitioner) + ")");
}

void KafkaNode::Impl::DropCacheIfTouched() {
  std::set<int> touched = follower->TakeTouched();
  if (touched.empty()) return;
  std::lock_guard<std::mutex> lock(mu);
  for (int p : touched)
    if (owned.count(p)) {
      processor->DropCache();
      return;
    }
}

Status KafkaNode::Impl::Step(int wait_ms) {
  if (!fatal.ok()) return fatal;
  if (!busy) {
    // Nothing happened last turn: wait until any of the consumers has something.
    pollfd pfd{wake[0], POLLIN, 0};
    poll(&pfd, 1, wait_ms);
  }
  char drain[64];
  while (read(wake[0], drain, sizeof drain) > 0) {
  }
  const NodeStats before = stats;
  const int64_t causes_before = causes_seen;
  std::map<int, std::vector<Incoming>> by_partition;
  size_t n = 0;
  while (n < kMaxCommands) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(commands.get(), 0);
    if (!m) break;
    if (m->err) {
      if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) Log(std::string("commands: ") + rd_kafka_message_errstr(m));
      rd_kafka_message_destroy(m);
      continue;
    }
    by_partition[m->partition].push_back(Incoming{m->offset, m});
    ++n;
  }
  bool changed;
  {
    std::lock_guard<std::mutex> lock(mu);
    changed = assignment_changed;
  }
  if (changed) OnAssignment();
  if (!by_partition.empty()) {
    // Everything committed before these commands were read: a command sees
    // what its sender saw, whichever node wrote it.
    auto caught = follower->CatchUp(node.catch_up_timeout_ms);
    if (caught.ok()) {
      {
        std::lock_guard<std::mutex> lock(mu);
        stats.followed += caught.value();
      }
      DropCacheIfTouched();
    }
    // The owned partitions' commands are one turn, in one transaction: a
    // transaction costs the same for one command as for thousands.
    std::map<int, std::vector<Incoming>> mine;
    {
      std::lock_guard<std::mutex> lock(mu);
      for (auto& [p, in] : by_partition)
        if (owned.count(p)) mine[p] = in;
    }
    if (!mine.empty()) {
      if (!caught.ok()) {
        std::map<int, int64_t> first;
        for (const auto& [p, in] : mine) first[p] = in.front().offset;
        AbortTurn(first, caught.status());
      } else if (fatal.ok()) {
        ProcessTurn(mine);
      }
    }
    for (auto& [p, in] : by_partition)
      for (auto& i : in) rd_kafka_message_destroy(i.message);
    if (!fatal.ok()) return fatal;
  }
  auto followed = follower->Poll(0);
  if (!followed.ok()) {
    fatal = followed.status();  // the events topic does not chain with this store
    return fatal;
  }
  if (followed.value()) {
    std::lock_guard<std::mutex> lock(mu);
    stats.followed += followed.value();
  }
  DropCacheIfTouched();
  Status r = React();
  if (!r.ok()) Log("reactions: " + r.ToString() + " (tried again next turn)");
  std::lock_guard<std::mutex> lock(mu);
  busy = n > 0 || stats.followed != before.followed || causes_seen != causes_before || changed;
  return fatal;
}

// Decides the owned partitions' commands of this turn as one group and
// publishes them in one transaction (Publish); a command refused before
// deciding, like every result, is answered in its own partition.
void KafkaNode::Impl::ProcessTurn(const std::map<int, std::vector<Incoming>>& mine) {
  std::vector<CommandResult> early;  // refused before deciding
  std::vector<int> early_partition;
  std::vector<CommandEnvelope> valid;
  std::vector<int> valid_partition;
  std::map<int, int64_t> first, next;
  size_t commands = 0;
  for (const auto& [p, in] : mine) {
    first[p] = in.front().offset;
    next[p] = in.back().offset + 1;
    commands += in.size();
    for (const Incoming& i : in) {
      CommandRecord record = ReadCommandRecord(KeyOf(i.message), ValueOf(i.message), HeaderOf(i.message, "command_id"),
                                               options.commands_topic() + "/" + std::to_string(p) + "@" + std::to_string(i.offset));
      auto refuse = [&](CommandResult r) {
        early.push_back(std::move(r));
        early_partition.push_back(p);
      };
      if (!record.command) {
        refuse(std::move(record.rejection));
        continue;
      }
      CommandEnvelope c = std::move(*record.command);
      int home = partitioning.Of(c.stream);
      if (home != p) {
        refuse(Rejection(c.id, c.stream,
                         Status::Invalid("stream", "the command came in partition " + std::to_string(p) + " but " + c.stream +
                                                       " belongs to partition " + std::to_string(home) +
                                                       "; produce commands keyed by their stream with the " +
                                                       PartitionerName(partitioning.partitioner) + " partitioner")));
        continue;
      }
      Status s = CheckCommand(store.get(), *workflows, &c);
      if (!s.ok()) {
        refuse(Rejection(c.id, c.stream, s));
        continue;
      }
      valid.push_back(std::move(c));
      valid_partition.push_back(p);
    }
  }
  bool requires_abort = false;
  const auto began = std::chrono::steady_clock::now();
  Status begun = TxnError("beginning a transaction", rd_kafka_begin_transaction(producer.get()), &requires_abort);
  if (!begun.ok()) {
    if (fatal.ok()) fatal = begun;
    return;
  }
  turn = Turn{next, &early, &early_partition, &valid_partition, false, Status::Ok()};
  const int64_t before = store->LastPosition();
  std::vector<CommandResult> results = processor->ProcessGroup(valid);
  int64_t events = store->LastPosition() - before;
  if (turn.called) {
    if (!turn.status.ok()) {
      AbortTurn(first, turn.status);
      return;
    }
    if (events <= 0) {
      // The cluster has the group but this store does not: stop; restarted,
      // the node reads the group back from the events topic.
      fatal = Status::Storage("the local write failed after the cluster committed a turn of " + std::to_string(commands) +
                              " commands; restart the node, it catches up from Kafka");
      return;
    }
  } else {
    Status s = ProduceResults(early, early_partition, nullptr);
    if (s.ok()) s = ProduceResults(results, valid_partition, nullptr);
    if (s.ok()) s = CommitTurn(next);
    if (!s.ok()) {
      AbortTurn(first, s);
      return;
    }
  }
  std::lock_guard<std::mutex> lock(mu);
  stats.commands += static_cast<int64_t>(commands);
  stats.events += events;
  ++stats.transactions;
  // Kept until a scrape takes them; a node nobody scrapes keeps the last few.
  if (transaction_seconds.size() >= 4096) transaction_seconds.erase(transaction_seconds.begin(), transaction_seconds.begin() + 2048);
  transaction_seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count());
}

// Called by the processor once the group is decided and before it writes:
// the events, every result and the offsets go to Kafka in the open transaction.
Status KafkaNode::Impl::Publish(const std::vector<StreamAppend>& appends, const std::vector<CommandResult>& results) {
  turn.called = true;
  Status s;
  for (const StreamAppend& a : appends) {
    const int p = partitioning.Of(a.stream);  // the partition its command came in (checked in ProcessTurn)
    for (const EventEnvelope& e : a.events) {
      decided_here.insert(e.id);
      s = Produce(producer.get(), options.events_topic(), p, EncodeEvent(e));
      if (!s.ok()) break;
    }
    if (!s.ok()) break;
  }
  if (s.ok()) s = ProduceResults(*turn.early, *turn.early_partition, nullptr);
  if (s.ok()) s = ProduceResults(results, *turn.valid_partition, &appends);
  if (s.ok()) s = CommitTurn(turn.next_offsets);
  turn.status = s;
  return s;
}

Status KafkaNode::Impl::ProduceResults(const std::vector<CommandResult>& results, const std::vector<int>& partition_of,
                                       const std::vector<StreamAppend>* appends) {
  std::map<std::string, Json> events_of;  // command id -> its events, as the results list them
  if (appends)
    for (const StreamAppend& a : *appends)
      for (const EventEnvelope& e : a.events) {
        Json& list = events_of[e.causation_id];
        if (list.is_null()) list = Json::array();
        list.push_back(Json{{"id", e.id}, {"type", e.type}, {"version", e.version}});
      }
  for (size_t i = 0; i < results.size(); ++i) {
    const CommandResult& r = results[i];
    if (!r.body.is_object()) continue;  // a repeat within the group: the first one's result answers it
    Json body = r.body;
    body.erase("command_sha256");
    if (body.value("status", "") == "accepted" && !body.contains("events")) {
      auto it = events_of.find(body.value("command_id", ""));
      body["events"] = it == events_of.end() ? Json::array() : it->second;
    }
    Status s = Produce(producer.get(), options.results_topic(), partition_of[i],
                       KafkaRecord{body.value("command_id", ""), CanonicalJson(body), {}});
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status KafkaNode::Impl::TxnError(const std::string& what, rd_kafka_error_t* e, bool* requires_abort) {
  *requires_abort = false;
  if (!e) return Status::Ok();
  bool is_fatal = rd_kafka_error_is_fatal(e);
  *requires_abort = rd_kafka_error_txn_requires_abort(e);
  Status s = KafkaError(what, e);
  if (is_fatal) {
    // Fenced by a newer owner, or the producer is unusable: stop this node.
    fatal = Status::Storage(s.message() + "; this node stops (another node owns its partitions now)");
    return fatal;
  }
  return s;
}

Status KafkaNode::Impl::CommitTurn(const std::map<int, int64_t>& next_offsets) {
  rd_kafka_topic_partition_list_t* offsets = rd_kafka_topic_partition_list_new(static_cast<int>(next_offsets.size()));
  for (const auto& [p, next] : next_offsets)
    rd_kafka_topic_partition_list_add(offsets, options.commands_topic().c_str(), p)->offset = next;
  rd_kafka_consumer_group_metadata_t* group = rd_kafka_consumer_group_metadata(commands.get());
  bool requires_abort = false;
  Status s = TxnError("sending the offsets", rd_kafka_send_offsets_to_transaction(producer.get(), offsets, group, kTxnTimeoutMs),
                      &requires_abort);
  rd_kafka_consumer_group_metadata_destroy(group);
  rd_kafka_topic_partition_list_destroy(offsets);
  if (!s.ok()) return s;
  for (int attempt = 1;; ++attempt) {
    rd_kafka_error_t* e = rd_kafka_commit_transaction(producer.get(), kTxnTimeoutMs);
    bool retriable = e && rd_kafka_error_is_retriable(e);
    s = TxnError("committing the transaction", e, &requires_abort);
    if (s.ok() || !retriable || attempt >= 3) return s;
  }
}

void KafkaNode::Impl::AbortTurn(const std::map<int, int64_t>& first_offsets, const Status& why) {
  if (!fatal.ok()) return;
  std::string parts;
  for (const auto& [p, first] : first_offsets) parts += (parts.empty() ? "" : ", ") + std::to_string(p);
  Log("partitions " + parts + ": " + why.ToString() + "; their commands are read again");
  rd_kafka_error_t* e = rd_kafka_abort_transaction(producer.get(), kTxnTimeoutMs);
  if (e && rd_kafka_error_code(e) == RD_KAFKA_RESP_ERR__STATE) {
    rd_kafka_error_destroy(e);  // no transaction was open
    e = nullptr;
  }
  bool requires_abort = false;
  Status aborted = TxnError("aborting the transaction", e, &requires_abort);
  if (!aborted.ok() && fatal.ok()) fatal = aborted;
  processor->DropCache();
  Seek(commands.get(), options.commands_topic(), first_offsets);
  std::lock_guard<std::mutex> lock(mu);
  ++stats.aborted;
}

void KafkaNode::Impl::Seek(rd_kafka_t* rk, const std::string& topic, const std::map<int, int64_t>& offsets) {
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size()));
  for (const auto& [p, off] : offsets) rd_kafka_topic_partition_list_add(parts, topic.c_str(), p)->offset = off;
  rd_kafka_error_t* e = rd_kafka_seek_partitions(rk, parts, 10000);
  if (e) {
    Log(std::string("seeking back in ") + topic + ": " + rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
  }
  rd_kafka_topic_partition_list_destroy(parts);
}

Status KafkaNode::Impl::React() {
  std::vector<Cause> causes;
  std::map<int, int64_t> first;  // partition -> first offset of this turn, to read again after a failure
  while (causes.size() < kMaxReactions) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(reactor.get(), 0);
    if (!m) break;
    const int p = m->partition;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      reacted[p] = std::max(reacted[p], m->offset);  // past the transaction markers
    } else if (m->err) {
      Log(std::string("reactions: ") + rd_kafka_message_errstr(m));
    } else {
      if (!first.count(p)) first[p] = m->offset;
      auto e = DecodeEvent(KeyOf(m), ValueOf(m), HeadersOf(m));
      if (e.ok()) causes.push_back(Cause{p, m->offset, std::move(e.value())});
      reacted[p] = std::max(reacted[p], m->offset + 1);
    }
    rd_kafka_message_destroy(m);
  }
  causes_seen += static_cast<int64_t>(causes.size());
  if (!causes.empty()) {
    // React on the state as of these events or later, as the embedded engine
    // does: events another node decided (before a takeover) need the store
    // caught up with everything committed; this node's own already have it.
    bool all_mine = true;
    for (const Cause& c : causes) all_mine = all_mine && decided_here.count(c.event.id);
    Status s;
    if (!all_mine) {
      auto caught = follower->CatchUp(node.catch_up_timeout_ms);
      if (!caught.ok()) s = caught.status();
      if (s.ok()) DropCacheIfTouched();
    }
    int64_t sent = 0;
    for (const Cause& c : causes) {
      if (!s.ok()) break;
      auto version = store->StreamVersion(c.event.stream);
      if (!version.ok() || version.value() < c.event.version) {
        s = Status::Storage("event " + c.event.id + " is not in this node's store yet");
        break;
      }
      for (const Reactor* r : reactors) {
        ReadModelReader reader(store.get());
        std::vector<CommandEnvelope> cmds;
        try {
          cmds = r->React(c.event, reader);
        } catch (const std::exception& ex) {
          Log("reactor " + r->name() + " failed on " + c.event.id + ": " + ex.what() + "; skipped");
        }
        for (const CommandEnvelope& cmd : cmds) {
          s = Produce(reaction_sender.get(), options.commands_topic(), partitioning.Of(cmd.stream), EncodeCommand(cmd));
          if (!s.ok()) break;
          ++sent;
        }
        if (!s.ok()) break;
      }
    }
    if (s.ok()) s = KafkaError("delivering the reactions", rd_kafka_flush(reaction_sender.get(), kTxnTimeoutMs));
    if (!s.ok()) {
      // Not committed: read again from the first event of this turn.
      Seek(reactor.get(), options.events_topic(), first);
      for (const auto& [p, off] : first) reacted[p] = off;
      return s;
    }
    for (const Cause& c : causes) decided_here.erase(c.event.id);
    std::lock_guard<std::mutex> lock(mu);
    stats.reactions += sent;
  }
  std::map<int, int64_t> due;
  for (const auto& [p, off] : reacted)
    if (committed[p] != off) due[p] = off;
  if (due.empty()) return Status::Ok();
  rd_kafka_topic_partition_list_t* offsets = rd_kafka_topic_partition_list_new(static_cast<int>(due.size()));
  for (const auto& [p, off] : due) rd_kafka_topic_partition_list_add(offsets, options.events_topic().c_str(), p)->offset = off;
  rd_kafka_resp_err_t err = rd_kafka_commit(reactor.get(), offsets, 0);
  rd_kafka_topic_partition_list_destroy(offsets);
  if (err) return KafkaError("committing the reactions offsets", err);  // reacted again later: duplicates, dropped
  for (const auto& [p, off] : due) committed[p] = off;
  return Status::Ok();
}

Status KafkaNode::Run(const std::atomic<bool>& stop, const std::function<void()>& after_step) {
  impl_->follower->StopWaitingWhen(&stop);
  while (!stop.load()) {
    Status s = Step(100);
    if (after_step) after_step();
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status KafkaNode::Step(int wait_ms) { return impl_->Step(wait_ms); }

void KafkaNode::Close() {
  if (!impl_ || !impl_->commands) return;
  rd_kafka_consumer_close(impl_->commands.get());
  impl_->commands.reset();
  if (impl_->reactor) rd_kafka_consumer_close(impl_->reactor.get());
  impl_->reactor.reset();
}

std::vector<int> KafkaNode::owned() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return std::vector<int>(impl_->owned.begin(), impl_->owned.end());
}

bool KafkaNode::Owns(const std::string& stream) const {
  const int partition = impl_->partitioning.Of(stream);
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->owned.count(partition) > 0;
}

std::map<int, int64_t> KafkaNode::ConsumerLag() const {
  std::set<int> mine;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    mine = impl_->owned;
  }
  std::map<int, int64_t> lag;
  const std::string topic = impl_->options.commands_topic();
  for (int p : mine) {
    int64_t low = 0, high = 0;
    // Both from what this consumer already knows: no request to the brokers.
    if (rd_kafka_get_watermark_offsets(impl_->commands.get(), topic.c_str(), p, &low, &high) != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
    rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(parts, topic.c_str(), p);
    int64_t next = RD_KAFKA_OFFSET_INVALID;
    if (rd_kafka_position(impl_->commands.get(), parts) == RD_KAFKA_RESP_ERR_NO_ERROR) next = parts->elems[0].offset;
    rd_kafka_topic_partition_list_destroy(parts);
    if (high < 0) continue;
    lag[p] = next >= 0 ? std::max<int64_t>(0, high - next) : std::max<int64_t>(0, high - low);
  }
  return lag;
}

std::vector<double> KafkaNode::TakeTransactionSeconds() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  std::vector<double> taken;
  taken.swap(impl_->transaction_seconds);
  return taken;
}

NodeStats KafkaNode::stats() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->stats;
}

Store* KafkaNode::store() { return impl_->store.get(); }

}  // namespace safecity::kafka

#include "tests/kafka/kafka_test_util.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "connectors/kafka/client.h"
#include "connectors/kafka/records.h"

namespace safecity::testing {

using kafka::KafkaOptions;

std::string Env(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

std::string ShellOutput(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ::pclose(p);
  return out;
}

Node::Node(const KafkaOptions& o, const std::string& dir, const std::string& id, std::vector<std::string> extra)
    : log_(dir + "/" + id + ".log") {
  std::vector<std::string> args{CliPath(), "--brokers", o.brokers, "--topic-prefix", o.topic_prefix, "--data",
                                dir + "/" + id, "--timeout", "120", "serve", "--log", "kafka", "--node-id", id};
  args.insert(args.end(), extra.begin(), extra.end());
  pid_ = fork();
  if (pid_ == 0) {
    int fd = open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
}

Node::~Node() { Signal(SIGKILL); }

int Node::Signal(int sig) {
  if (pid_ <= 0) return exit_code_;
  kill(pid_, sig);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return exit_code_;
}

std::string Node::log() const {
  std::ifstream in(log_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Node::owns() const {
  std::string l = log();
  size_t at = l.rfind("owns partitions [");
  if (at == std::string::npos) return "?";
  size_t end = l.find(']', at);
  return l.substr(at + 17, end - at - 17);
}

std::string Node::url() const {
  std::string l = log();
  size_t at = l.find("serving http://");
  if (at == std::string::npos) return "";
  size_t end = l.find_first_of(" \n", at + 8);
  return end == std::string::npos ? "" : l.substr(at + 8, end - at - 8);
}

bool BothOwnPartitions(const Node& a, const Node& b) {
  std::string x = a.owns(), y = b.owns();
  return x != "?" && y != "?" && !x.empty() && !y.empty() && x.size() + y.size() == 6;  // "0,1" + "2,3", or "0" + "1,2,3"
}

// Every record of `topic` as a read_committed consumer sees it.
std::vector<std::pair<std::string, kafka::Headers>> ReadAll(const KafkaOptions& o, const std::string& topic, int partitions,
                                                            std::vector<std::string>* values) {
  std::vector<std::pair<std::string, kafka::Headers>> out;
  auto c = kafka::MakeConsumer(o, {{"group.id", o.topic_prefix + "-checker"}, {"fetch.wait.max.ms", "10"}});
  EXPECT_TRUE(c.ok());
  if (!c.ok()) return out;
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(partitions);
  for (int p = 0; p < partitions; ++p) rd_kafka_topic_partition_list_add(parts, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  rd_kafka_assign(c.value().get(), parts);
  rd_kafka_topic_partition_list_destroy(parts);
  std::set<int> at_end;
  const int64_t deadline = NowMs() + 60000;
  while (static_cast<int>(at_end.size()) < partitions && NowMs() < deadline) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(c.value().get(), 200);
    if (!m) continue;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      at_end.insert(m->partition);
    } else if (!m->err) {
      out.emplace_back(kafka::KeyOf(m), kafka::HeadersOf(m));
      if (values) values->push_back(kafka::ValueOf(m));
    }
    rd_kafka_message_destroy(m);
  }
  EXPECT_EQ(static_cast<int>(at_end.size()), partitions) << "read " << topic << " to its end";
  rd_kafka_consumer_close(c.value().get());
  return out;
}

// The events topic holds each event exactly once, every stream's versions run
// 1..n without a gap, and the command ids given all have their events there.
void ExpectEventsExactlyOnce(const KafkaOptions& o, const std::set<std::string>& commands) {
  std::vector<std::string> values;
  auto records = ReadAll(o, o.events_topic(), o.partitions, &values);
  std::map<std::string, int> seen;               // event id -> times
  std::map<std::string, std::vector<int64_t>> versions;  // stream -> versions in log order
  std::set<std::string> causes;
  for (size_t i = 0; i < records.size(); ++i) {
    auto e = kafka::DecodeEvent(records[i].first, values[i], records[i].second);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    ++seen[e.value().id];
    versions[e.value().stream].push_back(e.value().version);
    causes.insert(e.value().causation_id);
  }
  for (const auto& [id, n] : seen) EXPECT_EQ(n, 1) << "event " << id << " is in the events topic " << n << " times";
  for (const auto& [stream, vs] : versions)
    for (size_t k = 0; k < vs.size(); ++k) ASSERT_EQ(vs[k], static_cast<int64_t>(k + 1)) << stream << " has a gap or a repeat";
  for (const std::string& c : commands) EXPECT_TRUE(causes.count(c)) << "accepted command " << c << " has no event in the log";
}

// Results on the results topic: command id -> its results' bodies.
std::map<std::string, std::vector<Json>> Results(const KafkaOptions& o) {
  std::vector<std::string> values;
  auto records = ReadAll(o, o.results_topic(), o.partitions, &values);
  std::map<std::string, std::vector<Json>> out;
  for (size_t i = 0; i < records.size(); ++i) out[records[i].first].push_back(Json::parse(values[i]));
  return out;
}

TopicRecords::TopicRecords(const kafka::KafkaOptions& o, const std::string& topic, int partitions) {
  auto c = kafka::MakeConsumer(o, {{"group.id", o.topic_prefix + "-wait"}});
  if (!c.ok()) return;
  consumer_ = std::move(c.value());
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(partitions);
  for (int p = 0; p < partitions; ++p) rd_kafka_topic_partition_list_add(parts, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_END;
  rd_kafka_assign(consumer_.get(), parts);
  rd_kafka_topic_partition_list_destroy(parts);
}

void TopicRecords::operator()(int ms) {
  if (!consumer_) return;
  // Blocks until a record (or an end-of-partition mark) arrives, then takes what else is there.
  for (rd_kafka_message_t* m = rd_kafka_consumer_poll(consumer_.get(), ms); m; m = rd_kafka_consumer_poll(consumer_.get(), 0))
    rd_kafka_message_destroy(m);
}

}  // namespace safecity::testing

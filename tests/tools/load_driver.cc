// load_driver: streams commands into an engine from several threads and
// prints "ACK <command id>" for each command once the engine acknowledged it
// (i.e. after its group commit was synced). The crash test kills it with
// SIGKILL mid-stream and then checks the data directory.
//
//   load_driver DATA_DIR THREADS TASKS_PER_THREAD
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/engine.h"
#include "engine/time_util.h"
#include "workflows/registry.h"

using namespace safecity;

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: load_driver DATA_DIR THREADS TASKS_PER_THREAD\n");
    return 2;
  }
  EngineOptions o;
  o.domain = &DefaultDomain();
  o.data_dir = argv[1];
  o.partitions = 2;
  auto engine = Engine::Open(o);
  if (!engine.ok()) {
    std::fprintf(stderr, "%s\n", engine.status().ToString().c_str());
    return 3;
  }
  Engine* e = engine.value().get();
  std::mutex out_mu;
  auto ack = [&](const std::string& id) {
    std::lock_guard<std::mutex> lk(out_mu);
    std::printf("ACK %s\n", id.c_str());
    std::fflush(stdout);
  };
  CommandEnvelope unit;
  unit.id = "driver-unit";
  unit.type = "unit.register";
  unit.stream = "unit-yanta";
  unit.issued_at = *ParseIsoMs("2023-03-01T09:00:00Z");
  unit.actor = {"office", "office"};
  unit.data = Json{{"id", "yanta"}, {"name", "雁塔区"}, {"kind", "district"}};
  if (!e->Submit(unit).status.ok()) return 1;
  ack(unit.id);
  int threads = std::atoi(argv[2]), per = std::atoi(argv[3]);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int i = 0; i < per; ++i) {
        std::string task = "K" + std::to_string(t) + "-" + std::to_string(i);
        CommandEnvelope c;
        c.id = "as-" + task;
        c.type = "task.assign";
        c.stream = "task-" + task;
        c.issued_at = *ParseIsoMs("2023-03-01T10:00:00Z");
        c.actor = {"office", "office"};
        c.data = Json{{"task_id", task}, {"title", "隐患整改 " + task}, {"lead_unit", "yanta"}, {"deadline", "2023-04-15"}};
        if (e->Submit(c).status.ok()) ack(c.id);
        c.id = "ak-" + task;
        c.type = "task.acknowledge";
        c.actor = {"yanta", "unit"};
        c.data = Json::object();
        if (e->Submit(c).status.ok()) ack(c.id);
      }
    });
  }
  for (auto& th : pool) th.join();
  std::printf("DONE\n");
  std::fflush(stdout);
  return 0;
}

#include "workflows/clock/clock.h"

#include "engine/json_workflow.h"
#include "engine/time_util.h"
#include "workflows/clock/clock_refusals.h"
#include "workflows/common.h"

namespace safecity::clock {

namespace {

// clock/<scope> -> the time of the last tick, ISO-8601
std::string ClockKey(const std::string& clock_stream) { return "clock/" + StreamId(clock_stream); }

class ClockWorkflow final : public JsonWorkflow {
 public:
  std::string kind() const override { return "clock"; }
  std::vector<std::string> command_types() const override { return {"clock.tick"}; }
  Status Prepare(CommandEnvelope*, ReadModelReader&) const override { return Status::Ok(); }

  Decision Decide(const Json& state, const CommandEnvelope& cmd) const override {
    if (!HasRole(cmd.actor, {"office", "system"})) return Forbid(kClockOfficeOrEngine, {});
    int64_t previous = state.is_object() ? state["now_ms"].get<int64_t>() : 0;
    if (cmd.issued_at < previous)
      return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "issued_at", kClockNeverGoesBack, {{"now", FormatLocal(previous)}}));
    return Decision::Accept({{"ClockTicked", {{"now", FormatIsoMs(cmd.issued_at)}, {"previous", previous ? FormatIsoMs(previous) : ""}}}});
  }

  Json Apply(const Json&, const EventEnvelope& e) const override {
    return Json{{"now", e.data["now"]}, {"now_ms", *ParseIsoMs(e.data["now"])}};
  }

  void Project(const Json&, const Json& after, const EventEnvelope& e, ReadModelWriter& w) const override {
    w.Put(ClockKey(e.stream), after["now"].get<std::string>());
  }
};

}  // namespace

std::unique_ptr<Workflow> MakeClockWorkflow() { return std::make_unique<ClockWorkflow>(); }

Result<std::optional<int64_t>> LastTick(ReadModelReader& reader, const std::string& clock_stream) {
  auto v = reader.Get(ClockKey(clock_stream));
  if (!v.ok()) return v.status();
  if (!v.value()) return std::optional<int64_t>();
  return ParseIsoMs(*v.value());
}

}  // namespace safecity::clock

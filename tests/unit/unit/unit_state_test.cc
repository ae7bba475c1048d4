// The unit's typed state (Unit): folded in place from its events, and read
// back whole from its JSON form (the snapshot and the unit/<id> read model),
// with the keys the JSON state has always had.
#include <gtest/gtest.h>

#include "tests/test_util.h"
#include "workflows/unit/unit_state.h"

namespace safecity::units {
namespace {

EventEnvelope Event(const std::string& type, Json data) {
  return safecity::testing::EventOf("unit-yanta", type, std::move(data), "2023-03-01T09:00:00+08:00", Actor{"office", "office"});
}

TEST(UnitState, ARenamedUnitThatLeftAndRejoinedReadsBackWholeAtEveryStep) {
  const std::vector<EventEnvelope> life = {
      Event("UnitRegistered", {{"id", "yanta"}, {"name", "雁塔区"}, {"kind", "district"}, {"aliases", {"雁塔"}}, {"parent", ""},
                               {"member_since", "2020-01-01"}}),
      Event("UnitAliasAdded", {{"id", "yanta"}, {"alias", "雁塔区政府"}}),
      Event("UnitRenamed", {{"id", "yanta"}, {"name", "雁塔区政府"}, {"previous_name", "雁塔区"}, {"keep_previous", true}, {"reason", "全称"}}),
      Event("UnitAliasRemoved", {{"id", "yanta"}, {"alias", "雁塔"}, {"reason", "不再使用"}}),
      Event("UnitLeft", {{"id", "yanta"}, {"on", "2023-06-01"}, {"reason", "区划调整"}}),
      Event("UnitRejoined", {{"id", "yanta"}, {"on", "2024-01-01"}, {"reason", "恢复"}})};
  Unit u;
  for (const EventEnvelope& e : life) {
    ApplyUnitEvent(u, e);
    const Json j = u.ToJson();
    EXPECT_EQ(Unit::FromJson(j), u) << "after " << e.type << ": " << j.dump();
    EXPECT_EQ(Unit::FromJson(j).ToJson(), j) << "after " << e.type;
  }
  EXPECT_EQ(u.name, "雁塔区政府");
  EXPECT_EQ(u.aliases, (std::vector<std::string>{"雁塔区"})) << "the new name is no longer an alias, the old one is";
  EXPECT_FALSE(u.left_on.has_value());
  EXPECT_EQ(u.member_since, "2024-01-01");
  const Json j = u.ToJson();
  EXPECT_EQ(j["name_changes"].size(), 1u);
  EXPECT_EQ(j["membership_changes"][0]["change"], "left");
  EXPECT_EQ(j["membership_changes"][1]["change"], "rejoined");
  EXPECT_FALSE(j.contains("left_on"));
}

TEST(UnitState, AFreshUnitHasNoChangeKeysAndUnknownKeysAreKept) {
  Unit u;
  ApplyUnitEvent(u, Event("UnitRegistered", {{"id", "beilin"}, {"name", "碑林区"}, {"kind", "district"}, {"aliases", Json::array()},
                                             {"parent", ""}, {"note", "a key of a later build"}}));
  const Json j = u.ToJson();
  EXPECT_FALSE(j.contains("name_changes"));
  EXPECT_FALSE(j.contains("membership_changes"));
  EXPECT_FALSE(j.contains("member_since"));
  EXPECT_EQ(j["note"], "a key of a later build");
  EXPECT_THROW(Unit::FromJson(Json{{"name", "无编号"}}), std::exception);
}

}  // namespace
}  // namespace safecity::units

// Units change (机构改革), through the real binary: another name the
// documents use becomes an alias, a renamed unit keeps its id and its old
// name, and an edited units file is applied as the events it stands for.
#include <fstream>

#include <gtest/gtest.h>

#include "tests/integration/cli_fixture.h"

namespace safecity::testing {
namespace {

const std::string kXixian = std::string(SAFECITY_SOURCE_DIR) + "/workflows/templates/xixian";

class UnitChange : public CliDataTest {
 protected:
  std::string Units() {
    std::ifstream in(kXixian + "/units.csv");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  Json Unit(const std::string& ref) {
    for (const Json& u : Json::parse(Run({"--output", "json", "unit", "list"}).out))
      if (u["id"] == ref) return u;
    return nullptr;
  }
  // A one-row table naming `who` as the responsible unit.
  CliRun ImportNaming(const std::string& who, const std::string& prefix) {
    auto t = Write(prefix + ".csv", "序号,工作任务,责任单位,完成时间\n1,排查燃气管道。," + who + ",2021年6月\n");
    return Run({"--at", "2020-11-01", "import", "tasks", t, "--prefix", prefix});
  }
  void SetUp() override {
    Ok({"init"});
    Ok({"import", "units", kXixian + "/units.csv"});
  }
};

TEST_F(UnitChange, AnAliasAndANewNameFindTheSameUnit) {
  auto unknown = ImportNaming("城管局", "a");
  EXPECT_EQ(unknown.exit_code, 2) << unknown.err;
  Ok({"unit", "alias", "add", "新区城管交通局", "城管局", "--reason", "区级文件的简称"});
  auto found = ImportNaming("城管局", "a");
  ASSERT_EQ(found.exit_code, 0) << found.err;
  EXPECT_EQ(Json::parse(Run({"--output", "json", "task", "show", "a-1-1"}).out)["lead_unit"], "xx-chengguan");

  auto taken = Run({"unit", "alias", "add", "新区城管交通局", "新区公安局"});
  EXPECT_EQ(taken.exit_code, 2) << taken.err;
  EXPECT_NE(taken.err.find("已是单位 xx-gongan 的名称"), std::string::npos) << taken.err;

  Ok({"unit", "rename", "xx-yingji", "新区应急管理和消防局", "--reason", "机构改革"});
  Json u = Unit("xx-yingji");
  ASSERT_TRUE(u.is_object());
  EXPECT_EQ(u["name"], "新区应急管理和消防局");
  auto old_name = ImportNaming("新区应急管理局", "b");
  ASSERT_EQ(old_name.exit_code, 0) << "the old name still finds the unit: " << old_name.err;
  EXPECT_EQ(Json::parse(Run({"--output", "json", "task", "show", "b-1-1"}).out)["lead_unit"], "xx-yingji");

  Ok({"unit", "alias", "remove", "xx-yingji", "新区应急管理局", "--reason", "旧名停用"});
  auto gone = ImportNaming("新区应急管理局", "c");
  EXPECT_EQ(gone.exit_code, 2) << gone.err;
  EXPECT_NE(gone.err.find("是否指"), std::string::npos) << "the nearest names are offered: " << gone.err;
  auto history = Run({"history", "unit-xx-yingji"});
  EXPECT_NE(history.out.find("UnitRenamed"), std::string::npos) << history.out;
  EXPECT_NE(history.out.find("UnitAliasRemoved"), std::string::npos) << history.out;
}

TEST_F(UnitChange, AnEditedUnitsFileIsShownThenAppliedAsEvents) {
  std::string edited = Units();
  auto replace = [&](const std::string& from, const std::string& to) {
    size_t at = edited.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    edited.replace(at, from.size(), to);
  };
  replace("xx-yingji,新区应急管理局,department,应急管理局;新区应急管理,", "xx-yingji,新区应急管理和消防局,department,应急管理局;新区应急管理局,");
  replace("xx-gonghui,新区工会,department,,", "xx-gonghui,新区工会,department,新区总工会,");
  auto file = Write("units.csv", edited);

  int64_t before = LogLength();
  auto dry = Run({"import", "units", file, "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("xx-yingji: 更名 新区应急管理局 → 新区应急管理和消防局"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("xx-yingji: 删除别名 新区应急管理"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("xx-gonghui: 添加别名 新区总工会"), std::string::npos) << dry.out;
  EXPECT_EQ(LogLength(), before) << "a dry run writes nothing";

  auto applied = Run({"import", "units", file});
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_NE(applied.out.find("units: 0 added, 28 already there, 3 changes"), std::string::npos) << applied.out;
  EXPECT_EQ(Unit("xx-yingji")["name"], "新区应急管理和消防局");
  EXPECT_EQ(ImportNaming("新区应急管理局", "k").exit_code, 0) << "the old name kept, as the file lists it";
  EXPECT_EQ(ImportNaming("新区应急管理", "d").exit_code, 2) << "the alias the file dropped is gone";
  auto again = Run({"import", "units", file});
  EXPECT_NE(again.out.find("units: 0 added, 30 already there"), std::string::npos) << "applied once: " << again.out;

  std::string kind = edited;
  kind.replace(kind.find("xx-gonghui,新区工会,department"), std::string("xx-gonghui,新区工会,department").size(), "xx-gonghui,新区工会,district");
  Refused({"import", "units", Write("kind.csv", kind)}, 2, std::vector<std::string>{"kind.csv:23:3 (kind)", "是“department”，不是“district”"});
}

}  // namespace
}  // namespace safecity::testing

# Sourced by the console's browser test and benchmark: a fresh data directory
# with the Xi'an template (49 units, the scoring sheet) and this year's round,
# xian-2027-self-inspection of every unit (the template's own round is 2023's:
# its deadlines have passed).
#
#   . tests/tools/xian_2027.sh
#   xian_2027_round BIN DATA
xian_2027_round() {
  local bin=$1 data=$2
  "$bin" --data "$data" init >/dev/null
  "$bin" --data "$data" template install xian2023 >/dev/null
  "$bin" --data "$data" campaign create --id xian-2027-self-inspection --title 西安市2027年创建国家安全发展示范城市自检评估工作 \
    --sheet xian-evaluation@2022 --all-units --phase self_check=2027-03-24 --phase system_check=2027-03-24 \
    --phase spot_check=2027-03-31 --phase rectification=2027-04-15 --phase reporting=2027-04-30 >/dev/null
}

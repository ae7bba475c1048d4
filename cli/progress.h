// Progress: a bar on stderr for long work (imports, replay, export), drawn
// only when stderr is a terminal, so logs and pipes stay clean. Redrawn at
// most every 1/100 of the total, and finished with a newline.
//
//   Progress p("replay", total);
//   for (...) p.Update(done);
//   p.Done();
#pragma once

#include <cstdint>
#include <string>

namespace safecity::cli {

class Progress {
 public:
  // `total` 0: unknown; a counter without a bar. `enabled` false: silent.
  Progress(std::string label, int64_t total, bool enabled = true);
  ~Progress();
  void Update(int64_t done);
  void SetTotal(int64_t total) { total_ = total; }
  void Done();

 private:
  void Draw(int64_t done);
  std::string label_;
  int64_t total_;
  bool on_;
  int64_t last_drawn_ = -1;
  bool drawn_ = false;
};

}  // namespace safecity::cli

#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace safecity::cli {

Progress::Progress(std::string label, int64_t total, bool enabled)
    : label_(std::move(label)), total_(total), on_(enabled && isatty(STDERR_FILENO) == 1) {}

Progress::~Progress() { Done(); }

void Progress::Update(int64_t done) {
  if (!on_) return;
  const int64_t step = total_ > 100 ? total_ / 100 : 1;
  if (last_drawn_ >= 0 && done - last_drawn_ < step && done != total_) return;
  Draw(done);
}

void Progress::Draw(int64_t done) {
  last_drawn_ = done;
  drawn_ = true;
  if (total_ <= 0) {
    std::fprintf(stderr, "\r%s %lld", label_.c_str(), static_cast<long long>(done));
  } else {
    constexpr int kWidth = 30;
    const int64_t shown = done > total_ ? total_ : done;
    const int filled = static_cast<int>(kWidth * shown / total_);
    char bar[kWidth + 1];
    for (int i = 0; i < kWidth; ++i) bar[i] = i < filled ? '#' : '.';
    bar[kWidth] = '\0';
    std::fprintf(stderr, "\r%s [%s] %3d%% %lld/%lld", label_.c_str(), bar, static_cast<int>(100 * shown / total_),
                 static_cast<long long>(done), static_cast<long long>(total_));
  }
  std::fflush(stderr);
}

void Progress::Done() {
  if (!on_ || !drawn_) return;
  std::fputc('\n', stderr);
  drawn_ = false;
  on_ = false;
}

}  // namespace safecity::cli

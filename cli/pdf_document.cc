#include "cli/pdf_document.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

#include "cli/output_file.h"
#include "engine/utf8.h"

namespace safecity::cli {
namespace {

constexpr double kMm = 72.0 / 25.4;  // PDF units (points) per millimetre
const char* const kSerif = "Noto Serif CJK SC";
const char* const kSans = "Noto Sans CJK SC";

struct Rgb {
  double r, g, b;
};
constexpr Rgb kInk{0, 0, 0};
constexpr Rgb kRed{0.86, 0.08, 0.06};       // 版头: the letterhead and its rule
constexpr Rgb kBar{0.329, 0.439, 0.776};    // ECharts' first colour, as the console's charts
constexpr Rgb kBarLow{0.933, 0.4, 0.4};     // below the pass line
constexpr Rgb kGrid{0.55, 0.55, 0.55};
constexpr Rgb kHeadFill{0.93, 0.93, 0.93};

// The page and its text block (版心).
struct Geometry {
  double width, height, left, top, text_width, text_height;
};
// GB/T 9704: A4, the text block 156 × 225 mm, 37 mm from the top and 28 mm from the left.
constexpr Geometry kPortrait{210 * kMm, 297 * kMm, 28 * kMm, 37 * kMm, 156 * kMm, 225 * kMm};
// An attachment's wide table: A4 turned, the block 237 × 150 mm.
constexpr Geometry kLandscape{297 * kMm, 210 * kMm, 30 * kMm, 28 * kMm, 237 * kMm, 150 * kMm};

struct LayoutDeleter {
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, LayoutDeleter>;

struct Font {
  const char* family;
  double size;  // points
  bool bold = false;
};

double Units(int pango) { return pango / static_cast<double>(PANGO_SCALE); }

std::string Number(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// A number, a rate or a score as text ("96.29%", "-0.5", "-"): centred in its cell.
bool Numeric(const nlohmann::json& v) {
  if (v.is_number()) return true;
  if (!v.is_string()) return false;
  const std::string& s = v.get_ref<const std::string&>();
  return !s.empty() && s.find_first_not_of("0123456789.%-+*") == std::string::npos;
}

bool FontInstalled(const char* family) {
  PangoFontFamily** families = nullptr;
  int n = 0;
  pango_font_map_list_families(pango_cairo_font_map_get_default(), &families, &n);
  bool found = false;
  for (int i = 0; i < n && !found; ++i) found = std::strcmp(pango_font_family_get_name(families[i]), family) == 0;
  g_free(families);
  return found;
}

// Pango's font map, Cairo's font caches and fontconfig's configuration live
// for the process; a document once written, they are let go (the next one
// loads them again), so a process ends with nothing of them held.
void ReleaseFontCaches() {
  pango_cairo_font_map_set_default(nullptr);
  cairo_debug_reset_static_data();
  FcFini();
}

class Writer {
 public:
  explicit Writer(cairo_surface_t* surface) : surface_(surface), cr_(cairo_create(surface)) {}
  ~Writer() { cairo_destroy(cr_); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  cairo_status_t status() const { return cairo_status(cr_); }

  void Render(const OfficialDocument& doc) {
    StartPage(false);
    Letterhead(doc);
    Title(doc.title, 22);
    for (const DocumentBlock& b : doc.body) Block(b);
    AttachmentList(doc.attachments);
    Signature(doc);
    for (size_t i = 0; i < doc.attachments.size(); ++i) {
      const Attachment& a = doc.attachments[i];
      FinishPage();
      StartPage(a.landscape);
      Text(Label("附件", "Attachment ") + (doc.attachments.size() == 1 ? "" : std::to_string(i + 1)), {kSans, 16}, g_.left, g_.text_width,
           PANGO_ALIGN_LEFT);
      y_ += 8;
      Title(a.title, a.landscape ? 18 : 22);
      for (const DocumentBlock& b : a.blocks) Block(b);
    }
    FinishPage();
  }

 private:
  LayoutPtr Layout(const std::string& text, Font f, double width, PangoAlignment align, double spacing = 0) {
    LayoutPtr l(pango_cairo_create_layout(cr_));
    pango_cairo_context_set_resolution(pango_layout_get_context(l.get()), 72);
    pango_layout_context_changed(l.get());
    PangoFontDescription* d = pango_font_description_new();
    pango_font_description_set_family(d, f.family);
    pango_font_description_set_absolute_size(d, f.size * PANGO_SCALE);
    pango_font_description_set_weight(d, f.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l.get(), d);
    pango_font_description_free(d);
    if (width > 0) {
      pango_layout_set_width(l.get(), static_cast<int>(width * PANGO_SCALE));
      pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(l.get(), align);
    if (spacing > 0) pango_layout_set_spacing(l.get(), static_cast<int>(spacing * PANGO_SCALE));
    pango_layout_set_text(l.get(), text.c_str(), -1);
    return l;
  }
  static double Width(PangoLayout* l) {
    int w = 0, h = 0;
    pango_layout_get_size(l, &w, &h);
    return Units(w);
  }
  static double Height(PangoLayout* l) {
    int w = 0, h = 0;
    pango_layout_get_size(l, &w, &h);
    return Units(h);
  }
  double Bottom() const { return g_.top + g_.text_height; }
  double Right() const { return g_.left + g_.text_width; }
  void Color(Rgb c) { cairo_set_source_rgb(cr_, c.r, c.g, c.b); }

  void StartPage(bool landscape) {
    landscape_ = landscape;
    g_ = landscape ? kLandscape : kPortrait;
    cairo_pdf_surface_set_size(surface_, g_.width, g_.height);
    ++page_;
    y_ = g_.top;
  }
  // 页码: "— 3 —" 7 mm under the text block, odd pages on the right and even
  // pages on the left, one character in.
  void FinishPage() {
    LayoutPtr l = Layout("— " + std::to_string(page_) + " —", {kSerif, 14}, 0, PANGO_ALIGN_LEFT);
    const double w = Width(l.get());
    Color(kInk);
    cairo_move_to(cr_, page_ % 2 ? Right() - 14 - w : g_.left + 14, Bottom() + 7 * kMm);
    pango_cairo_show_layout(cr_, l.get());
    cairo_show_page(cr_);
  }
  void NewPage() {
    FinishPage();
    StartPage(landscape_);
  }
  // Draws `l` at `x` from the cursor down, a line at a time, turning the page
  // between lines where the block ends.
  void Flow(PangoLayout* l, double x, Rgb color = kInk) {
    Color(color);
    PangoLayoutIter* it = pango_layout_get_iter(l);
    do {
      int y0 = 0, y1 = 0;
      pango_layout_iter_get_line_yrange(it, &y0, &y1);
      const double h = Units(y1 - y0);
      if (y_ + h > Bottom() && y_ > g_.top) {
        NewPage();
        Color(color);
      }
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(it, nullptr, &logical);
      cairo_move_to(cr_, x + Units(logical.x), y_ + Units(pango_layout_iter_get_baseline(it) - y0));
      pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(it));
      y_ += h;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
  }
  void Text(const std::string& text, Font f, double x, double width, PangoAlignment align, Rgb color = kInk, double spacing = 0) {
    LayoutPtr l = Layout(text, f, width, align, spacing);
    Flow(l.get(), x, color);
  }

  // 版头: the issuing office in red, as large as fits one line (down to
  // 18 pt, then wrapped); the number centred under it; a red rule.
  void Letterhead(const OfficialDocument& doc) {
    double size = 30;
    {
      LayoutPtr probe = Layout(doc.issuer, {kSerif, size, true}, 0, PANGO_ALIGN_CENTER);
      const double w = Width(probe.get());
      if (w > g_.text_width) size = std::max(18.0, std::floor(size * g_.text_width / w * 0.98));
    }
    y_ = g_.top + 8 * kMm;
    Text(doc.issuer, {kSerif, size, true}, g_.left, g_.text_width, PANGO_ALIGN_CENTER, kRed);
    y_ += 10 * kMm;
    if (!doc.number.empty()) Text(doc.number, {kSerif, 16}, g_.left, g_.text_width, PANGO_ALIGN_CENTER);
    y_ += 4 * kMm;
    Color(kRed);
    cairo_set_line_width(cr_, 1.5);
    cairo_move_to(cr_, g_.left, y_);
    cairo_line_to(cr_, Right(), y_);
    cairo_stroke(cr_);
    y_ += 12 * kMm;
  }
  void Title(const std::string& title, double size) {
    Text(title, {kSerif, size, true}, g_.left, g_.text_width, PANGO_ALIGN_CENTER, kInk, 6);
    y_ += 16;
  }

  void Block(const DocumentBlock& b) {
    switch (b.kind) {
      case DocumentBlock::kHeading:
        if (y_ + 80 > Bottom()) NewPage();  // a heading stays with the lines under it
        Text(b.text, {kSans, 16}, g_.left + 32, g_.text_width - 32, PANGO_ALIGN_LEFT, kInk, 6);
        y_ += 4;
        break;
      case DocumentBlock::kParagraph: {
        LayoutPtr l = Layout(b.text, {kSerif, 16}, g_.text_width, PANGO_ALIGN_LEFT, 6);
        pango_layout_set_indent(l.get(), 32 * PANGO_SCALE);  // 首行缩进二字
        Flow(l.get(), g_.left);
        y_ += 4;
        break;
      }
      case DocumentBlock::kTable:
        DrawTable(b.table, landscape_ ? 10 : 10.5);
        y_ += 10;
        break;
      case DocumentBlock::kChart:
        DrawChart(b.chart);
        y_ += 10;
        break;
    }
  }

  // 附件：1. …  2. … — numbered only when there are several, each further
  // line aligned under the first title.
  void AttachmentList(const std::vector<Attachment>& attachments) {
    if (attachments.empty()) return;
    y_ += 16;
    for (size_t i = 0; i < attachments.size(); ++i) {
      std::string line = (i == 0 ? Label("附件：", "Attachments: ") : Label("　　　", "             ")) +
                         (attachments.size() == 1 ? std::string() : std::to_string(i + 1) + ". ") + attachments[i].title;
      Text(line, {kSerif, 16}, g_.left + 32, g_.text_width - 32, PANGO_ALIGN_LEFT, kInk, 6);
    }
  }
  // 落款: the office two characters from the right (a long name wrapped
  // within three fifths of the line); the date under it, starting two
  // characters right of the office's first, or two from the right when it is
  // the longer. Kept on the body's last page when a smaller gap lets it.
  void Signature(const OfficialDocument& doc) {
    LayoutPtr issuer = Layout(doc.issuer, {kSerif, 16}, 0, PANGO_ALIGN_LEFT);
    LayoutPtr date = Layout(doc.date, {kSerif, 16}, 0, PANGO_ALIGN_LEFT);
    const double widest = g_.text_width * 0.6;
    if (Width(issuer.get()) > widest) {
      pango_layout_set_width(issuer.get(), static_cast<int>(widest * PANGO_SCALE));
      pango_layout_set_wrap(issuer.get(), PANGO_WRAP_WORD_CHAR);
    }
    const double issuer_w = std::min(Width(issuer.get()), widest), date_w = Width(date.get());
    const double height = Height(issuer.get()) + 4 + Height(date.get());
    double gap = 48;
    if (y_ + gap + height > Bottom()) gap = std::max(16.0, Bottom() - y_ - height);
    y_ += gap;
    if (y_ + height > Bottom()) NewPage();
    double issuer_x = Right() - 32 - issuer_w;
    double date_x = issuer_x + 32;
    if (date_x + date_w > Right() - 32) {
      date_x = Right() - 32 - date_w;
      issuer_x = std::min(issuer_x, date_x - 32);
    }
    Flow(issuer.get(), issuer_x);
    y_ += 4;
    Flow(date.get(), date_x);
  }

  // A table as wide as the block: columns narrower than an equal share keep
  // their natural width, the rest share what is left by theirs; cells wrap;
  // a row goes whole to the next page unless it is taller than a page; the
  // header repeats on every page the table reaches.
  void DrawTable(const Table& table, double size) {
    const auto& columns = table.columns();
    const size_t n = columns.size();
    if (n == 0) return;
    const double pad = 3;
    std::vector<std::string> head;
    for (const Column& c : columns) head.push_back(ColumnTitle(c));
    std::vector<double> natural(n, 0);
    auto measure = [&](size_t c, const std::string& text, bool bold) {
      LayoutPtr l = Layout(text, {kSans, size, bold}, 0, PANGO_ALIGN_LEFT);
      natural[c] = std::max(natural[c], Width(l.get()) + 2 * pad + 1);
    };
    for (size_t c = 0; c < n; ++c) measure(c, head[c], true);
    for (const auto& row : table.rows())
      for (size_t c = 0; c < n && c < row.size(); ++c) measure(c, CellText(row[c]), false);
    for (double& w : natural) w = std::min(w, g_.text_width * 0.4);  // long text wraps rather than squeeze the rest
    std::vector<double> width(n, 0);
    std::vector<bool> fixed(n, false);
    double budget = g_.text_width;
    for (size_t left = n; left > 0;) {
      const double share = budget / static_cast<double>(left);
      bool any = false;
      for (size_t c = 0; c < n; ++c)
        if (!fixed[c] && natural[c] <= share) {
          fixed[c] = true;
          width[c] = natural[c];
          budget -= natural[c];
          --left;
          any = true;
        }
      if (!any) {
        double sum = 0;
        for (size_t c = 0; c < n; ++c)
          if (!fixed[c]) sum += natural[c];
        for (size_t c = 0; c < n; ++c)
          if (!fixed[c]) width[c] = std::max(size * 2 + 2 * pad, budget * natural[c] / sum);
        break;
      }
    }
    // As wide as the block: the room left spread over the columns by their
    // width, or, where the narrowest widths overran it, all of them narrowed.
    double total = 0;
    for (double w : width) total += w;
    for (double& w : width) w *= g_.text_width / total;

    auto draw_row = [&](const std::vector<std::string>& cells, const std::vector<bool>& numeric, bool header) {
      std::vector<LayoutPtr> layouts;
      double h = 0;
      for (size_t c = 0; c < n; ++c) {
        PangoAlignment align = header || numeric[c] ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT;
        layouts.push_back(Layout(c < cells.size() ? cells[c] : "", {kSans, size, header}, width[c] - 2 * pad, align));
        h = std::max(h, Height(layouts.back().get()));
      }
      h += 2 * pad;
      double x = g_.left;
      if (header) {
        Color(kHeadFill);
        cairo_rectangle(cr_, g_.left, y_, g_.text_width, h);
        cairo_fill(cr_);
      }
      cairo_set_line_width(cr_, 0.5);
      for (size_t c = 0; c < n; ++c) {
        Color(kInk);
        cairo_rectangle(cr_, x, y_, width[c], h);
        cairo_stroke(cr_);
        cairo_move_to(cr_, x + pad, y_ + pad);
        pango_cairo_show_layout(cr_, layouts[c].get());
        x += width[c];
      }
      y_ += h;
    };
    auto row_height = [&](const std::vector<std::string>& cells, bool header) {
      double h = 0;
      for (size_t c = 0; c < n && c < cells.size(); ++c)
        h = std::max(h, Height(Layout(cells[c], {kSans, size, header}, width[c] - 2 * pad, PANGO_ALIGN_LEFT).get()));
      return h + 2 * pad;
    };
    const std::vector<bool> all_centered(n, true);
    const double head_h = row_height(head, true);
    if (y_ + head_h * 2 > Bottom()) NewPage();
    draw_row(head, all_centered, true);
    for (const auto& row : table.rows()) {
      std::vector<std::string> cells;
      std::vector<bool> numeric(n, false);
      for (size_t c = 0; c < n; ++c) {
        cells.push_back(c < row.size() ? CellText(row[c]) : "");
        numeric[c] = c < row.size() && Numeric(row[c]);
      }
      const double h = row_height(cells, false);
      if (y_ + h <= Bottom()) {
        draw_row(cells, numeric, false);
      } else if (h <= Bottom() - g_.top - head_h) {  // whole on the next page
        NewPage();
        draw_row(head, all_centered, true);
        draw_row(cells, numeric, false);
      } else {  // taller than a page: its lines continue on the next
        if (Bottom() - y_ < 3 * size + 2 * pad) {
          NewPage();
          draw_row(head, all_centered, true);
        }
        DrawSplitRow(cells, numeric, width, size, pad, [&] {
          NewPage();
          draw_row(head, all_centered, true);
        });
      }
    }
  }

  // A row taller than a page: each page takes the lines of every cell that
  // fit on it, and the rest go on after `next_page`.
  template <class NextPage>
  void DrawSplitRow(const std::vector<std::string>& cells, const std::vector<bool>& numeric, const std::vector<double>& width,
                    double size, double pad, NextPage next_page) {
    struct Line {
      int y0, y1, baseline;
      double x;
      PangoLayoutLine* line;
    };
    const size_t n = width.size();
    std::vector<LayoutPtr> layouts;
    std::vector<std::vector<Line>> lines(n);
    for (size_t c = 0; c < n; ++c) {
      layouts.push_back(Layout(c < cells.size() ? cells[c] : "", {kSans, size}, width[c] - 2 * pad,
                               numeric[c] ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT));
      PangoLayoutIter* it = pango_layout_get_iter(layouts.back().get());
      do {
        Line l;
        pango_layout_iter_get_line_yrange(it, &l.y0, &l.y1);
        l.baseline = pango_layout_iter_get_baseline(it);
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it, nullptr, &logical);
        l.x = Units(logical.x);
        l.line = pango_layout_iter_get_line_readonly(it);
        lines[c].push_back(l);
      } while (pango_layout_iter_next_line(it));
      pango_layout_iter_free(it);
    }
    std::vector<size_t> next(n, 0);
    for (;;) {
      const double room = Bottom() - y_ - 2 * pad;
      double used = 0;
      std::vector<size_t> end(n);
      for (size_t c = 0; c < n; ++c) {
        end[c] = next[c];
        if (next[c] >= lines[c].size()) continue;
        const int top = lines[c][next[c]].y0;
        while (end[c] < lines[c].size() && Units(lines[c][end[c]].y1 - top) <= room) ++end[c];
        if (end[c] == next[c]) ++end[c];  // at least one line a page
        used = std::max(used, Units(lines[c][end[c] - 1].y1 - top));
      }
      double x = g_.left;
      cairo_set_line_width(cr_, 0.5);
      Color(kInk);
      for (size_t c = 0; c < n; ++c) {
        cairo_rectangle(cr_, x, y_, width[c], used + 2 * pad);
        cairo_stroke(cr_);
        if (next[c] < lines[c].size()) {
          const int top = lines[c][next[c]].y0;
          for (size_t i = next[c]; i < end[c]; ++i) {
            cairo_move_to(cr_, x + pad + lines[c][i].x, y_ + pad + Units(lines[c][i].baseline - top));
            pango_cairo_show_layout_line(cr_, lines[c][i].line);
          }
        }
        next[c] = end[c];
        x += width[c];
      }
      y_ += used + 2 * pad;
      bool more = false;
      for (size_t c = 0; c < n; ++c) more = more || next[c] < lines[c].size();
      if (!more) return;
      next_page();
    }
  }

  // Horizontal bars with the labels on the left and each value at its bar's
  // end; the marks as dashed lines labelled at the top; continued on the
  // next page when the bars outrun this one; the caption under it.
  void DrawChart(const BarChart& chart) {
    const size_t n = std::min(chart.labels.size(), chart.values.size());
    if (n == 0) return;
    const double size = 9, pitch = 15, bar = 10, mark_h = 14;
    double max = chart.max;
    for (size_t i = 0; i < n && chart.max <= 0; ++i) max = std::max(max, chart.values[i]);
    if (max <= 0) max = 1;
    double label_w = 0, value_w = 0;
    for (size_t i = 0; i < n; ++i) {
      label_w = std::max(label_w, Width(Layout(chart.labels[i], {kSans, size}, 0, PANGO_ALIGN_LEFT).get()));
      value_w = std::max(value_w,
                         Width(Layout(Number(chart.values[i], chart.decimals) + chart.suffix, {kSans, size}, 0, PANGO_ALIGN_LEFT).get()));
    }
    label_w = std::min(label_w + 8, g_.text_width * 0.35);
    value_w += 6;
    LayoutPtr caption = Layout(chart.caption, {kSans, 10.5, true}, g_.text_width, PANGO_ALIGN_CENTER);
    const double caption_h = Height(caption.get()) + 6;
    const double plot_x = g_.left + label_w, plot_w = g_.text_width - label_w - value_w;
    for (size_t first = 0; first < n;) {
      double room = Bottom() - y_ - mark_h - caption_h;
      if (room < pitch * std::min<size_t>(3, n - first)) {
        NewPage();
        room = Bottom() - y_ - mark_h - caption_h;
      }
      const size_t rows = std::min(n - first, std::max<size_t>(1, static_cast<size_t>(room / pitch)));
      const double top = y_ + mark_h, bottom = top + rows * pitch;
      // The axis and the marks.
      cairo_set_line_width(cr_, 0.6);
      Color(kGrid);
      cairo_move_to(cr_, plot_x, top - 2);
      cairo_line_to(cr_, plot_x, bottom);
      cairo_stroke(cr_);
      for (const BarChart::Mark& m : chart.marks) {
        const double x = plot_x + plot_w * std::min(1.0, std::max(0.0, m.at / max));
        const double dash[] = {3, 2};
        cairo_set_dash(cr_, dash, 2, 0);
        Color(kGrid);
        cairo_move_to(cr_, x, top - 2);
        cairo_line_to(cr_, x, bottom);
        cairo_stroke(cr_);
        cairo_set_dash(cr_, nullptr, 0, 0);
        LayoutPtr l = Layout(m.label, {kSans, 8}, 0, PANGO_ALIGN_LEFT);
        cairo_move_to(cr_, x - Width(l.get()) / 2, y_);
        pango_cairo_show_layout(cr_, l.get());
      }
      for (size_t i = first; i < first + rows; ++i) {
        const double row_y = top + (i - first) * pitch;
        LayoutPtr label = Layout(chart.labels[i], {kSans, size}, label_w - 8, PANGO_ALIGN_RIGHT);
        pango_layout_set_ellipsize(label.get(), PANGO_ELLIPSIZE_END);
        Color(kInk);
        cairo_move_to(cr_, g_.left, row_y + (pitch - Height(label.get())) / 2);
        pango_cairo_show_layout(cr_, label.get());
        const double v = std::max(0.0, std::min(chart.values[i], max));
        const double w = plot_w * v / max;
        Color(chart.red_below >= 0 && chart.values[i] < chart.red_below ? kBarLow : kBar);
        cairo_rectangle(cr_, plot_x, row_y + (pitch - bar) / 2, std::max(w, 1.5), bar);  // a zero still shows its colour
        cairo_fill(cr_);
        LayoutPtr value = Layout(Number(chart.values[i], chart.decimals) + chart.suffix, {kSans, size}, 0, PANGO_ALIGN_LEFT);
        Color(kInk);
        cairo_move_to(cr_, plot_x + w + 3, row_y + (pitch - Height(value.get())) / 2);
        pango_cairo_show_layout(cr_, value.get());
      }
      y_ = bottom + 4;
      first += rows;
    }
    Color(kInk);
    cairo_move_to(cr_, g_.left, y_);
    pango_cairo_show_layout(cr_, caption.get());
    y_ += caption_h;
  }

  cairo_surface_t* surface_;
  cairo_t* cr_;
  Geometry g_ = kPortrait;
  bool landscape_ = false;
  int page_ = 0;
  double y_ = 0;
};

}  // namespace

Status WritePdf(const OfficialDocument& doc, const std::string& path) {
  struct Release {
    ~Release() { ReleaseFontCaches(); }
  } release;  // last, whichever way this returns
  for (const char* family : {kSerif, kSans})
    if (!FontInstalled(family))
      return Status::Invalid("--pdf", Label(std::string("未安装字体 ") + family + "，排不出中文公文；请安装 fonts-noto-cjk（deploy/setup.sh）",
                                            std::string("the font ") + family + " is missing; install fonts-noto-cjk (deploy/setup.sh)"));
  // Every text is set by Pango, which takes UTF-8 only: anything else would
  // leave the drawing in an error state and the pages blank.
  for (const std::string* text : {&doc.issuer, &doc.number, &doc.title, &doc.date})
    if (!IsValidUtf8(*text))
      return Status::Invalid("--pdf", Label("文字不是 UTF-8 编码；请以 UTF-8 输入发文机关和文号", "text that is not UTF-8; type the issuer and the number in UTF-8"));
  auto out = OutputFile::Begin(path, "--pdf");
  if (!out.ok()) return out.status();
  cairo_surface_t* surface = cairo_pdf_surface_create(out.value().temp_path().c_str(), kPortrait.width, kPortrait.height);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    return Status::Invalid("--pdf", Label("无法创建 " + path + "；请检查目录是否存在、可写",
                                          "cannot create " + path + "; check that its directory exists and is writable"));
  }
  cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, doc.issuer.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "safecity");
  if (!doc.iso_date.empty()) {
    const std::string at = doc.iso_date + "T00:00:00+08:00";
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, at.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, at.c_str());
  }
  cairo_status_t drawn = CAIRO_STATUS_SUCCESS;
  {
    Writer w(surface);
    w.Render(doc);
    drawn = w.status();  // a drawing gone wrong leaves blank pages, with the surface still fine
  }
  cairo_surface_finish(surface);
  cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status == CAIRO_STATUS_SUCCESS) status = drawn;
  if (status != CAIRO_STATUS_SUCCESS)
    return Status::Invalid("--pdf", Label("写不出 " + path + "：", "cannot write " + path + ": ") + cairo_status_to_string(status));
  return out.value().Commit();
}

}  // namespace safecity::cli

// The drawing pad's strokes, canvas, answer and screen.
#include "drawing_pad.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>

#include "atomic_file.hpp"
#include "digit_preparation.hpp"
#include "terminal.hpp"
#include "text.hpp"

namespace nn {
namespace {

// The screen's layout, in 1-based terminal cells.
constexpr int kTitleRow = 1;
constexpr int kFrameTop = 2;                              // the canvas's frame
constexpr int kCanvasTop = kFrameTop + 1;                 // the first canvas row
constexpr int kCanvasRows = DrawingPad::kCanvasSide / 2;  // two pixel rows a cell
constexpr int kFrameBottom = kCanvasTop + kCanvasRows;
constexpr int kCanvasLeft = 2;  // the first canvas column, inside the frame
constexpr int kPaneLeft = kCanvasLeft + DrawingPad::kCanvasSide + 3;
constexpr int kPreparedTop = kCanvasTop;  // 14 rows of the prepared digit
constexpr int kAnswerRow = kPreparedTop + 14;
constexpr int kBarsTop = kAnswerRow + 1;  // 5 rows, two columns of bars
constexpr int kBarCells = 10;
constexpr int kStatusRow = DrawingPad::kMinRows;

// The brush: full ink within kBrushCore pixels of a point, fading to none at kBrushEdge, so that a
// stroke has grey edges as MNIST's strokes do (they were anti-aliased when scaled to 20 pixels).
constexpr float kBrushCore = 1.0f;
constexpr float kBrushEdge = 2.4f;
constexpr float kStrokeStep = 0.5f;  // pixels between stamps along a stroke

constexpr int kPenColour = 196;  // xterm red: the arrow keys' pen

std::string move_to(int row, int column) {
  return "\x1b[" + std::to_string(row) + ";" + std::to_string(column) + "H";
}

// A value in [0, 1] as a multiple of 1/255: what a PGM with maxval 255 stores.
float quantise(float v) {
  return static_cast<float>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)) / 255.0f;
}

// One bar of kBarCells cells in eighths, for a value in [0, 1].
std::string small_bar(float value) {
  static constexpr std::string_view kEighths[8] = {"",       "\u258f", "\u258e", "\u258d",
                                                   "\u258c", "\u258b", "\u258a", "\u2589"};
  const float clamped = value > 0.0f ? std::min(value, 1.0f) : 0.0f;  // NaN as 0
  const long eighths = std::lround(clamped * kBarCells * 8);
  std::string out;
  for (long i = 0; i < eighths / 8; ++i) {
    out += "\u2588";
  }
  out += kEighths[eighths % 8];
  const long used = (eighths + 7) / 8;
  out.append(static_cast<std::size_t>(kBarCells - used), ' ');
  return out;
}

}  // namespace

bool canvas_point(int x, int y, float& px, float& py) {
  const int column = x - kCanvasLeft;
  const int row = y - kCanvasTop;
  if (column < 0 || column >= DrawingPad::kCanvasSide || row < 0 || row >= kCanvasRows) {
    return false;
  }
  px = static_cast<float>(column) + 0.5f;
  py = 2.0f * static_cast<float>(row) + 1.0f;  // between the cell's two pixel rows
  return true;
}

DrawingPad::DrawingPad(Classifier classify, std::filesystem::path save_dir)
    : classify_(std::move(classify)),
      save_dir_(std::move(save_dir)),
      canvas_(static_cast<std::size_t>(kCanvasSide * kCanvasSide), 0.0f) {}

GreyImage DrawingPad::image() const {
  return {static_cast<std::size_t>(kCanvasSide), static_cast<std::size_t>(kCanvasSide), canvas_};
}

void DrawingPad::stamp(float x, float y) {
  const int x0 = std::max(0, static_cast<int>(std::floor(x - kBrushEdge)));
  const int x1 = std::min(kCanvasSide - 1, static_cast<int>(std::ceil(x + kBrushEdge)));
  const int y0 = std::max(0, static_cast<int>(std::floor(y - kBrushEdge)));
  const int y1 = std::min(kCanvasSide - 1, static_cast<int>(std::ceil(y + kBrushEdge)));
  for (int row = y0; row <= y1; ++row) {
    for (int col = x0; col <= x1; ++col) {
      // The distance from the pixel's centre to the point.
      const float d =
          std::hypot(static_cast<float>(col) + 0.5f - x, static_cast<float>(row) + 0.5f - y);
      const float ink = quantise((kBrushEdge - d) / (kBrushEdge - kBrushCore));
      float& pixel = canvas_[static_cast<std::size_t>(row * kCanvasSide + col)];
      pixel = std::max(pixel, ink);
    }
  }
}

void DrawingPad::stroke_to(float x, float y) {
  if (!drawing_ || strokes_.empty()) {
    status_.clear();  // the last action's word ("cleared", "saved ...") is stale once ink is added
    strokes_.push_back({{x, y}});
    drawing_ = true;
    stamp(x, y);
    return;
  }
  const Point from = strokes_.back().back();
  const float length = std::hypot(x - from.x, y - from.y);
  const int steps = std::max(1, static_cast<int>(std::ceil(length / kStrokeStep)));
  for (int s = 1; s <= steps; ++s) {
    const float t = static_cast<float>(s) / static_cast<float>(steps);
    stamp(from.x + t * (x - from.x), from.y + t * (y - from.y));
  }
  strokes_.back().push_back({x, y});
}

void DrawingPad::end_stroke() {
  drawing_ = false;
}

void DrawingPad::redraw_canvas() {
  std::fill(canvas_.begin(), canvas_.end(), 0.0f);
  const std::vector<Stroke> strokes = std::move(strokes_);
  strokes_.clear();
  for (const Stroke& stroke : strokes) {
    drawing_ = false;
    for (const Point& p : stroke) {
      stroke_to(p.x, p.y);
    }
  }
  drawing_ = false;
}

void DrawingPad::update_answer() {
  try {
    prepared_ = prepare_digit(image(), "the drawing");
    outputs_ = classify_(prepared_);
  } catch (const PgmError&) {  // no ink yet
    prepared_.clear();
    outputs_.clear();
  }
}

void DrawingPad::save() {
  if (prepared_.empty()) {
    status_ = "nothing to save yet: draw a digit first";
    return;
  }
  std::filesystem::path path = save_dir_ / "drawing.pgm";
  for (int n = 2; std::filesystem::exists(path) && n < 1000; ++n) {
    path = save_dir_ / ("drawing-" + std::to_string(n) + ".pgm");
  }
  try {
    const std::vector<std::byte> bytes = encode_pgm(image());
    write_file_atomically(
        path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    status_ = "saved " + path.filename().string() + ": --image " + path.filename().string() +
              " or file:" + path.filename().string() + " reads it back";
  } catch (const std::exception& e) {
    status_ = std::string("could not save: ") + e.what();
  }
}

DrawingPad::Next DrawingPad::handle(const InputEvent& event) {
  if (event.type == InputEvent::Type::kMouse) {
    const MouseEvent& m = event.mouse;
    if (m.button != 0) {
      return Next::kStay;  // the left button draws; the others do nothing
    }
    float x = 0;
    float y = 0;
    const bool on_canvas = canvas_point(m.x, m.y, x, y);
    if (m.action == MouseAction::kRelease) {
      end_stroke();
      return Next::kStay;
    }
    if (!on_canvas || (m.action == MouseAction::kDrag && !drawing_)) {
      return Next::kStay;  // a drag that started off the canvas draws nothing
    }
    if (m.action == MouseAction::kPress) {
      end_stroke();
    }
    stroke_to(x, y);
    update_answer();
    return Next::kStay;
  }
  switch (event.key) {
    case Key::kEscape:
    case Key::kEndOfInput:
      return Next::kLeave;
    case Key::kInterrupt:
      return Next::kInterrupt;
    case Key::kUp:
    case Key::kDown:
    case Key::kLeft:
    case Key::kRight: {
      pen_shown_ = true;
      const int dx = event.key == Key::kLeft ? -1 : event.key == Key::kRight ? 1 : 0;
      const int dy = event.key == Key::kUp ? -1 : event.key == Key::kDown ? 1 : 0;
      pen_x_ = std::clamp(pen_x_ + dx, 0, kCanvasSide - 1);
      pen_y_ = std::clamp(pen_y_ + 2 * dy, 0, kCanvasSide - 2);
      if (drawing_) {
        stroke_to(static_cast<float>(pen_x_) + 0.5f, static_cast<float>(pen_y_) + 1.0f);
        update_answer();
      }
      return Next::kStay;
    }
    case Key::kEnter:
      return Next::kStay;
    case Key::kCharacter:
      break;
  }
  switch (event.character) {
    case 'q':
    case 'Q':
      return Next::kLeave;
    case 'c':
      strokes_.clear();
      drawing_ = false;
      redraw_canvas();
      update_answer();
      status_ = "cleared";
      break;
    case 'u':
      if (!strokes_.empty()) {
        strokes_.pop_back();
        redraw_canvas();
        update_answer();
      }
      break;
    case 's':
      save();
      break;
    case ' ':
      pen_shown_ = true;
      if (drawing_) {
        end_stroke();
      } else {
        stroke_to(static_cast<float>(pen_x_) + 0.5f, static_cast<float>(pen_y_) + 1.0f);
        update_answer();
      }
      break;
    default:
      break;
  }
  return Next::kStay;
}

std::string DrawingPad::render(int columns, int rows) const {
  std::string out = "\x1b[H";
  if (columns < kMinColumns || rows < kMinRows) {
    // Wrapped at spaces to the terminal's width: a terminal's own wrap would cut words.
    const std::string message =
        "The drawing pad needs a terminal of at least 80 x 24; this one is " +
        std::to_string(columns) + " x " + std::to_string(rows) +
        ". Enlarge the window, or press q to go back.";
    out += "\x1b[2J";
    int row = 1;
    for (const std::string& line :
         wrap_words(message, static_cast<std::size_t>(std::max(columns, 1)))) {
      out += move_to(row++, 1) + line;
    }
    return out;
  }
  const std::string clear_line = "\x1b[K";
  out += move_to(kTitleRow, 1) +
         " Draw a digit: mouse, or arrows + space \u00b7 c clear \u00b7 u undo \u00b7 s save "
         "\u00b7 q back" +
         clear_line;
  // The frame and the canvas, two pixel rows a cell; the arrow keys' pen in red.
  const std::string horizontal = [] {
    std::string h;
    for (int i = 0; i < kCanvasSide; ++i) {
      h += "\u2500";
    }
    return h;
  }();
  out +=
      move_to(kFrameTop, 1) + "\u250c" + horizontal + "\u2510  as the network sees it" + clear_line;
  const int pen_index = pen_shown_ ? pen_y_ * kCanvasSide + pen_x_ : -1;
  const auto colour_of = [&](int index) {
    return index == pen_index ? kPenColour
                              : grey_colour_index(canvas_[static_cast<std::size_t>(index)]);
  };
  for (int r = 0; r < kCanvasRows; ++r) {
    out += move_to(kCanvasTop + r, 1) + "\u2502";
    int last = -1;
    for (int c = 0; c < kCanvasSide; ++c) {
      const int upper = colour_of(2 * r * kCanvasSide + c);
      const int lower = colour_of((2 * r + 1) * kCanvasSide + c);
      const int pair = upper * 256 + lower;
      if (pair != last) {
        out += "\x1b[38;5;" + std::to_string(upper) + ";48;5;" + std::to_string(lower) + "m";
        last = pair;
      }
      out += "\u2580";
    }
    out += "\x1b[0m\u2502" + clear_line;
  }
  out += move_to(kFrameBottom, 1) + "\u2514" + horizontal + "\u2518" + clear_line;
  // The right-hand pane: the prepared digit, the answer and the bars.
  if (prepared_.empty()) {
    for (int r = 0; r < 14; ++r) {
      out += move_to(kPreparedTop + r, kPaneLeft) + clear_line;
    }
    out += move_to(kPreparedTop + 6, kPaneLeft) + "(nothing drawn yet)" + clear_line;
    out += move_to(kAnswerRow, kPaneLeft) + clear_line;
    for (int r = 0; r < 5; ++r) {
      out += move_to(kBarsTop + r, kPaneLeft) + clear_line;
    }
  } else {
    const std::string digit = draw_digit(prepared_, DrawStyle::kGreyscale);
    std::size_t start = 0;
    for (int r = 0; r < 14; ++r) {
      const std::size_t end = digit.find('\n', start);
      out += move_to(kPreparedTop + r, kPaneLeft) + digit.substr(start, end - start) + clear_line;
      start = end + 1;
    }
    const auto best = static_cast<std::size_t>(std::max_element(outputs_.begin(), outputs_.end()) -
                                               outputs_.begin());
    char answer[64];
    std::snprintf(answer, sizeof answer, "it reads %zu (%.1f %%)", best,
                  100.0 * static_cast<double>(outputs_[best]));
    out += move_to(kAnswerRow, kPaneLeft) + "\x1b[1m" + answer + "\x1b[0m" + clear_line;
    for (int r = 0; r < 5; ++r) {
      // Digits r and r + 5 side by side: "3 ████▌      45%  8 ▏           2%", 36 columns.
      out += move_to(kBarsTop + r, kPaneLeft);
      for (const std::size_t d : {static_cast<std::size_t>(r), static_cast<std::size_t>(r + 5)}) {
        if (d >= outputs_.size()) {
          continue;
        }
        char percent[16];
        std::snprintf(percent, sizeof percent, "%3.0f%%",
                      100.0 * static_cast<double>(std::clamp(outputs_[d], 0.0f, 1.0f)));
        const bool top = d == best;
        out += std::string(d >= 5 ? "  " : "") + (top ? "\x1b[1m" : "") + std::to_string(d) + " " +
               small_bar(outputs_[d]) + " " + percent + (top ? "\x1b[0m" : "");
      }
      out += clear_line;
    }
  }
  for (int row = kFrameBottom + 1; row < kStatusRow; ++row) {
    out += move_to(row, 1) + clear_line;
  }
  out += move_to(kStatusRow, 1) + " " + status_.substr(0, kMinColumns - 2) + clear_line;
  return out;
}

}  // namespace nn

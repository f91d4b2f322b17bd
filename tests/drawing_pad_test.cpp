// Tests for lib/terminal/drawing_pad.hpp: strokes ink the canvas with soft edges, undo and clear,
// the answer follows the drawing, a saved drawing reads back to the same pixels and the same
// answer, the arrow keys draw too, and the screen fits 80 x 24 (or says what to do when smaller).
#include "drawing_pad.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <numeric>
#include <regex>
#include <string>

#include "digit_preparation.hpp"
#include "pgm.hpp"
#include "terminal_layout.hpp"
#include "text.hpp"

namespace nn {
namespace {

// A stand-in network: output k is the share of the prepared digit's ink in the k-th tenth of its
// columns, so a vertical stroke in the middle reads as 4 or 5, and every answer depends on the
// pixels it was given.
Classifier ink_by_column() {
  return Classifier([](std::span<const float> image) {
    std::vector<float> out(10, 0.0f);
    float total = 0;
    for (std::size_t k = 0; k < image.size(); ++k) {
      out[(k % 28) * 10 / 28] += image[k];
      total += image[k];
    }
    for (float& v : out) {
      v /= total;
    }
    return out;
  });
}

InputEvent mouse(MouseAction action, int x, int y) {
  InputEvent e;
  e.type = InputEvent::Type::kMouse;
  e.mouse.action = action;
  e.mouse.x = x;
  e.mouse.y = y;
  return e;
}

InputEvent key(char c) {
  InputEvent e;
  e.key = Key::kCharacter;
  e.character = c;
  return e;
}

InputEvent key(Key k) {
  InputEvent e;
  e.key = k;
  return e;
}

// Draws a vertical line with the mouse at terminal column x, rows y0 to y1.
void drag_line(DrawingPad& pad, int x, int y0, int y1) {
  pad.handle(mouse(MouseAction::kPress, x, y0));
  for (int y = y0 + 1; y <= y1; ++y) {
    pad.handle(mouse(MouseAction::kDrag, x, y));
  }
  pad.handle(mouse(MouseAction::kRelease, x, y1));
}

float ink(const DrawingPad& pad) {
  return std::accumulate(pad.canvas().begin(), pad.canvas().end(), 0.0f);
}

class DrawingPadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() /
        ("drawing_pad_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }

  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
};

TEST_F(DrawingPadTest, AStrokeInksTheCanvasWithSoftEdgesAndTheAnswerFollows) {
  DrawingPad pad(ink_by_column(), dir_);
  EXPECT_TRUE(pad.outputs().empty());
  drag_line(pad, 22, 5, 20);  // canvas column 20, rows 2-17 of the cells
  EXPECT_GT(ink(pad), 40.0f);
  bool grey = false;
  for (float v : pad.canvas()) {
    ASSERT_GE(v, 0.0f);
    ASSERT_LE(v, 1.0f);
    EXPECT_EQ(v, static_cast<float>(std::lround(v * 255)) / 255) << "a multiple of 1/255";
    grey = grey || (v > 0.1f && v < 0.9f);
  }
  EXPECT_TRUE(grey) << "the brush has grey edges";
  ASSERT_EQ(pad.outputs().size(), 10u);
  ASSERT_EQ(pad.prepared().size(), 784u);
  const auto best =
      std::max_element(pad.outputs().begin(), pad.outputs().end()) - pad.outputs().begin();
  EXPECT_TRUE(best == 4 || best == 5) << best;  // the preparation centres the stroke
}

TEST_F(DrawingPadTest, UndoRemovesTheLastStrokeAndClearRemovesAll) {
  DrawingPad pad(ink_by_column(), dir_);
  drag_line(pad, 10, 5, 20);
  const std::vector<float> one = pad.canvas();
  drag_line(pad, 30, 5, 20);
  EXPECT_GT(ink(pad), 1.5f * std::accumulate(one.begin(), one.end(), 0.0f));
  pad.handle(key('u'));
  EXPECT_EQ(pad.canvas(), one);
  pad.handle(key('c'));
  EXPECT_EQ(ink(pad), 0.0f);
  EXPECT_TRUE(pad.outputs().empty());
  pad.handle(key('u'));  // nothing to undo: nothing happens
  EXPECT_EQ(ink(pad), 0.0f);
}

TEST_F(DrawingPadTest, TheWordClearedGoesWithTheNextStroke) {
  DrawingPad pad(ink_by_column(), dir_);
  drag_line(pad, 10, 5, 20);
  pad.handle(key('c'));
  EXPECT_EQ(pad.status(), "cleared");
  drag_line(pad, 30, 5, 20);
  EXPECT_EQ(pad.status(), "");
}

TEST_F(DrawingPadTest, ASavedDrawingReadsBackToTheSamePixelsAndTheSameAnswer) {
  DrawingPad pad(ink_by_column(), dir_);
  pad.handle(key('s'));
  EXPECT_NE(pad.status().find("nothing to save"), std::string::npos);
  drag_line(pad, 12, 4, 18);
  drag_line(pad, 25, 6, 9);
  pad.handle(key('s'));
  EXPECT_NE(pad.status().find("saved drawing.pgm"), std::string::npos) << pad.status();
  const GreyImage back = read_pgm(dir_ / "drawing.pgm");
  EXPECT_EQ(back.pixels, pad.canvas());
  EXPECT_EQ(ink_by_column()(prepare_digit(back, "drawing.pgm")), pad.outputs());
  pad.handle(key('s'));  // a second save does not overwrite the first
  EXPECT_TRUE(std::filesystem::exists(dir_ / "drawing-2.pgm"));
}

TEST_F(DrawingPadTest, TheArrowKeysAndSpaceDrawToo) {
  DrawingPad pad(ink_by_column(), dir_);
  pad.handle(key(' '));  // the pen down, in the middle
  for (int k = 0; k < 6; ++k) {
    pad.handle(key(Key::kDown));
  }
  pad.handle(key(' '));  // the pen up: moving draws nothing more
  const float drawn = ink(pad);
  EXPECT_GT(drawn, 20.0f);
  pad.handle(key(Key::kLeft));
  EXPECT_EQ(ink(pad), drawn);
}

TEST_F(DrawingPadTest, OnlyTheLeftButtonOnTheCanvasDraws) {
  DrawingPad pad(ink_by_column(), dir_);
  InputEvent right = mouse(MouseAction::kPress, 20, 10);
  right.mouse.button = 2;
  pad.handle(right);
  pad.handle(mouse(MouseAction::kPress, 60, 10));  // the right-hand pane
  pad.handle(mouse(MouseAction::kDrag, 20, 10));   // a drag that did not start on the canvas
  EXPECT_EQ(ink(pad), 0.0f);
  pad.handle(mouse(MouseAction::kPress, 1, 10));  // the frame
  EXPECT_EQ(ink(pad), 0.0f);
}

TEST_F(DrawingPadTest, QEscAndCtrlDLeaveAndCtrlCInterrupts) {
  DrawingPad pad(ink_by_column(), dir_);
  EXPECT_EQ(pad.handle(key('q')), DrawingPad::Next::kLeave);
  EXPECT_EQ(pad.handle(key(Key::kEscape)), DrawingPad::Next::kLeave);
  EXPECT_EQ(pad.handle(key(Key::kEndOfInput)), DrawingPad::Next::kLeave);
  EXPECT_EQ(pad.handle(key(Key::kInterrupt)), DrawingPad::Next::kInterrupt);
  EXPECT_EQ(pad.handle(key('x')), DrawingPad::Next::kStay);
}

// One piece of a rendered frame: the text written after a cursor move to (row, column).
struct Piece {
  int row = 0;
  int column = 0;
  std::string text;  // colour changes included; visible_width skips them
};

// Splits a frame at its cursor moves, ESC [ row ; column H.
std::vector<Piece> pieces(const std::string& frame) {
  std::vector<Piece> out;
  std::size_t at = 0;
  while (at < frame.size()) {
    const std::size_t esc = frame.find("\x1b[", at);
    if (esc == std::string::npos) {
      if (!out.empty()) {
        out.back().text += frame.substr(at);
      }
      break;
    }
    const std::size_t final = frame.find_first_not_of("0123456789;?", esc + 2);
    if (!out.empty()) {
      out.back().text += frame.substr(at, esc - at);
    }
    const std::string params = frame.substr(esc + 2, final - esc - 2);
    const std::size_t semicolon = params.find(';');
    if (final != std::string::npos && frame[final] == 'H' && semicolon != std::string::npos) {
      out.push_back(
          {std::stoi(params.substr(0, semicolon)), std::stoi(params.substr(semicolon + 1)), ""});
    } else if (!out.empty()) {
      out.back().text += frame.substr(esc, final + 1 - esc);
    }
    at = final + 1;
  }
  return out;
}

TEST_F(DrawingPadTest, TheScreenFits80By24AndShowsTheAnswer) {
  DrawingPad pad(ink_by_column(), dir_);
  drag_line(pad, 22, 5, 20);
  std::string all;
  for (const Piece& p : pieces(pad.render(80, 24))) {
    EXPECT_GE(p.row, 1);
    EXPECT_LE(p.row, 24);
    EXPECT_LE(p.column - 1 + static_cast<int>(visible_width(p.text)), 80)
        << "row " << p.row << ", column " << p.column << ": " << p.text;
    all += p.text;
  }
  EXPECT_NE(all.find("it reads"), std::string::npos);
  EXPECT_NE(all.find("q back"), std::string::npos);
}

TEST_F(DrawingPadTest, ASmallTerminalIsToldWhatToDo) {
  DrawingPad pad(ink_by_column(), dir_);
  const std::string frame = pad.render(100, 20);  // wide enough for the message on one line
  EXPECT_NE(frame.find("at least 80 x 24"), std::string::npos);
  EXPECT_NE(frame.find("this one is 100 x 20"), std::string::npos);
}

// Each line of the message fits a narrow terminal and ends at a word: the terminal's own wrap would
// cut "window" into "win" and "dow".
TEST_F(DrawingPadTest, ASmallTerminalsMessageIsWrappedAtWords) {
  DrawingPad pad(ink_by_column(), dir_);
  const std::string frame = pad.render(60, 15);
  // Each line follows a cursor move to its row's first column.
  const std::regex line_after_move("\x1b\\[\\d+;1H([^\x1b]*)");
  std::string joined;
  std::size_t lines = 0;
  for (auto it = std::sregex_iterator(frame.begin(), frame.end(), line_after_move);
       it != std::sregex_iterator(); ++it) {
    const std::string line = (*it)[1];
    EXPECT_LE(line.size(), 60u) << line;
    joined += (joined.empty() ? "" : " ") + line;
    ++lines;
  }
  EXPECT_GE(lines, 2u);
  EXPECT_NE(joined.find("this one is 60 x 15. Enlarge the window, or press q"), std::string::npos)
      << joined;
}

}  // namespace
}  // namespace nn

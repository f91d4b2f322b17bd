// The drawing pad: a canvas in the terminal that the learner draws a digit on with the mouse (or
// the arrow keys), beside the digit prepared as MNIST's were and the network's ten outputs,
// redrawn after every event (docs/03-deep-softmax.md, section 3.13).
//
// This is the pad's state and its picture, with no terminal in it: events in (terminal_input.hpp),
// a frame of text out. raw_terminal.hpp runs it on a real terminal. The screen, 80 x 24 at least:
//
//   row 1       the keys
//   rows 2-23   the canvas, 40 x 40 pixels as 40 columns x 20 half-block rows, in a frame;
//               to its right: the prepared 28 x 28 digit, the answer, the ten outputs as bars
//   row 24      what just happened (saved where, what was wrong)
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "classifier.hpp"
#include "pgm.hpp"
#include "terminal_input.hpp"

namespace nn {

class DrawingPad {
 public:
  static constexpr int kCanvasSide = 40;  // pixels; larger than MNIST's 28, as a drawing needs
  static constexpr int kMinColumns = 80;
  static constexpr int kMinRows = 24;

  // Answers with `classify`; `s` saves into `save_dir` (drawing.pgm, then drawing-2.pgm, ...).
  DrawingPad(Classifier classify, std::filesystem::path save_dir);

  // What to do after an event.
  enum class Next { kStay, kLeave, kInterrupt };

  // Applies one event: a mouse press, drag or release on the canvas draws; c clears, u undoes the
  // last stroke, s saves; the arrows move the pen and space lifts or lowers it; q, Esc and Ctrl-D
  // leave; Ctrl-C interrupts.
  Next handle(const InputEvent& event);

  // The whole screen for a terminal of `columns` x `rows` (cursor moves, no newlines), or, when
  // the terminal is smaller than 80 x 24, what to do about it.
  std::string render(int columns, int rows) const;

  // The canvas, kCanvasSide^2 values in [0, 1], each a multiple of 1/255 (so that a saved PGM
  // reads back to the same values), ink 1 on paper 0, row by row.
  const std::vector<float>& canvas() const { return canvas_; }

  // The canvas as a grey image (ink white on black, as prepare_digit reads it).
  GreyImage image() const;

  // The network's outputs for the prepared canvas; empty while the canvas holds no ink.
  const std::vector<float>& outputs() const { return outputs_; }

  // The digit as the network sees it (prepared); empty while the canvas holds no ink.
  const std::vector<float>& prepared() const { return prepared_; }

  // The last line of news: "saved drawing.pgm", a save that failed.
  const std::string& status() const { return status_; }

  // Where a drawn point at canvas pixel (x, y) (fractions allowed) adds a soft disc of ink.
  void stroke_to(float x, float y);

  // Ends the stroke in progress, if any.
  void end_stroke();

 private:
  struct Point {
    float x, y;
  };

  using Stroke = std::vector<Point>;

  void redraw_canvas();
  void stamp(float x, float y);
  void update_answer();
  void save();

  Classifier classify_;
  std::filesystem::path save_dir_;
  std::vector<Stroke> strokes_;
  bool drawing_ = false;  // a stroke is in progress (mouse held, or the pen lowered)
  std::vector<float> canvas_;
  std::vector<float> prepared_;
  std::vector<float> outputs_;
  int pen_x_ = kCanvasSide / 2;  // the arrow keys' pen, in pixels
  int pen_y_ = kCanvasSide / 2;
  bool pen_shown_ = false;  // the arrows have been used: draw the pen
  std::string status_;
};

// The canvas cell under a mouse report at cell (x, y), as a canvas pixel position (the middle of
// the cell's two pixel rows); false when it is outside the canvas.
bool canvas_point(int x, int y, float& px, float& py);

}  // namespace nn

// What a terminal in raw mode sends, decoded into events: keys, arrow keys, and the mouse reports
// of xterm's SGR mode (1006), which every current terminal emulator speaks:
//
//   ESC [ < b ; x ; y M     a button pressed, or the mouse moved with it held (b has 32 added)
//   ESC [ < b ; x ; y m     a button released
//
// b's low two bits are the button (0 left, 1 middle, 2 right), +4 shift, +8 meta, +16 control,
// +32 motion, +64 the wheel; x and y count character cells from 1 at the top left.
// A read can end in the middle of a sequence: the decoder keeps what it has and goes on with the
// next read. What it cannot make sense of is dropped, never guessed at, and nothing in the input
// can make it allocate more than a few bytes (kMaxPending).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace nn {

enum class Key {
  kCharacter,  // a printable character: InputEvent::character
  kUp,
  kDown,
  kLeft,
  kRight,
  kEnter,
  kEscape,      // Esc alone, known only when no more bytes follow it (InputDecoder::flush)
  kInterrupt,   // Ctrl-C, a byte of its own in raw mode
  kEndOfInput,  // Ctrl-D
};

enum class MouseAction { kPress, kDrag, kRelease };

struct MouseEvent {
  MouseAction action = MouseAction::kPress;
  int button = 0;  // 0 left, 1 middle, 2 right
  bool shift = false;
  bool meta = false;
  bool control = false;
  int x = 0;  // character cell, from 1 at the left
  int y = 0;  // character cell, from 1 at the top
};

struct InputEvent {
  enum class Type { kKey, kMouse } type = Type::kKey;
  Key key = Key::kCharacter;
  char character = 0;
  MouseEvent mouse;
};

class InputDecoder {
 public:
  // An unfinished sequence longer than this is not one the decoder knows: it is dropped.
  static constexpr std::size_t kMaxPending = 32;

  // A mouse coordinate above this is dropped with its report (no terminal has such a screen).
  static constexpr int kMaxCoordinate = 10000;

  // Decodes `bytes`, appending every complete event to `events`; an unfinished sequence waits for
  // the next call.
  void feed(std::span<const char> bytes, std::vector<InputEvent>& events);

  // No more bytes came for a while: a lone Esc was the Esc key, and any other unfinished sequence
  // is dropped.
  void flush(std::vector<InputEvent>& events);

  // Whether bytes of an unfinished sequence are waiting.
  bool pending() const { return !pending_.empty(); }

 private:
  // Decodes pending_ from the start; returns false when it needs more bytes.
  bool decode_one(std::vector<InputEvent>& events);

  std::string pending_;
  bool skipping_ = false;  // dropping the rest of an overlong sequence, up to its final byte
};

}  // namespace nn

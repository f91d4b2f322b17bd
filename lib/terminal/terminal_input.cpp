// InputDecoder: raw terminal bytes to keys and SGR mouse reports.
#include "terminal_input.hpp"

namespace nn {
namespace {

constexpr char kEsc = '\x1b';

bool is_final_byte(char c) {
  return c >= 0x40 && c <= 0x7e;  // ends a CSI sequence (ECMA-48)
}

bool is_parameter_byte(char c) {
  return (c >= 0x20 && c <= 0x3f);  // parameters and intermediates
}

InputEvent key_event(Key key, char character = 0) {
  InputEvent e;
  e.type = InputEvent::Type::kKey;
  e.key = key;
  e.character = character;
  return e;
}

// Parses "b;x;y" of an SGR report; false when it is not three numbers in range.
bool parse_sgr_fields(std::string_view fields, int values[3]) {
  int count = 0;
  long value = 0;
  bool digits = false;
  for (char c : fields) {
    if (c == ';') {
      if (!digits || count == 2) {
        return false;
      }
      values[count++] = static_cast<int>(value);
      value = 0;
      digits = false;
    } else if (c >= '0' && c <= '9') {
      value = value * 10 + (c - '0');
      digits = true;
      if (value > InputDecoder::kMaxCoordinate) {
        return false;  // checked as it grows, so no digit count can overflow it
      }
    } else {
      return false;
    }
  }
  if (!digits || count != 2) {
    return false;
  }
  values[2] = static_cast<int>(value);
  return true;
}

// The arrow keys end in A, B, C or D (CSI or SS3); any other final byte is a key the pad ignores
// (function keys, focus reports).
void push_arrow(char final, std::vector<InputEvent>& events) {
  switch (final) {
    case 'A':
      events.push_back(key_event(Key::kUp));
      break;
    case 'B':
      events.push_back(key_event(Key::kDown));
      break;
    case 'C':
      events.push_back(key_event(Key::kRight));
      break;
    case 'D':
      events.push_back(key_event(Key::kLeft));
      break;
    default:
      break;
  }
}

}  // namespace

void InputDecoder::feed(std::span<const char> bytes, std::vector<InputEvent>& events) {
  for (char c : bytes) {
    if (skipping_) {
      if (c != kEsc) {
        skipping_ = !is_final_byte(c);
        continue;
      }
      skipping_ = false;  // a new sequence starts: the runaway one was cut off
    }
    pending_ += c;
    while (!pending_.empty() && decode_one(events)) {
    }
    if (pending_.size() > kMaxPending) {
      // An unfinished sequence this long is none the decoder knows: drop it, and what is left of
      // it up to its final byte.
      pending_.clear();
      skipping_ = true;
    }
  }
}

void InputDecoder::flush(std::vector<InputEvent>& events) {
  if (pending_ == std::string(1, kEsc)) {
    events.push_back(key_event(Key::kEscape));
  }
  pending_.clear();
}

bool InputDecoder::decode_one(std::vector<InputEvent>& events) {
  const char first = pending_[0];
  if (first != kEsc) {
    pending_.erase(0, 1);
    if (first == '\x03') {
      events.push_back(key_event(Key::kInterrupt));
    } else if (first == '\x04') {
      events.push_back(key_event(Key::kEndOfInput));
    } else if (first == '\r' || first == '\n') {
      events.push_back(key_event(Key::kEnter));
    } else if (first >= 0x20 && first <= 0x7e) {
      events.push_back(key_event(Key::kCharacter, first));
    }  // other control bytes, and the bytes of UTF-8 characters, mean nothing here
    return true;
  }
  if (pending_.size() < 2) {
    return false;
  }
  const char second = pending_[1];
  if (second == 'O') {  // SS3: the arrows in the terminal's application cursor mode
    if (pending_.size() < 3) {
      return false;
    }
    const char final = pending_[2];
    pending_.erase(0, 3);
    push_arrow(final, events);
    return true;
  }
  if (second != '[') {
    // Esc, then something that starts no sequence (Esc pressed twice, or Alt with a key): the
    // first Esc was the key itself; the rest is decoded on its own.
    pending_.erase(0, 1);
    events.push_back(key_event(Key::kEscape));
    return true;
  }
  // A CSI sequence: find its final byte.
  std::size_t end = 2;
  while (end < pending_.size() && is_parameter_byte(pending_[end])) {
    ++end;
  }
  if (end == pending_.size()) {
    return false;  // the final byte has not come yet
  }
  const char final = pending_[end];
  if (!is_final_byte(final)) {
    // A byte that cannot be in a sequence (an Esc, a control byte): what came before it was
    // broken off. Drop that, and decode from this byte on.
    pending_.erase(0, end);
    return true;
  }
  const std::string_view body(pending_.data() + 2, end - 2);
  if (!body.empty() && body[0] == '<' && (final == 'M' || final == 'm')) {
    int values[3];
    if (parse_sgr_fields(body.substr(1), values) && values[1] >= 1 && values[2] >= 1) {
      const int b = values[0];
      MouseEvent m;
      m.button = b & 3;
      m.shift = (b & 4) != 0;
      m.meta = (b & 8) != 0;
      m.control = (b & 16) != 0;
      const bool motion = (b & 32) != 0;
      const bool wheel = (b & 64) != 0;
      m.x = values[1];
      m.y = values[2];
      m.action = final == 'm' ? MouseAction::kRelease
                              : (motion ? MouseAction::kDrag : MouseAction::kPress);
      // The wheel, and motion with no button held (mode 1003), are not strokes.
      if (!wheel && b < 128 && !(motion && m.button == 3)) {
        InputEvent e;
        e.type = InputEvent::Type::kMouse;
        e.mouse = m;
        events.push_back(e);
      }
    }
  } else if (body.empty() || body.find_first_not_of("0123456789;") == std::string_view::npos) {
    push_arrow(final, events);
  }
  pending_.erase(0, end + 1);
  return true;
}

}  // namespace nn

// Tests for lib/terminal/terminal_input.hpp: SGR mouse reports (press, drag, release, modifiers,
// split across reads at every byte, malformed, huge coordinates), keys and arrow keys, and a lone
// Esc told from the start of a sequence.
#include "terminal_input.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace nn {
namespace {

std::vector<InputEvent> decode(std::string_view bytes) {
  InputDecoder decoder;
  std::vector<InputEvent> events;
  decoder.feed(bytes, events);
  return events;
}

MouseEvent only_mouse(std::string_view bytes) {
  const std::vector<InputEvent> events = decode(bytes);
  EXPECT_EQ(events.size(), 1u) << bytes;
  if (events.empty()) {
    return {};
  }
  EXPECT_EQ(events[0].type, InputEvent::Type::kMouse);
  return events[0].mouse;
}

TEST(InputDecoderTest, DecodesAPressADragAndARelease) {
  const MouseEvent press = only_mouse("\x1b[<0;12;7M");
  EXPECT_EQ(press.action, MouseAction::kPress);
  EXPECT_EQ(press.button, 0);
  EXPECT_EQ(press.x, 12);
  EXPECT_EQ(press.y, 7);
  const MouseEvent drag = only_mouse("\x1b[<32;13;7M");
  EXPECT_EQ(drag.action, MouseAction::kDrag);
  EXPECT_EQ(drag.x, 13);
  const MouseEvent release = only_mouse("\x1b[<0;13;8m");
  EXPECT_EQ(release.action, MouseAction::kRelease);
  EXPECT_EQ(release.y, 8);
}

TEST(InputDecoderTest, ReadsTheModifiersAndTheButton) {
  const MouseEvent m = only_mouse("\x1b[<30;1;1M");  // 2 (right) + 4 + 8 + 16
  EXPECT_EQ(m.button, 2);
  EXPECT_TRUE(m.shift);
  EXPECT_TRUE(m.meta);
  EXPECT_TRUE(m.control);
  const MouseEvent plain = only_mouse("\x1b[<1;1;1M");
  EXPECT_EQ(plain.button, 1);
  EXPECT_FALSE(plain.shift || plain.meta || plain.control);
}

TEST(InputDecoderTest, IgnoresTheWheelAndMotionWithNoButton) {
  EXPECT_TRUE(decode("\x1b[<64;5;5M").empty());
  EXPECT_TRUE(decode("\x1b[<65;5;5M").empty());
  EXPECT_TRUE(decode("\x1b[<35;5;5M").empty());
}

TEST(InputDecoderTest, ASequenceSplitAtAnyByteDecodesAlike) {
  const std::string bytes = "\x1b[<0;12;7M\x1b[<32;40;21Mq\x1b[A\x1bOB\x1b[<0;40;21m";
  const std::vector<InputEvent> whole = decode(bytes);
  ASSERT_EQ(whole.size(), 6u);
  for (std::size_t cut = 0; cut <= bytes.size(); ++cut) {
    InputDecoder decoder;
    std::vector<InputEvent> events;
    decoder.feed(std::string_view(bytes).substr(0, cut), events);
    decoder.feed(std::string_view(bytes).substr(cut), events);
    ASSERT_EQ(events.size(), whole.size()) << "cut at " << cut;
    for (std::size_t k = 0; k < events.size(); ++k) {
      EXPECT_EQ(events[k].type, whole[k].type);
      EXPECT_EQ(events[k].key, whole[k].key);
      EXPECT_EQ(events[k].mouse.x, whole[k].mouse.x);
      EXPECT_EQ(events[k].mouse.action, whole[k].mouse.action);
    }
  }
  // And one byte at a time.
  InputDecoder decoder;
  std::vector<InputEvent> events;
  for (char c : bytes) {
    decoder.feed(std::string_view(&c, 1), events);
  }
  EXPECT_EQ(events.size(), whole.size());
}

TEST(InputDecoderTest, DropsMalformedReportsAndGoesOn) {
  for (const char* bad : {"\x1b[<0;;5M", "\x1b[<0;5M", "\x1b[<0;1;2;3M", "\x1b[<0;1:2;3M",
                          "\x1b[<0;0;5M", "\x1b[<0;5;5X", "\x1b[<;;M"}) {
    const std::vector<InputEvent> events = decode(std::string(bad) + "c");
    ASSERT_EQ(events.size(), 1u) << bad;
    EXPECT_EQ(events[0].character, 'c') << bad;
  }
}

TEST(InputDecoderTest, DropsHugeCoordinatesWithoutOverflow) {
  EXPECT_TRUE(decode("\x1b[<0;99999999999999999999999;5M").empty());
  EXPECT_TRUE(decode("\x1b[<0;10001;5M").empty());
  EXPECT_EQ(only_mouse("\x1b[<0;10000;5M").x, 10000);
}

TEST(InputDecoderTest, AnEndlessSequenceIsDroppedAndTheDecoderRecovers) {
  InputDecoder decoder;
  std::vector<InputEvent> events;
  decoder.feed(std::string_view("\x1b[<" + std::string(1000, '1')), events);
  EXPECT_TRUE(events.empty());
  EXPECT_FALSE(decoder.pending());
  decoder.feed(std::string_view("2;3M"),
               events);  // the runaway report's tail, up to its final byte, is skipped
  decoder.feed(std::string_view("\x1b[<0;2;3M"), events);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().mouse.x, 2);
}

TEST(InputDecoderTest, DecodesKeysArrowsAndControlBytes) {
  const std::vector<InputEvent> events = decode("cus q\x1b[A\x1b[B\x1b[C\x1b[D\x1bOA\r\x03\x04");
  const Key want[] = {Key::kCharacter, Key::kCharacter, Key::kCharacter, Key::kCharacter,
                      Key::kCharacter, Key::kUp,        Key::kDown,      Key::kRight,
                      Key::kLeft,      Key::kUp,        Key::kEnter,     Key::kInterrupt,
                      Key::kEndOfInput};
  ASSERT_EQ(events.size(), std::size(want));
  for (std::size_t k = 0; k < events.size(); ++k) {
    EXPECT_EQ(events[k].key, want[k]) << k;
  }
  EXPECT_EQ(events[3].character, ' ');
}

TEST(InputDecoderTest, ALoneEscIsTheEscKeyOnceNothingFollows) {
  InputDecoder decoder;
  std::vector<InputEvent> events;
  decoder.feed(std::string_view("\x1b"), events);
  EXPECT_TRUE(events.empty());
  EXPECT_TRUE(decoder.pending());
  decoder.flush(events);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].key, Key::kEscape);
  // Esc twice: the first is a key even before any wait.
  EXPECT_EQ(decode("\x1b\x1b").size(), 1u);
}

TEST(InputDecoderTest, OtherSequencesAndUtf8MeanNothing) {
  EXPECT_TRUE(decode("\x1b[15~\x1b[I\x1b[O").empty());  // F5, focus in, focus out
  EXPECT_TRUE(decode("\xc3\xa9").empty());              // a UTF-8 character
}

}  // namespace
}  // namespace nn

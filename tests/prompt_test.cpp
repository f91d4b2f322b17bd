// Tests for the sample prompt: every kind of typed line, one sample shown, and whole sessions read
// from a string stream, on a tiny synthetic data set with a fake classifier.
#include "prompt.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "mnist_idx.hpp"
#include "pgm.hpp"
#include "raw_terminal.hpp"
#include "terminal.hpp"

namespace {

using ::testing::AllOf;
using ::testing::EndsWith;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Matcher;
using ::testing::Not;
using ::testing::StartsWith;
using ::testing::VariantWith;

constexpr std::size_t kTrainCount = 60000;
constexpr std::size_t kTestCount = 10000;

nn::PromptAnswer parse(std::string_view line) {
  return nn::parse_sample_request(line, kTrainCount, kTestCount);
}

Matcher<nn::PromptAnswer> is_sample(nn::Split split, std::size_t index) {
  return VariantWith<nn::SampleRequest>(
      AllOf(Field(&nn::SampleRequest::split, split), Field(&nn::SampleRequest::index, index)));
}

Matcher<nn::PromptAnswer> is_quit() {
  return VariantWith<nn::QuitRequest>(::testing::_);
}

Matcher<nn::PromptAnswer> explains(const Matcher<const std::string&>& message) {
  return VariantWith<std::string>(message);
}

// --- parse_sample_request: what is accepted ------------------------------------------------------

TEST(PromptTest, ParsesAPlainNumberAsATrainingIndex) {
  EXPECT_THAT(parse("123"), is_sample(nn::Split::kTrain, 123));
}

TEST(PromptTest, AcceptsTheFirstSample) {
  EXPECT_THAT(parse("0"), is_sample(nn::Split::kTrain, 0));
}

TEST(PromptTest, AcceptsTheLastTrainingSample) {
  EXPECT_THAT(parse("59999"), is_sample(nn::Split::kTrain, 59999));
}

TEST(PromptTest, ParsesATestPrefix) {
  EXPECT_THAT(parse("test:123"), is_sample(nn::Split::kTest, 123));
}

TEST(PromptTest, ParsesATrainPrefix) {
  EXPECT_THAT(parse("train:123"), is_sample(nn::Split::kTrain, 123));
}

TEST(PromptTest, AcceptsTheFirstAndLastTestSamples) {
  EXPECT_THAT(parse("test:0"), is_sample(nn::Split::kTest, 0));
  EXPECT_THAT(parse("test:9999"), is_sample(nn::Split::kTest, 9999));
}

TEST(PromptTest, AcceptsLeadingZeros) {
  EXPECT_THAT(parse("007"), is_sample(nn::Split::kTrain, 7));
}

TEST(PromptTest, IgnoresWhitespaceAroundTheLineAndTheColon) {
  EXPECT_THAT(parse("  42 \t"), is_sample(nn::Split::kTrain, 42));
  EXPECT_THAT(parse("\t test : 7 "), is_sample(nn::Split::kTest, 7));
}

// A script written on Windows ends each line in "\r\n"; std::getline keeps the '\r'.
TEST(PromptTest, IgnoresACarriageReturnFromWindowsLineEndings) {
  EXPECT_THAT(parse("5\r"), is_sample(nn::Split::kTrain, 5));
}

TEST(PromptTest, IgnoresLetterCase) {
  EXPECT_THAT(parse("TEST:5"), is_sample(nn::Split::kTest, 5));
  EXPECT_THAT(parse("Quit"), is_quit());
}

TEST(PromptTest, QuitsOnQQuitAndExit) {
  EXPECT_THAT(parse("q"), is_quit());
  EXPECT_THAT(parse("quit"), is_quit());
  EXPECT_THAT(parse(" exit "), is_quit());
}

// --- parse_sample_request: what is explained -----------------------------------------------------

TEST(PromptTest, ParsesDrawAsTheDrawingPad) {
  for (const char* typed : {"draw", " DRAW ", "Draw\r"}) {
    EXPECT_TRUE(std::holds_alternative<nn::DrawRequest>(nn::parse_sample_request(typed, 6, 4)))
        << typed;
  }
  EXPECT_TRUE(std::holds_alternative<std::string>(nn::parse_sample_request("drawing", 6, 4)));
}

TEST(PromptTest, ParsesAFileRequestKeepingThePathAsTyped) {
  const nn::PromptAnswer answer =
      nn::parse_sample_request("  FILE: My Digits/Seven.pgm ", 60000, 10000);
  ASSERT_TRUE(std::holds_alternative<nn::FileRequest>(answer));
  EXPECT_EQ(std::get<nn::FileRequest>(answer).path, "My Digits/Seven.pgm");
  EXPECT_THAT(std::get<std::string>(nn::parse_sample_request("file:", 60000, 10000)),
              HasSubstr("file: needs a path"));
}

TEST(PromptTest, RejectsANumberPastTheEnd) {
  EXPECT_THAT(parse("60000"),
              explains("'60000' is out of range: training samples are 0-59999 (or test:0-9999)"));
}

TEST(PromptTest, RejectsATestIndexPastTheEnd) {
  EXPECT_THAT(
      parse("test:10000"),
      explains("'test:10000' is out of range: test samples are 0-9999 (training: 0-59999)"));
}

TEST(PromptTest, RejectsATrainIndexPastTheEnd) {
  EXPECT_THAT(parse("train:60000"), explains(HasSubstr("'train:60000' is out of range")));
}

TEST(PromptTest, RejectsANumberTooLargeForAnyIntegerWithoutThrowing) {
  EXPECT_THAT(parse("99999999999999999999999"),
              explains(HasSubstr("'99999999999999999999999' is out of range: training samples "
                                 "are 0-59999")));
  EXPECT_THAT(parse("test:184467440737095516160"), explains(HasSubstr("is out of range")));
}

TEST(PromptTest, ExplainsAnEmptyLineWithTheRangesAndHowToQuit) {
  const auto message = explains(AllOf(HasSubstr("no sample index typed"), HasSubstr("0-59999"),
                                      HasSubstr("test:0-9999"), HasSubstr("q quits")));
  EXPECT_THAT(parse(""), message);
  EXPECT_THAT(parse(" \t "), message);
}

// Each input is quoted, trimmed, in its explanation.
TEST(PromptTest, RejectsEachKindOfNonNumberWithTheRanges) {
  struct NonNumber {
    std::string_view typed;
    std::string_view quoted;
  };

  const NonNumber inputs[] = {
      {"abc", "'abc'"}, {"12x", "'12x'"},   {"1.5", "'1.5'"}, {"-3", "'-3'"},   {" + ", "'+'"},
      {"+5", "'+5'"},   {"0x10", "'0x10'"}, {"1 2", "'1 2'"}, {"1e3", "'1e3'"}, {"٣", "'٣'"},
  };
  for (const NonNumber& input : inputs) {
    SCOPED_TRACE(input.typed);
    EXPECT_THAT(parse(input.typed),
                explains(std::string(input.quoted) +
                         " is not a sample index: training samples are 0-59999 (or test:0-9999)"));
  }
}

TEST(PromptTest, RejectsATestPrefixWithoutANumber) {
  EXPECT_THAT(parse(" test: "),
              explains("'test:' has no sample index after the colon: test samples are 0-9999 "
                       "(training: 0-59999)"));
}

TEST(PromptTest, RejectsATestPrefixFollowedByANonNumber) {
  EXPECT_THAT(parse("test:-1"),
              explains(HasSubstr("'test:-1' is not a sample index: test samples are 0-9999")));
}

TEST(PromptTest, RejectsAnUnknownSetName) {
  EXPECT_THAT(parse("valid:3"),
              explains("'valid:3' names no sample set: try 0-59999 or test:0-9999"));
}

// A stray arrow key sends "\x1b[A"; echoing the escape byte would move the cursor.
TEST(PromptTest, QuotesControlCharactersAsQuestionMarks) {
  EXPECT_THAT(parse("\x1b[A"), explains(HasSubstr("'?[A' is not a sample index")));
}

TEST(PromptTest, CutsAVeryLongInputInTheExplanation) {
  EXPECT_THAT(parse(std::string(1000, '7')),
              explains(AllOf(HasSubstr("'" + std::string(40, '7') + "...' is out of range"),
                             Not(HasSubstr(std::string(41, '7'))))));
}

TEST(PromptTest, SaysSoWhenASetIsEmpty) {
  EXPECT_THAT(nn::parse_sample_request("test:0", 10, 0),
              explains("'test:0' is out of range: test samples are none (training: 0-9)"));
}

// --- A tiny data set and a classifier that reads the answer off the image ------------------------

// Draws digit as a block of ink with a code pixel at row 0, column digit, which fake_classifier
// reads back; labelling a sample differently from its drawn digit makes the classifier wrong.
nn::MnistSplit make_split(std::initializer_list<int> drawn, std::initializer_list<int> labels) {
  nn::MnistSplit split;
  split.images = nn::PixelMatrix(drawn.size(), nn::kImagePixels);
  std::size_t i = 0;
  for (const int digit : drawn) {
    for (std::size_t y = 8; y < 20; ++y) {
      for (std::size_t x = 10; x < 18; ++x) {
        split.images(i, y * nn::kImageSide + x) = 255;
      }
    }
    split.images(i, static_cast<std::size_t>(digit)) = 255;
    ++i;
  }
  for (const int label : labels) {
    split.labels.push_back(static_cast<std::uint8_t>(label));
  }
  return split;
}

std::vector<float> fake_classifier(std::span<const float> image) {
  std::vector<float> outputs(nn::kNumClasses, 0.0f);
  for (std::size_t digit = 0; digit < nn::kNumClasses; ++digit) {
    if (image[digit] > 0.5f) {
      outputs[digit] = 1.0f;
      break;
    }
  }
  return outputs;
}

// Train sample 4 is drawn as a 1 but labelled 7; every other sample is drawn as its label.
const nn::MnistSplit kTrain = make_split({0, 1, 2, 3, 1, 5}, {0, 1, 2, 3, 7, 5});
const nn::MnistSplit kTest = make_split({9, 8, 7, 6}, {9, 8, 7, 6});

const std::string kPrompt = "sample index (0-5, test:0-3, file:PATH.pgm, draw, q to quit): ";

std::string shown(const nn::MnistSplit& split, std::string_view name, std::size_t index,
                  nn::DrawStyle style = nn::DrawStyle::kAscii) {
  std::ostringstream out;
  nn::show_sample(out, split, name, index, fake_classifier, style);
  return out.str();
}

struct Session {
  int status;
  std::string output;
  std::string unread;
};

Session run(const std::string& typed) {
  std::istringstream in(typed);
  std::ostringstream out;
  const int status =
      nn::run_sample_prompt(in, out, kTrain, kTest, fake_classifier, nn::DrawStyle::kAscii);
  std::string unread;
  std::getline(in, unread, '\0');
  return {status, out.str(), unread};
}

// --- digits from files ---------------------------------------------------------------------------

// Writes a PGM of a dark vertical stroke on a light page (the classifier above answers 1 to it).
std::string write_stroke_pgm() {
  nn::GreyImage page{50, 40, std::vector<float>(2000, 1.0f)};
  for (std::size_t y = 5; y < 35; ++y) {
    for (std::size_t x = 30; x < 34; ++x) {
      page.pixels[y * 50 + x] = 0.0f;
    }
  }
  const std::string path =
      (std::filesystem::temp_directory_path() / "scratchnet-prompt-stroke.pgm").string();
  const std::vector<std::byte> bytes = nn::encode_pgm(page);
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
  return path;
}

TEST(PromptTest, ShowsADrawnDigitAsReadAndAsPrepared) {
  const std::string path = write_stroke_pgm();
  std::ostringstream out;
  nn::show_file(out, path, fake_classifier, nn::DrawStyle::kAscii);
  EXPECT_THAT(out.str(), HasSubstr("'" + path + "': 50 x 40 pixels"));
  EXPECT_THAT(out.str(), HasSubstr("prepared like MNIST"));
  EXPECT_THAT(out.str(), HasSubstr("prediction: "));
  std::filesystem::remove(path);
}

TEST(PromptTest, ABadFileGetsOneLineAndThePromptGoesOn) {
  const Session s = run("file:/nonexistent/digit.pgm\n3\n");
  EXPECT_EQ(s.status, 0);
  EXPECT_THAT(s.output,
              HasSubstr("/nonexistent/digit.pgm: cannot open it; check the path\n" + kPrompt));
  EXPECT_THAT(s.output, HasSubstr("train #3"));
}

// --- show_sample ---------------------------------------------------------------------------------

TEST(PromptTest, ShowSampleNamesTheSampleAndMarksACorrectAnswer) {
  const std::string output = shown(kTrain, "train", 3);
  EXPECT_THAT(output, StartsWith("train #3\n"));
  EXPECT_THAT(output, HasSubstr("\nlabel: 3   prediction: 3 (correct)\n"));
}

TEST(PromptTest, ShowSampleMarksAWrongAnswer) {
  EXPECT_THAT(shown(kTrain, "train", 4), HasSubstr("\nlabel: 7   prediction: 1 (wrong)\n"));
}

TEST(PromptTest, ShowSampleDrawsTheDigitThenTheLabelThenTheBars) {
  const std::vector<float> image = nn::image_inputs(kTest, 2);
  const std::vector<float> outputs = fake_classifier(image);
  for (const nn::DrawStyle style : {nn::DrawStyle::kAscii, nn::DrawStyle::kGreyscale}) {
    EXPECT_EQ(shown(kTest, "test", 2, style),
              "test #2\n" + nn::draw_digit(image, style) + "label: 7   prediction: 7 (correct)\n" +
                  nn::draw_output_bars(outputs, 7, style) +
                  "(softmax probabilities: they share 1 between the ten digits)\n");
  }
}

TEST(PromptTest, BarsOfSigmoidOutputsSayTheyAreIndependent) {
  const nn::Classifier sigmoids(fake_classifier, nn::OutputKind::kSigmoids);
  std::ostringstream out;
  nn::show_sample(out, kTest, "test", 2, sigmoids, nn::DrawStyle::kAscii);
  EXPECT_THAT(out.str(), HasSubstr("(ten independent sigmoids, each in (0, 1); here they sum to"));
}

TEST(PromptTest, ShowSamplePredictsTheLowerDigitOnATie) {
  const nn::Classifier undecided = [](std::span<const float>) {
    return std::vector<float>(nn::kNumClasses, 0.1f);
  };
  std::ostringstream out;
  nn::show_sample(out, kTrain, "train", 0, undecided, nn::DrawStyle::kAscii);
  EXPECT_THAT(out.str(), HasSubstr("prediction: 0 (correct)"));
}

TEST(PromptTest, ShowSampleRejectsAnIndexPastTheEnd) {
  std::ostringstream out;
  EXPECT_THROW(nn::show_sample(out, kTrain, "train", 6, fake_classifier, nn::DrawStyle::kAscii),
               std::out_of_range);
}

TEST(PromptTest, ShowSampleRejectsAClassifierWithTheWrongOutputCount) {
  const nn::Classifier short_output = [](std::span<const float>) {
    return std::vector<float>(3, 0.0f);
  };
  std::ostringstream out;
  EXPECT_THROW(nn::show_sample(out, kTrain, "train", 0, short_output, nn::DrawStyle::kAscii),
               std::invalid_argument);
}

// --- run_sample_prompt ---------------------------------------------------------------------------

TEST(PromptTest, RunPromptFollowsAScriptOfGoodAndBadLines) {
  const Session session = run("abc\n\n60000\n5\ntest:3\nq\n");
  EXPECT_EQ(session.status, 0);
  const std::string expected =
      kPrompt + "'abc' is not a sample index: training samples are 0-5 (or test:0-3)\n" + kPrompt +
      "no sample index typed: training samples are 0-5 (or test:0-3); q quits\n" + kPrompt +
      "'60000' is out of range: training samples are 0-5 (or test:0-3)\n" + kPrompt +
      shown(kTrain, "train", 5) + "\n" +          //
      kPrompt + shown(kTest, "test", 3) + "\n" +  //
      kPrompt;
  EXPECT_EQ(session.output, expected);
}

TEST(PromptTest, DrawWithoutATerminalSaysSoInOneLineAndThePromptGoesOn) {
  if (nn::pad_has_terminal()) {
    GTEST_SKIP() << "standard input and output are a terminal here: draw would open the pad";
  }
  const Session s = run("draw\n3\nq\n");
  EXPECT_EQ(s.status, 0);
  EXPECT_NE(s.output.find(kPrompt + "draw needs a terminal: standard input and output must both "
                                    "be one"),
            std::string::npos)
      << s.output;
  EXPECT_NE(s.output.find("train #3"), std::string::npos) << "the prompt went on";
}

TEST(PromptTest, RunPromptStopsReadingAtQuit) {
  const Session session = run("q\n5\n");
  EXPECT_EQ(session.status, 0);
  EXPECT_EQ(session.output, kPrompt);
  EXPECT_EQ(session.unread, "5\n");
}

TEST(PromptTest, RunPromptEndsCleanlyAtEndOfInputWithoutQuit) {
  const Session session = run("1\n");
  EXPECT_EQ(session.status, 0);
  EXPECT_EQ(session.output, kPrompt + shown(kTrain, "train", 1) + "\n" + kPrompt + "\n");
}

TEST(PromptTest, RunPromptEndsCleanlyOnAnEmptyStream) {
  const Session session = run("");
  EXPECT_EQ(session.status, 0);
  EXPECT_EQ(session.output, kPrompt + "\n");
}

TEST(PromptTest, RunPromptReadsALastLineWithoutANewline) {
  const Session session = run("test:1");
  EXPECT_EQ(session.status, 0);
  EXPECT_THAT(session.output, HasSubstr(shown(kTest, "test", 1)));
  EXPECT_THAT(session.output, EndsWith(kPrompt + "\n"));
}

TEST(PromptTest, RunPromptEndsCleanlyOnAStreamThatHasFailed) {
  std::istringstream in("5\n");
  in.setstate(std::ios::badbit);
  std::ostringstream out;
  EXPECT_EQ(nn::run_sample_prompt(in, out, kTrain, kTest, fake_classifier, nn::DrawStyle::kAscii),
            0);
  EXPECT_EQ(out.str(), kPrompt + "\n");
}

TEST(PromptTest, RunPromptPrintsEachExplanationOnOneLine) {
  const Session session = run("\x1b[A\n" + std::string(500, 'x') + "\nfoo:1\n");
  std::size_t lines = 0;
  for (const char c : session.output) {
    lines += c == '\n' ? 1 : 0;
  }
  EXPECT_EQ(lines, 4u);  // three explanations and the newline at end of input
  EXPECT_THAT(session.output, Not(HasSubstr("\x1b")));
}

}  // namespace

// Tests for lib/terminal/cli.hpp: every kind of bad command line gets a message naming the flag.
#include "cli.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>
#include <vector>

namespace nn {
namespace {

using ::testing::HasSubstr;

struct Options {
  std::int64_t epochs = 4;
  double lr = 0.01;
  std::string data;
  bool ascii = false;
};

// Parses args (without argv[0]) into opts; returns the UsageError message, or "" on success.
std::string parse(std::vector<const char*> args, Options& opts, std::ostream& help) {
  FlagParser parser("prog", "A test program.");
  parser.add_integer("epochs", "passes over the data", &opts.epochs, 0, 1000);
  parser.add_number("lr", "learning rate", &opts.lr, 1e-6, 10);
  parser.add_text("data", "DIR", "MNIST folder", &opts.data);
  parser.add_switch("ascii", "plain ASCII", &opts.ascii);
  args.insert(args.begin(), "prog");
  try {
    parser.parse(static_cast<int>(args.size()), args.data(), help);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

std::string parse_error(std::vector<const char*> args) {
  Options opts;
  std::ostringstream help;
  return parse(std::move(args), opts, help);
}

TEST(CliTest, ParsesEveryKindOfFlag) {
  Options opts;
  std::ostringstream help;
  EXPECT_EQ(parse({"--epochs", "7", "--lr=0.5", "--data", "/tmp/x", "--ascii"}, opts, help), "");
  EXPECT_EQ(opts.epochs, 7);
  EXPECT_EQ(opts.lr, 0.5);
  EXPECT_EQ(opts.data, "/tmp/x");
  EXPECT_TRUE(opts.ascii);
}

TEST(CliTest, HelpListsEveryFlagWithItsRangeAndDefault) {
  Options opts;
  std::ostringstream help;
  parse({"--help"}, opts, help);
  EXPECT_THAT(help.str(), HasSubstr("--epochs N"));
  EXPECT_THAT(help.str(), HasSubstr("(0 to 1000) [default: 4]"));
  EXPECT_THAT(help.str(), HasSubstr("--lr X"));
  EXPECT_THAT(help.str(), HasSubstr("[default: 0.01]"));
}

TEST(CliTest, RejectsAnUnknownFlag) {
  EXPECT_EQ(parse_error({"--epoch", "3"}), "unknown flag --epoch; did you mean --epochs?");
  EXPECT_EQ(parse_error({"--ecpohs", "3"}), "unknown flag --ecpohs; did you mean --epochs?");
  EXPECT_EQ(parse_error({"--colour"}), "unknown flag --colour");  // nothing close
}

TEST(CliTest, RejectsAFlagWithoutItsValue) {
  EXPECT_THAT(parse_error({"--epochs"}), HasSubstr("--epochs needs a value"));
}

TEST(CliTest, RejectsANonNumber) {
  EXPECT_EQ(parse_error({"--epochs", "three"}),
            "--epochs: 'three' is not a whole number from 0 to 1000");
  EXPECT_THAT(parse_error({"--epochs", "3x"}), HasSubstr("'3x' is not"));
  EXPECT_THAT(parse_error({"--epochs", "2.5"}), HasSubstr("'2.5' is not"));
  EXPECT_THAT(parse_error({"--lr", ""}), HasSubstr("'' is not"));
}

TEST(CliTest, RejectsNegativeAndHugeNumbers) {
  EXPECT_THAT(parse_error({"--epochs", "-1"}), HasSubstr("'-1' is out of range"));
  EXPECT_THAT(parse_error({"--epochs", "99999999999999999999999"}), HasSubstr("out of range"));
  EXPECT_THAT(parse_error({"--lr", "1e999"}), HasSubstr("out of range"));
  EXPECT_THAT(parse_error({"--lr", "-0.1"}), HasSubstr("out of range"));
}

TEST(CliTest, RejectsNaNAndInfinity) {
  EXPECT_THAT(parse_error({"--lr", "nan"}), HasSubstr("--lr: 'nan' is out of range"));
  EXPECT_THAT(parse_error({"--lr", "inf"}), HasSubstr("out of range"));
}

TEST(CliTest, RejectsAValueForASwitchAndABareWord) {
  EXPECT_THAT(parse_error({"--ascii=yes"}), HasSubstr("--ascii takes no value"));
  EXPECT_THAT(parse_error({"7"}), HasSubstr("unexpected argument '7'"));
}

TEST(CliTest, AskNumberExplainsABadAnswerAndTakesTheDefaultOnEnter) {
  std::istringstream in("abc\n\n");
  std::ostringstream out;
  EXPECT_EQ(ask_number(in, out, "learning rate", 0.01, 1e-6, 10), 0.01);
  EXPECT_THAT(out.str(), HasSubstr("learning rate [0.01]: "));
  EXPECT_THAT(out.str(),
              HasSubstr("'abc' is not a number from 1e-06 to 10; Enter takes the default"));
}

TEST(CliTest, AskNumberReadsAValueAndStopsAtEndOfInput) {
  std::istringstream in(" 0.5 \n");
  std::ostringstream out;
  EXPECT_EQ(ask_number(in, out, "lr", 0.01, 1e-6, 10), 0.5);
  EXPECT_EQ(ask_number(in, out, "lr", 0.01, 1e-6, 10), std::nullopt);
}

// What every chapter's main relies on: an exception becomes one "error:" line and status 1.
TEST(CliTest, RunProgramTurnsAnExceptionIntoAnErrorLineAndStatusOne) {
  char name[] = "program";
  char* argv[] = {name, nullptr};
  ::testing::internal::CaptureStderr();
  const int status = run_program(
      1, argv, [](int, char**) -> int { throw std::runtime_error("the training failed"); });
  EXPECT_EQ(status, 1);
  EXPECT_THAT(::testing::internal::GetCapturedStderr(), HasSubstr("error: the training failed"));
}

}  // namespace
}  // namespace nn

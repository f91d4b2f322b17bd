// The drawing pad end to end, on a pseudo-terminal this test opens itself: chapter 3 trains a small
// network, the test types `draw` at its prompt, sends the mouse reports of a stroke as a terminal
// would, reads the answer off the screen, saves the drawing and leaves; then checks the saved PGM,
// that the terminal's modes are the ones it started with, and the same after a SIGINT in the
// middle of a drawing.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "mnist_idx.hpp"
#include "pgm.hpp"

namespace nn {
namespace {

using Clock = std::chrono::steady_clock;

// A chapter program on the slave side of a new pseudo-terminal of 80 x 24.
class PtyProgram {
 public:
  // Runs args[0] with `args` on a new terminal, in `dir`; each signal in `ignored` is ignored in
  // the program from its start, as nohup ignores SIGHUP.
  PtyProgram(const std::vector<std::string>& args, const std::filesystem::path& dir,
             const std::vector<int>& ignored = {}) {
    master_ = ::posix_openpt(O_RDWR | O_NOCTTY);
    if (master_ < 0 || ::grantpt(master_) != 0 || ::unlockpt(master_) != 0) {
      return;
    }
    const std::string slave_name = ::ptsname(master_);
    slave_ = ::open(slave_name.c_str(), O_RDWR | O_NOCTTY);  // kept open to read the modes
    winsize size = {};
    size.ws_col = 80;
    size.ws_row = 24;
    ::ioctl(slave_, TIOCSWINSZ, &size);
    ::tcgetattr(slave_, &initial_);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::setsid();  // a new session, whose controlling terminal the slave becomes
      const int fd = ::open(slave_name.c_str(), O_RDWR);
      ::dup2(fd, 0);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      if (::chdir(dir.c_str()) != 0) {
        ::_exit(126);
      }
      for (const int signal : ignored) {
        ::signal(signal, SIG_IGN);  // kept across exec, as a shell's nohup relies on
      }
      std::vector<char*> argv;
      for (const std::string& a : args) {
        argv.push_back(const_cast<char*>(a.c_str()));
      }
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
  }

  ~PtyProgram() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (slave_ >= 0) {
      ::close(slave_);
    }
    if (master_ >= 0) {
      ::close(master_);
    }
  }

  bool started() const { return pid_ > 0; }

  void send(const std::string& bytes) const {
    ASSERT_EQ(::write(master_, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  }

  // Reads until what the program wrote since the last wait contains `text`; false after `seconds`.
  bool wait_for(const std::string& text, int seconds = 120) {
    const auto deadline = Clock::now() + std::chrono::seconds(seconds);
    while (Clock::now() < deadline) {
      const std::size_t found = screen_.find(text, seen_);
      if (found != std::string::npos) {
        seen_ = found + text.size();
        return true;
      }
      pollfd p = {master_, POLLIN, 0};
      if (::poll(&p, 1, 100) > 0) {
        char buffer[4096];
        const ssize_t n = ::read(master_, buffer, sizeof buffer);
        if (n <= 0) {
          return false;
        }
        screen_.append(buffer, static_cast<std::size_t>(n));
      }
    }
    return false;
  }

  // Reads what the program wrote within `ms` milliseconds; whether there was anything.
  bool drain(int ms) {
    pollfd p = {master_, POLLIN, 0};
    if (::poll(&p, 1, ms) > 0) {
      char buffer[4096];
      const ssize_t n = ::read(master_, buffer, sizeof buffer);
      if (n > 0) {
        screen_.append(buffer, static_cast<std::size_t>(n));
        return true;
      }
    }
    return false;
  }

  // Everything written since the last wait_for matched.
  std::string since_last() const { return screen_.substr(seen_); }

  const std::string& screen() const { return screen_; }

  // The terminal's modes now, against those it started with: line editing, echo, signal keys,
  // CR to NL.
  bool modes_as_at_start() const {
    termios now = {};
    ::tcgetattr(slave_, &now);
    const tcflag_t local = ICANON | ECHO | ISIG | IEXTEN;
    const tcflag_t input = ICRNL | IXON;
    return (now.c_lflag & local) == (initial_.c_lflag & local) &&
           (now.c_iflag & input) == (initial_.c_iflag & input);
  }

  // Waits for the program to end; its wait status. What it wrote last may still sit in the
  // terminal's buffer when it has ended (a program that restores the screen and then dies of a
  // signal does exactly that), so the buffer is read to its end before returning.
  int wait_exit() {
    int status = 0;
    for (int k = 0; k < 600; ++k) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        for (int reads = 0; reads < 600 && drain(100); ++reads) {
        }
        return status;
      }
      drain(100);  // keep reading, so that the program is never blocked writing
    }
    return -1;
  }

  pid_t pid() const { return pid_; }

 private:
  int master_ = -1;
  int slave_ = -1;
  pid_t pid_ = -1;
  bool exited_ = false;
  termios initial_ = {};
  std::string screen_;
  std::size_t seen_ = 0;
};

class DrawingPtyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(default_data_dir() / "train-images-idx3-ubyte")) {
      GTEST_SKIP() << "MNIST not in " << default_data_dir() << "; run data/fetch_mnist.sh";
    }
    dir_ = std::filesystem::temp_directory_path() /
           ("drawing_pty_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }

  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Chapter 3, trained for a moment: its prompt is every chapter's.
  std::vector<std::string> chapter3() const {
    return {std::string(NN_CHAPTERS_DIR) + "/ch3_deep_softmax",
            "--layers",
            "784-32-10",
            "--batch",
            "64",
            "--lr",
            "0.1",
            "--epochs",
            "1",
            "--train-size",
            "2000",
            "--data",
            default_data_dir().string()};
  }

  // The mouse reports of a stroke down the canvas at terminal column x, rows 5 to 20.
  static std::string vertical_stroke(int x) {
    std::string bytes = "\x1b[<0;" + std::to_string(x) + ";5M";
    for (int y = 6; y <= 20; ++y) {
      bytes += "\x1b[<32;" + std::to_string(x) + ";" + std::to_string(y) + "M";
    }
    return bytes + "\x1b[<0;" + std::to_string(x) + ";20m";
  }

  std::filesystem::path dir_;
};

TEST_F(DrawingPtyTest, DrawsADigitReadsTheAnswerSavesItAndGivesTheTerminalBack) {
  PtyProgram program(chapter3(), dir_);
  ASSERT_TRUE(program.started());
  ASSERT_TRUE(program.wait_for("sample index")) << program.screen();
  program.send("draw\r");
  ASSERT_TRUE(program.wait_for("Draw a digit")) << program.screen();
  EXPECT_NE(program.screen().find("\x1b[?1006h"), std::string::npos) << "SGR mouse reports on";
  program.send(vertical_stroke(22));
  ASSERT_TRUE(program.wait_for("it reads ")) << program.since_last();
  const std::string after = program.since_last();
  ASSERT_FALSE(after.empty());
  const char digit = after[0];
  EXPECT_TRUE(digit >= '0' && digit <= '9') << after.substr(0, 20);
  EXPECT_FALSE(program.modes_as_at_start()) << "the pad runs in raw mode";
  program.send("s");
  ASSERT_TRUE(program.wait_for("saved drawing.pgm")) << program.since_last();
  program.send("q");
  ASSERT_TRUE(program.wait_for("sample index")) << program.since_last();
  EXPECT_TRUE(program.modes_as_at_start());
  EXPECT_NE(program.screen().find("\x1b[?1049l"), std::string::npos) << "main screen back";
  EXPECT_NE(program.screen().find("\x1b[?25h"), std::string::npos) << "cursor shown";
  EXPECT_NE(program.screen().find("\x1b[?1000l"), std::string::npos) << "mouse reports off";
  // The saved drawing is a 40 x 40 PGM with the stroke in canvas column 20.
  const GreyImage saved = read_pgm(dir_ / "drawing.pgm");
  ASSERT_EQ(saved.width, 40u);
  EXPECT_GT(saved.at(20, 20), 0.9f);
  EXPECT_EQ(saved.at(5, 20), 0.0f);
  // file: at the prompt reads it back to the same answer.
  program.send("file:drawing.pgm\r");
  ASSERT_TRUE(program.wait_for("prepared like MNIST: ")) << program.since_last();
  EXPECT_EQ(program.since_last().substr(0, 1), std::string(1, digit));
  program.send("q\r");
  const int status = program.wait_exit();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_TRUE(program.modes_as_at_start());
}

TEST_F(DrawingPtyTest, ASigintInTheMiddleOfADrawingGivesTheTerminalBack) {
  PtyProgram program(chapter3(), dir_);
  ASSERT_TRUE(program.started());
  ASSERT_TRUE(program.wait_for("sample index")) << program.screen();
  program.send("draw\r");
  ASSERT_TRUE(program.wait_for("Draw a digit")) << program.screen();
  program.send("\x1b[<0;22;5M\x1b[<32;22;6M");  // a stroke begun, the button still held
  ASSERT_TRUE(program.wait_for("it reads")) << program.since_last();
  EXPECT_FALSE(program.modes_as_at_start());
  ::kill(program.pid(), SIGINT);
  const int status = program.wait_exit();
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT) << status;
  EXPECT_TRUE(program.modes_as_at_start());
  EXPECT_NE(program.screen().find("\x1b[?1049l"), std::string::npos);
}

// A program started under nohup ignores SIGHUP; the pad must neither make it fatal while it runs
// nor leave it fatal after.
TEST_F(DrawingPtyTest, AnIgnoredHangUpStaysIgnoredInAndAfterThePad) {
  PtyProgram program(chapter3(), dir_, {SIGHUP});
  ASSERT_TRUE(program.started());
  ASSERT_TRUE(program.wait_for("sample index")) << program.screen();
  program.send("draw\r");
  ASSERT_TRUE(program.wait_for("Draw a digit")) << program.screen();
  ::kill(program.pid(), SIGHUP);
  program.send("q");
  ASSERT_TRUE(program.wait_for("sample index")) << program.since_last();
  EXPECT_TRUE(program.modes_as_at_start());
  ::kill(program.pid(), SIGHUP);
  program.send("test:3\r");
  ASSERT_TRUE(program.wait_for("test #3")) << program.since_last();
  program.send("q\r");
  const int status = program.wait_exit();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

TEST_F(DrawingPtyTest, CtrlCInThePadEndsTheProgramAsAtThePrompt) {
  PtyProgram program(chapter3(), dir_);
  ASSERT_TRUE(program.started());
  ASSERT_TRUE(program.wait_for("sample index")) << program.screen();
  program.send("draw\r");
  ASSERT_TRUE(program.wait_for("Draw a digit")) << program.screen();
  program.send("\x03");
  const int status = program.wait_exit();
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT) << status;
  EXPECT_TRUE(program.modes_as_at_start());
}

}  // namespace
}  // namespace nn

// RawTerminal and the pad's event loop.
#include "raw_terminal.hpp"

#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <filesystem>
#include <iterator>
#include <span>
#include <string_view>
#include <vector>

#include "drawing_pad.hpp"
#include "terminal_input.hpp"

namespace nn {
namespace {

// The alternate screen, the cursor hidden, and mouse reports: buttons (1000), drags (1002), in
// SGR form (1006). kLeave undoes each, in reverse order.
constexpr std::string_view kEnter = "\x1b[?1049h\x1b[?25l\x1b[?1000h\x1b[?1002h\x1b[?1006h\x1b[2J";
constexpr std::string_view kLeave = "\x1b[?1006l\x1b[?1002l\x1b[?1000l\x1b[0m\x1b[?25h\x1b[?1049l";

// An Esc with nothing after it for this long was the Esc key, not the start of a sequence.
constexpr int kEscapeWaitMs = 50;

constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

// What the signal handler needs, set while a RawTerminal lives. A handler may only touch
// lock-free atomics and call async-signal-safe functions (write, tcsetattr, sigaction, raise).
termios g_saved;
volatile std::sig_atomic_t g_active = 0;
volatile std::sig_atomic_t g_resized = 0;

void write_all(std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(STDOUT_FILENO, text.data(), text.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return;  // the terminal went away; nothing more to do
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

void restore_terminal() {
  write_all(kLeave);
  ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved);
}

extern "C" void on_fatal_signal(int signal) {
  if (g_active != 0) {
    g_active = 0;
    restore_terminal();
  }
  struct sigaction action = {};
  action.sa_handler = SIG_DFL;
  sigemptyset(&action.sa_mask);
  ::sigaction(signal, &action, nullptr);
  ::raise(signal);  // delivered once this handler returns: the program ends as it would have
}

extern "C" void on_resize(int /*signal*/) {
  g_resized = 1;
}

// Raw mode and the pad's screen while it lives; everything as it was after.
class RawTerminal {
 public:
  RawTerminal() {
    ::tcgetattr(STDIN_FILENO, &g_saved);
    struct sigaction action = {};
    action.sa_handler = on_fatal_signal;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < std::size(kSignals); ++i) {
      ::sigaction(kSignals[i], &action, &old_actions_[i]);
    }
    struct sigaction resize = {};
    resize.sa_handler = on_resize;  // no SA_RESTART: a resize wakes the loop's poll
    sigemptyset(&resize.sa_mask);
    ::sigaction(SIGWINCH, &resize, &old_resize_);
    termios raw = g_saved;
    // No line editing, no echo, no signals from keys (Ctrl-C arrives as a byte and is handled as
    // one), no CR-to-NL translation, no flow control; output as it is written.
    raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO | ISIG | IEXTEN);
    raw.c_iflag &= ~static_cast<tcflag_t>(IXON | ICRNL | INLCR | ISTRIP);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    g_active = 1;
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);
    write_all(kEnter);
  }

  ~RawTerminal() {
    if (g_active != 0) {
      g_active = 0;
      restore_terminal();
    }
    for (std::size_t i = 0; i < std::size(kSignals); ++i) {
      ::sigaction(kSignals[i], &old_actions_[i], nullptr);
    }
    ::sigaction(SIGWINCH, &old_resize_, nullptr);
  }

  RawTerminal(const RawTerminal&) = delete;
  RawTerminal& operator=(const RawTerminal&) = delete;

 private:
  struct sigaction old_actions_[std::size(kSignals)] = {};
  struct sigaction old_resize_ = {};
};

void terminal_size(int& columns, int& rows) {
  winsize size = {};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0 && size.ws_row > 0) {
    columns = size.ws_col;
    rows = size.ws_row;
  } else {
    columns = DrawingPad::kMinColumns;
    rows = DrawingPad::kMinRows;
  }
}

}  // namespace

bool pad_has_terminal() {
  return ::isatty(STDIN_FILENO) == 1 && ::isatty(STDOUT_FILENO) == 1;
}

std::string run_drawing_pad(const Classifier& classify) {
  if (!pad_has_terminal()) {
    return "draw needs a terminal: standard input and output must both be one (run the program "
           "in a terminal window, without redirections)";
  }
  DrawingPad pad(classify, std::filesystem::current_path());
  bool interrupted = false;
  {
    RawTerminal terminal;
    InputDecoder decoder;
    std::vector<InputEvent> events;
    int columns = 0;
    int rows = 0;
    bool leave = false;
    while (!leave) {
      terminal_size(columns, rows);
      write_all(pad.render(columns, rows));
      pollfd input = {STDIN_FILENO, POLLIN, 0};
      const int ready = ::poll(&input, 1, decoder.pending() ? kEscapeWaitMs : -1);
      if (ready < 0) {
        if (errno == EINTR) {
          g_resized = 0;  // a resize (or another signal that returned): draw again
          continue;
        }
        break;
      }
      events.clear();
      if (ready == 0) {
        decoder.flush(events);  // nothing followed the Esc: it was the key
      } else {
        char bytes[256];
        const ssize_t n = ::read(STDIN_FILENO, bytes, sizeof bytes);
        if (n < 0 && errno == EINTR) {
          continue;
        }
        if (n <= 0) {
          break;  // the terminal closed
        }
        decoder.feed(std::span<const char>(bytes, static_cast<std::size_t>(n)), events);
      }
      for (const InputEvent& event : events) {
        const DrawingPad::Next next = pad.handle(event);
        if (next == DrawingPad::Next::kLeave) {
          leave = true;
          break;
        }
        if (next == DrawingPad::Next::kInterrupt) {
          interrupted = true;
          leave = true;
          break;
        }
      }
    }
  }  // the terminal is restored here, before anything else is printed
  if (interrupted) {
    ::raise(SIGINT);  // Ctrl-C: end the program as Ctrl-C at the prompt would
  }
  return {};
}

}  // namespace nn

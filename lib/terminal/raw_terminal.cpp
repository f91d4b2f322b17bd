// RawTerminal and the pad's event loop.
#include "raw_terminal.hpp"

#include <poll.h>
#include <pthread.h>
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
constexpr std::size_t kSignalCount = std::size(kSignals);

// What the signal handler needs, set while a RawTerminal lives. A handler may only touch
// lock-free atomics and call async-signal-safe functions (write, tcsetattr, sigaction, raise).
termios g_saved;
volatile std::sig_atomic_t g_active = 0;
volatile std::sig_atomic_t g_resized = 0;
// The actions in place before the pad's: a fatal signal restores its own and raises it again, so
// the program ends (or carries on) as it would have without the pad. Written before the handlers
// are installed, read only by them.
struct sigaction g_old_actions[kSignalCount] = {};

// The set of kSignals and SIGWINCH: blocked while the terminal is being restored, so that no
// handler runs between the two halves of the restore.
sigset_t pad_signals() {
  sigset_t set;
  sigemptyset(&set);
  for (const int signal : kSignals) {
    sigaddset(&set, signal);
  }
  sigaddset(&set, SIGWINCH);
  return set;
}

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
  const int saved_errno = errno;  // the interrupted code may be about to read it
  if (g_active != 0) {
    g_active = 0;
    restore_terminal();
  }
  for (std::size_t i = 0; i < kSignalCount; ++i) {
    if (kSignals[i] == signal) {
      ::sigaction(signal, &g_old_actions[i], nullptr);
    }
  }
  // Delivered once this handler returns, to the action that was there before the pad: the
  // default ends the program as it would have ended, a handler of the program's own runs.
  ::raise(signal);
  errno = saved_errno;
}

extern "C" void on_resize(int /*signal*/) {
  g_resized = 1;  // touches no errno
}

// Raw mode and the pad's screen while it lives; everything as it was after.
class RawTerminal {
 public:
  RawTerminal() {
    ::tcgetattr(STDIN_FILENO, &g_saved);
    struct sigaction action = {};
    action.sa_handler = on_fatal_signal;
    // While one fatal signal's handler restores the terminal, the others wait.
    action.sa_mask = pad_signals();
    for (std::size_t i = 0; i < kSignalCount; ++i) {
      ::sigaction(kSignals[i], nullptr, &g_old_actions[i]);
      // A signal the program ignores (SIGHUP under nohup) stays ignored: the pad must not make a
      // hang-up fatal that was harmless before it.
      if (g_old_actions[i].sa_handler != SIG_IGN) {
        ::sigaction(kSignals[i], &action, nullptr);
      }
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
    // With the signals blocked, no handler can run between clearing g_active and restoring the
    // terminal (it would find nothing to restore and leave the terminal raw), nor between
    // restoring it and putting the old actions back. A signal that arrives meanwhile is delivered,
    // to the old action, when the mask is restored.
    const sigset_t blocked = pad_signals();
    sigset_t before;
    ::pthread_sigmask(SIG_BLOCK, &blocked, &before);
    if (g_active != 0) {
      g_active = 0;
      restore_terminal();
    }
    for (std::size_t i = 0; i < kSignalCount; ++i) {
      ::sigaction(kSignals[i], &g_old_actions[i], nullptr);
    }
    ::sigaction(SIGWINCH, &old_resize_, nullptr);
    ::pthread_sigmask(SIG_SETMASK, &before, nullptr);
  }

  RawTerminal(const RawTerminal&) = delete;
  RawTerminal& operator=(const RawTerminal&) = delete;

 private:
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

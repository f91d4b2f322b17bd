// The drawing pad on a real terminal: raw mode, the alternate screen and mouse reports switched on
// for as long as the pad is open, and always switched back, whatever ends it: q, Esc, Ctrl-D, an
// exception (the destructor), Ctrl-C, SIGINT, SIGTERM, SIGHUP or SIGQUIT (a handler that restores
// the terminal and then lets the signal end the program as it would have).
#pragma once

#include <string>

#include "classifier.hpp"

namespace nn {

// Whether standard input and output are both terminals: what the pad needs.
bool pad_has_terminal();

// Runs the drawing pad on standard input and output until the learner leaves it (q, Esc, Ctrl-D).
// Returns an empty string then, or one line saying why the pad could not open (standard input or
// output is not a terminal); the terminal is as it was in both cases. Ctrl-C restores the terminal
// and raises SIGINT. Drawings are saved in the current directory.
std::string run_drawing_pad(const Classifier& classify);

}  // namespace nn

// libFuzzer target: arbitrary bytes as a command line (arguments separated by NUL bytes), parsed
// with the flags the chapters use. Every input is accepted or refused with a UsageError (or, for a
// value that a chapter parses itself, std::invalid_argument); nothing else may escape.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli.hpp"
#include "losses.hpp"
#include "weight_init.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> args = {"fuzz"};
  std::string current;
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0) {
      args.push_back(current);
      current.clear();
    } else {
      current += static_cast<char>(data[i]);
    }
  }
  args.push_back(current);
  std::vector<const char*> argv;
  for (const std::string& a : args) {
    argv.push_back(a.c_str());
  }
  std::int64_t epochs = 10;
  double lr = 0.001;
  std::string layers = "784-128-64-10";
  std::string init = "xavier";
  std::string loss = "mse";
  bool ascii = false;
  std::vector<std::string> only;
  nn::FlagParser flags("fuzz", "A fuzzing target.");
  flags.add_integer("epochs", "epochs", &epochs, 0, 1000);
  flags.add_number("lr", "learning rate", &lr, 1e-6, 10);
  flags.add_text("layers", "N-N", "sizes", &layers);
  flags.add_text("init", "NAME", "initialisation", &init);
  flags.add_text("loss", "NAME", "loss", &loss);
  flags.add_switch("ascii", "ASCII", &ascii);
  flags.add("only", "ARCH", "repeatable", "", [&](std::string_view v) { only.emplace_back(v); });
  std::ostringstream help;
  try {
    if (flags.parse(static_cast<int>(argv.size()), argv.data(), help)) {
      nn::parse_layer_sizes(layers, "--layers");
      nn::parse_init(init);
      nn::parse_loss(loss);
      for (const std::string& arch : only) {
        nn::parse_layer_sizes(arch, "--only");
      }
      if (!(lr >= 1e-6 && lr <= 10) || epochs < 0 || epochs > 1000) {
        __builtin_trap();  // a value outside its range got through
      }
    }
  } catch (const std::invalid_argument&) {
  }
  return 0;
}

// The exercise checkers: worked cases, finite differences, and the diagnosis of common slips.
#include "exercise_checks.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <optional>
#include <ostream>
#include <random>
#include <vector>

#include "gemm.hpp"

namespace nn::exercises {
namespace {

CheckResult passed(std::string message = {}) {
  return {State::kPassed, std::move(message)};
}

CheckResult failed(std::string message) {
  return {State::kFailed, std::move(message)};
}

std::string number(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", x);
  return text;
}

// Runs body(), turning a stub's NotAttempted into "not attempted" and any other exception into a
// failure that quotes it.
template <class Body>
CheckResult guarded(Body body) {
  try {
    return body();
  } catch (const NotAttempted&) {
    return {State::kNotAttempted, "not attempted yet"};
  } catch (const std::exception& e) {
    return failed(std::string("threw an exception: ") + e.what());
  }
}

Matrix random_matrix(std::size_t rows, std::size_t cols, std::mt19937& rng) {
  Matrix m(rows, cols);
  m.fill_uniform(rng, -1.0f, 1.0f);
  return m;
}

// Exercises 0.1 and 0.2 share the cases; a 4 x 4 blocking may go wrong only at the ragged edge.
CheckResult check_gemm(GemmFunction gemm, bool tiled) {
  struct Shape {
    std::size_t m, k, n;
  };

  // Shapes with whole 4 x 4 tiles first, then ragged edges, then shapes smaller than a tile.
  const Shape shapes[] = {{4, 4, 4}, {16, 11, 13}, {7, 5, 9}, {5, 6, 1}, {3, 2, 5}, {1, 1, 1}};
  std::mt19937 rng(5);
  for (const Shape& s : shapes) {
    const Matrix a = random_matrix(s.m, s.k, rng);
    const Matrix b = random_matrix(s.k, s.n, rng);
    Matrix expected(s.m, s.n);
    gemm_naive(Trans::kNo, Trans::kNo, 1.0f, a, b, 0.0f, expected);
    Matrix c(s.m, s.n);
    c.fill(7.0f);  // old contents, which the product must overwrite
    gemm(a, b, c);
    const float tolerance = 1e-5f * static_cast<float>(s.k + 1);
    for (std::size_t i = 0; i < s.m; ++i) {
      for (std::size_t j = 0; j < s.n; ++j) {
        const float got = c(i, j);
        const float want = expected(i, j);
        if (std::fabs(got - want) <= tolerance) {
          continue;
        }
        // The partial tiles are to blame only when every element of the whole tiles is right.
        bool whole_tiles_right = s.m >= 4 && s.n >= 4;
        for (std::size_t ti = 0; whole_tiles_right && ti < s.m / 4 * 4; ++ti) {
          for (std::size_t tj = 0; tj < s.n / 4 * 4; ++tj) {
            whole_tiles_right =
                whole_tiles_right && std::fabs(c(ti, tj) - expected(ti, tj)) <= tolerance;
          }
        }
        const std::string where = "C(" + std::to_string(i) + ", " + std::to_string(j) + ") of a " +
                                  std::to_string(s.m) + "x" + std::to_string(s.k) + " times " +
                                  std::to_string(s.k) + "x" + std::to_string(s.n) + " product is " +
                                  number(got) + ", expected " + number(want);
        if (std::fabs(got - (want + 7.0f)) <= tolerance) {
          return failed(where +
                        ": C kept its old value (7) and the sum was added to it; C is "
                        "overwritten, so start each element from 0");
        }
        if (tiled && whole_tiles_right && (i >= s.m / 4 * 4 || j >= s.n / 4 * 4)) {
          return failed(where +
                        ": only the last, partial tiles are wrong; when m or n is not a "
                        "multiple of 4, the last tile has fewer rows or columns");
        }
        return failed(where);
      }
    }
  }
  return passed();
}

// Returns the first entry where analytic and numeric differ by more than tolerance (relative to
// the larger), or -1.
long first_mismatch(const std::vector<double>& analytic, const std::vector<double>& numeric,
                    double tolerance) {
  for (std::size_t i = 0; i < analytic.size(); ++i) {
    const double scale = std::max({std::fabs(analytic[i]), std::fabs(numeric[i]), 1e-8});
    if (!(std::fabs(analytic[i] - numeric[i]) / scale <= tolerance)) {  // NaN fails too
      return static_cast<long>(i);
    }
  }
  return -1;
}

// The backward pass of an activation against central differences of C = sum_i c_i f(z_i), whose
// gradient is dC/dz_i = c_i f'(z_i): da = c. `saved` is what backward receives from the forward
// pass (a for tanh, z for ReLU). Names the entry, the two values and, through `diagnose`, the slip.
template <class F, class Diagnose>
CheckResult check_backward(const char* name, std::span<const float> z, F f,
                           BackwardFunction backward, std::span<const float> saved,
                           Diagnose diagnose) {
  std::vector<float> c(z.size());
  for (std::size_t i = 0; i < z.size(); ++i) {
    c[i] = 0.5f + 0.25f * static_cast<float>(i % 3);  // a different weight per unit
  }
  std::vector<float> dz(z.size());
  backward(saved, c, dz);
  constexpr double kStep = 1e-4;
  std::vector<double> analytic(z.size());
  std::vector<double> numeric(z.size());
  for (std::size_t i = 0; i < z.size(); ++i) {
    analytic[i] = dz[i];
    numeric[i] = c[i] * (f(z[i] + kStep) - f(z[i] - kStep)) / (2 * kStep);
  }
  const long bad = first_mismatch(analytic, numeric, 1e-3);
  if (bad < 0) {
    return passed();
  }
  const auto i = static_cast<std::size_t>(bad);
  return failed(std::string(name) + " backward at z = " + number(z[i]) + ": analytic dz " +
                number(analytic[i]) + ", numeric " + number(numeric[i]) +
                diagnose(z[i], analytic[i], numeric[i], c[i]));
}

bool near(double x, double y) {
  return std::fabs(x - y) <= 1e-4 * std::max(1.0, std::fabs(y));
}

}  // namespace

CheckResult check_gemm_ikj(GemmFunction gemm) {
  return guarded([&] { return check_gemm(gemm, false); });
}

CheckResult check_gemm_4x4(GemmFunction gemm) {
  return guarded([&] { return check_gemm(gemm, true); });
}

CheckResult check_perceptron_rule(PerceptronFunction update) {
  return guarded([&]() -> CheckResult {
    // One worked step: z = 0.5 - 1 * 1 + 2 * 0 = -0.5, so the output is 0 against a target of 1.
    std::vector<float> w = {0.5f, -1.0f, 2.0f};
    const std::vector<float> x = {1.0f, 0.0f};
    const bool changed = update(w, x, 1, 0.5f);
    const std::vector<float> want = {1.0f, -0.5f, 2.0f};
    if (w != want) {
      if (near(w[0], 0.0) && near(w[1], -1.5)) {
        return failed(
            "after one step from w = [0.5, -1, 2] with x = [1, 0], target 1, lr 0.5: "
            "w = [" +
            number(w[0]) + ", " + number(w[1]) + ", " + number(w[2]) +
            "], expected [1, -0.5, 2]; the weights moved away from the target: the "
            "update is lr (t - y) [1; x], t the target and y the output; check its sign");
      }
      return failed(
          "after one step from w = [0.5, -1, 2] with x = [1, 0], target 1, lr 0.5: "
          "w = [" +
          number(w[0]) + ", " + number(w[1]) + ", " + number(w[2]) +
          "], expected [1, -0.5, 2] (the bias w[0] sees an input of 1)");
    }
    if (!changed) {
      return failed("the step changed w but the function returned false");
    }
    // A sample already right: z = 1 > 0 and target 1, so nothing may change.
    std::vector<float> settled = {1.0f, 0.0f, 0.0f};
    if (update(settled, x, 1, 0.5f) || settled != std::vector<float>{1.0f, 0.0f, 0.0f}) {
      return failed(
          "w = [1, 0, 0] already answers 1 for x = [1, 0] with target 1, yet the step "
          "changed w or returned true; only a wrong answer may move the weights");
    }
    // On the boundary, z = 0: equation (1.3) says step(0) = 1, so with target 1 nothing moves,
    // and with target 0 the step is taken (exercise 1.2's 9.80 % depends on it).
    std::vector<float> boundary = {-1.0f, 1.0f, 0.0f};  // z = -1 + 1 * 1 + 0 * 0 = 0
    if (update(boundary, x, 1, 0.5f) || boundary != std::vector<float>{-1.0f, 1.0f, 0.0f}) {
      return failed(
          "w = [-1, 1, 0] gives z = 0 for x = [1, 0], and step(0) = 1 (equation 1.3: the output "
          "is 1 when z >= 0), so with target 1 nothing may change; the step treated z = 0 as a "
          "0: compare with z >= 0, not z > 0");
    }
    if (!update(boundary, x, 0, 0.5f) || boundary != std::vector<float>{-1.5f, 0.5f, 0.0f}) {
      return failed(
          "w = [-1, 1, 0] gives z = 0 for x = [1, 0], so the output is step(0) = 1 (equation "
          "1.3) against a target of 0: the weights must move to [-1.5, 0.5, 0]; compare with "
          "z >= 0, not z > 0");
    }
    struct Gate {
      const char* name;
      int targets[4];
    };
    const float inputs[4][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    const Gate gates[] = {{"AND", {0, 0, 0, 1}}, {"OR", {0, 1, 1, 1}}, {"XOR", {0, 1, 1, 0}}};
    constexpr int kEpochs = 100;
    for (const Gate& gate : gates) {
      std::vector<float> weights(3, 0.0f);
      int converged_after = 0;
      for (int epoch = 1; epoch <= kEpochs && converged_after == 0; ++epoch) {
        bool any = false;
        for (int s = 0; s < 4; ++s) {
          any = update(weights, std::span<const float>(inputs[s], 2), gate.targets[s], 1.0f) || any;
        }
        converged_after = any ? 0 : epoch;
      }
      const bool xor_gate = std::string(gate.name) == "XOR";
      if (!xor_gate && converged_after == 0) {
        return failed(std::string(gate.name) + " did not converge in " + std::to_string(kEpochs) +
                      " epochs, though a line separates its classes; "
                      "check that the update uses the output step(z) with z including the bias");
      }
      if (xor_gate && converged_after != 0) {
        return failed("XOR 'converged' after " + std::to_string(converged_after) +
                      " epochs, which no single threshold unit can: the update must change w "
                      "whenever the output is wrong");
      }
    }
    return passed(
        "AND and OR converge; XOR never does, because no line separates (0, 1) and "
        "(1, 0) from (0, 0) and (1, 1), and the perceptron rule stops only when every "
        "sample is right");
  });
}

CheckResult check_tanh(ForwardFunction forward, BackwardFunction backward) {
  return guarded([&]() -> CheckResult {
    const std::vector<float> z = {-2.0f, -1.1f, -0.4f, 0.0f, 0.3f, 0.8f, 1.5f, 2.5f};
    std::vector<float> a(z.size());
    forward(z, a);
    for (std::size_t i = 0; i < z.size(); ++i) {
      if (!(std::fabs(a[i] - std::tanh(z[i])) <= 1e-6f)) {  // NaN fails too
        return failed("tanh forward at z = " + number(z[i]) + " gives " + number(a[i]) +
                      ", expected " + number(std::tanh(z[i])));
      }
    }
    return check_backward(
        "tanh", z, [](double v) { return std::tanh(v); }, backward, a,
        [](double zi, double analytic, double numeric, double c) -> std::string {
          const double t = std::tanh(zi);
          if (near(analytic, c)) {
            return ": off by a factor tanh'(z) = 1 - a^2: did you apply the activation's "
                   "derivative?";
          }
          if (near(analytic, c * t * (1 - t))) {
            return ": that is the sigmoid's derivative a (1 - a); tanh's is 1 - a^2";
          }
          if (near(analytic, -numeric)) {
            return ": the sign is flipped";
          }
          const double t2 = std::tanh(t);
          if (near(analytic, c * (1 - t2 * t2))) {
            return ": backward receives a = tanh(z), not z; use 1 - a^2 without applying tanh "
                   "again";
          }
          return "";
        });
  });
}

CheckResult check_relu(ForwardFunction forward, BackwardFunction backward) {
  return guarded([&]() -> CheckResult {
    // The probes keep at least 0.2 from z = 0, where the derivative jumps from 0 to 1: a central
    // difference straddling the kink would measure 1/2, and no answer would agree with it.
    const std::vector<float> z = {-1.5f, -0.7f, -0.2f, 0.3f, 0.9f, 1.6f};
    std::vector<float> a(z.size());
    forward(z, a);
    for (std::size_t i = 0; i < z.size(); ++i) {
      const float want = z[i] > 0 ? z[i] : 0.0f;
      if (a[i] != want) {
        return failed("ReLU forward at z = " + number(z[i]) + " gives " + number(a[i]) +
                      ", expected " + number(want));
      }
    }
    return check_backward(
        "ReLU", z, [](double v) { return v > 0 ? v : 0.0; }, backward, z,
        [](double zi, double analytic, double, double c) -> std::string {
          if (zi < 0 && near(analytic, c)) {
            return ": at z < 0 the unit is off (a = 0) and no gradient flows back, so dz must "
                   "be 0 there";
          }
          if (zi > 0 && near(analytic, 0)) {
            return ": at z > 0 the slope is 1, so dz = da there";
          }
          return "";
        });
  });
}

CheckResult check_weight_decay(DecayFunction add_gradient) {
  return guarded([&]() -> CheckResult {
    std::mt19937 rng(8);
    const Matrix w = random_matrix(3, 4, rng);
    const Matrix held = random_matrix(3, 4, rng);  // the loss's own gradient, already in dw
    Matrix dw = held;
    constexpr float kLambda = 0.1f;
    add_gradient(w, kLambda, dw);
    for (std::size_t i = 0; i < w.size(); ++i) {
      // Central difference of (lambda / 2) w^2 at w_i, in double.
      const double wi = w.data()[i];
      constexpr double kStep = 1e-4;
      const double numeric =
          (kLambda / 2 * (wi + kStep) * (wi + kStep) - kLambda / 2 * (wi - kStep) * (wi - kStep)) /
          (2 * kStep);
      const double analytic = dw.data()[i] - held.data()[i];
      if (std::fabs(analytic - numeric) <= 1e-5) {
        continue;
      }
      const std::string entry = "entry " + std::to_string(i) + ": the decay added " +
                                number(analytic) + " to dw, numeric gradient " + number(numeric);
      if (near(dw.data()[i], numeric)) {
        return failed(entry.substr(0, entry.find(':')) + ": dw lost the gradient it held; add " +
                      "the decay's gradient to dw instead of overwriting it");
      }
      if (near(analytic, 2 * numeric)) {
        return failed(entry +
                      ": twice too large; the 1/2 in (lambda / 2) w^2 cancels the 2 of "
                      "the derivative");
      }
      return failed(entry);
    }
    return passed();
  });
}

namespace {

// Exercise 3.5's network, in double: the loss -ln softmax(W2 sigma(W1 x + b1) + b2)[label], and
// the activations a1 it passes through.
struct SmallForward {
  double loss = 0;
  std::vector<double> a1;
};

SmallForward small_forward(const std::vector<std::vector<double>>& p, std::span<const float> x,
                           std::size_t label) {
  // p: W1 (3 x 4), b1 (3), W2 (3 x 3), b2 (3), each flat, row-major.
  SmallForward f;
  for (std::size_t j = 0; j < 3; ++j) {
    double z = p[1][j];
    for (std::size_t i = 0; i < 4; ++i) {
      z += p[0][j * 4 + i] * x[i];
    }
    f.a1.push_back(1 / (1 + std::exp(-z)));
  }
  std::vector<double> z2(3);
  for (std::size_t c = 0; c < 3; ++c) {
    z2[c] = p[3][c];
    for (std::size_t j = 0; j < 3; ++j) {
      z2[c] += p[2][c * 3 + j] * f.a1[j];
    }
  }
  const double m = std::max({z2[0], z2[1], z2[2]});
  const double log_sum =
      m + std::log(std::exp(z2[0] - m) + std::exp(z2[1] - m) + std::exp(z2[2] - m));
  f.loss = log_sum - z2[label];
  return f;
}

}  // namespace

CheckResult check_backward_pass(BackwardPassFunction backward) {
  return guarded([&]() -> CheckResult {
    OneHiddenLayer net;
    net.w1 =
        Matrix(3, 4, {0.5f, -0.3f, 0.8f, 0.1f, -0.6f, 0.2f, 0.4f, -0.7f, 0.3f, 0.9f, -0.2f, 0.6f});
    net.b1 = Matrix(1, 3, {0.1f, -0.2f, 0.05f});
    net.w2 = Matrix(3, 3, {0.7f, -0.4f, 0.2f, -0.5f, 0.6f, 0.3f, 0.2f, 0.1f, -0.8f});
    net.b2 = Matrix(1, 3, {0.0f, 0.1f, -0.1f});
    const std::vector<float> x = {0.9f, 0.0f, 0.4f, 1.0f};
    constexpr std::size_t kLabel = 1;
    OneHiddenLayer g;
    backward(net, x, kLabel, g);
    const char* names[] = {"dW1", "db1", "dW2", "db2"};
    const Matrix* params[] = {&net.w1, &net.b1, &net.w2, &net.b2};
    const Matrix* grads[] = {&g.w1, &g.b1, &g.w2, &g.b2};
    for (int t = 0; t < 4; ++t) {
      if (grads[t]->rows() != params[t]->rows() || grads[t]->cols() != params[t]->cols()) {
        return failed(std::string(names[t]) + " is " + shape_string(*grads[t]) +
                      ", but a gradient has its parameter's shape, " + shape_string(*params[t]) +
                      (grads[t]->rows() == params[t]->cols() &&
                               grads[t]->cols() == params[t]->rows() && grads[t]->size() > 1
                           ? ": it is transposed (dW = dz a^T: one row per unit of the layer)"
                           : ""));
      }
    }
    // Central differences of the loss, in double, entry by entry.
    std::vector<std::vector<double>> p;
    for (const Matrix* m : params) {
      p.emplace_back(m->data(), m->data() + m->size());
    }
    const SmallForward at = small_forward(p, x, kLabel);
    constexpr double kStep = 1e-5;
    for (int t = 0; t < 4; ++t) {
      for (std::size_t e = 0; e < p[static_cast<std::size_t>(t)].size(); ++e) {
        double& w = p[static_cast<std::size_t>(t)][e];
        const double saved = w;
        w = saved + kStep;
        const double up = small_forward(p, x, kLabel).loss;
        w = saved - kStep;
        const double down = small_forward(p, x, kLabel).loss;
        w = saved;
        const double numeric = (up - down) / (2 * kStep);
        const double analytic = grads[t]->data()[e];
        if (std::fabs(analytic - numeric) <= 1e-4 + 1e-3 * std::fabs(numeric)) {
          continue;
        }
        std::string where = std::string(names[t]) + "[" + std::to_string(e) + "] is " +
                            number(analytic) + ", but the loss changes at the rate " +
                            number(numeric);
        if (t == 3 && e == kLabel && std::fabs(analytic - (numeric + 1)) < 1e-3) {
          return failed(where +
                        ": off by exactly 1 at the label; dz2 = a2 - y, Eq. (3.8), and "
                        "y is 1 at the label");
        }
        if (std::fabs(analytic + numeric) < 1e-3 * std::max(1.0, std::fabs(numeric))) {
          return failed(where + ": the sign is flipped; the output error is a2 - y, not y - a2");
        }
        if (t <= 1) {
          const std::size_t j = t == 0 ? e / 4 : e;
          const double slope = at.a1[j] * (1 - at.a1[j]);
          if (std::fabs(analytic * slope - numeric) < 1e-3 * std::max(1e-3, std::fabs(numeric))) {
            return failed(where + ": it lacks the factor sigma'(z1) = a1 (1 - a1), Eq. (3.11)");
          }
        }
        return failed(where);
      }
    }
    return passed("every entry of dW1, db1, dW2 and db2 agrees with the central difference");
  });
}

CheckResult check_momentum(MomentumFunction step) {
  return guarded([&]() -> CheckResult {
    Matrix w(2, 3, {1.0f, -2.0f, 0.5f, 3.0f, -1.0f, 0.0f});
    Matrix v(2, 3);
    const Matrix dw(2, 3, {0.5f, 0.25f, -1.0f, 2.0f, 0.0f, 0.75f});
    const Matrix w0 = w;
    constexpr float kLr = 0.1f;
    constexpr float kMu = 0.9f;
    // Worked by hand: v1 = -0.1 dw, v2 = 0.9 v1 - 0.1 dw = -0.19 dw, v3 = -0.271 dw, and w moves
    // by v1 + v2 + v3 = -0.561 dw.
    for (int s = 0; s < 3; ++s) {
      step(w, v, dw, kLr, kMu);
    }
    const double want_w0 = 1.0 - 0.561 * 0.5;
    const double want_v0 = -0.271 * 0.5;
    bool all_right = true;
    for (std::size_t k = 0; k < w.size(); ++k) {
      all_right = all_right && near(w.data()[k], w0.data()[k] - 0.561 * dw.data()[k]) &&
                  near(v.data()[k], -0.271 * dw.data()[k]);
    }
    if (all_right) {
      return passed();
    }
    if (near(w(0, 0), want_w0) && near(v(0, 0), want_v0)) {
      return failed(
          "the first row is right but not every entry of w and v: loop over all "
          "w.size() entries (w is 2 x 3 here)");
    }
    const std::string state =
        "after 3 steps with lr 0.1, mu 0.9 and a constant dw (dw[0] = 0.5) from w[0] = 1, "
        "v = 0: w[0] = " +
        number(w(0, 0)) + ", v[0] = " + number(v(0, 0)) + "; expected " + number(want_w0) +
        " and " + number(want_v0);
    if (near(w(0, 0), 1.0 - 3 * 0.1 * 0.5)) {
      return failed(state +
                    ": w moved as plain SGD would; the step adds v, which carries mu "
                    "times the previous velocity");
    }
    if (near(v(0, 0), 0.0)) {
      return failed(state + ": v never changed; store the new velocity in v");
    }
    if (near(v(0, 0), -want_v0) && near(w(0, 0), 1.0 + 0.561 * 0.5)) {
      return failed(state +
                    ": the velocity is exactly the negative of the right one, and w climbs the "
                    "gradient; the new velocity is mu v - lr dw (minus the learning rate times "
                    "the gradient), and the step adds it: w += v");
    }
    return failed(state);
  });
}

CheckResult check_precision_recall(ScoresFunction scores) {
  return guarded([&]() -> CheckResult {
    // Rows: true class; columns: predicted. Class 2 is never predicted; class 3 never present
    // (nor predicted).
    ConfusionMatrix confusion;
    confusion.n_classes = 4;
    confusion.counts = {5, 1, 0, 0,   //
                        2, 3, 0, 0,   //
                        1, 2, 0, 0,   //
                        0, 0, 0, 0};  //
    struct Want {
      double precision, recall, f1;
    };
    // Class 0: 5 of the 8 predicted 0 are 0, and 5 of the 6 zeros were found.
    const Want want[] = {{5.0 / 8, 5.0 / 6, 2 * (5.0 / 8) * (5.0 / 6) / (5.0 / 8 + 5.0 / 6)},
                         {3.0 / 6, 3.0 / 5, 2 * 0.5 * 0.6 / 1.1},
                         {0, 0, 0},
                         {0, 0, 0}};
    for (std::size_t c = 0; c < 4; ++c) {
      const ClassScores got = scores(confusion, c);
      if (near(got.precision, want[c].precision) && near(got.recall, want[c].recall) &&
          near(got.f1, want[c].f1) && std::isfinite(got.f1)) {
        continue;
      }
      const std::string line = "class " + std::to_string(c) + ": precision " +
                               number(got.precision) + ", recall " + number(got.recall) + ", F1 " +
                               number(got.f1) + "; expected " + number(want[c].precision) + ", " +
                               number(want[c].recall) + ", " + number(want[c].f1);
      if (near(got.precision, want[c].recall) && near(got.recall, want[c].precision)) {
        return failed(line +
                      ": precision and recall are swapped; precision divides by the "
                      "column (everything predicted c), recall by the row (everything "
                      "that is c)");
      }
      if (!std::isfinite(got.precision) || !std::isfinite(got.recall) || !std::isfinite(got.f1)) {
        return failed(line +
                      ": a class never predicted (or never present) divides by 0; its "
                      "precision (or recall) is 0");
      }
      return failed(line);
    }
    return passed();
  });
}

CheckResult check_auc_ties(AucFunction auc) {
  return guarded([&]() -> CheckResult {
    // Positives 0.9 and 0.5 against negatives 0.5 and 0.1: three pairs ranked right and one tie,
    // (3 + 1/2) / 4.
    const std::vector<float> scores = {0.9f, 0.5f, 0.5f, 0.1f};
    const std::vector<std::uint8_t> labels = {1, 1, 0, 0};
    const double got = auc(scores, labels);
    if (!near(got, 0.875)) {
      const std::string line = "scores 0.9, 0.5 (positives) against 0.5, 0.1 (negatives): AUC " +
                               number(got) + ", expected 0.875";
      if (near(got, 1.0)) {
        return failed(line +
                      ": ties counted as wins; a tie between a positive and a negative "
                      "counts one half");
      }
      if (near(got, 0.75)) {
        return failed(line +
                      ": ties counted as losses; a tie between a positive and a negative "
                      "counts one half");
      }
      return failed(line);
    }
    // Random scores on a coarse grid, so there are many ties, against every pair counted.
    std::mt19937 rng(9);
    std::uniform_int_distribution<int> grid(0, 9);
    std::vector<float> s(200);
    std::vector<std::uint8_t> l(200);
    for (std::size_t i = 0; i < s.size(); ++i) {
      s[i] = static_cast<float>(grid(rng)) / 10;
      l[i] = static_cast<std::uint8_t>(grid(rng) < 4 ? 1 : 0);
    }
    double right = 0;
    double pairs = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      for (std::size_t j = 0; j < s.size(); ++j) {
        if (l[i] == 1 && l[j] == 0) {
          right += s[i] > s[j] ? 1 : (s[i] == s[j] ? 0.5 : 0);
          ++pairs;
        }
      }
    }
    const double got_random = auc(s, l);
    if (!near(got_random, right / pairs)) {
      return failed("on 200 random scores with ties: AUC " + number(got_random) +
                    ", counting every pair gives " + number(right / pairs));
    }
    return passed();
  });
}

CheckResult check_adam(AdamFunction step) {
  return guarded([&]() -> CheckResult {
    const std::vector<float> g = {0.3f, -0.02f, 1.5f, -4.0f};
    std::vector<float> w = {0.5f, -1.0f, 0.25f, 2.0f};
    const std::vector<float> w0 = w;
    std::vector<float> m(4, 0.0f);
    std::vector<float> v(4, 0.0f);
    constexpr float kLr = 0.001f;
    // The first step, alone: with both corrections m / c1 = g and v / c2 = g^2, so each entry
    // moves by lr against the sign of its gradient, whatever its size.
    step(w, m, v, g, 1, kLr, 0.9f, 0.999f, 1e-8f);
    const double moved = w0[0] - w[0];
    if (!std::isfinite(w[0])) {
      return failed("after the first step w[0] = " + number(w[0]) +
                    ": with t = 1 the corrections are 1 - beta^1, not 1 - beta^0 = 0");
    }
    const std::string first = "the first step (t = 1, g[0] = 0.3, lr 0.001) moved w[0] by " +
                              number(-moved) + "; expected -0.001 (lr against the sign of g)";
    if (std::fabs(moved - 0.001 * 0.1 / std::sqrt(0.001)) < 1e-6) {
      return failed(first +
                    ". That is lr (1 - beta1) / sqrt(1 - beta2) = 3.16 lr: m and v are "
                    "used without the bias corrections of Eq. (6.6)");
    }
    // m-hat = g but v = 0.001 g^2: a step of lr / sqrt(0.001) = 31.6 lr.
    if (std::fabs(moved - 0.001 / std::sqrt(0.001)) < 1e-5) {
      return failed(first +
                    ". That is lr / sqrt(1 - beta2) = 31.6 lr: m is corrected but v is not "
                    "(divide v by 1 - beta2^t, Eq. 6.6)");
    }
    // m = 0.1 g but v-hat = g^2: a step of (1 - beta1) lr = 0.1 lr.
    if (std::fabs(moved - 0.001 * 0.1) < 1e-6) {
      return failed(first +
                    ". That is (1 - beta1) lr = 0.1 lr: v is corrected but m is not (divide m "
                    "by 1 - beta1^t, Eq. 6.6)");
    }
    if (std::fabs(moved - 0.001 * 0.3 / 0.09) < 1e-5) {
      return failed(first + ": the step divides by v, not by its square root");
    }
    if (std::fabs(moved - 0.001) > 1e-6) {
      return failed(first);
    }
    // Two more steps against Adam in double.
    std::vector<double> wd(w0.begin(), w0.end());
    std::vector<double> md(4, 0.0);
    std::vector<double> vd(4, 0.0);
    for (int t = 1; t <= 3; ++t) {
      if (t > 1) {
        step(w, m, v, g, t, kLr, 0.9f, 0.999f, 1e-8f);
      }
      for (std::size_t k = 0; k < 4; ++k) {
        md[k] = 0.9 * md[k] + 0.1 * g[k];
        vd[k] = 0.999 * vd[k] + 0.001 * g[k] * g[k];
        wd[k] -= kLr * (md[k] / (1 - std::pow(0.9, t))) /
                 (std::sqrt(vd[k] / (1 - std::pow(0.999, t))) + 1e-8);
      }
    }
    for (std::size_t k = 0; k < 4; ++k) {
      if (std::fabs(w[k] - wd[k]) > 1e-6 || std::fabs(m[k] - md[k]) > 1e-6 ||
          std::fabs(v[k] - vd[k]) > 1e-6) {
        return failed("after 3 steps, entry " + std::to_string(k) + ": w " + number(w[k]) + ", m " +
                      number(m[k]) + ", v " + number(v[k]) + "; expected " + number(wd[k]) + ", " +
                      number(md[k]) + ", " + number(vd[k]) +
                      " (keep m and v from step to step, and use this step's t)");
      }
    }
    return passed("the first step moves every entry by lr, and 3 steps agree with Adam in double");
  });
}

CheckResult check_dropout(DropoutForwardFunction forward, DropoutBackwardFunction backward) {
  return guarded([&]() -> CheckResult {
    constexpr float kRate = 0.25f;  // q = 0.75, 1/q = 4/3
    const std::vector<float> x = {1.0f, -2.0f, 0.5f, 3.0f};
    const std::vector<float> draws = {0.1f, 0.8f, 0.74f, 0.76f};  // keep, drop, keep, drop
    std::vector<float> mask(4, -1.0f);
    std::vector<float> y(4, -1.0f);
    forward(x, draws, kRate, mask, y);
    const float scale = 1.0f / 0.75f;
    const std::vector<float> want = {scale, 0.0f, scale, 0.0f};
    if (mask != want) {
      std::string got;
      for (float m : mask) {
        got += (got.empty() ? "" : ", ") + number(m);
      }
      std::string hint;
      if (mask[0] == 1.0f) {
        hint = ": a kept unit is scaled by 1/q = 1/(1 - rate), so that its expected value is x";
      } else if (std::fabs(mask[0] - 0.75f) < 1e-6f) {
        hint = ": that scales by q; inverted dropout divides by q while training";
      } else if (mask[1] != 0.0f) {
        hint = ": keep a unit when its draw is below 1 - rate (0.75 here), else drop it";
      }
      return failed("draws 0.1, 0.8, 0.74, 0.76 at rate 0.25 gave the mask " + got +
                    "; expected 1.33333, 0, 1.33333, 0" + hint);
    }
    for (std::size_t k = 0; k < 4; ++k) {
      if (std::fabs(y[k] - x[k] * want[k]) > 1e-6f) {
        return failed("y[" + std::to_string(k) + "] = " + number(y[k]) +
                      "; expected x .* mask = " + number(x[k] * want[k]));
      }
    }
    // Backward against central differences of C = sum c_k y_k with the draws held.
    const std::vector<float> dy = {0.5f, -1.0f, 2.0f, 0.25f};
    std::vector<float> dx(4, -1.0f);
    backward(mask, dy, dx);
    for (std::size_t k = 0; k < 4; ++k) {
      std::vector<float> xp = x;
      std::vector<float> xm = x;
      xp[k] += 0.01f;
      xm[k] -= 0.01f;
      std::vector<float> yp(4), ym(4), scratch(4);
      forward(xp, draws, kRate, scratch, yp);
      forward(xm, draws, kRate, scratch, ym);
      double numeric = 0;
      for (std::size_t j = 0; j < 4; ++j) {
        numeric += dy[j] * (static_cast<double>(yp[j]) - ym[j]) / 0.02;
      }
      if (std::fabs(dx[k] - numeric) > 1e-3) {
        std::string hint;
        if (std::fabs(dx[k] - dy[k]) < 1e-6f) {
          hint =
              ": dx = dy ignores the mask; a dropped unit passes no gradient, a kept one "
              "1/q of it";
        } else if (std::fabs(dx[k] - dy[k] * (mask[k] != 0 ? 1.0f : 0.0f)) < 1e-6f) {
          hint = ": the mask's zeros are right but not its scale 1/q";
        }
        return failed("dx[" + std::to_string(k) + "] = " + number(dx[k]) +
                      ", the central difference of forward gives " + number(numeric) + hint);
      }
    }
    return passed("mask, output and backward agree with the definition and finite differences");
  });
}

CheckResult check_he_init(HeLimitFunction limit) {
  return guarded([&]() -> CheckResult {
    for (std::size_t n : {784u, 800u, 100u}) {
      const double r = limit(n);
      const double want = std::sqrt(6.0 / static_cast<double>(n));
      if (std::fabs(r - want) <= 1e-6 * want) {
        continue;
      }
      std::string hint;
      if (std::fabs(r - std::sqrt(2.0 / static_cast<double>(n))) < 1e-6) {
        hint =
            ": sqrt(2 / n_in) is the standard deviation He's normal draw has; a uniform "
            "U(-r, r) has variance r^2 / 3, not r^2";
      } else if (std::fabs(r - std::sqrt(3.0 / static_cast<double>(n))) < 1e-6) {
        hint =
            ": that gives variance 1 / n_in, right for a linear unit; a ReLU passes only "
            "half of its input's second moment, so He doubles it";
      } else if (std::fabs(r - 2.0 / static_cast<double>(n)) < 1e-9) {
        hint = ": 2 / n_in is the variance; the limit r is what gives r^2 / 3 = 2 / n_in";
      }
      return failed("for n_in = " + std::to_string(n) + ": r = " + number(r) + ", expected " +
                    number(want) + hint);
    }
    return passed("U(-r, r) with r = sqrt(6 / n_in) has variance r^2 / 3 = 2 / n_in");
  });
}

namespace {

// The shapes exercises 7.1 and 7.2 use: a 5x6 image of 2 channels, 3x3 kernels, 3 filters.
struct ConvCase {
  std::size_t height = 5, width = 6, channels = 2, kernel = 3, filters = 3;

  std::size_t oh() const { return height - kernel + 1; }

  std::size_t ow() const { return width - kernel + 1; }

  std::size_t patch() const { return kernel * kernel * channels; }

  std::size_t pixel(std::size_t y, std::size_t x, std::size_t c) const {
    return (y * width + x) * channels + c;
  }
};

std::vector<float> random_values(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) {
    x = u(rng);
  }
  return v;
}

}  // namespace

CheckResult check_im2col(Im2colFunction im2col) {
  return guarded([&]() -> CheckResult {
    const ConvCase k;
    // Pixel (y, x), channel c holds 100 y + 10 x + c: every value says where it came from.
    std::vector<float> image(k.height * k.width * k.channels);
    for (std::size_t y = 0; y < k.height; ++y) {
      for (std::size_t x = 0; x < k.width; ++x) {
        for (std::size_t c = 0; c < k.channels; ++c) {
          image[k.pixel(y, x, c)] = static_cast<float>(100 * y + 10 * x + c);
        }
      }
    }
    std::vector<float> columns(k.oh() * k.ow() * k.patch(), -1.0f);
    im2col(k.height, k.width, k.channels, k.kernel, image, columns);
    for (std::size_t y = 0; y < k.oh(); ++y) {
      for (std::size_t x = 0; x < k.ow(); ++x) {
        for (std::size_t ky = 0; ky < k.kernel; ++ky) {
          for (std::size_t kx = 0; kx < k.kernel; ++kx) {
            for (std::size_t c = 0; c < k.channels; ++c) {
              const std::size_t entry = (ky * k.kernel + kx) * k.channels + c;
              const float got = columns[(y * k.ow() + x) * k.patch() + entry];
              const float want = static_cast<float>(100 * (y + ky) + 10 * (x + kx) + c);
              if (got == want) {
                continue;
              }
              std::string hint;
              if (got == static_cast<float>(100 * (y + kx) + 10 * (x + ky) + c)) {
                hint = ": kx and ky are swapped; a patch is read row by row, (ky, kx, c)";
              } else if (entry < k.patch() && got == image[entry]) {
                hint = ": that is the first patch's value; each row starts at its own (y, x)";
              } else if (got == -1.0f) {
                hint = ": nothing was written there";
              }
              return failed(
                  "row " + std::to_string(y * k.ow() + x) + " (output pixel (" + std::to_string(y) +
                  ", " + std::to_string(x) + ")), entry " + std::to_string(entry) + " (ky " +
                  std::to_string(ky) + ", kx " + std::to_string(kx) + ", c " + std::to_string(c) +
                  ") is " + number(got) + "; expected pixel (" + std::to_string(y + ky) + ", " +
                  std::to_string(x + kx) + ") channel " + std::to_string(c) + ", " + number(want) +
                  " (each value here is 100 row + 10 column + channel)" + hint);
            }
          }
        }
      }
    }
    return passed("every row is its output pixel's patch, in the order (ky, kx, c)");
  });
}

CheckResult check_conv_weight_gradient(ConvWeightGradientFunction gradient) {
  return guarded([&]() -> CheckResult {
    const ConvCase k;
    const std::vector<float> image = random_values(k.height * k.width * k.channels, 21);
    const std::vector<float> dz = random_values(k.oh() * k.ow() * k.filters, 22);
    std::vector<float> dw(k.filters * k.patch(), 123.0f);  // old values, to be overwritten
    gradient(k.height, k.width, k.channels, k.kernel, k.filters, image, dz, dw);
    // C(W) = sum dz .* conv(image; W) is linear in W: its derivative for W[f, e] is exactly the
    // sum over output pixels of dz[y, x, f] times the pixel that weight meets, computed here.
    for (std::size_t f = 0; f < k.filters; ++f) {
      for (std::size_t ky = 0; ky < k.kernel; ++ky) {
        for (std::size_t kx = 0; kx < k.kernel; ++kx) {
          for (std::size_t c = 0; c < k.channels; ++c) {
            double want = 0;
            double flipped = 0;
            double last = 0;
            for (std::size_t y = 0; y < k.oh(); ++y) {
              for (std::size_t x = 0; x < k.ow(); ++x) {
                const double g = dz[(y * k.ow() + x) * k.filters + f];
                want += g * image[k.pixel(y + ky, x + kx, c)];
                flipped += g * image[k.pixel(y + k.kernel - 1 - ky, x + k.kernel - 1 - kx, c)];
                last = g * image[k.pixel(y + ky, x + kx, c)];
              }
            }
            const std::size_t entry = f * k.patch() + (ky * k.kernel + kx) * k.channels + c;
            const double got = dw[entry];
            if (std::fabs(got - want) <= 1e-4 * (1 + std::fabs(want))) {
              continue;
            }
            std::string hint;
            if (std::fabs(got - flipped) <= 1e-4 * (1 + std::fabs(flipped))) {
              hint =
                  ": that is the flipped kernel's, W[K-1-ky, K-1-kx]; the forward pass "
                  "correlates, so weight (ky, kx) meets pixel (y + ky, x + kx)";
            } else if (std::fabs(got - last) <= 1e-4 * (1 + std::fabs(last))) {
              hint =
                  ": that is one output pixel's share; a weight is used at every output pixel, "
                  "so its gradient sums over all of them";
            } else if (got == 123.0f) {
              hint = ": the entry was not written";
            } else if (std::fabs(got - 123.0 - want) <= 1e-3) {
              hint = ": dw still held its old values; set it to 0 before adding";
            }
            return failed("dW of filter " + std::to_string(f) + ", (ky " + std::to_string(ky) +
                          ", kx " + std::to_string(kx) + ", c " + std::to_string(c) + ") is " +
                          number(got) + "; the derivative of sum(dz .* z) is " + number(want) +
                          hint);
          }
        }
      }
    }
    return passed("every weight's gradient sums dz times the pixel it meets over all 12 outputs");
  });
}

namespace {

// The first pixel where a pooling backward pass's dx (4x4 pixels, 2 channels, 2x2 windows) differs
// from `want`, as a failed check naming the likely slip, or nothing when they agree. `own_hint`
// names a slip of the exercise's own, and is tried first; then the slips every such exercise
// shares, on the checkers' common layout (ties at indices 8 and 19, 25, 27): a tie's gradient given
// to every maximum, average-pooling's pass, dx left unwritten (the checkers fill it with 99).
std::optional<CheckResult> pooling_gradient_mismatch(const std::vector<float>& dx,
                                                     const std::vector<float>& want,
                                                     const std::vector<float>& dy,
                                                     const std::string& own_hint) {
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (dx[i] == want[i]) {
      continue;
    }
    const std::size_t y = i / 2 / 4;
    const std::size_t col = i / 2 % 4;
    const std::size_t c = i % 2;
    const float window_gradient = dy[((y / 2) * 2 + col / 2) * 2 + c];
    std::string hint;
    if (!own_hint.empty()) {
      hint = own_hint;
    } else if (dx[8] == 0.5f || dx[19] == 5 || dx[25] == 5 || dx[27] == 5) {
      hint =
          ": a tie gives the gradient to one pixel only, the first in reading order "
          "(top-left, top-right, bottom-left, bottom-right)";
    } else if (std::fabs(dx[i] - 0.25f * window_gradient) < 1e-6f) {
      hint =
          ": a quarter to each pixel is average-pooling's backward pass; max-pooling's "
          "output moved only with its arg-max";
    } else if (dx[i] == 99.0f) {
      hint = ": dx was not written there; set it to 0 where no gradient goes";
    }
    return failed("dx at pixel (" + std::to_string(y) + ", " + std::to_string(col) + "), channel " +
                  std::to_string(c) + " is " + number(dx[i]) + "; expected " + number(want[i]) +
                  hint);
  }
  return std::nullopt;
}

}  // namespace

CheckResult check_max_pool_backward(MaxPoolBackwardFunction backward) {
  return guarded([&]() -> CheckResult {
    // A 4x4 image of 2 channels: four windows per channel, two of them with ties. Pixel (y, x),
    // channel c at (4 y + x) 2 + c; a line below is one image row.
    const std::vector<float> x = {1, 0, 5, 9, 2, 1, 0, 0,  //
                                  5, 8, 4, 1, 7, 3, 3, 2,  //
                                  0, 4, 0, 4, 6, 6, 1, 1,  //
                                  2, 4, 3, 4, 1, 1, 8, 0};
    const std::vector<float> dy = {0.5f, -1, 2, 3, 4, 5, -6, 7};  // (2, 2) pixels, 2 channels
    std::vector<float> dx(x.size(), 99.0f);
    backward(4, 4, 2, x, dy, dx);
    std::vector<float> want(x.size(), 0.0f);
    want[2] = 0.5f;  // window (0, 0), channel 0: 1, 5, 5, 4; the tie goes to the top-right 5
    want[3] = -1;    // channel 1: 0, 9, 8, 1
    want[12] = 2;    // window (0, 1), channel 0: 2, 0, 7, 3
    want[13] = 3;    // channel 1: 1, 0, 3, 2
    want[26] = 4;    // window (1, 0), channel 0: 0, 0, 2, 3
    want[17] = 5;    // channel 1: 4, 4, 4, 4; the top-left
    want[30] = -6;   // window (1, 1), channel 0: 6, 1, 1, 8
    want[21] = 7;    // channel 1: 6, 1, 1, 0
    if (auto mismatch = pooling_gradient_mismatch(dx, want, dy, "")) {
      return *mismatch;
    }
    return passed("each window's gradient goes to its arg-max alone, a tie to the first pixel");
  });
}

CheckResult check_relu_max_pool_backward(MaxPoolBackwardFunction backward) {
  return guarded([&]() -> CheckResult {
    // The values before the ReLU, 4x4 pixels of 2 channels: pixel (y, x), channel c at
    // (4 y + x) 2 + c; a line below is one image row.
    const std::vector<float> x = {1, -3, 5, -1, 0,  1,  -1, 0,   //
                                  5, -2, 4, -5, -2, 3,  0,  2,   //
                                  0, 4,  0, 4,  6,  -6, 1,  -1,  //
                                  2, 4,  3, 4,  1,  -1, 8,  -8};
    const std::vector<float> dy = {0.5f, -1, 2, 3, 4, 5, -6, 7};  // (2, 2) pixels, 2 channels
    std::vector<float> dx(x.size(), 99.0f);
    backward(4, 4, 2, x, dy, dx);
    std::vector<float> want(x.size(), 0.0f);
    want[2] = 0.5f;  // window (0, 0), channel 0: 1, 5, 5, 4; the tie goes to the top-right 5
    //                  channel 1: -3, -1, -2, -5, all negative: no gradient
    //                  window (0, 1), channel 0: 0, -1, -2, 0, largest 0: no gradient
    want[13] = 3;   // channel 1: 1, 0, 3, 2
    want[26] = 4;   // window (1, 0), channel 0: 0, 0, 2, 3
    want[17] = 5;   // channel 1: 4, 4, 4, 4; the top-left
    want[30] = -6;  // window (1, 1), channel 0: 6, 1, 1, 8
    //                  channel 1: -6, -1, -1, -8, all negative: no gradient
    std::string own_hint;
    // Without the slope, the all-negative windows pass their gradient: to their largest value
    // (indices 3 and 23), or to their top-left pixel when the arg-max is taken over the ReLU's
    // outputs, all 0 (indices 1 and 21).
    if (dx[3] == -1 || dx[23] == 7 || dx[1] == -1 || dx[21] == 7) {
      own_hint =
          ": a window whose values are all negative passes no gradient; the ReLU before the "
          "pool has slope 0 there (Eq. 9.2 multiplies by relu'(x) at the arg-max)";
    } else if (dx[4] == 2) {
      own_hint = ": the window's largest value is exactly 0, where relu'(x) is 0 (x > 0 is false)";
    }
    if (auto mismatch = pooling_gradient_mismatch(dx, want, dy, own_hint)) {
      return *mismatch;
    }
    return passed(
        "each window's gradient goes to its arg-max alone, times the ReLU's slope there: none "
        "from a window of negatives or zeros");
  });
}

namespace {

bool all_near(std::span<const float> got, const std::vector<double>& want) {
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (!near(got[i], want[i])) {
      return false;
    }
  }
  return true;
}

// Batch normalisation of one channel, in double: y_n = gamma xhat_n (beta 0), for the checker's
// central differences and its slips.
std::vector<double> normalised(const std::vector<double>& x, double gamma) {
  const double n = static_cast<double>(x.size());
  double mean = 0;
  for (double v : x) {
    mean += v / n;
  }
  double variance = 0;
  for (double v : x) {
    variance += (v - mean) * (v - mean) / n;
  }
  std::vector<double> y;
  for (double v : x) {
    y.push_back(gamma * (v - mean) / std::sqrt(variance + 1e-5));
  }
  return y;
}

// The derivative of sum(dy .* f(x)) for each x_i by central differences in double.
template <class F>
std::vector<double> central_differences(std::vector<double> x, const std::vector<double>& dy, F f) {
  std::vector<double> d(x.size());
  const double h = 1e-6;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double kept = x[i];
    double up = 0;
    double down = 0;
    x[i] = kept + h;
    const std::vector<double> y_up = f(x);
    x[i] = kept - h;
    const std::vector<double> y_down = f(x);
    x[i] = kept;
    for (std::size_t j = 0; j < y_up.size(); ++j) {
      up += dy[j] * y_up[j];
      down += dy[j] * y_down[j];
    }
    d[i] = (up - down) / (2 * h);
  }
  return d;
}

}  // namespace

CheckResult check_batch_norm_backward(BatchNormBackwardFunction backward) {
  return guarded([&]() -> CheckResult {
    const std::vector<float> x = {0.5f, -1.2f, 2.0f, 0.3f, 1.1f, -0.4f};
    const std::vector<float> dy = {0.3f, -0.7f, 0.2f, 1.0f, -0.4f, 0.6f};
    const float gamma = 1.5f;
    std::vector<float> dx(x.size(), 99.0f);
    float dgamma = 99;
    float dbeta = 99;
    backward(x, dy, gamma, dx, dgamma, dbeta);
    const std::vector<double> xd(x.begin(), x.end());
    const std::vector<double> dyd(dy.begin(), dy.end());
    const std::vector<double> x_hat = normalised(xd, 1.0);
    double want_dbeta = 0;
    double want_dgamma = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      want_dbeta += dyd[i];
      want_dgamma += dyd[i] * x_hat[i];
    }
    if (!near(dbeta, want_dbeta)) {
      return failed("dbeta is " + number(dbeta) + "; Eq. (8.4) makes it the sum of dy, " +
                    number(want_dbeta));
    }
    if (!near(dgamma, want_dgamma)) {
      return failed("dgamma is " + number(dgamma) + "; Eq. (8.4) makes it the sum of dy xhat, " +
                    number(want_dgamma));
    }
    const std::vector<double> want = central_differences(
        xd, dyd, [gamma](const std::vector<double>& v) { return normalised(v, gamma); });
    if (all_near(dx, want)) {
      return passed("dx matches the central differences: both paths, through mu and sigma^2");
    }
    // The usual slips, worked out here: a path dropped from Eq. (8.7), or both (mu and sigma
    // treated as constants, evaluation mode's derivative).
    double mean = 0;
    for (double v : xd) {
      mean += v / 6;
    }
    double variance = 0;
    for (double v : xd) {
      variance += (v - mean) * (v - mean) / 6;
    }
    const double s = std::sqrt(variance + 1e-5);
    std::vector<double> no_mean;
    std::vector<double> no_variance;
    std::vector<double> constants;
    for (std::size_t i = 0; i < x.size(); ++i) {
      no_mean.push_back(gamma / (6 * s) * (6 * dyd[i] - x_hat[i] * want_dgamma));
      no_variance.push_back(gamma / (6 * s) * (6 * dyd[i] - want_dbeta));
      constants.push_back(gamma * dyd[i] / s);
    }
    std::string hint;
    if (all_near(dx, constants)) {
      hint =
          ": that is gamma dy / sigma, mu and sigma^2 treated as constants; in training both "
          "depend on every x of the batch (Eqs. 8.5, 8.6)";
    } else if (all_near(dx, no_mean)) {
      hint = ": the path through mu is missing, the - dbeta term of Eq. (8.7)";
    } else if (all_near(dx, no_variance)) {
      hint = ": the path through sigma^2 is missing, the - xhat dgamma term of Eq. (8.7)";
    }
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!near(dx[i], want[i])) {
        return failed("dx[" + std::to_string(i) + "] is " + number(dx[i]) +
                      "; the central difference says " + number(want[i]) + hint);
      }
    }
    return passed();
  });
}

CheckResult check_residual_backward(ResidualBackwardFunction backward) {
  return guarded([&]() -> CheckResult {
    const std::size_t n = 4;
    const std::vector<float> x = {0.8f, -0.5f, 0.3f, -1.1f};
    const std::vector<float> w = {0.2f,  -0.4f, 0.1f,  0.3f,   //
                                  0.5f,  0.1f,  -0.3f, 0.2f,   //
                                  -0.2f, 0.4f,  0.3f,  -0.5f,  //
                                  0.1f,  0.6f,  0.2f,  0.4f};
    const std::vector<float> dy = {1.0f, -0.5f, 0.7f, 0.4f};
    std::vector<float> dx(n, 99.0f);
    backward(x, w, dy, dx);
    const auto sums = [&](const std::vector<double>& v) {
      std::vector<double> s(n);
      for (std::size_t i = 0; i < n; ++i) {
        s[i] = v[i];
        for (std::size_t j = 0; j < n; ++j) {
          s[i] += w[i * n + j] * v[j];
        }
      }
      return s;
    };
    const std::vector<double> xd(x.begin(), x.end());
    const std::vector<double> dyd(dy.begin(), dy.end());
    const std::vector<double> want =
        central_differences(xd, dyd, [&](const std::vector<double>& v) {
          std::vector<double> y = sums(v);
          for (double& e : y) {
            e = std::max(e, 0.0);
          }
          return y;
        });
    if (all_near(dx, want)) {
      return passed("dx is the shortcut's dz plus the branch's dz W, Eq. (8.16)");
    }
    // The slips: the shortcut's term dropped, the ReLU's mask forgotten, or taken from x.
    const std::vector<double> s = sums(xd);
    std::vector<double> no_shortcut(n, 0.0);
    std::vector<double> no_mask(n, 0.0);
    std::vector<double> mask_of_x(n, 0.0);
    for (std::size_t j = 0; j < n; ++j) {
      no_mask[j] = dyd[j];
      mask_of_x[j] = x[j] > 0 ? dyd[j] : 0.0;
      for (std::size_t i = 0; i < n; ++i) {
        const double dz = s[i] > 0 ? dyd[i] : 0.0;
        no_shortcut[j] += dz * w[i * n + j];
        no_mask[j] += dyd[i] * w[i * n + j];
        mask_of_x[j] += (x[i] > 0 ? dyd[i] : 0.0) * w[i * n + j];
      }
    }
    std::string hint;
    if (all_near(dx, no_shortcut)) {
      hint = ": that is the branch's gradient alone; the shortcut hands dz down too";
    } else if (all_near(dx, no_mask)) {
      hint = ": the ReLU's mask is missing: dz = dy only where x + F(x) > 0";
    } else if (all_near(dx, mask_of_x)) {
      hint = ": the ReLU's mask must come from the sum x + F(x), not from x";
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (!near(dx[i], want[i])) {
        return failed("dx[" + std::to_string(i) + "] is " + number(dx[i]) +
                      "; the central difference says " + number(want[i]) + hint);
      }
    }
    return passed();
  });
}

CheckResult check_label_smoothing(LabelSmoothingFunction gradient) {
  return guarded([&]() -> CheckResult {
    const std::vector<float> p = {0.1f, 0.2f, 0.6f, 0.1f};
    const std::size_t label = 2;
    const float epsilon = 0.2f;
    std::vector<float> dz(p.size(), 99.0f);
    gradient(p, label, epsilon, dz);
    for (std::size_t k = 0; k < p.size(); ++k) {
      const double y = k == label ? 1.0 : 0.0;
      const double want = p[k] - ((1 - epsilon) * y + epsilon / 4.0);
      if (near(dz[k], want)) {
        continue;
      }
      std::string hint;
      if (near(dz[k], p[k] - y)) {
        hint =
            ": that is the one-hot gradient; the smoothed loss's target is "
            "(1 - epsilon) y + epsilon / K";
      } else if (near(dz[k], p[k] - (k == label ? 1 - epsilon : epsilon / 3.0))) {
        hint =
            ": epsilon / (K - 1) on the other classes is another smoothing; Eq. (8.19) spreads "
            "epsilon / K over all K, the right one included";
      } else if (near(dz[k], p[k] - (y + epsilon / 4.0))) {
        hint =
            ": the one-hot part must shrink to (1 - epsilon) y, or the target sums to more "
            "than 1";
      }
      return failed("dz[" + std::to_string(k) + "] is " + number(dz[k]) + "; expected " +
                    number(want) + hint);
    }
    return passed("dz = p minus the smoothed target, Eq. (8.20)");
  });
}

std::vector<Exercise> course_exercises() {
  return {
      {"0.1", "the i-k-j loop order", "chapters/exercises/ex0_1_gemm_ikj.cpp",
       "Start from gemm_naive's three loops and swap the inner two: for each A(i, p), add "
       "A(i, p) times row p of B to row i of C. C must start from zeros.",
       [] { return check_gemm_ikj(multiply_ikj); }},
      {"0.2", "a 4 x 4 register-blocked product", "chapters/exercises/ex0_2_gemm_4x4.cpp",
       "Loop over tiles of C; for each, keep float acc[4][4] = {} and run the whole k loop "
       "adding into it; write the tile at the end. Bound the tile by min(4, m - i0).",
       [] { return check_gemm_4x4(gemm_4x4); }},
      {"1.1", "the perceptron rule on AND, OR and XOR",
       "chapters/exercises/ex1_1_perceptron_rule.cpp",
       "z = w[0] + sum w[i+1] x[i]; y = 1 if z >= 0; each weight moves by lr (t - y) times its "
       "input, and the bias's input is 1.",
       [] { return check_perceptron_rule(perceptron_update); }},
      {"2.1", "tanh hidden units", "chapters/exercises/ex2_1_tanh.cpp",
       "tanh'(z) = 1 - tanh(z)^2, and you are given a = tanh(z): the chain rule multiplies da by "
       "it.",
       [] { return check_tanh(tanh_forward, tanh_backward); }},
      {"3.1", "ReLU hidden units", "chapters/exercises/ex3_1_relu.cpp",
       "max(0, z) has slope 1 where z > 0 and 0 where z < 0.",
       [] { return check_relu(relu_forward, relu_backward); }},
      {"3.2", "the gradient of L2 weight decay", "chapters/exercises/ex3_2_weight_decay.cpp",
       "Differentiate (lambda / 2) w^2 for one weight, and add rather than assign.",
       [] { return check_weight_decay(add_weight_decay_gradient); }},
      {"3.3", "a momentum step", "chapters/exercises/ex3_3_momentum.cpp",
       "Update v first, from its old value and dw; then move w by the new v.",
       [] { return check_momentum(momentum_step); }},
      {"3.5", "a whole backward pass", "chapters/exercises/ex3_5_backward.cpp",
       "Run the forward pass and keep a1 and a2. Then dz2 = a2 - y (3.8); dW2 = dz2 a1^T and db2 = "
       "dz2 (3.9); dz1 = (W2^T dz2) (.) a1 (1 - a1) (3.10, 3.11); dW1 = dz1 x^T, db1 = dz1.",
       [] { return check_backward_pass(backward_one_sample); }},
      {"4.1", "precision, recall and F1 from a confusion matrix",
       "chapters/exercises/ex4_1_precision_recall.cpp",
       "Precision of c: the diagonal entry over column c's sum. Recall: over row c's sum. F1 is "
       "their harmonic mean; guard every division by 0.",
       [] { return check_precision_recall(precision_recall_f1); }},
      {"4.2", "AUC from ranks, with ties", "chapters/exercises/ex4_2_auc_ties.cpp",
       "Sort by score and give a run of equal scores its mean rank; then U = (sum of the "
       "positives' ranks) - P (P + 1) / 2, and AUC = U / (P Q), Q the number of negatives.",
       [] { return check_auc_ties(auc_from_ranks); }},
      {"6.1", "an Adam step", "chapters/exercises/ex6_1_adam.cpp",
       "Update m and v from g first; then divide m by 1 - beta1^t and v by 1 - beta2^t (t is 1 on "
       "the first step) and move w by lr times the first over the square root of the second plus "
       "eps.",
       [] { return check_adam(adam_step); }},
      {"6.2", "dropout, forward and backward", "chapters/exercises/ex6_2_dropout.cpp",
       "Keep a unit when its draw is below q = 1 - rate; its mask entry is 1/q, a dropped one's "
       "0. Backward multiplies dy by the same mask.",
       [] { return check_dropout(dropout_forward, dropout_backward); }},
      {"6.3", "He's initialisation", "chapters/exercises/ex6_3_he_init.cpp",
       "The variance of U(-r, r) is r^2 / 3. Set it equal to 2 / n_in and solve for r.",
       [] { return check_he_init(he_uniform_limit); }},
      {"7.1", "im2col", "chapters/exercises/ex7_1_im2col.cpp",
       "Row y ow + x is the patch at (y, x). Fill it in the order of three nested loops ky, kx, c: "
       "entry (ky kernel + kx) channels + c takes image[((y + ky) width + x + kx) channels + c].",
       [] { return check_im2col(im2col_one_image); }},
      {"7.2", "the weight gradient of a convolution",
       "chapters/exercises/ex7_2_conv_weight_gradient.cpp",
       "Set dw to 0. For every output pixel (y, x) and filter f, add dz[y, x, f] times each pixel "
       "of the patch at (y, x) to the weight that met it: the same loops as the forward pass.",
       [] { return check_conv_weight_gradient(conv_weight_gradient); }},
      {"7.3", "max-pooling's backward pass", "chapters/exercises/ex7_3_max_pool_backward.cpp",
       "Set dx to 0. For each window and channel find the arg-max again (strictly larger replaces "
       "it, so a tie keeps the first), and add dy there.",
       [] { return check_max_pool_backward(max_pool_backward); }},
      {"8.1", "batch normalisation's backward pass",
       "chapters/exercises/ex8_1_batch_norm_backward.cpp",
       "Recompute mu, sigma^2 and xhat from x. dbeta = sum dy, dgamma = sum dy xhat; then "
       "dx = gamma / (N sigma) (N dy - dbeta - xhat dgamma), sigma = sqrt(sigma^2 + 1e-5).",
       [] { return check_batch_norm_backward(batch_norm_backward); }},
      {"8.2", "a residual block's backward pass", "chapters/exercises/ex8_2_residual_backward.cpp",
       "Form the sum s = x + W x again; dz = dy where s > 0, else 0. The branch hands down dz W "
       "(the dense layer's dX); the shortcut hands down dz itself. Add them.",
       [] { return check_residual_backward(residual_backward); }},
      {"8.3", "label smoothing's gradient", "chapters/exercises/ex8_3_label_smoothing.cpp",
       "The target is (1 - epsilon) on the label plus epsilon / K on every class, the label "
       "included; dz = p - target.",
       [] { return check_label_smoothing(label_smoothing_gradient); }},
      {"9.1", "ReLU and max-pooling in one backward pass",
       "chapters/exercises/ex9_1_relu_max_pool_backward.cpp",
       "Exercise 7.3's pass, with one more test: find each window's arg-max from x as in 7.3, then "
       "give it dy only if x there is above 0 (the ReLU's slope); every other pixel gets 0.",
       [] { return check_relu_max_pool_backward(relu_max_pool_backward); }},
  };
}

void PrintTo(const Exercise& exercise, std::ostream* out) {
  *out << exercise.id << " " << exercise.title;
}

std::string exercise_test_name(const Exercise& exercise) {
  std::string name = "ex" + exercise.id;
  name[3] = '_';  // "ex2.1" -> "ex2_1"
  return name;
}

}  // namespace nn::exercises

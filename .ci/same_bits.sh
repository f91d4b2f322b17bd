#!/usr/bin/env bash
# Same bits on every machine: chapter 2 built three ways (for this CPU, for x86-64-v3 = AVX2 with
# 16 vector registers, and for 64-bit Arm, run under qemu-user), plus the clang++/libc++ build whose
# kernels are plain loops, each trains one epoch at a learning rate high enough to amplify any
# rounding difference. The saved models must be byte for byte the same.
# Builds (or brings up to date) the four builds of ch2_sigmoid_mse it compares, and nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
for preset in release libcxx; do
  cmake --preset $preset </dev/null >/dev/null
  cmake --build --preset $preset --target ch2_sigmoid_mse
done
cmake --preset x86-64-v3 </dev/null >/dev/null
cmake --build --preset x86-64-v3
cmake --preset aarch64 </dev/null >/dev/null
cmake --build --preset aarch64

out=$(mktemp -d)
train() {  # train NAME COMMAND...: one epoch, the model saved as $out/NAME.model
  local name=$1
  shift
  "$@" --loss bce --lr 0.5 --epochs 1 --save "$out/$name.model" </dev/null | grep -E '^ +1 ' |
    sed "s/^/$name: /"
}
train native build/release/chapters/ch2_sigmoid_mse
train x86-64-v3 build/x86-64-v3/chapters/ch2_sigmoid_mse
train libcxx build/libcxx/chapters/ch2_sigmoid_mse
QEMU_LD_PREFIX=/usr/aarch64-linux-gnu train aarch64 qemu-aarch64 build/aarch64/chapters/ch2_sigmoid_mse
for name in x86-64-v3 libcxx aarch64; do
  cmp "$out/native.model" "$out/$name.model" ||
    { echo "the $name build trained different weights from the native build" >&2; exit 1; }
done
echo "the four builds trained byte-identical models ($(stat -c %s "$out/native.model") bytes)"
rm -rf "$out"

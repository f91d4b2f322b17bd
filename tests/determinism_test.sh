#!/usr/bin/env bash
# The determinism promise, end to end: chapter 3 trained twice with the same seed, on one GEMM
# thread and on two, prints the same numbers (the time column aside).
# Usage: determinism_test.sh CHAPTERS_DIR DATA_DIR [TRAIN_SIZE]. A TRAIN_SIZE above 0 trains on
# the first TRAIN_SIZE images only and measures the first 1,000 test images (the sanitizer builds'
# small data). Exits 77 (skipped) when MNIST is absent.
set -u
chapters=$1
data=$2
train_size=${3:-0}
test_size=0
[ "$train_size" -gt 0 ] && test_size=1000
[ -f "$data/train-images-idx3-ubyte" ] || { echo "MNIST not in $data; run data/fetch_mnist.sh"; exit 77; }
run() {
  "$chapters/ch3_deep_softmax" --data "$data" --layers 784-64-10 --epochs 2 --batch 100 --lr 0.1 \
    --seed 7 --threads "$1" --train-size "$train_size" --test-size "$test_size" </dev/null |
    grep -E '^ +[0-9]+  |gradient check passed|before training' | sed -E 's/ +[0-9.]+ s$//'
}
one=$(run 1)
two=$(run 2)
again=$(run 2)
[ -n "$one" ] || { echo "FAIL: chapter 3 printed no epoch lines"; exit 1; }
echo "$one"
[ "$one" = "$two" ] || { echo "FAIL: 1 and 2 threads differ:"; diff <(echo "$one") <(echo "$two"); exit 1; }
[ "$two" = "$again" ] || { echo "FAIL: two runs differ"; diff <(echo "$two") <(echo "$again"); exit 1; }
echo "same numbers with 1 thread, 2 threads, and 2 threads again"

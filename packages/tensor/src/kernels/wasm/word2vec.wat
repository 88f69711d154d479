;; Fused word2vec updates (skip-gram and CBOW, negative sampling and hierarchical softmax) in
;; WASM SIMD128, the twins of the JS loops in ops/word2vec.ts. The weight tables live in this
;; module's (shared) memory, so every worker thread instantiates the module on the same Memory
;; and updates the tables in place, Hogwild, with no copy per call. Pointers are byte offsets; `dim` counts floats and is
;; a multiple of 4 (word2vec.ts falls back to JS otherwise). Index arrays are int32.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; e = exp(x) for x <= 0 in float64: x = n ln2 + r, |r| <= ln2 / 2, a degree-7 Taylor polynomial
  ;; for e^r (relative error < 6e-9, below float32 rounding) times 2^n built from the exponent bits.
  ;; NOTE: x is clamped at -80: e^-80 is below every float32 weight's rounding, and 2^n stays normal.
  ;; Snippets rather than functions: V8 does not inline wasm calls (build-wasm.js pastes them).
  ;; @define expNonPositive
    (local.set $x (f64.max (local.get $x) (f64.const -80)))
    (local.set $n (f64.nearest (f64.mul (local.get $x) (f64.const 1.4426950408889634))))
    (local.set $r (f64.sub (f64.sub (local.get $x) (f64.mul (local.get $n) (f64.const 0.6931471803691238)))
      (f64.mul (local.get $n) (f64.const 1.9082149292705877e-10))))
    (local.set $e (f64.mul (f64.add (f64.const 1.0) (f64.mul (local.get $r) (f64.add (f64.const 1.0) (f64.mul (local.get $r) (f64.add (f64.const 0.5) (f64.mul (local.get $r) (f64.add (f64.const 0.16666666666666666) (f64.mul (local.get $r) (f64.add (f64.const 0.041666666666666664) (f64.mul (local.get $r) (f64.add (f64.const 0.008333333333333333) (f64.mul (local.get $r) (f64.add (f64.const 0.001388888888888889) (f64.mul (local.get $r) (f64.const 0.0001984126984126984)))))))))))))))
      (f64.reinterpret_i64 (i64.shl (i64.add (i64.trunc_f64_s (local.get $n)) (i64.const 1023)) (i64.const 52)))))
  ;; @end

  ;; lg = log(1 + e) for 0 < e <= 1: 2 atanh(s) with s = e / (2 + e) <= 1/3, series to s^11 (relative error < 1e-7).
  ;; @define log1pUnit
    (local.set $s (f64.div (local.get $e) (f64.add (f64.const 2) (local.get $e))))
    (local.set $z (f64.mul (local.get $s) (local.get $s)))
    (local.set $lg (f64.mul (f64.mul (f64.const 2) (local.get $s)) (f64.add (f64.const 1.0) (f64.mul (local.get $z) (f64.add (f64.const 0.3333333333333333) (f64.mul (local.get $z) (f64.add (f64.const 0.2) (f64.mul (local.get $z) (f64.add (f64.const 0.14285714285714285) (f64.mul (local.get $z) (f64.add (f64.const 0.1111111111111111) (f64.mul (local.get $z) (f64.const 0.09090909090909091)))))))))))))
  ;; @end

  ;; Zeroes `bytes` bytes (a multiple of 16) at `p`.
  (func $zero (param $p i32) (param $bytes i32)
    (local $d i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $d) (local.get $bytes)))
        (v128.store (i32.add (local.get $p) (local.get $d)) (v128.const i32x4 0 0 0 0))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (br $next))))

  ;; dst[0 .. bytes) += src[0 .. bytes), float32.
  (func $addTo (param $dst i32) (param $src i32) (param $bytes i32)
    (local $d i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $d) (local.get $bytes)))
        (v128.store (i32.add (local.get $dst) (local.get $d))
          (f32x4.add (v128.load (i32.add (local.get $dst) (local.get $d))) (v128.load (i32.add (local.get $src) (local.get $d)))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (br $next))))

  ;; h . o over `bytes` bytes: two accumulators over 8 floats per turn halve the add-latency
  ;; chain; then a 4-float tail.
  (func $dot (param $h i32) (param $o i32) (param $bytes i32) (result f64)
    (local $d i32) (local $acc0 v128) (local $acc1 v128)
    (block $pairs
      (loop $pair
        (br_if $pairs (i32.gt_u (i32.add (local.get $d) (i32.const 32)) (local.get $bytes)))
        (local.set $acc0 (f32x4.add (local.get $acc0)
          (f32x4.mul (v128.load (i32.add (local.get $h) (local.get $d))) (v128.load (i32.add (local.get $o) (local.get $d))))))
        (local.set $acc1 (f32x4.add (local.get $acc1)
          (f32x4.mul (v128.load offset=16 (i32.add (local.get $h) (local.get $d))) (v128.load offset=16 (i32.add (local.get $o) (local.get $d))))))
        (local.set $d (i32.add (local.get $d) (i32.const 32)))
        (br $pair)))
    (if (i32.lt_u (local.get $d) (local.get $bytes))
      (then
        (local.set $acc0 (f32x4.add (local.get $acc0)
          (f32x4.mul (v128.load (i32.add (local.get $h) (local.get $d))) (v128.load (i32.add (local.get $o) (local.get $d))))))))
    (local.set $acc0 (f32x4.add (local.get $acc0) (local.get $acc1)))
    (f64.promote_f32 (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $acc0)) (f32x4.extract_lane 1 (local.get $acc0)))
      (f32.add (f32x4.extract_lane 2 (local.get $acc0)) (f32x4.extract_lane 3 (local.get $acc0))))))

  ;; The logistic gradient of score f with label 1 or 0: stores g = (label - sigmoid f) lr as a
  ;; float32 at gAt and returns the loss softplus(-+f).
  ;; For |f| < 8 both come from the table word2vec.ts writes into the memory (its address is the
  ;; header's uint32 1): 1024 intervals, each a record [sigmoid, its step, softplus(-f), its step]
  ;; interpolated linearly (sigmoid within 3e-6, the loss within 8e-6), as word2vec.c's EXP_TABLE
  ;; but interpolated. Beyond, both are computed, and saturate smoothly as the exact functions do.
  ;; NOTE: softplus(f) = softplus(-f) + f, so one table serves both labels; sigmoid and the loss
  ;; share one exp(-|f|) on the exact path, so neither overflows nor takes log(0).
  (func $gradient (param $f f64) (param $label f64) (param $lr f64) (param $gAt i32) (result f64)
    (local $e f64) (local $sigma f64) (local $softplus f64) (local $t f64) (local $i i32) (local $record v128)
    (local $x f64) (local $n f64) (local $r f64) (local $s f64) (local $z f64) (local $lg f64)
    (if (f64.lt (f64.abs (local.get $f)) (f64.const 8))
      (then
        (local.set $t (f64.mul (f64.add (local.get $f) (f64.const 8)) (f64.const 64)))
        (local.set $i (i32.trunc_f64_s (local.get $t)))
        (local.set $t (f64.sub (local.get $t) (f64.convert_i32_s (local.get $i))))
        (local.set $record (v128.load (i32.add (i32.load (i32.const 4)) (i32.shl (local.get $i) (i32.const 4)))))
        (local.set $sigma (f64.add (f64.promote_f32 (f32x4.extract_lane 0 (local.get $record)))
          (f64.mul (local.get $t) (f64.promote_f32 (f32x4.extract_lane 1 (local.get $record))))))
        (local.set $softplus (f64.add (f64.promote_f32 (f32x4.extract_lane 2 (local.get $record)))
          (f64.mul (local.get $t) (f64.promote_f32 (f32x4.extract_lane 3 (local.get $record)))))))
      (else
        (local.set $x (f64.neg (f64.abs (local.get $f))))
        ;; @use expNonPositive
        (local.set $sigma (select
          (f64.div (f64.const 1) (f64.add (f64.const 1) (local.get $e)))
          (f64.div (local.get $e) (f64.add (f64.const 1) (local.get $e)))
          (f64.ge (local.get $f) (f64.const 0))))
        ;; @use log1pUnit
        (local.set $softplus (f64.add (local.get $lg) (f64.max (f64.neg (local.get $f)) (f64.const 0))))))
    (f32.store (local.get $gAt) (f32.demote_f64 (f64.mul (f64.sub (local.get $label) (local.get $sigma)) (local.get $lr))))
    (select (local.get $softplus) (f64.add (local.get $softplus) (local.get $f)) (f64.gt (local.get $label) (f64.const 0.5))))

  ;; err += g o (the old row), then o += g h.
  (func $update (param $h i32) (param $o i32) (param $err i32) (param $bytes i32) (param $g f32)
    (local $d i32) (local $w v128) (local $gv v128)
    (local.set $gv (f32x4.splat (local.get $g)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $d) (local.get $bytes)))
        (local.set $w (v128.load (i32.add (local.get $o) (local.get $d))))
        (v128.store (i32.add (local.get $err) (local.get $d))
          (f32x4.add (v128.load (i32.add (local.get $err) (local.get $d))) (f32x4.mul (local.get $gv) (local.get $w))))
        (v128.store (i32.add (local.get $o) (local.get $d))
          (f32x4.add (local.get $w) (f32x4.mul (local.get $gv) (v128.load (i32.add (local.get $h) (local.get $d))))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (br $next))))

  ;; h . a and h . b over `bytes` bytes, stored as float32 at `at` and `at` + 4: one pass loads h
  ;; once for both rows, and the two rows' loads overlap.
  (func $dot2 (param $h i32) (param $a i32) (param $b i32) (param $bytes i32) (param $at i32)
    (local $d i32) (local $x v128) (local $accA v128) (local $accB v128)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $d) (local.get $bytes)))
        (local.set $x (v128.load (i32.add (local.get $h) (local.get $d))))
        (local.set $accA (f32x4.add (local.get $accA) (f32x4.mul (local.get $x) (v128.load (i32.add (local.get $a) (local.get $d))))))
        (local.set $accB (f32x4.add (local.get $accB) (f32x4.mul (local.get $x) (v128.load (i32.add (local.get $b) (local.get $d))))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (br $next)))
    (f32.store (local.get $at) (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $accA)) (f32x4.extract_lane 1 (local.get $accA)))
      (f32.add (f32x4.extract_lane 2 (local.get $accA)) (f32x4.extract_lane 3 (local.get $accA)))))
    (f32.store offset=4 (local.get $at) (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $accB)) (f32x4.extract_lane 1 (local.get $accB)))
      (f32.add (f32x4.extract_lane 2 (local.get $accB)) (f32x4.extract_lane 3 (local.get $accB))))))

  ;; $update for two distinct rows a and b in one pass: err += ga a + gb b (the old rows, in that
  ;; order, as two $update calls add them), then a += ga h and b += gb h.
  (func $update2 (param $h i32) (param $a i32) (param $b i32) (param $err i32) (param $bytes i32) (param $ga f32) (param $gb f32)
    (local $d i32) (local $x v128) (local $wa v128) (local $wb v128) (local $gav v128) (local $gbv v128)
    (local.set $gav (f32x4.splat (local.get $ga)))
    (local.set $gbv (f32x4.splat (local.get $gb)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $d) (local.get $bytes)))
        (local.set $x (v128.load (i32.add (local.get $h) (local.get $d))))
        (local.set $wa (v128.load (i32.add (local.get $a) (local.get $d))))
        (local.set $wb (v128.load (i32.add (local.get $b) (local.get $d))))
        (v128.store (i32.add (local.get $err) (local.get $d))
          (f32x4.add (f32x4.add (v128.load (i32.add (local.get $err) (local.get $d))) (f32x4.mul (local.get $gav) (local.get $wa)))
            (f32x4.mul (local.get $gbv) (local.get $wb))))
        (v128.store (i32.add (local.get $a) (local.get $d)) (f32x4.add (local.get $wa) (f32x4.mul (local.get $gav) (local.get $x))))
        (v128.store (i32.add (local.get $b) (local.get $d)) (f32x4.add (local.get $wb) (f32x4.mul (local.get $gbv) (local.get $x))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (br $next))))

  ;; One example's logistic steps for hidden vector h (unchanged during the example): the target
  ;; row with label 1, then each of the k negatives that differs from the target with label 0;
  ;; the error goes to err. rows is (k + 1) * 8 bytes of scratch (row addresses, then gradients).
  ;; When the rows are distinct, no step reads a row another step writes, so every score is taken
  ;; first and every row moved after: the k + 1 dot products and sigmoids overlap in the CPU
  ;; instead of waiting on each other. A repeated row keeps the one-after-another order.
  (func $example (param $h i32) (param $err i32) (param $out i32) (param $bytes i32) (param $target i32)
    (param $negatives i32) (param $k i32) (param $lr f64) (param $rows i32) (result f64)
    (local $m i32) (local $j i32) (local $q i32) (local $row i32) (local $repeated i32) (local $gs i32) (local $loss f64)
    (i32.store (local.get $rows) (i32.add (local.get $out) (i32.mul (local.get $target) (local.get $bytes))))
    (local.set $m (i32.const 1))
    (block $gathered
      (loop $gather
        (br_if $gathered (i32.ge_u (local.get $j) (local.get $k)))
        (local.set $row (i32.load (i32.add (local.get $negatives) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $gather (i32.eq (local.get $row) (local.get $target)))
        (local.set $row (i32.add (local.get $out) (i32.mul (local.get $row) (local.get $bytes))))
        (local.set $q (i32.const 0))
        (loop $compare
          (if (i32.eq (i32.load (i32.add (local.get $rows) (i32.shl (local.get $q) (i32.const 2)))) (local.get $row))
            (then (local.set $repeated (i32.const 1))))
          (br_if $compare (i32.lt_u (local.tee $q (i32.add (local.get $q) (i32.const 1))) (local.get $m))))
        (i32.store (i32.add (local.get $rows) (i32.shl (local.get $m) (i32.const 2))) (local.get $row))
        (local.set $m (i32.add (local.get $m) (i32.const 1)))
        (br $gather)))
    (local.set $gs (i32.add (local.get $rows) (i32.shl (i32.add (local.get $k) (i32.const 1)) (i32.const 2))))
    (local.set $q (i32.const 0))
    (if (local.get $repeated)
      (then
        (loop $sequential
          (local.set $row (i32.load (i32.add (local.get $rows) (i32.shl (local.get $q) (i32.const 2)))))
          (local.set $loss (f64.add (local.get $loss)
            (call $gradient (call $dot (local.get $h) (local.get $row) (local.get $bytes))
              (f64.convert_i32_u (i32.eqz (local.get $q))) (local.get $lr) (local.get $gs))))
          (call $update (local.get $h) (local.get $row) (local.get $err) (local.get $bytes) (f32.load (local.get $gs)))
          (br_if $sequential (i32.lt_u (local.tee $q (i32.add (local.get $q) (i32.const 1))) (local.get $m)))))
      (else
        ;; Rows in pairs: one pass over h serves two rows, and their loads overlap.
        (loop $scores
          (local.set $row (i32.add (local.get $rows) (i32.shl (local.get $q) (i32.const 2))))
          (if (i32.lt_u (i32.add (local.get $q) (i32.const 1)) (local.get $m))
            (then
              (call $dot2 (local.get $h) (i32.load (local.get $row)) (i32.load offset=4 (local.get $row)) (local.get $bytes)
                (i32.add (local.get $gs) (i32.shl (local.get $q) (i32.const 2))))
              (local.set $q (i32.add (local.get $q) (i32.const 2))))
            (else
              (f32.store (i32.add (local.get $gs) (i32.shl (local.get $q) (i32.const 2)))
                (f32.demote_f64 (call $dot (local.get $h) (i32.load (local.get $row)) (local.get $bytes))))
              (local.set $q (i32.add (local.get $q) (i32.const 1)))))
          (br_if $scores (i32.lt_u (local.get $q) (local.get $m))))
        (local.set $q (i32.const 0))
        (loop $gradients
          (local.set $row (i32.add (local.get $gs) (i32.shl (local.get $q) (i32.const 2))))
          (local.set $loss (f64.add (local.get $loss)
            (call $gradient (f64.promote_f32 (f32.load (local.get $row))) (f64.convert_i32_u (i32.eqz (local.get $q))) (local.get $lr) (local.get $row))))
          (br_if $gradients (i32.lt_u (local.tee $q (i32.add (local.get $q) (i32.const 1))) (local.get $m))))
        (local.set $q (i32.const 0))
        (loop $moves
          (local.set $row (i32.add (local.get $rows) (i32.shl (local.get $q) (i32.const 2))))
          (if (i32.lt_u (i32.add (local.get $q) (i32.const 1)) (local.get $m))
            (then
              (call $update2 (local.get $h) (i32.load (local.get $row)) (i32.load offset=4 (local.get $row)) (local.get $err) (local.get $bytes)
                (f32.load (i32.add (local.get $gs) (i32.shl (local.get $q) (i32.const 2))))
                (f32.load offset=4 (i32.add (local.get $gs) (i32.shl (local.get $q) (i32.const 2)))))
              (local.set $q (i32.add (local.get $q) (i32.const 2))))
            (else
              (call $update (local.get $h) (i32.load (local.get $row)) (local.get $err) (local.get $bytes)
                (f32.load (i32.add (local.get $gs) (i32.shl (local.get $q) (i32.const 2)))))
              (local.set $q (i32.add (local.get $q) (i32.const 1)))))
          (br_if $moves (i32.lt_u (local.get $q) (local.get $m))))))
    (local.get $loss))

  ;; Hierarchical softmax along one word's Huffman path for hidden vector h: for p in [from, to),
  ;; a logistic step on inner node points[p] with label 1 - codes[p] (int32 arrays), the error
  ;; going to err; g is 4 bytes of scratch. The nodes of a path are distinct rows, so stepping
  ;; them one after another is the JS loop's order and result. Returns the summed loss.
  (func $path (param $h i32) (param $err i32) (param $out i32) (param $bytes i32) (param $points i32) (param $codes i32)
    (param $from i32) (param $to i32) (param $lr f64) (param $g i32) (result f64)
    (local $p i32) (local $row i32) (local $loss f64)
    (local.set $p (local.get $from))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $p) (local.get $to)))
        (local.set $row (i32.add (local.get $out)
          (i32.mul (i32.load (i32.add (local.get $points) (i32.shl (local.get $p) (i32.const 2)))) (local.get $bytes))))
        (local.set $loss (f64.add (local.get $loss)
          (call $gradient (call $dot (local.get $h) (local.get $row) (local.get $bytes))
            (f64.convert_i32_s (i32.sub (i32.const 1) (i32.load (i32.add (local.get $codes) (i32.shl (local.get $p) (i32.const 2))))))
            (local.get $lr) (local.get $g))))
        (call $update (local.get $h) (local.get $row) (local.get $err) (local.get $bytes) (f32.load (local.get $g)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $next)))
    (local.get $loss))

  ;; Skip-gram hierarchical softmax: example i moves input row inputs[i] along the path
  ;; points/codes[paths[i] .. paths[i + 1]) (the target word's, gathered by word2vec.ts). err is
  ;; dim floats of scratch, g 4 bytes. Returns the summed loss.
  (func (export "skipGramHs")
    (param $in i32) (param $out i32) (param $dim i32) (param $inputs i32) (param $paths i32) (param $points i32) (param $codes i32)
    (param $n i32) (param $lr f64) (param $err i32) (param $g i32) (result f64)
    (local $bytes i32) (local $i i32) (local $h i32) (local $loss f64)
    (local.set $bytes (i32.shl (local.get $dim) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $h (i32.add (local.get $in)
          (i32.mul (i32.load (i32.add (local.get $inputs) (i32.shl (local.get $i) (i32.const 2)))) (local.get $bytes))))
        (call $zero (local.get $err) (local.get $bytes))
        (local.set $loss (f64.add (local.get $loss)
          (call $path (local.get $h) (local.get $err) (local.get $out) (local.get $bytes) (local.get $points) (local.get $codes)
            (i32.load (i32.add (local.get $paths) (i32.shl (local.get $i) (i32.const 2))))
            (i32.load offset=4 (i32.add (local.get $paths) (i32.shl (local.get $i) (i32.const 2))))
            (local.get $lr) (local.get $g))))
        (call $addTo (local.get $h) (local.get $err) (local.get $bytes))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $loss))

  ;; Skip-gram: example i moves input row inputs[i] towards output row targets[i] and away from
  ;; the k rows negatives[i k ..], skipping a negative equal to its target. err is dim floats of
  ;; scratch, rows (k + 1) * 8 bytes. Returns the summed loss.
  (func (export "skipGram")
    (param $in i32) (param $out i32) (param $dim i32) (param $inputs i32) (param $targets i32) (param $negatives i32)
    (param $n i32) (param $k i32) (param $lr f64) (param $err i32) (param $rows i32) (result f64)
    (local $bytes i32) (local $i i32) (local $h i32) (local $loss f64)
    (local.set $bytes (i32.shl (local.get $dim) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $h (i32.add (local.get $in)
          (i32.mul (i32.load (i32.add (local.get $inputs) (i32.shl (local.get $i) (i32.const 2)))) (local.get $bytes))))
        (call $zero (local.get $err) (local.get $bytes))
        (local.set $loss (f64.add (local.get $loss)
          (call $example (local.get $h) (local.get $err) (local.get $out) (local.get $bytes)
            (i32.load (i32.add (local.get $targets) (i32.shl (local.get $i) (i32.const 2))))
            (i32.add (local.get $negatives) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 2)))
            (local.get $k) (local.get $lr) (local.get $rows))))
        (call $addTo (local.get $h) (local.get $err) (local.get $bytes))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $loss))

  ;; CBOW: example i averages (mean = 1) or sums the input rows contexts[offsets[i] .. offsets[i + 1]),
  ;; predicts targets[i] against k negatives, and adds the hidden vector's whole error to every
  ;; context row. work is 2 dim floats of scratch (hidden vector, error), rows (k + 1) * 8 bytes.
  ;; With hs = 1, hierarchical softmax along points/codes[paths[i] .. paths[i + 1]) (the target's
  ;; path) comes first, as in the JS loop. Returns the summed loss.
  (func (export "cbow")
    (param $in i32) (param $out i32) (param $dim i32) (param $contexts i32) (param $offsets i32) (param $targets i32) (param $negatives i32)
    (param $n i32) (param $k i32) (param $lr f64) (param $mean i32) (param $work i32) (param $rows i32)
    (param $hs i32) (param $paths i32) (param $points i32) (param $codes i32) (result f64)
    (local $bytes i32) (local $i i32) (local $c i32) (local $start i32) (local $end i32)
    (local $target i32) (local $err i32) (local $d i32) (local $scale v128) (local $loss f64)
    (local.set $bytes (i32.shl (local.get $dim) (i32.const 2)))
    (local.set $err (i32.add (local.get $work) (local.get $bytes)))
    (block $done
      (loop $example
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $start (i32.load (i32.add (local.get $offsets) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $end (i32.load offset=4 (i32.add (local.get $offsets) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $target (i32.load (i32.add (local.get $targets) (i32.shl (local.get $i) (i32.const 2)))))
        (if (i32.gt_s (local.get $end) (local.get $start))
          (then
            (call $zero (local.get $work) (i32.shl (local.get $bytes) (i32.const 1)))
            (local.set $c (local.get $start))
            (loop $sum
              (call $addTo (local.get $work)
                (i32.add (local.get $in) (i32.mul (i32.load (i32.add (local.get $contexts) (i32.shl (local.get $c) (i32.const 2)))) (local.get $bytes)))
                (local.get $bytes))
              (br_if $sum (i32.lt_s (local.tee $c (i32.add (local.get $c) (i32.const 1))) (local.get $end))))
            (if (local.get $mean)
              (then
                (local.set $scale (f32x4.splat (f32.div (f32.const 1) (f32.convert_i32_s (i32.sub (local.get $end) (local.get $start))))))
                (local.set $d (i32.const 0))
                (loop $scaleRow
                  (v128.store (i32.add (local.get $work) (local.get $d))
                    (f32x4.mul (v128.load (i32.add (local.get $work) (local.get $d))) (local.get $scale)))
                  (br_if $scaleRow (i32.lt_u (local.tee $d (i32.add (local.get $d) (i32.const 16))) (local.get $bytes))))))
            (if (local.get $hs)
              (then
                (local.set $loss (f64.add (local.get $loss)
                  (call $path (local.get $work) (local.get $err) (local.get $out) (local.get $bytes) (local.get $points) (local.get $codes)
                    (i32.load (i32.add (local.get $paths) (i32.shl (local.get $i) (i32.const 2))))
                    (i32.load offset=4 (i32.add (local.get $paths) (i32.shl (local.get $i) (i32.const 2))))
                    (local.get $lr) (local.get $rows))))))
            (if (i32.gt_u (local.get $k) (i32.const 0))
              (then
                (local.set $loss (f64.add (local.get $loss)
                  (call $example (local.get $work) (local.get $err) (local.get $out) (local.get $bytes) (local.get $target)
                    (i32.add (local.get $negatives) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 2)))
                    (local.get $k) (local.get $lr) (local.get $rows))))))
            (local.set $c (local.get $start))
            (loop $spread
              (call $addTo
                (i32.add (local.get $in) (i32.mul (i32.load (i32.add (local.get $contexts) (i32.shl (local.get $c) (i32.const 2)))) (local.get $bytes)))
                (local.get $err) (local.get $bytes))
              (br_if $spread (i32.lt_s (local.tee $c (i32.add (local.get $c) (i32.const 1))) (local.get $end))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $example)))
    (local.get $loss))
)

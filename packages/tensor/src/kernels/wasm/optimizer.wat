;; Fused optimizer updates over float32 for @dl's wasm backend (see optimizer.ts): the formulas of
;; kernels/cpu/optimizer.ts, four lanes at a time, each f32x4 operation rounding where the cpu
;; loop's Math.fround does, so both give the same bits. Pointers are byte offsets; n counts
;; floats; loops run on whole v128s and may touch up to 3 floats past n (scratch, never user data).
(module
  (import "env" "memory" (memory 1))

  ;; SGD. flags: 1 momentum buffer, 2 nesterov, 4 maximize, 8 first step (buffer = direction).
  (func (export "sgd") (param $p i32) (param $g i32) (param $buf i32) (param $n i32)
      (param $lr f32) (param $momentum f32) (param $keep f32) (param $decay f32) (param $flags i32)
    (local $i i32) (local $end i32) (local $d v128) (local $b v128) (local $w v128)
    (local $vlr v128) (local $vm v128) (local $vk v128) (local $vd v128)
    (local $hasBuf i32) (local $nesterov i32) (local $maximize i32) (local $first i32) (local $hasDecay i32)
    (local.set $vlr (f32x4.splat (local.get $lr)))
    (local.set $vm (f32x4.splat (local.get $momentum)))
    (local.set $vk (f32x4.splat (local.get $keep)))
    (local.set $vd (f32x4.splat (local.get $decay)))
    (local.set $hasBuf (i32.and (local.get $flags) (i32.const 1)))
    (local.set $nesterov (i32.and (local.get $flags) (i32.const 2)))
    (local.set $maximize (i32.and (local.get $flags) (i32.const 4)))
    (local.set $first (i32.and (local.get $flags) (i32.const 8)))
    (local.set $hasDecay (f32.ne (local.get $decay) (f32.const 0)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    ;; Plain SGD (no momentum, decay or maximize): the same arithmetic without the per-vector
    ;; branches, which made this loop 4-5x slower than its memory traffic.
    (if (i32.eqz (i32.or (i32.and (local.get $flags) (i32.const 5)) (local.get $hasDecay))) (then
      (block $plainDone (loop $plain
        (br_if $plainDone (i32.ge_u (local.get $i) (local.get $end)))
        (v128.store (i32.add (local.get $p) (local.get $i)) (f32x4.sub
          (v128.load (i32.add (local.get $p) (local.get $i)))
          (f32x4.mul (v128.load (i32.add (local.get $g) (local.get $i))) (local.get $vlr))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $plain)))
      (return)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $w (v128.load (i32.add (local.get $p) (local.get $i))))
      (local.set $d (v128.load (i32.add (local.get $g) (local.get $i))))
      (if (local.get $maximize) (then (local.set $d (f32x4.neg (local.get $d)))))
      (if (local.get $hasDecay) (then (local.set $d (f32x4.add (local.get $d) (f32x4.mul (local.get $w) (local.get $vd))))))
      (if (local.get $hasBuf) (then
        (if (local.get $first)
          (then (local.set $b (local.get $d)))
          (else (local.set $b (f32x4.add
            (f32x4.mul (v128.load (i32.add (local.get $buf) (local.get $i))) (local.get $vm))
            (f32x4.mul (local.get $d) (local.get $vk))))))
        (v128.store (i32.add (local.get $buf) (local.get $i)) (local.get $b))
        (if (local.get $nesterov)
          (then (local.set $d (f32x4.add (local.get $d) (f32x4.mul (local.get $b) (local.get $vm)))))
          (else (local.set $d (local.get $b))))))
      (v128.store (i32.add (local.get $p) (local.get $i)) (f32x4.sub (local.get $w) (f32x4.mul (local.get $d) (local.get $vlr))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l))))

  ;; Adam / AdamW. flags: 1 maximize, 2 amsgrad (vmax). scale = -lr / biasCorrection1,
  ;; correction2 = sqrt(biasCorrection2), decay = L2 term (0: none), shrink = AdamW's factor (1: none).
  (func (export "adam") (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $vmax i32) (param $n i32)
      (param $scale f32) (param $beta1 f32) (param $keep1 f32) (param $beta2 f32) (param $keep2 f32)
      (param $correction2 f32) (param $eps f32) (param $decay f32) (param $shrink f32) (param $flags i32)
    (local $i i32) (local $end i32) (local $x v128) (local $w v128) (local $mi v128) (local $vi v128)
    (local $vscale v128) (local $vb1 v128) (local $vk1 v128) (local $vb2 v128) (local $vk2 v128)
    (local $vc2 v128) (local $veps v128) (local $vdecay v128) (local $vshrink v128)
    (local $maximize i32) (local $amsgrad i32) (local $hasDecay i32) (local $hasShrink i32)
    (local.set $vscale (f32x4.splat (local.get $scale)))
    (local.set $vb1 (f32x4.splat (local.get $beta1)))
    (local.set $vk1 (f32x4.splat (local.get $keep1)))
    (local.set $vb2 (f32x4.splat (local.get $beta2)))
    (local.set $vk2 (f32x4.splat (local.get $keep2)))
    (local.set $vc2 (f32x4.splat (local.get $correction2)))
    (local.set $veps (f32x4.splat (local.get $eps)))
    (local.set $vdecay (f32x4.splat (local.get $decay)))
    (local.set $vshrink (f32x4.splat (local.get $shrink)))
    (local.set $maximize (i32.and (local.get $flags) (i32.const 1)))
    (local.set $amsgrad (i32.and (local.get $flags) (i32.const 2)))
    (local.set $hasDecay (f32.ne (local.get $decay) (f32.const 0)))
    (local.set $hasShrink (f32.ne (local.get $shrink) (f32.const 1)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $x (v128.load (i32.add (local.get $g) (local.get $i))))
      (if (local.get $maximize) (then (local.set $x (f32x4.neg (local.get $x)))))
      (local.set $w (v128.load (i32.add (local.get $p) (local.get $i))))
      (if (local.get $hasShrink) (then (local.set $w (f32x4.mul (local.get $w) (local.get $vshrink)))))
      (if (local.get $hasDecay) (then (local.set $x (f32x4.add (local.get $x) (f32x4.mul (local.get $w) (local.get $vdecay))))))
      (local.set $mi (f32x4.add (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $i))) (local.get $vb1)) (f32x4.mul (local.get $x) (local.get $vk1))))
      (local.set $vi (f32x4.add (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $i))) (local.get $vb2))
        (f32x4.mul (f32x4.mul (local.get $x) (local.get $vk2)) (local.get $x))))
      (v128.store (i32.add (local.get $m) (local.get $i)) (local.get $mi))
      (v128.store (i32.add (local.get $v) (local.get $i)) (local.get $vi))
      (if (local.get $amsgrad) (then
        (local.set $vi (f32x4.max (v128.load (i32.add (local.get $vmax) (local.get $i))) (local.get $vi)))
        (v128.store (i32.add (local.get $vmax) (local.get $i)) (local.get $vi))))
      (v128.store (i32.add (local.get $p) (local.get $i))
        (f32x4.add (local.get $w) (f32x4.div (f32x4.mul (local.get $mi) (local.get $vscale))
          (f32x4.add (f32x4.div (f32x4.sqrt (local.get $vi)) (local.get $vc2)) (local.get $veps)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l))))
)

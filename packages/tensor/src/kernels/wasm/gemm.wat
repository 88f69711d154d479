;; float32 GEMM for @dl's wasm backend, in the GotoBLAS/BLIS layout (see matmul.ts for the
;; blocking loops, which run in JS and call these functions once per block).
;; Pointers are byte offsets into linear memory; strides and sizes count elements.
;; Register tile MR x NR = 4 x 8: 8 f32x4 accumulators, 2 B vectors and 1 broadcast A value
;; (11 of the 15 xmm registers V8 allocates on x64), so nothing spills.
(module
  (import "env" "memory" (memory 1))

  ;; C[4x8 tile] (=|+=) Apanel @ Bpanel over depth k (k >= 1). Apanel holds 4 floats per step,
  ;; Bpanel 8; ldc is in bytes. acc = 0 stores, acc = 1 adds to what C holds.
  (func $ukernel (param $k i32) (param $a i32) (param $b i32) (param $c i32) (param $ldc i32) (param $acc i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $av v128)
    (loop $depth
      (local.set $b0 (v128.load (local.get $b)))
      (local.set $b1 (v128.load offset=16 (local.get $b)))
      (local.set $av (v128.load32_splat (local.get $a)))
      (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $av) (local.get $b0))))
      (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $av) (local.get $b1))))
      (local.set $av (v128.load32_splat offset=4 (local.get $a)))
      (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $av) (local.get $b0))))
      (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $av) (local.get $b1))))
      (local.set $av (v128.load32_splat offset=8 (local.get $a)))
      (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $av) (local.get $b0))))
      (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $av) (local.get $b1))))
      (local.set $av (v128.load32_splat offset=12 (local.get $a)))
      (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $av) (local.get $b0))))
      (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $av) (local.get $b1))))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $b (i32.add (local.get $b) (i32.const 32)))
      (br_if $depth (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
    (if (local.get $acc)
      (then
        (local.set $c00 (f32x4.add (local.get $c00) (v128.load (local.get $c))))
        (local.set $c01 (f32x4.add (local.get $c01) (v128.load offset=16 (local.get $c))))
        (local.set $c10 (f32x4.add (local.get $c10) (v128.load (i32.add (local.get $c) (local.get $ldc)))))
        (local.set $c11 (f32x4.add (local.get $c11) (v128.load offset=16 (i32.add (local.get $c) (local.get $ldc)))))
        (local.set $c20 (f32x4.add (local.get $c20) (v128.load (i32.add (local.get $c) (i32.shl (local.get $ldc) (i32.const 1))))))
        (local.set $c21 (f32x4.add (local.get $c21) (v128.load offset=16 (i32.add (local.get $c) (i32.shl (local.get $ldc) (i32.const 1))))))
        (local.set $c30 (f32x4.add (local.get $c30) (v128.load (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const 3))))))
        (local.set $c31 (f32x4.add (local.get $c31) (v128.load offset=16 (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const 3))))))))
    (v128.store (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c01))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (v128.store (local.get $c) (local.get $c10))
    (v128.store offset=16 (local.get $c) (local.get $c11))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (v128.store (local.get $c) (local.get $c20))
    (v128.store offset=16 (local.get $c) (local.get $c21))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (v128.store (local.get $c) (local.get $c30))
    (v128.store offset=16 (local.get $c) (local.get $c31)))

  ;; Runs the micro-kernel over every 4 x 8 tile of an mc x nc block of C (row length ldc
  ;; elements). Edge tiles are computed whole into `tile` (32 floats) and only their valid part
  ;; is stored or added. The B panel (kc x 8) is the outer loop so it stays in L1 while the
  ;; packed A block streams from L2.
  (func (export "gemmBlock") (param $mc i32) (param $nc i32) (param $kc i32) (param $pa i32) (param $pb i32)
    (param $c i32) (param $ldc i32) (param $acc i32) (param $tile i32)
    (local $jr i32) (local $ir i32) (local $rows i32) (local $cols i32) (local $ct i32)
    (local $r i32) (local $q i32) (local $src i32) (local $dst i32) (local $ldcb i32)
    (local.set $ldcb (i32.shl (local.get $ldc) (i32.const 2)))
    (block $doneJ (loop $loopJ
      (br_if $doneJ (i32.ge_u (local.get $jr) (local.get $nc)))
      (local.set $cols (select (i32.const 8) (i32.sub (local.get $nc) (local.get $jr))
        (i32.ge_u (i32.sub (local.get $nc) (local.get $jr)) (i32.const 8))))
      (local.set $ir (i32.const 0))
      (block $doneI (loop $loopI
        (br_if $doneI (i32.ge_u (local.get $ir) (local.get $mc)))
        (local.set $rows (select (i32.const 4) (i32.sub (local.get $mc) (local.get $ir))
          (i32.ge_u (i32.sub (local.get $mc) (local.get $ir)) (i32.const 4))))
        (local.set $ct (i32.add (local.get $c)
          (i32.shl (i32.add (i32.mul (local.get $ir) (local.get $ldc)) (local.get $jr)) (i32.const 2))))
        (if (i32.and (i32.eq (local.get $rows) (i32.const 4)) (i32.eq (local.get $cols) (i32.const 8)))
          (then
            (call $ukernel (local.get $kc)
              (i32.add (local.get $pa) (i32.shl (i32.mul (local.get $ir) (local.get $kc)) (i32.const 2)))
              (i32.add (local.get $pb) (i32.shl (i32.mul (local.get $jr) (local.get $kc)) (i32.const 2)))
              (local.get $ct) (local.get $ldcb) (local.get $acc)))
          (else
            (call $ukernel (local.get $kc)
              (i32.add (local.get $pa) (i32.shl (i32.mul (local.get $ir) (local.get $kc)) (i32.const 2)))
              (i32.add (local.get $pb) (i32.shl (i32.mul (local.get $jr) (local.get $kc)) (i32.const 2)))
              (local.get $tile) (i32.const 32) (i32.const 0))
            (local.set $r (i32.const 0))
            (loop $rowsLoop
              (local.set $q (i32.const 0))
              (loop $colsLoop
                (local.set $src (i32.add (local.get $tile) (i32.shl (i32.add (i32.shl (local.get $r) (i32.const 3)) (local.get $q)) (i32.const 2))))
                (local.set $dst (i32.add (local.get $ct) (i32.add (i32.mul (local.get $r) (local.get $ldcb)) (i32.shl (local.get $q) (i32.const 2)))))
                (f32.store (local.get $dst)
                  (select
                    (f32.add (f32.load (local.get $dst)) (f32.load (local.get $src)))
                    (f32.load (local.get $src))
                    (local.get $acc)))
                (br_if $colsLoop (i32.lt_u (local.tee $q (i32.add (local.get $q) (i32.const 1))) (local.get $cols))))
              (br_if $rowsLoop (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 1))) (local.get $rows))))))
        (local.set $ir (i32.add (local.get $ir) (i32.const 4)))
        (br $loopI)))
      (local.set $jr (i32.add (local.get $jr) (i32.const 8)))
      (br $loopJ))))

  ;; Packs rows 0..mc, columns 0..kc of A (element (i, p) at src + 4 * (i * rs + p * cs)) into
  ;; 4-row panels stored column after column: dst[panel + 4 * p + r]; rows past mc are zero.
  (func (export "packA") (param $src i32) (param $rs i32) (param $cs i32) (param $mc i32) (param $kc i32) (param $dst i32)
    (local $ir i32) (local $r i32) (local $p i32) (local $s i32) (local $d i32) (local $csb i32)
    (local.set $csb (i32.shl (local.get $cs) (i32.const 2)))
    (block $done (loop $panels
      (br_if $done (i32.ge_u (local.get $ir) (local.get $mc)))
      (if (i32.and (i32.eq (local.get $rs) (i32.const 1)) (i32.le_u (i32.add (local.get $ir) (i32.const 4)) (local.get $mc)))
        (then
          ;; Transposed A (columns contiguous): each step copies 4 adjacent rows at once.
          (local.set $s (i32.add (local.get $src) (i32.shl (local.get $ir) (i32.const 2))))
          (local.set $d (local.get $dst))
          (local.set $p (i32.const 0))
          (block $doneT (loop $stepT
            (br_if $doneT (i32.ge_u (local.get $p) (local.get $kc)))
            (v128.store (local.get $d) (v128.load (local.get $s)))
            (local.set $s (i32.add (local.get $s) (local.get $csb)))
            (local.set $d (i32.add (local.get $d) (i32.const 16)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $stepT))))
        (else
          (local.set $r (i32.const 0))
          (loop $rows
            (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2))))
            (local.set $p (i32.const 0))
            (if (i32.lt_u (i32.add (local.get $ir) (local.get $r)) (local.get $mc))
              (then
                (local.set $s (i32.add (local.get $src)
                  (i32.shl (i32.mul (i32.add (local.get $ir) (local.get $r)) (local.get $rs)) (i32.const 2))))
                (block $doneR (loop $stepR
                  (br_if $doneR (i32.ge_u (local.get $p) (local.get $kc)))
                  (f32.store (local.get $d) (f32.load (local.get $s)))
                  (local.set $s (i32.add (local.get $s) (local.get $csb)))
                  (local.set $d (i32.add (local.get $d) (i32.const 16)))
                  (local.set $p (i32.add (local.get $p) (i32.const 1)))
                  (br $stepR))))
              (else
                (block $doneZ (loop $stepZ
                  (br_if $doneZ (i32.ge_u (local.get $p) (local.get $kc)))
                  (f32.store (local.get $d) (f32.const 0))
                  (local.set $d (i32.add (local.get $d) (i32.const 16)))
                  (local.set $p (i32.add (local.get $p) (i32.const 1)))
                  (br $stepZ)))))
            (br_if $rows (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 1))) (i32.const 4))))))
      (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $kc) (i32.const 4))))
      (local.set $ir (i32.add (local.get $ir) (i32.const 4)))
      (br $panels))))

  ;; Packs rows 0..kc, columns 0..nc of B (element (p, j) at src + 4 * (p * rs + j * cs)) into
  ;; 8-column panels stored row after row: dst[panel + 8 * p + q]; columns past nc are zero.
  (func (export "packB") (param $src i32) (param $rs i32) (param $cs i32) (param $kc i32) (param $nc i32) (param $dst i32)
    (local $jr i32) (local $q i32) (local $p i32) (local $s i32) (local $d i32) (local $rsb i32) (local $csb i32)
    (local.set $rsb (i32.shl (local.get $rs) (i32.const 2)))
    (local.set $csb (i32.shl (local.get $cs) (i32.const 2)))
    (block $done (loop $panels
      (br_if $done (i32.ge_u (local.get $jr) (local.get $nc)))
      (if (i32.and (i32.eq (local.get $cs) (i32.const 1)) (i32.le_u (i32.add (local.get $jr) (i32.const 8)) (local.get $nc)))
        (then
          ;; Row-major B: each step copies 8 adjacent columns as two vectors.
          (local.set $s (i32.add (local.get $src) (i32.shl (local.get $jr) (i32.const 2))))
          (local.set $d (local.get $dst))
          (local.set $p (i32.const 0))
          (block $doneT (loop $stepT
            (br_if $doneT (i32.ge_u (local.get $p) (local.get $kc)))
            (v128.store (local.get $d) (v128.load (local.get $s)))
            (v128.store offset=16 (local.get $d) (v128.load offset=16 (local.get $s)))
            (local.set $s (i32.add (local.get $s) (local.get $rsb)))
            (local.set $d (i32.add (local.get $d) (i32.const 32)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $stepT))))
        (else
          (local.set $q (i32.const 0))
          (loop $cols
            (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $q) (i32.const 2))))
            (local.set $p (i32.const 0))
            (if (i32.lt_u (i32.add (local.get $jr) (local.get $q)) (local.get $nc))
              (then
                (local.set $s (i32.add (local.get $src)
                  (i32.mul (i32.add (local.get $jr) (local.get $q)) (local.get $csb))))
                (block $doneC (loop $stepC
                  (br_if $doneC (i32.ge_u (local.get $p) (local.get $kc)))
                  (f32.store (local.get $d) (f32.load (local.get $s)))
                  (local.set $s (i32.add (local.get $s) (local.get $rsb)))
                  (local.set $d (i32.add (local.get $d) (i32.const 32)))
                  (local.set $p (i32.add (local.get $p) (i32.const 1)))
                  (br $stepC))))
              (else
                (block $doneZ (loop $stepZ
                  (br_if $doneZ (i32.ge_u (local.get $p) (local.get $kc)))
                  (f32.store (local.get $d) (f32.const 0))
                  (local.set $d (i32.add (local.get $d) (i32.const 32)))
                  (local.set $p (i32.add (local.get $p) (i32.const 1)))
                  (br $stepZ)))))
            (br_if $cols (i32.lt_u (local.tee $q (i32.add (local.get $q) (i32.const 1))) (i32.const 8))))))
      (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $kc) (i32.const 5))))
      (local.set $jr (i32.add (local.get $jr) (i32.const 8)))
      (br $panels))))

  ;; The machine's SIMD128 ceiling for the bench: 12 independent chains of x = x * m + c
  ;; (one f32x4.mul and one f32x4.add each, 8 flops), repeated `n` times. Returns a lane so
  ;; the work cannot be optimised away.
  (func (export "peak") (param $n i32) (result f32)
    (local $m v128) (local $c v128)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128) (local $x4 v128) (local $x5 v128)
    (local $x6 v128) (local $x7 v128) (local $x8 v128) (local $x9 v128) (local $x10 v128) (local $x11 v128)
    (local.set $m (f32x4.splat (f32.const 0.999)))
    (local.set $c (f32x4.splat (f32.const 0.001)))
    (loop $l
      (local.set $x0 (f32x4.add (f32x4.mul (local.get $x0) (local.get $m)) (local.get $c)))
      (local.set $x1 (f32x4.add (f32x4.mul (local.get $x1) (local.get $m)) (local.get $c)))
      (local.set $x2 (f32x4.add (f32x4.mul (local.get $x2) (local.get $m)) (local.get $c)))
      (local.set $x3 (f32x4.add (f32x4.mul (local.get $x3) (local.get $m)) (local.get $c)))
      (local.set $x4 (f32x4.add (f32x4.mul (local.get $x4) (local.get $m)) (local.get $c)))
      (local.set $x5 (f32x4.add (f32x4.mul (local.get $x5) (local.get $m)) (local.get $c)))
      (local.set $x6 (f32x4.add (f32x4.mul (local.get $x6) (local.get $m)) (local.get $c)))
      (local.set $x7 (f32x4.add (f32x4.mul (local.get $x7) (local.get $m)) (local.get $c)))
      (local.set $x8 (f32x4.add (f32x4.mul (local.get $x8) (local.get $m)) (local.get $c)))
      (local.set $x9 (f32x4.add (f32x4.mul (local.get $x9) (local.get $m)) (local.get $c)))
      (local.set $x10 (f32x4.add (f32x4.mul (local.get $x10) (local.get $m)) (local.get $c)))
      (local.set $x11 (f32x4.add (f32x4.mul (local.get $x11) (local.get $m)) (local.get $c)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (f32x4.extract_lane 0
      (f32x4.add
        (f32x4.add (f32x4.add (f32x4.add (local.get $x0) (local.get $x1)) (f32x4.add (local.get $x2) (local.get $x3)))
                   (f32x4.add (f32x4.add (local.get $x4) (local.get $x5)) (f32x4.add (local.get $x6) (local.get $x7))))
        (f32x4.add (f32x4.add (local.get $x8) (local.get $x9)) (f32x4.add (local.get $x10) (local.get $x11))))))
)

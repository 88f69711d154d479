;; Element-wise kernels, reductions and softmax for @dl's wasm backend (see elementwise.ts).
;; Pointers are byte offsets; n counts floats. Loops work on whole v128s and may read and write up
;; to 3 floats past n: the JS side sizes its scratch regions to whole vectors, so those lanes are
;; scratch, never user data. exp and log are Cephes' float32 polynomials (about 1 ulp on their
;; reduced ranges); `;; @use` pastes a `;; @define` snippet (build-wasm.js), because V8 does not
;; inline wasm calls.
(module
  (import "env" "memory" (memory 1))

  ;; exp's and log's constants (see expConstants, logConstants; then exp's one-scaling range, see exp), written at instantiation into the first bytes of memory,
  ;; which runtime.ts keeps out of every scratch region (SCRATCH_START).
  (data (i32.const 0) "\00\00\d0\c2\00\00\b2\42\3b\aa\b8\3f\00\00\40\4b\00\80\31\3f\83\80\5e\b9\67\69\50\39\ce\43\b7\3a\08\89\08\3c\c1\a9\2a\3d\aa\aa\2a\3e\00\00\00\3f\00\00\80\3f\7f\00\00\00\00\00\80\00\00\00\00\4b\7e\00\00\00\17\00\00\00\ff\ff\7f\00\00\00\00\3f\f3\04\35\3f\00\00\80\3f\bb\21\90\3d\b8\d1\eb\bd\1a\25\ef\3d\4f\5d\fe\bd\bf\e9\11\3e\50\ae\2a\be\ac\ce\4c\3e\fc\ff\7f\be\aa\aa\aa\3e\83\80\5e\b9\00\00\00\3f\00\80\31\3f\00\00\80\ff\00\00\00\00\00\00\c0\7f\00\00\80\7f\9a\99\ae\c2\66\66\b1\42")

  ;; @define expConstants
  ;; exp's constants, loaded once before a loop from the table at address 0. NOTE: V8 folds a
  ;; v128.const (or a local set from one) into the loop and rebuilds it on every iteration, 3
  ;; instructions each; values loaded from memory stay in registers (or one stack slot) instead.
  (local.set $cLo (v128.load32_splat offset=0 (i32.const 0)))
  (local.set $cHi (v128.load32_splat offset=4 (i32.const 0)))
  (local.set $cLog2e (v128.load32_splat offset=8 (i32.const 0)))
  (local.set $cMagic (v128.load32_splat offset=12 (i32.const 0)))
  (local.set $cLn2Hi (v128.load32_splat offset=16 (i32.const 0)))
  (local.set $cLn2Lo (v128.load32_splat offset=20 (i32.const 0)))
  (local.set $cP0 (v128.load32_splat offset=24 (i32.const 0)))
  (local.set $cP1 (v128.load32_splat offset=28 (i32.const 0)))
  (local.set $cP2 (v128.load32_splat offset=32 (i32.const 0)))
  (local.set $cP3 (v128.load32_splat offset=36 (i32.const 0)))
  (local.set $cP4 (v128.load32_splat offset=40 (i32.const 0)))
  (local.set $cP5 (v128.load32_splat offset=44 (i32.const 0)))
  (local.set $cOne (v128.load32_splat offset=48 (i32.const 0)))
  (local.set $c127 (v128.load32_splat offset=52 (i32.const 0)))
  ;; @end

  ;; @define exp
  ;; $y = exp($x) per lane (needs expConstants). Inputs are clamped to [-104, 89] (exp is 0
  ;; below, Infinity above, in float32); x = k ln2 + r with |r| <= ln2/2, where adding 1.5 * 2^23
  ;; rounds k to an integer and leaves it in the low mantissa bits; 2^k is applied as two factors
  ;; 2^(k/2) so that results from the subnormals up to Infinity come out right. NaN stays NaN
  ;; (pmax/pmin return their first operand when a comparison is false).
  (local.set $t (f32x4.pmin (f32x4.pmax (local.get $x) (local.get $cLo)) (local.get $cHi)))
  (local.set $k (f32x4.add (f32x4.mul (local.get $t) (local.get $cLog2e)) (local.get $cMagic)))
  (local.set $e (i32x4.sub (local.get $k) (local.get $cMagic)))
  (local.set $k (f32x4.sub (local.get $k) (local.get $cMagic)))
  (local.set $r (f32x4.sub (f32x4.sub (local.get $t) (f32x4.mul (local.get $k) (local.get $cLn2Hi)))
    (f32x4.mul (local.get $k) (local.get $cLn2Lo))))
  (local.set $y (f32x4.add (f32x4.mul (local.get $cP0) (local.get $r)) (local.get $cP1)))
  (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $r)) (local.get $cP2)))
  (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $r)) (local.get $cP3)))
  (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $r)) (local.get $cP4)))
  (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $r)) (local.get $cP5)))
  (local.set $y (f32x4.add (f32x4.add (f32x4.mul (local.get $y) (f32x4.mul (local.get $r) (local.get $r))) (local.get $r)) (local.get $cOne)))
  (local.set $h (i32x4.shr_s (local.get $e) (i32.const 1)))
  (local.set $y (f32x4.mul (f32x4.mul (local.get $y)
      (i32x4.shl (i32x4.add (local.get $h) (local.get $c127)) (i32.const 23)))
    (i32x4.shl (i32x4.add (i32x4.sub (local.get $e) (local.get $h)) (local.get $c127)) (i32.const 23))))
  ;; @end

  ;; @define logConstants
  ;; log's constants, loaded once before a loop from the table after exp's (see expConstants).
  (local.set $l0 (v128.load32_splat offset=56 (i32.const 0)))
  (local.set $l1 (v128.load32_splat offset=60 (i32.const 0)))
  (local.set $l2 (v128.load32_splat offset=64 (i32.const 0)))
  (local.set $l3 (v128.load32_splat offset=68 (i32.const 0)))
  (local.set $l4 (v128.load32_splat offset=72 (i32.const 0)))
  (local.set $l5 (v128.load32_splat offset=76 (i32.const 0)))
  (local.set $l6 (v128.load32_splat offset=80 (i32.const 0)))
  (local.set $l7 (v128.load32_splat offset=84 (i32.const 0)))
  (local.set $l8 (v128.load32_splat offset=88 (i32.const 0)))
  (local.set $l9 (v128.load32_splat offset=92 (i32.const 0)))
  (local.set $l10 (v128.load32_splat offset=96 (i32.const 0)))
  (local.set $l11 (v128.load32_splat offset=100 (i32.const 0)))
  (local.set $l12 (v128.load32_splat offset=104 (i32.const 0)))
  (local.set $l13 (v128.load32_splat offset=108 (i32.const 0)))
  (local.set $l14 (v128.load32_splat offset=112 (i32.const 0)))
  (local.set $l15 (v128.load32_splat offset=116 (i32.const 0)))
  (local.set $l16 (v128.load32_splat offset=120 (i32.const 0)))
  (local.set $l17 (v128.load32_splat offset=124 (i32.const 0)))
  (local.set $l18 (v128.load32_splat offset=128 (i32.const 0)))
  (local.set $l19 (v128.load32_splat offset=132 (i32.const 0)))
  (local.set $l20 (v128.load32_splat offset=136 (i32.const 0)))
  (local.set $l21 (v128.load32_splat offset=140 (i32.const 0)))
  (local.set $l22 (v128.load32_splat offset=144 (i32.const 0)))
  (local.set $l23 (v128.load32_splat offset=148 (i32.const 0)))
  ;; @end

  ;; @define log
  ;; $y = log($x) per lane (needs logConstants): x = m 2^e with m in [sqrt(1/2), sqrt(2)), log(m) by Cephes' polynomial
  ;; in f = m - 1. Subnormals are scaled by 2^23 first; 0 gives -Infinity, negatives NaN,
  ;; Infinity and NaN themselves.
  (local.set $k (f32x4.lt (local.get $x) (local.get $l0)))
  (local.set $t (v128.bitselect (f32x4.mul (local.get $x) (local.get $l1)) (local.get $x) (local.get $k)))
  (local.set $e (i32x4.sub (i32x4.shr_u (local.get $t) (i32.const 23))
    (i32x4.add (local.get $l2) (v128.and (local.get $k) (local.get $l3)))))
  (local.set $t (v128.or (v128.and (local.get $t) (local.get $l4)) (local.get $l5)))
  (local.set $h (f32x4.lt (local.get $t) (local.get $l6)))
  (local.set $e (i32x4.add (local.get $e) (local.get $h)))
  (local.set $r (f32x4.add (f32x4.sub (local.get $t) (local.get $l7)) (v128.and (local.get $t) (local.get $h))))
  (local.set $t (f32x4.mul (local.get $r) (local.get $r)))
  (local.set $k (f32x4.convert_i32x4_s (local.get $e)))
  (local.set $y (f32x4.add (f32x4.mul (local.get $l8) (local.get $r)) (local.get $l9)))
  (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $r)) (local.get $l10)))
  (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $r)) (local.get $l11)))
  (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $r)) (local.get $l12)))
  (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $r)) (local.get $l13)))
  (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $r)) (local.get $l14)))
  (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $r)) (local.get $l15)))
  (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $r)) (local.get $l16)))
  (local.set $y (f32x4.mul (f32x4.mul (local.get $y) (local.get $r)) (local.get $t)))
  (local.set $y (f32x4.add (local.get $y) (f32x4.mul (local.get $k) (local.get $l17))))
  (local.set $y (f32x4.sub (local.get $y) (f32x4.mul (local.get $t) (local.get $l18))))
  (local.set $y (f32x4.add (f32x4.add (local.get $r) (local.get $y)) (f32x4.mul (local.get $k) (local.get $l19))))
  (local.set $y (v128.bitselect (local.get $l20) (local.get $y) (f32x4.eq (local.get $x) (local.get $l21))))
  (local.set $y (v128.bitselect (local.get $l22) (local.get $y) (f32x4.lt (local.get $x) (local.get $l21))))
  (local.set $y (v128.bitselect (local.get $x) (local.get $y)
    (v128.or (f32x4.ne (local.get $x) (local.get $x)) (f32x4.eq (local.get $x) (local.get $l23)))))
  ;; @end

  ;; -x
  (func (export "neg") (param $src i32) (param $dst i32) (param $n i32)
    (local $i i32) (local $end i32) (local $x v128) (local $y v128) (local $t v128) (local $k v128) (local $r v128) (local $h v128) (local $e v128) (local $z v128)
    (local $cLo v128) (local $cHi v128) (local $cLog2e v128) (local $cMagic v128) (local $cLn2Hi v128) (local $cLn2Lo v128) (local $cP0 v128) (local $cP1 v128) (local $cP2 v128) (local $cP3 v128) (local $cP4 v128) (local $cP5 v128) (local $cOne v128) (local $c127 v128)
    (local $l0 v128) (local $l1 v128) (local $l2 v128) (local $l3 v128) (local $l4 v128) (local $l5 v128) (local $l6 v128) (local $l7 v128) (local $l8 v128) (local $l9 v128) (local $l10 v128) (local $l11 v128) (local $l12 v128) (local $l13 v128) (local $l14 v128) (local $l15 v128) (local $l16 v128) (local $l17 v128) (local $l18 v128) (local $l19 v128) (local $l20 v128) (local $l21 v128) (local $l22 v128) (local $l23 v128)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $x (v128.load (i32.add (local.get $src) (local.get $i))))
      (local.set $y (f32x4.neg (local.get $x)))
      (v128.store (i32.add (local.get $dst) (local.get $i)) (local.get $y))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l))))

  ;; |x|
  (func (export "abs") (param $src i32) (param $dst i32) (param $n i32)
    (local $i i32) (local $end i32) (local $x v128) (local $y v128) (local $t v128) (local $k v128) (local $r v128) (local $h v128) (local $e v128) (local $z v128)
    (local $cLo v128) (local $cHi v128) (local $cLog2e v128) (local $cMagic v128) (local $cLn2Hi v128) (local $cLn2Lo v128) (local $cP0 v128) (local $cP1 v128) (local $cP2 v128) (local $cP3 v128) (local $cP4 v128) (local $cP5 v128) (local $cOne v128) (local $c127 v128)
    (local $l0 v128) (local $l1 v128) (local $l2 v128) (local $l3 v128) (local $l4 v128) (local $l5 v128) (local $l6 v128) (local $l7 v128) (local $l8 v128) (local $l9 v128) (local $l10 v128) (local $l11 v128) (local $l12 v128) (local $l13 v128) (local $l14 v128) (local $l15 v128) (local $l16 v128) (local $l17 v128) (local $l18 v128) (local $l19 v128) (local $l20 v128) (local $l21 v128) (local $l22 v128) (local $l23 v128)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $x (v128.load (i32.add (local.get $src) (local.get $i))))
      (local.set $y (f32x4.abs (local.get $x)))
      (v128.store (i32.add (local.get $dst) (local.get $i)) (local.get $y))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l))))

  ;; sqrt(x), correctly rounded
  (func (export "sqrt") (param $src i32) (param $dst i32) (param $n i32)
    (local $i i32) (local $end i32) (local $x v128) (local $y v128) (local $t v128) (local $k v128) (local $r v128) (local $h v128) (local $e v128) (local $z v128)
    (local $cLo v128) (local $cHi v128) (local $cLog2e v128) (local $cMagic v128) (local $cLn2Hi v128) (local $cLn2Lo v128) (local $cP0 v128) (local $cP1 v128) (local $cP2 v128) (local $cP3 v128) (local $cP4 v128) (local $cP5 v128) (local $cOne v128) (local $c127 v128)
    (local $l0 v128) (local $l1 v128) (local $l2 v128) (local $l3 v128) (local $l4 v128) (local $l5 v128) (local $l6 v128) (local $l7 v128) (local $l8 v128) (local $l9 v128) (local $l10 v128) (local $l11 v128) (local $l12 v128) (local $l13 v128) (local $l14 v128) (local $l15 v128) (local $l16 v128) (local $l17 v128) (local $l18 v128) (local $l19 v128) (local $l20 v128) (local $l21 v128) (local $l22 v128) (local $l23 v128)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $x (v128.load (i32.add (local.get $src) (local.get $i))))
      (local.set $y (f32x4.sqrt (local.get $x)))
      (v128.store (i32.add (local.get $dst) (local.get $i)) (local.get $y))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l))))

  ;; x * x
  (func (export "square") (param $src i32) (param $dst i32) (param $n i32)
    (local $i i32) (local $end i32) (local $x v128) (local $y v128) (local $t v128) (local $k v128) (local $r v128) (local $h v128) (local $e v128) (local $z v128)
    (local $cLo v128) (local $cHi v128) (local $cLog2e v128) (local $cMagic v128) (local $cLn2Hi v128) (local $cLn2Lo v128) (local $cP0 v128) (local $cP1 v128) (local $cP2 v128) (local $cP3 v128) (local $cP4 v128) (local $cP5 v128) (local $cOne v128) (local $c127 v128)
    (local $l0 v128) (local $l1 v128) (local $l2 v128) (local $l3 v128) (local $l4 v128) (local $l5 v128) (local $l6 v128) (local $l7 v128) (local $l8 v128) (local $l9 v128) (local $l10 v128) (local $l11 v128) (local $l12 v128) (local $l13 v128) (local $l14 v128) (local $l15 v128) (local $l16 v128) (local $l17 v128) (local $l18 v128) (local $l19 v128) (local $l20 v128) (local $l21 v128) (local $l22 v128) (local $l23 v128)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $x (v128.load (i32.add (local.get $src) (local.get $i))))
      (local.set $y (f32x4.mul (local.get $x) (local.get $x)))
      (v128.store (i32.add (local.get $dst) (local.get $i)) (local.get $y))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l))))

  ;; 1 / x, correctly rounded
  (func (export "reciprocal") (param $src i32) (param $dst i32) (param $n i32)
    (local $i i32) (local $end i32) (local $x v128) (local $y v128) (local $t v128) (local $k v128) (local $r v128) (local $h v128) (local $e v128) (local $z v128)
    (local $cLo v128) (local $cHi v128) (local $cLog2e v128) (local $cMagic v128) (local $cLn2Hi v128) (local $cLn2Lo v128) (local $cP0 v128) (local $cP1 v128) (local $cP2 v128) (local $cP3 v128) (local $cP4 v128) (local $cP5 v128) (local $cOne v128) (local $c127 v128)
    (local $l0 v128) (local $l1 v128) (local $l2 v128) (local $l3 v128) (local $l4 v128) (local $l5 v128) (local $l6 v128) (local $l7 v128) (local $l8 v128) (local $l9 v128) (local $l10 v128) (local $l11 v128) (local $l12 v128) (local $l13 v128) (local $l14 v128) (local $l15 v128) (local $l16 v128) (local $l17 v128) (local $l18 v128) (local $l19 v128) (local $l20 v128) (local $l21 v128) (local $l22 v128) (local $l23 v128)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $x (v128.load (i32.add (local.get $src) (local.get $i))))
      (local.set $y (f32x4.div (v128.const f32x4 1.0 1.0 1.0 1.0) (local.get $x)))
      (v128.store (i32.add (local.get $dst) (local.get $i)) (local.get $y))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l))))

  ;; floor(x)
  (func (export "floor") (param $src i32) (param $dst i32) (param $n i32)
    (local $i i32) (local $end i32) (local $x v128) (local $y v128) (local $t v128) (local $k v128) (local $r v128) (local $h v128) (local $e v128) (local $z v128)
    (local $cLo v128) (local $cHi v128) (local $cLog2e v128) (local $cMagic v128) (local $cLn2Hi v128) (local $cLn2Lo v128) (local $cP0 v128) (local $cP1 v128) (local $cP2 v128) (local $cP3 v128) (local $cP4 v128) (local $cP5 v128) (local $cOne v128) (local $c127 v128)
    (local $l0 v128) (local $l1 v128) (local $l2 v128) (local $l3 v128) (local $l4 v128) (local $l5 v128) (local $l6 v128) (local $l7 v128) (local $l8 v128) (local $l9 v128) (local $l10 v128) (local $l11 v128) (local $l12 v128) (local $l13 v128) (local $l14 v128) (local $l15 v128) (local $l16 v128) (local $l17 v128) (local $l18 v128) (local $l19 v128) (local $l20 v128) (local $l21 v128) (local $l22 v128) (local $l23 v128)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $x (v128.load (i32.add (local.get $src) (local.get $i))))
      (local.set $y (f32x4.floor (local.get $x)))
      (v128.store (i32.add (local.get $dst) (local.get $i)) (local.get $y))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l))))

  ;; ceil(x)
  (func (export "ceil") (param $src i32) (param $dst i32) (param $n i32)
    (local $i i32) (local $end i32) (local $x v128) (local $y v128) (local $t v128) (local $k v128) (local $r v128) (local $h v128) (local $e v128) (local $z v128)
    (local $cLo v128) (local $cHi v128) (local $cLog2e v128) (local $cMagic v128) (local $cLn2Hi v128) (local $cLn2Lo v128) (local $cP0 v128) (local $cP1 v128) (local $cP2 v128) (local $cP3 v128) (local $cP4 v128) (local $cP5 v128) (local $cOne v128) (local $c127 v128)
    (local $l0 v128) (local $l1 v128) (local $l2 v128) (local $l3 v128) (local $l4 v128) (local $l5 v128) (local $l6 v128) (local $l7 v128) (local $l8 v128) (local $l9 v128) (local $l10 v128) (local $l11 v128) (local $l12 v128) (local $l13 v128) (local $l14 v128) (local $l15 v128) (local $l16 v128) (local $l17 v128) (local $l18 v128) (local $l19 v128) (local $l20 v128) (local $l21 v128) (local $l22 v128) (local $l23 v128)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $x (v128.load (i32.add (local.get $src) (local.get $i))))
      (local.set $y (f32x4.ceil (local.get $x)))
      (v128.store (i32.add (local.get $dst) (local.get $i)) (local.get $y))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l))))

  ;; round half to even, as torch.round
  (func (export "round") (param $src i32) (param $dst i32) (param $n i32)
    (local $i i32) (local $end i32) (local $x v128) (local $y v128) (local $t v128) (local $k v128) (local $r v128) (local $h v128) (local $e v128) (local $z v128)
    (local $cLo v128) (local $cHi v128) (local $cLog2e v128) (local $cMagic v128) (local $cLn2Hi v128) (local $cLn2Lo v128) (local $cP0 v128) (local $cP1 v128) (local $cP2 v128) (local $cP3 v128) (local $cP4 v128) (local $cP5 v128) (local $cOne v128) (local $c127 v128)
    (local $l0 v128) (local $l1 v128) (local $l2 v128) (local $l3 v128) (local $l4 v128) (local $l5 v128) (local $l6 v128) (local $l7 v128) (local $l8 v128) (local $l9 v128) (local $l10 v128) (local $l11 v128) (local $l12 v128) (local $l13 v128) (local $l14 v128) (local $l15 v128) (local $l16 v128) (local $l17 v128) (local $l18 v128) (local $l19 v128) (local $l20 v128) (local $l21 v128) (local $l22 v128) (local $l23 v128)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $x (v128.load (i32.add (local.get $src) (local.get $i))))
      (local.set $y (f32x4.nearest (local.get $x)))
      (v128.store (i32.add (local.get $dst) (local.get $i)) (local.get $y))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l))))

  ;; max(x, 0); NaN fails x <= 0 and stays NaN, as torch.relu
  (func (export "relu") (param $src i32) (param $dst i32) (param $n i32)
    (local $i i32) (local $end i32) (local $x v128) (local $y v128) (local $t v128) (local $k v128) (local $r v128) (local $h v128) (local $e v128) (local $z v128)
    (local $cLo v128) (local $cHi v128) (local $cLog2e v128) (local $cMagic v128) (local $cLn2Hi v128) (local $cLn2Lo v128) (local $cP0 v128) (local $cP1 v128) (local $cP2 v128) (local $cP3 v128) (local $cP4 v128) (local $cP5 v128) (local $cOne v128) (local $c127 v128)
    (local $l0 v128) (local $l1 v128) (local $l2 v128) (local $l3 v128) (local $l4 v128) (local $l5 v128) (local $l6 v128) (local $l7 v128) (local $l8 v128) (local $l9 v128) (local $l10 v128) (local $l11 v128) (local $l12 v128) (local $l13 v128) (local $l14 v128) (local $l15 v128) (local $l16 v128) (local $l17 v128) (local $l18 v128) (local $l19 v128) (local $l20 v128) (local $l21 v128) (local $l22 v128) (local $l23 v128)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $x (v128.load (i32.add (local.get $src) (local.get $i))))
      (local.set $y (v128.andnot (local.get $x) (f32x4.le (local.get $x) (v128.const f32x4 0 0 0 0))))
      (v128.store (i32.add (local.get $dst) (local.get $i)) (local.get $y))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l))))

  ;; @define expQuad
  ;; $y0..$y3 = exp($x0..$x3) (needs expConstants, $fLo and $fHi). NOTE: where all 16 lanes lie
  ;; in [-87.3, 88.7] every result is a normal float, so 2^k joins it as one integer add to the
  ;; exponent field instead of exp's clamp and two scalings (the same bits: the tests compare the
  ;; two paths); four independent vectors keep the polynomial's latency hidden. A group with a
  ;; lane outside (large |x|, NaN) takes $expVec, vector by vector.
      (if (i32x4.all_true (v128.and
          (v128.and (v128.and (f32x4.ge (local.get $x0) (local.get $fLo)) (f32x4.le (local.get $x0) (local.get $fHi)))
            (v128.and (f32x4.ge (local.get $x1) (local.get $fLo)) (f32x4.le (local.get $x1) (local.get $fHi))))
          (v128.and (v128.and (f32x4.ge (local.get $x2) (local.get $fLo)) (f32x4.le (local.get $x2) (local.get $fHi)))
            (v128.and (f32x4.ge (local.get $x3) (local.get $fLo)) (f32x4.le (local.get $x3) (local.get $fHi))))))
        (then
        (local.set $k0 (f32x4.add (f32x4.mul (local.get $x0) (local.get $cLog2e)) (local.get $cMagic)))
        (local.set $e0 (i32x4.shl (i32x4.sub (local.get $k0) (local.get $cMagic)) (i32.const 23)))
        (local.set $k0 (f32x4.sub (local.get $k0) (local.get $cMagic)))
        (local.set $r0 (f32x4.sub (f32x4.sub (local.get $x0) (f32x4.mul (local.get $k0) (local.get $cLn2Hi)))
          (f32x4.mul (local.get $k0) (local.get $cLn2Lo))))
        (local.set $y0 (f32x4.add (f32x4.mul (local.get $cP0) (local.get $r0)) (local.get $cP1)))
        (local.set $y0 (f32x4.add (f32x4.mul (local.get $y0) (local.get $r0)) (local.get $cP2)))
        (local.set $y0 (f32x4.add (f32x4.mul (local.get $y0) (local.get $r0)) (local.get $cP3)))
        (local.set $y0 (f32x4.add (f32x4.mul (local.get $y0) (local.get $r0)) (local.get $cP4)))
        (local.set $y0 (f32x4.add (f32x4.mul (local.get $y0) (local.get $r0)) (local.get $cP5)))
        (local.set $y0 (f32x4.add (f32x4.add (f32x4.mul (local.get $y0) (f32x4.mul (local.get $r0) (local.get $r0))) (local.get $r0)) (local.get $cOne)))
        (local.set $y0 (i32x4.add (local.get $y0) (local.get $e0)))
        (local.set $k1 (f32x4.add (f32x4.mul (local.get $x1) (local.get $cLog2e)) (local.get $cMagic)))
        (local.set $e1 (i32x4.shl (i32x4.sub (local.get $k1) (local.get $cMagic)) (i32.const 23)))
        (local.set $k1 (f32x4.sub (local.get $k1) (local.get $cMagic)))
        (local.set $r1 (f32x4.sub (f32x4.sub (local.get $x1) (f32x4.mul (local.get $k1) (local.get $cLn2Hi)))
          (f32x4.mul (local.get $k1) (local.get $cLn2Lo))))
        (local.set $y1 (f32x4.add (f32x4.mul (local.get $cP0) (local.get $r1)) (local.get $cP1)))
        (local.set $y1 (f32x4.add (f32x4.mul (local.get $y1) (local.get $r1)) (local.get $cP2)))
        (local.set $y1 (f32x4.add (f32x4.mul (local.get $y1) (local.get $r1)) (local.get $cP3)))
        (local.set $y1 (f32x4.add (f32x4.mul (local.get $y1) (local.get $r1)) (local.get $cP4)))
        (local.set $y1 (f32x4.add (f32x4.mul (local.get $y1) (local.get $r1)) (local.get $cP5)))
        (local.set $y1 (f32x4.add (f32x4.add (f32x4.mul (local.get $y1) (f32x4.mul (local.get $r1) (local.get $r1))) (local.get $r1)) (local.get $cOne)))
        (local.set $y1 (i32x4.add (local.get $y1) (local.get $e1)))
        (local.set $k2 (f32x4.add (f32x4.mul (local.get $x2) (local.get $cLog2e)) (local.get $cMagic)))
        (local.set $e2 (i32x4.shl (i32x4.sub (local.get $k2) (local.get $cMagic)) (i32.const 23)))
        (local.set $k2 (f32x4.sub (local.get $k2) (local.get $cMagic)))
        (local.set $r2 (f32x4.sub (f32x4.sub (local.get $x2) (f32x4.mul (local.get $k2) (local.get $cLn2Hi)))
          (f32x4.mul (local.get $k2) (local.get $cLn2Lo))))
        (local.set $y2 (f32x4.add (f32x4.mul (local.get $cP0) (local.get $r2)) (local.get $cP1)))
        (local.set $y2 (f32x4.add (f32x4.mul (local.get $y2) (local.get $r2)) (local.get $cP2)))
        (local.set $y2 (f32x4.add (f32x4.mul (local.get $y2) (local.get $r2)) (local.get $cP3)))
        (local.set $y2 (f32x4.add (f32x4.mul (local.get $y2) (local.get $r2)) (local.get $cP4)))
        (local.set $y2 (f32x4.add (f32x4.mul (local.get $y2) (local.get $r2)) (local.get $cP5)))
        (local.set $y2 (f32x4.add (f32x4.add (f32x4.mul (local.get $y2) (f32x4.mul (local.get $r2) (local.get $r2))) (local.get $r2)) (local.get $cOne)))
        (local.set $y2 (i32x4.add (local.get $y2) (local.get $e2)))
        (local.set $k3 (f32x4.add (f32x4.mul (local.get $x3) (local.get $cLog2e)) (local.get $cMagic)))
        (local.set $e3 (i32x4.shl (i32x4.sub (local.get $k3) (local.get $cMagic)) (i32.const 23)))
        (local.set $k3 (f32x4.sub (local.get $k3) (local.get $cMagic)))
        (local.set $r3 (f32x4.sub (f32x4.sub (local.get $x3) (f32x4.mul (local.get $k3) (local.get $cLn2Hi)))
          (f32x4.mul (local.get $k3) (local.get $cLn2Lo))))
        (local.set $y3 (f32x4.add (f32x4.mul (local.get $cP0) (local.get $r3)) (local.get $cP1)))
        (local.set $y3 (f32x4.add (f32x4.mul (local.get $y3) (local.get $r3)) (local.get $cP2)))
        (local.set $y3 (f32x4.add (f32x4.mul (local.get $y3) (local.get $r3)) (local.get $cP3)))
        (local.set $y3 (f32x4.add (f32x4.mul (local.get $y3) (local.get $r3)) (local.get $cP4)))
        (local.set $y3 (f32x4.add (f32x4.mul (local.get $y3) (local.get $r3)) (local.get $cP5)))
        (local.set $y3 (f32x4.add (f32x4.add (f32x4.mul (local.get $y3) (f32x4.mul (local.get $r3) (local.get $r3))) (local.get $r3)) (local.get $cOne)))
        (local.set $y3 (i32x4.add (local.get $y3) (local.get $e3))))
        (else
          (local.set $y0 (call $expVec (local.get $x0)))
          (local.set $y1 (call $expVec (local.get $x1)))
          (local.set $y2 (call $expVec (local.get $x2)))
          (local.set $y3 (call $expVec (local.get $x3)))))
  ;; @end

  ;; exp of one vector by the clamping path (expQuad's groups with a lane outside its range).
  (func $expVec (param $x v128) (result v128)
    (local $y v128) (local $t v128) (local $k v128) (local $r v128) (local $h v128) (local $e v128)
    (local $cLo v128) (local $cHi v128) (local $cLog2e v128) (local $cMagic v128) (local $cLn2Hi v128) (local $cLn2Lo v128) (local $cP0 v128) (local $cP1 v128) (local $cP2 v128) (local $cP3 v128) (local $cP4 v128) (local $cP5 v128) (local $cOne v128) (local $c127 v128)
    ;; @use expConstants
    ;; @use exp
    (local.get $y))

  ;; exp(x), four vectors at a time (expQuad), the last few one by one
  (func (export "exp") (param $src i32) (param $dst i32) (param $n i32)
    (local $i i32) (local $end i32) (local $x v128) (local $y v128) (local $t v128) (local $k v128) (local $r v128) (local $h v128) (local $e v128) (local $z v128)
    (local $cLo v128) (local $cHi v128) (local $cLog2e v128) (local $cMagic v128) (local $cLn2Hi v128) (local $cLn2Lo v128) (local $cP0 v128) (local $cP1 v128) (local $cP2 v128) (local $cP3 v128) (local $cP4 v128) (local $cP5 v128) (local $cOne v128) (local $c127 v128)
    (local $fLo v128) (local $fHi v128) (local $quads i32)
    (local $x0 v128) (local $y0 v128) (local $k0 v128) (local $e0 v128) (local $r0 v128) (local $x1 v128) (local $y1 v128) (local $k1 v128) (local $e1 v128) (local $r1 v128) (local $x2 v128) (local $y2 v128) (local $k2 v128) (local $e2 v128) (local $r2 v128) (local $x3 v128) (local $y3 v128) (local $k3 v128) (local $e3 v128) (local $r3 v128) (local $z0 v128) (local $z1 v128) (local $z2 v128) (local $z3 v128)
    ;; @use expConstants
    (local.set $fLo (v128.load32_splat offset=152 (i32.const 0)))
    (local.set $fHi (v128.load32_splat offset=156 (i32.const 0)))
    (local.set $quads (i32.shl (i32.shr_u (local.get $n) (i32.const 4)) (i32.const 6)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $quads)))
      (local.set $x0 (v128.load (i32.add (local.get $src) (local.get $i))))
      (local.set $x1 (v128.load offset=16 (i32.add (local.get $src) (local.get $i))))
      (local.set $x2 (v128.load offset=32 (i32.add (local.get $src) (local.get $i))))
      (local.set $x3 (v128.load offset=48 (i32.add (local.get $src) (local.get $i))))
      ;; @use expQuad
      (v128.store (i32.add (local.get $dst) (local.get $i)) (local.get $y0))
      (v128.store offset=16 (i32.add (local.get $dst) (local.get $i)) (local.get $y1))
      (v128.store offset=32 (i32.add (local.get $dst) (local.get $i)) (local.get $y2))
      (v128.store offset=48 (i32.add (local.get $dst) (local.get $i)) (local.get $y3))
      (local.set $i (i32.add (local.get $i) (i32.const 64)))
      (br $l)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $tailDone (loop $tail
      (br_if $tailDone (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $x (v128.load (i32.add (local.get $src) (local.get $i))))
      ;; @use exp
      (v128.store (i32.add (local.get $dst) (local.get $i)) (local.get $y))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $tail))))

  ;; log(x)
  (func (export "log") (param $src i32) (param $dst i32) (param $n i32)
    (local $i i32) (local $end i32) (local $x v128) (local $y v128) (local $t v128) (local $k v128) (local $r v128) (local $h v128) (local $e v128) (local $z v128)
    (local $cLo v128) (local $cHi v128) (local $cLog2e v128) (local $cMagic v128) (local $cLn2Hi v128) (local $cLn2Lo v128) (local $cP0 v128) (local $cP1 v128) (local $cP2 v128) (local $cP3 v128) (local $cP4 v128) (local $cP5 v128) (local $cOne v128) (local $c127 v128)
    (local $l0 v128) (local $l1 v128) (local $l2 v128) (local $l3 v128) (local $l4 v128) (local $l5 v128) (local $l6 v128) (local $l7 v128) (local $l8 v128) (local $l9 v128) (local $l10 v128) (local $l11 v128) (local $l12 v128) (local $l13 v128) (local $l14 v128) (local $l15 v128) (local $l16 v128) (local $l17 v128) (local $l18 v128) (local $l19 v128) (local $l20 v128) (local $l21 v128) (local $l22 v128) (local $l23 v128)
    ;; @use logConstants
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $x (v128.load (i32.add (local.get $src) (local.get $i))))
      ;; @use log
      (v128.store (i32.add (local.get $dst) (local.get $i)) (local.get $y))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l))))


  ;; sigmoid(x) = 1 / (1 + exp(-x)), computed without overflow, four vectors at a time
  (func (export "sigmoid") (param $src i32) (param $dst i32) (param $n i32)
    (local $i i32) (local $end i32) (local $x v128) (local $y v128) (local $t v128) (local $k v128) (local $r v128) (local $h v128) (local $e v128) (local $z v128)
    (local $cLo v128) (local $cHi v128) (local $cLog2e v128) (local $cMagic v128) (local $cLn2Hi v128) (local $cLn2Lo v128) (local $cP0 v128) (local $cP1 v128) (local $cP2 v128) (local $cP3 v128) (local $cP4 v128) (local $cP5 v128) (local $cOne v128) (local $c127 v128)
    (local $fLo v128) (local $fHi v128) (local $quads i32)
    (local $x0 v128) (local $y0 v128) (local $k0 v128) (local $e0 v128) (local $r0 v128) (local $x1 v128) (local $y1 v128) (local $k1 v128) (local $e1 v128) (local $r1 v128) (local $x2 v128) (local $y2 v128) (local $k2 v128) (local $e2 v128) (local $r2 v128) (local $x3 v128) (local $y3 v128) (local $k3 v128) (local $e3 v128) (local $r3 v128) (local $z0 v128) (local $z1 v128) (local $z2 v128) (local $z3 v128)
    ;; @use expConstants
    (local.set $fLo (v128.load32_splat offset=152 (i32.const 0)))
    (local.set $fHi (v128.load32_splat offset=156 (i32.const 0)))
    (local.set $quads (i32.shl (i32.shr_u (local.get $n) (i32.const 4)) (i32.const 6)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $quads)))
      (local.set $z0 (v128.load (i32.add (local.get $src) (local.get $i))))
      (local.set $z1 (v128.load offset=16 (i32.add (local.get $src) (local.get $i))))
      (local.set $z2 (v128.load offset=32 (i32.add (local.get $src) (local.get $i))))
      (local.set $z3 (v128.load offset=48 (i32.add (local.get $src) (local.get $i))))
      ;; NOTE: e = exp(-|x|) never overflows; x < 0 takes e / (1 + e), so tiny results stay
      ;; subnormal instead of flushing to 0 (as 1 / (1 + exp(-x)) would past x = -88.7).
      (local.set $x0 (f32x4.neg (f32x4.abs (local.get $z0))))
      (local.set $x1 (f32x4.neg (f32x4.abs (local.get $z1))))
      (local.set $x2 (f32x4.neg (f32x4.abs (local.get $z2))))
      (local.set $x3 (f32x4.neg (f32x4.abs (local.get $z3))))
      ;; @use expQuad
      (local.set $y0 (f32x4.div
        (v128.bitselect (local.get $y0) (local.get $cOne) (f32x4.lt (local.get $z0) (v128.const f32x4 0 0 0 0)))
        (f32x4.add (local.get $cOne) (local.get $y0))))
      (local.set $y1 (f32x4.div
        (v128.bitselect (local.get $y1) (local.get $cOne) (f32x4.lt (local.get $z1) (v128.const f32x4 0 0 0 0)))
        (f32x4.add (local.get $cOne) (local.get $y1))))
      (local.set $y2 (f32x4.div
        (v128.bitselect (local.get $y2) (local.get $cOne) (f32x4.lt (local.get $z2) (v128.const f32x4 0 0 0 0)))
        (f32x4.add (local.get $cOne) (local.get $y2))))
      (local.set $y3 (f32x4.div
        (v128.bitselect (local.get $y3) (local.get $cOne) (f32x4.lt (local.get $z3) (v128.const f32x4 0 0 0 0)))
        (f32x4.add (local.get $cOne) (local.get $y3))))
      (v128.store (i32.add (local.get $dst) (local.get $i)) (local.get $y0))
      (v128.store offset=16 (i32.add (local.get $dst) (local.get $i)) (local.get $y1))
      (v128.store offset=32 (i32.add (local.get $dst) (local.get $i)) (local.get $y2))
      (v128.store offset=48 (i32.add (local.get $dst) (local.get $i)) (local.get $y3))
      (local.set $i (i32.add (local.get $i) (i32.const 64)))
      (br $l)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $tailDone (loop $tail
      (br_if $tailDone (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $x (v128.load (i32.add (local.get $src) (local.get $i))))
      (local.set $z (local.get $x))
      (local.set $x (f32x4.neg (f32x4.abs (local.get $z))))
      ;; @use exp
      (local.set $y (f32x4.div
        (v128.bitselect (local.get $y) (local.get $cOne) (f32x4.lt (local.get $z) (v128.const f32x4 0 0 0 0)))
        (f32x4.add (local.get $cOne) (local.get $y))))
      (v128.store (i32.add (local.get $dst) (local.get $i)) (local.get $y))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $tail))))

  ;; tanh(x) = sign(x) (1 - 2 / (exp(2|x|) + 1)), or a polynomial below |x| = 0.625; four vectors
  ;; at a time (expQuad), the last few one by one
  (func (export "tanh") (param $src i32) (param $dst i32) (param $n i32)
    (local $i i32) (local $end i32) (local $x v128) (local $y v128) (local $t v128) (local $k v128) (local $r v128) (local $h v128) (local $e v128) (local $z v128)
    (local $cLo v128) (local $cHi v128) (local $cLog2e v128) (local $cMagic v128) (local $cLn2Hi v128) (local $cLn2Lo v128) (local $cP0 v128) (local $cP1 v128) (local $cP2 v128) (local $cP3 v128) (local $cP4 v128) (local $cP5 v128) (local $cOne v128) (local $c127 v128)
    (local $fLo v128) (local $fHi v128) (local $quads i32)
    (local $x0 v128) (local $y0 v128) (local $k0 v128) (local $e0 v128) (local $r0 v128) (local $t0 v128) (local $z0 v128) (local $x1 v128) (local $y1 v128) (local $k1 v128) (local $e1 v128) (local $r1 v128) (local $t1 v128) (local $z1 v128) (local $x2 v128) (local $y2 v128) (local $k2 v128) (local $e2 v128) (local $r2 v128) (local $t2 v128) (local $z2 v128) (local $x3 v128) (local $y3 v128) (local $k3 v128) (local $e3 v128) (local $r3 v128) (local $t3 v128) (local $z3 v128)
    ;; @use expConstants
    (local.set $fLo (v128.load32_splat offset=152 (i32.const 0)))
    (local.set $fHi (v128.load32_splat offset=156 (i32.const 0)))
    (local.set $quads (i32.shl (i32.shr_u (local.get $n) (i32.const 4)) (i32.const 6)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $quads)))
      (local.set $z0 (v128.load (i32.add (local.get $src) (local.get $i))))
      (local.set $z1 (v128.load offset=16 (i32.add (local.get $src) (local.get $i))))
      (local.set $z2 (v128.load offset=32 (i32.add (local.get $src) (local.get $i))))
      (local.set $z3 (v128.load offset=48 (i32.add (local.get $src) (local.get $i))))
      ;; NOTE: 1 - 2 / (exp(2|x|) + 1) cancels for small |x|: there Cephes' odd polynomial is used;
      ;; tanh is odd, so x's sign is copied onto every result (tanh(-0) is -0, as Math.tanh).
      (local.set $x0 (f32x4.add (f32x4.abs (local.get $z0)) (f32x4.abs (local.get $z0))))
      (local.set $x1 (f32x4.add (f32x4.abs (local.get $z1)) (f32x4.abs (local.get $z1))))
      (local.set $x2 (f32x4.add (f32x4.abs (local.get $z2)) (f32x4.abs (local.get $z2))))
      (local.set $x3 (f32x4.add (f32x4.abs (local.get $z3)) (f32x4.abs (local.get $z3))))
      ;; @use expQuad
      (local.set $y0 (f32x4.sub (local.get $cOne) (f32x4.div (v128.const f32x4 2.0 2.0 2.0 2.0) (f32x4.add (local.get $y0) (local.get $cOne)))))
      (local.set $t0 (f32x4.mul (local.get $z0) (local.get $z0)))
      (local.set $r0 (f32x4.add (f32x4.mul (v128.const f32x4 -5.70498872745e-3 -5.70498872745e-3 -5.70498872745e-3 -5.70498872745e-3) (local.get $t0)) (v128.const f32x4 2.06390887954e-2 2.06390887954e-2 2.06390887954e-2 2.06390887954e-2)))
      (local.set $r0 (f32x4.add (f32x4.mul (local.get $r0) (local.get $t0)) (v128.const f32x4 -5.37397155531e-2 -5.37397155531e-2 -5.37397155531e-2 -5.37397155531e-2)))
      (local.set $r0 (f32x4.add (f32x4.mul (local.get $r0) (local.get $t0)) (v128.const f32x4 1.33314422036e-1 1.33314422036e-1 1.33314422036e-1 1.33314422036e-1)))
      (local.set $r0 (f32x4.add (f32x4.mul (local.get $r0) (local.get $t0)) (v128.const f32x4 -3.33332819422e-1 -3.33332819422e-1 -3.33332819422e-1 -3.33332819422e-1)))
      (local.set $r0 (f32x4.add (f32x4.mul (f32x4.mul (local.get $r0) (local.get $t0)) (local.get $z0)) (local.get $z0)))
      (local.set $y0 (v128.bitselect (local.get $r0) (local.get $y0) (f32x4.lt (f32x4.abs (local.get $z0)) (v128.const f32x4 0.625 0.625 0.625 0.625))))
      (local.set $y0 (v128.or (v128.and (local.get $y0) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff))
        (v128.and (local.get $z0) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))
      (local.set $y1 (f32x4.sub (local.get $cOne) (f32x4.div (v128.const f32x4 2.0 2.0 2.0 2.0) (f32x4.add (local.get $y1) (local.get $cOne)))))
      (local.set $t1 (f32x4.mul (local.get $z1) (local.get $z1)))
      (local.set $r1 (f32x4.add (f32x4.mul (v128.const f32x4 -5.70498872745e-3 -5.70498872745e-3 -5.70498872745e-3 -5.70498872745e-3) (local.get $t1)) (v128.const f32x4 2.06390887954e-2 2.06390887954e-2 2.06390887954e-2 2.06390887954e-2)))
      (local.set $r1 (f32x4.add (f32x4.mul (local.get $r1) (local.get $t1)) (v128.const f32x4 -5.37397155531e-2 -5.37397155531e-2 -5.37397155531e-2 -5.37397155531e-2)))
      (local.set $r1 (f32x4.add (f32x4.mul (local.get $r1) (local.get $t1)) (v128.const f32x4 1.33314422036e-1 1.33314422036e-1 1.33314422036e-1 1.33314422036e-1)))
      (local.set $r1 (f32x4.add (f32x4.mul (local.get $r1) (local.get $t1)) (v128.const f32x4 -3.33332819422e-1 -3.33332819422e-1 -3.33332819422e-1 -3.33332819422e-1)))
      (local.set $r1 (f32x4.add (f32x4.mul (f32x4.mul (local.get $r1) (local.get $t1)) (local.get $z1)) (local.get $z1)))
      (local.set $y1 (v128.bitselect (local.get $r1) (local.get $y1) (f32x4.lt (f32x4.abs (local.get $z1)) (v128.const f32x4 0.625 0.625 0.625 0.625))))
      (local.set $y1 (v128.or (v128.and (local.get $y1) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff))
        (v128.and (local.get $z1) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))
      (local.set $y2 (f32x4.sub (local.get $cOne) (f32x4.div (v128.const f32x4 2.0 2.0 2.0 2.0) (f32x4.add (local.get $y2) (local.get $cOne)))))
      (local.set $t2 (f32x4.mul (local.get $z2) (local.get $z2)))
      (local.set $r2 (f32x4.add (f32x4.mul (v128.const f32x4 -5.70498872745e-3 -5.70498872745e-3 -5.70498872745e-3 -5.70498872745e-3) (local.get $t2)) (v128.const f32x4 2.06390887954e-2 2.06390887954e-2 2.06390887954e-2 2.06390887954e-2)))
      (local.set $r2 (f32x4.add (f32x4.mul (local.get $r2) (local.get $t2)) (v128.const f32x4 -5.37397155531e-2 -5.37397155531e-2 -5.37397155531e-2 -5.37397155531e-2)))
      (local.set $r2 (f32x4.add (f32x4.mul (local.get $r2) (local.get $t2)) (v128.const f32x4 1.33314422036e-1 1.33314422036e-1 1.33314422036e-1 1.33314422036e-1)))
      (local.set $r2 (f32x4.add (f32x4.mul (local.get $r2) (local.get $t2)) (v128.const f32x4 -3.33332819422e-1 -3.33332819422e-1 -3.33332819422e-1 -3.33332819422e-1)))
      (local.set $r2 (f32x4.add (f32x4.mul (f32x4.mul (local.get $r2) (local.get $t2)) (local.get $z2)) (local.get $z2)))
      (local.set $y2 (v128.bitselect (local.get $r2) (local.get $y2) (f32x4.lt (f32x4.abs (local.get $z2)) (v128.const f32x4 0.625 0.625 0.625 0.625))))
      (local.set $y2 (v128.or (v128.and (local.get $y2) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff))
        (v128.and (local.get $z2) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))
      (local.set $y3 (f32x4.sub (local.get $cOne) (f32x4.div (v128.const f32x4 2.0 2.0 2.0 2.0) (f32x4.add (local.get $y3) (local.get $cOne)))))
      (local.set $t3 (f32x4.mul (local.get $z3) (local.get $z3)))
      (local.set $r3 (f32x4.add (f32x4.mul (v128.const f32x4 -5.70498872745e-3 -5.70498872745e-3 -5.70498872745e-3 -5.70498872745e-3) (local.get $t3)) (v128.const f32x4 2.06390887954e-2 2.06390887954e-2 2.06390887954e-2 2.06390887954e-2)))
      (local.set $r3 (f32x4.add (f32x4.mul (local.get $r3) (local.get $t3)) (v128.const f32x4 -5.37397155531e-2 -5.37397155531e-2 -5.37397155531e-2 -5.37397155531e-2)))
      (local.set $r3 (f32x4.add (f32x4.mul (local.get $r3) (local.get $t3)) (v128.const f32x4 1.33314422036e-1 1.33314422036e-1 1.33314422036e-1 1.33314422036e-1)))
      (local.set $r3 (f32x4.add (f32x4.mul (local.get $r3) (local.get $t3)) (v128.const f32x4 -3.33332819422e-1 -3.33332819422e-1 -3.33332819422e-1 -3.33332819422e-1)))
      (local.set $r3 (f32x4.add (f32x4.mul (f32x4.mul (local.get $r3) (local.get $t3)) (local.get $z3)) (local.get $z3)))
      (local.set $y3 (v128.bitselect (local.get $r3) (local.get $y3) (f32x4.lt (f32x4.abs (local.get $z3)) (v128.const f32x4 0.625 0.625 0.625 0.625))))
      (local.set $y3 (v128.or (v128.and (local.get $y3) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff))
        (v128.and (local.get $z3) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))
      (v128.store (i32.add (local.get $dst) (local.get $i)) (local.get $y0))
      (v128.store offset=16 (i32.add (local.get $dst) (local.get $i)) (local.get $y1))
      (v128.store offset=32 (i32.add (local.get $dst) (local.get $i)) (local.get $y2))
      (v128.store offset=48 (i32.add (local.get $dst) (local.get $i)) (local.get $y3))
      (local.set $i (i32.add (local.get $i) (i32.const 64)))
      (br $l)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $tailDone (loop $tail
      (br_if $tailDone (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $x (v128.load (i32.add (local.get $src) (local.get $i))))
      ;; NOTE: 1 - 2 / (exp(2|x|) + 1) cancels for small |x|: there Cephes' odd polynomial is used.
      (local.set $z (local.get $x))
      (local.set $x (f32x4.add (f32x4.abs (local.get $z)) (f32x4.abs (local.get $z))))
      ;; @use exp
      (local.set $y (f32x4.sub (v128.const f32x4 1.0 1.0 1.0 1.0) (f32x4.div (v128.const f32x4 2.0 2.0 2.0 2.0) (f32x4.add (local.get $y) (v128.const f32x4 1.0 1.0 1.0 1.0)))))
      (local.set $t (f32x4.mul (local.get $z) (local.get $z)))
      (local.set $r (f32x4.add (f32x4.mul (v128.const f32x4 -5.70498872745e-3 -5.70498872745e-3 -5.70498872745e-3 -5.70498872745e-3) (local.get $t)) (v128.const f32x4 2.06390887954e-2 2.06390887954e-2 2.06390887954e-2 2.06390887954e-2)))
      (local.set $r (f32x4.add (f32x4.mul (local.get $r) (local.get $t)) (v128.const f32x4 -5.37397155531e-2 -5.37397155531e-2 -5.37397155531e-2 -5.37397155531e-2)))
      (local.set $r (f32x4.add (f32x4.mul (local.get $r) (local.get $t)) (v128.const f32x4 1.33314422036e-1 1.33314422036e-1 1.33314422036e-1 1.33314422036e-1)))
      (local.set $r (f32x4.add (f32x4.mul (local.get $r) (local.get $t)) (v128.const f32x4 -3.33332819422e-1 -3.33332819422e-1 -3.33332819422e-1 -3.33332819422e-1)))
      (local.set $r (f32x4.add (f32x4.mul (f32x4.mul (local.get $r) (local.get $t)) (local.get $z)) (local.get $z)))
      (local.set $y (v128.bitselect (local.get $r) (local.get $y) (f32x4.lt (f32x4.abs (local.get $z)) (v128.const f32x4 0.625 0.625 0.625 0.625))))
      ;; tanh is odd: copy x's sign onto every result, so tanh(-0) is -0 as Math.tanh gives.
      (local.set $y (v128.or (v128.and (local.get $y) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff))
        (v128.and (local.get $z) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))
      (v128.store (i32.add (local.get $dst) (local.get $i)) (local.get $y))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $tail))))

  ;; a + b
  (func (export "add") (param $a i32) (param $b i32) (param $dst i32) (param $n i32)
    (local $i i32) (local $end i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (v128.store (i32.add (local.get $dst) (local.get $i))
        (f32x4.add (v128.load (i32.add (local.get $a) (local.get $i))) (v128.load (i32.add (local.get $b) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l))))

  ;; a - b
  (func (export "sub") (param $a i32) (param $b i32) (param $dst i32) (param $n i32)
    (local $i i32) (local $end i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (v128.store (i32.add (local.get $dst) (local.get $i))
        (f32x4.sub (v128.load (i32.add (local.get $a) (local.get $i))) (v128.load (i32.add (local.get $b) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l))))

  ;; a * b
  (func (export "mul") (param $a i32) (param $b i32) (param $dst i32) (param $n i32)
    (local $i i32) (local $end i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (v128.store (i32.add (local.get $dst) (local.get $i))
        (f32x4.mul (v128.load (i32.add (local.get $a) (local.get $i))) (v128.load (i32.add (local.get $b) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l))))

  ;; a / b
  (func (export "div") (param $a i32) (param $b i32) (param $dst i32) (param $n i32)
    (local $i i32) (local $end i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (v128.store (i32.add (local.get $dst) (local.get $i))
        (f32x4.div (v128.load (i32.add (local.get $a) (local.get $i))) (v128.load (i32.add (local.get $b) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l))))

  ;; max(a, b); NaN in either gives NaN, as torch.maximum
  (func (export "maximum") (param $a i32) (param $b i32) (param $dst i32) (param $n i32)
    (local $i i32) (local $end i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (v128.store (i32.add (local.get $dst) (local.get $i))
        (f32x4.max (v128.load (i32.add (local.get $a) (local.get $i))) (v128.load (i32.add (local.get $b) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l))))

  ;; min(a, b); NaN in either gives NaN, as torch.minimum
  (func (export "minimum") (param $a i32) (param $b i32) (param $dst i32) (param $n i32)
    (local $i i32) (local $end i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (v128.store (i32.add (local.get $dst) (local.get $i))
        (f32x4.min (v128.load (i32.add (local.get $a) (local.get $i))) (v128.load (i32.add (local.get $b) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l))))

  ;; relu's backward: dy where x > 0, else 0. The mask is x <= 0 (not x > 0) so a NaN x passes
  ;; dy through and a NaN dy where x <= 0 gives 0, as torch's threshold_backward.
  (func (export "reluBackward") (param $a i32) (param $b i32) (param $dst i32) (param $n i32)
    (local $i i32) (local $end i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (v128.store (i32.add (local.get $dst) (local.get $i))
        (v128.andnot (v128.load (i32.add (local.get $a) (local.get $i)))
          (f32x4.le (v128.load (i32.add (local.get $b) (local.get $i))) (v128.const f32x4 0 0 0 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l))))

  ;; leakyRelu: x where x >= 0, else x * slope (NaN fails the test and stays NaN in the product)
  (func (export "leakyRelu") (param $src i32) (param $dst i32) (param $n i32) (param $slope f32)
    (local $i i32) (local $end i32) (local $x v128) (local $s v128)
    (local.set $s (f32x4.splat (local.get $slope)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $x (v128.load (i32.add (local.get $src) (local.get $i))))
      (v128.store (i32.add (local.get $dst) (local.get $i))
        (v128.bitselect (local.get $x) (f32x4.mul (local.get $x) (local.get $s))
          (f32x4.ge (local.get $x) (v128.const f32x4 0 0 0 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l))))

  ;; leakyRelu's backward (dy, x): dy where x > 0, else dy * slope (x = 0 and NaN take the slope)
  (func (export "leakyReluBackward") (param $a i32) (param $b i32) (param $dst i32) (param $n i32) (param $slope f32)
    (local $i i32) (local $end i32) (local $dy v128) (local $s v128)
    (local.set $s (f32x4.splat (local.get $slope)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $dy (v128.load (i32.add (local.get $a) (local.get $i))))
      (v128.store (i32.add (local.get $dst) (local.get $i))
        (v128.bitselect (local.get $dy) (f32x4.mul (local.get $dy) (local.get $s))
          (f32x4.gt (v128.load (i32.add (local.get $b) (local.get $i))) (v128.const f32x4 0 0 0 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l))))

  ;; Sum of n floats (any alignment) in doubles: each f32x4 is widened to two f64x2. NOTE: eight
  ;; accumulators, four vectors per iteration, so the adds do not wait on each other's latency.
  (func (export "sum") (param $src i32) (param $n i32) (result f64)
    (local $i i32) (local $end i32) (local $v v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $s4 v128) (local $s5 v128) (local $s6 v128) (local $s7 v128) (local $s f64)
    (local.set $i (local.get $src))
    (local.set $end (i32.add (local.get $src) (i32.shl (i32.and (local.get $n) (i32.const -16)) (i32.const 2))))
    (block $quadsDone (loop $quads
      (br_if $quadsDone (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $v (v128.load (local.get $i)))
      (local.set $v1 (v128.load offset=16 (local.get $i)))
      (local.set $v2 (v128.load offset=32 (local.get $i)))
      (local.set $v3 (v128.load offset=48 (local.get $i)))
      (local.set $s0 (f64x2.add (local.get $s0) (f64x2.promote_low_f32x4 (local.get $v))))
      (local.set $s1 (f64x2.add (local.get $s1) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)))))
      (local.set $s2 (f64x2.add (local.get $s2) (f64x2.promote_low_f32x4 (local.get $v1))))
      (local.set $s3 (f64x2.add (local.get $s3) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v1) (local.get $v1)))))
      (local.set $s4 (f64x2.add (local.get $s4) (f64x2.promote_low_f32x4 (local.get $v2))))
      (local.set $s5 (f64x2.add (local.get $s5) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v2) (local.get $v2)))))
      (local.set $s6 (f64x2.add (local.get $s6) (f64x2.promote_low_f32x4 (local.get $v3))))
      (local.set $s7 (f64x2.add (local.get $s7) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v3) (local.get $v3)))))
      (local.set $i (i32.add (local.get $i) (i32.const 64)))
      (br $quads)))
    (local.set $end (i32.add (local.get $src) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $v (v128.load (local.get $i)))
      (local.set $s0 (f64x2.add (local.get $s0) (f64x2.promote_low_f32x4 (local.get $v))))
      (local.set $s1 (f64x2.add (local.get $s1)
        (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l)))
    (local.set $s0 (f64x2.add (f64x2.add (f64x2.add (local.get $s0) (local.get $s1)) (f64x2.add (local.get $s2) (local.get $s3)))
      (f64x2.add (f64x2.add (local.get $s4) (local.get $s5)) (f64x2.add (local.get $s6) (local.get $s7)))))
    (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 2))))
    (block $tailDone (loop $tail
      (br_if $tailDone (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $s (f64.add (local.get $s) (f64.promote_f32 (f32.load (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $tail)))
    (local.get $s))

  ;; Largest of n >= 1 floats; NaN wins, as torch.max
  (func $maxOf (export "max") (param $src i32) (param $n i32) (result f32)
    (local $i i32) (local $end i32) (local $m v128) (local $s f32)
    (local.set $m (v128.load32_splat (local.get $src)))
    (local.set $end (i32.add (local.get $src) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (local.set $i (local.get $src))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $m (f32x4.max (local.get $m) (v128.load (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l)))
    (local.set $s (f32.max (f32.max (f32x4.extract_lane 0 (local.get $m)) (f32x4.extract_lane 1 (local.get $m)))
      (f32.max (f32x4.extract_lane 2 (local.get $m)) (f32x4.extract_lane 3 (local.get $m)))))
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 2))))
    (block $tailDone (loop $tail
      (br_if $tailDone (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $s (f32.max (local.get $s) (f32.load (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $tail)))
    (local.get $s))

  ;; Smallest of n >= 1 floats; NaN wins, as torch.min
  (func (export "min") (param $src i32) (param $n i32) (result f32)
    (local $i i32) (local $end i32) (local $m v128) (local $s f32)
    (local.set $m (v128.load32_splat (local.get $src)))
    (local.set $end (i32.add (local.get $src) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (local.set $i (local.get $src))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $m (f32x4.min (local.get $m) (v128.load (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l)))
    (local.set $s (f32.min (f32.min (f32x4.extract_lane 0 (local.get $m)) (f32x4.extract_lane 1 (local.get $m)))
      (f32.min (f32x4.extract_lane 2 (local.get $m)) (f32x4.extract_lane 3 (local.get $m)))))
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 2))))
    (block $tailDone (loop $tail
      (br_if $tailDone (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $s (f32.min (local.get $s) (f32.load (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $tail)))
    (local.get $s))

  ;; Softmax (log = 0) or logSoftmax (log = 1) of one row of n >= 1 floats from src into dst.
  ;; Both rows may start anywhere; whole vectors cover floor(n / 4) * 4 floats and a splat of each
  ;; remaining float the rest, so nothing past the row is read or written.
  (func (export "softmaxRow") (param $src i32) (param $dst i32) (param $n i32) (param $log i32)
    (local $i i32) (local $end i32) (local $x v128) (local $y v128) (local $t v128) (local $k v128) (local $r v128) (local $h v128) (local $e v128) (local $z v128)
    (local $cLo v128) (local $cHi v128) (local $cLog2e v128) (local $cMagic v128) (local $cLn2Hi v128) (local $cLn2Lo v128) (local $cP0 v128) (local $cP1 v128) (local $cP2 v128) (local $cP3 v128) (local $cP4 v128) (local $cP5 v128) (local $cOne v128) (local $c127 v128)
    (local $l0 v128) (local $l1 v128) (local $l2 v128) (local $l3 v128) (local $l4 v128) (local $l5 v128) (local $l6 v128) (local $l7 v128) (local $l8 v128) (local $l9 v128) (local $l10 v128) (local $l11 v128) (local $l12 v128) (local $l13 v128) (local $l14 v128) (local $l15 v128) (local $l16 v128) (local $l17 v128) (local $l18 v128) (local $l19 v128) (local $l20 v128) (local $l21 v128) (local $l22 v128) (local $l23 v128) (local $vend i32) (local $m v128) (local $s v128) (local $sum f32) (local $mx f32)
    (local.set $mx (call $maxOf (local.get $src) (local.get $n)))
    (local.set $m (f32x4.splat (local.get $mx)))
    (local.set $vend (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    ;; @use expConstants
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    ;; Pass 1: exp(x - max) into dst (softmax) and its sum.
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $vend)))
      (local.set $x (f32x4.sub (v128.load (i32.add (local.get $src) (local.get $i))) (local.get $m)))
      ;; @use exp
      (local.set $s (f32x4.add (local.get $s) (local.get $y)))
      (if (i32.eqz (local.get $log)) (then (v128.store (i32.add (local.get $dst) (local.get $i)) (local.get $y))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l)))
    (local.set $sum (f32.add (f32.add (f32x4.extract_lane 0 (local.get $s)) (f32x4.extract_lane 1 (local.get $s)))
      (f32.add (f32x4.extract_lane 2 (local.get $s)) (f32x4.extract_lane 3 (local.get $s)))))
    (block $tailDone (loop $tail
      (br_if $tailDone (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $x (f32x4.sub (v128.load32_splat (i32.add (local.get $src) (local.get $i))) (local.get $m)))
      ;; @use exp
      (local.set $sum (f32.add (local.get $sum) (f32x4.extract_lane 0 (local.get $y))))
      (if (i32.eqz (local.get $log)) (then (f32.store (i32.add (local.get $dst) (local.get $i)) (f32x4.extract_lane 0 (local.get $y)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $tail)))
    ;; Pass 2: scale by 1 / sum, or subtract max + log(sum).
    (if (local.get $log)
      (then
        ;; @use logConstants
        (local.set $x (f32x4.splat (local.get $sum)))
        ;; @use log
        (local.set $s (local.get $y))
        (local.set $i (i32.const 0))
        (block $done2 (loop $l2
          (br_if $done2 (i32.ge_u (local.get $i) (local.get $vend)))
          (v128.store (i32.add (local.get $dst) (local.get $i))
            (f32x4.sub (f32x4.sub (v128.load (i32.add (local.get $src) (local.get $i))) (local.get $m)) (local.get $s)))
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br $l2)))
        (block $tail2Done (loop $tail2
          (br_if $tail2Done (i32.ge_u (local.get $i) (local.get $end)))
          (f32.store (i32.add (local.get $dst) (local.get $i))
            (f32.sub (f32.sub (f32.load (i32.add (local.get $src) (local.get $i))) (local.get $mx)) (f32x4.extract_lane 0 (local.get $s))))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br $tail2))))
      (else
        (local.set $s (f32x4.splat (f32.div (f32.const 1) (local.get $sum))))
        (local.set $i (i32.const 0))
        (block $done3 (loop $l3
          (br_if $done3 (i32.ge_u (local.get $i) (local.get $vend)))
          (v128.store (i32.add (local.get $dst) (local.get $i))
            (f32x4.mul (v128.load (i32.add (local.get $dst) (local.get $i))) (local.get $s)))
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br $l3)))
        (block $tail3Done (loop $tail3
          (br_if $tail3Done (i32.ge_u (local.get $i) (local.get $end)))
          (f32.store (i32.add (local.get $dst) (local.get $i))
            (f32.mul (f32.load (i32.add (local.get $dst) (local.get $i))) (f32x4.extract_lane 0 (local.get $s))))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br $tail3))))))

  ;; Lane kernels, for reductions and softmax along a dim that is not the last: `rows` consecutive
  ;; rows of `lanes` floats from src, combined lane by lane with an accumulator row. Rows are
  ;; walked in whole v128s, so a row's last vector may reach up to 3 floats into the next row (or
  ;; past the last one): those lanes meet the accumulators' and dst's padding, which the JS side
  ;; sizes to whole vectors. dst never aliases src: rows run in order, so a lane written past a
  ;; row's end is rewritten by the next row before anyone reads it.

  ;; acc[i] += src[r][i] in doubles (acc holds f64s)
  (func (export "sumLanes") (param $src i32) (param $acc i32) (param $lanes i32) (param $rows i32)
    (local $row i32) (local $i i32) (local $p i32) (local $bytes i32) (local $stop i32) (local $v v128)
    (local.set $bytes (i32.shl (local.get $lanes) (i32.const 2)))
    (local.set $stop (i32.add (local.get $src) (i32.mul (local.get $bytes) (local.get $rows))))
    (local.set $row (local.get $src))
    (block $rowsDone (loop $rowLoop
      (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $stop)))
      (local.set $i (i32.const 0))
      (local.set $p (local.get $acc))
      (block $done (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $v (v128.load (i32.add (local.get $row) (local.get $i))))
        (v128.store (local.get $p) (f64x2.add (v128.load (local.get $p)) (f64x2.promote_low_f32x4 (local.get $v))))
        (v128.store offset=16 (local.get $p) (f64x2.add (v128.load offset=16 (local.get $p))
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (local.set $p (i32.add (local.get $p) (i32.const 32)))
        (br $l)))
      (local.set $row (i32.add (local.get $row) (local.get $bytes)))
      (br $rowLoop))))

  ;; acc[i] *= src[r][i] in doubles (acc holds f64s)
  (func (export "prodLanes") (param $src i32) (param $acc i32) (param $lanes i32) (param $rows i32)
    (local $row i32) (local $i i32) (local $p i32) (local $bytes i32) (local $stop i32) (local $v v128)
    (local.set $bytes (i32.shl (local.get $lanes) (i32.const 2)))
    (local.set $stop (i32.add (local.get $src) (i32.mul (local.get $bytes) (local.get $rows))))
    (local.set $row (local.get $src))
    (block $rowsDone (loop $rowLoop
      (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $stop)))
      (local.set $i (i32.const 0))
      (local.set $p (local.get $acc))
      (block $done (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $v (v128.load (i32.add (local.get $row) (local.get $i))))
        (v128.store (local.get $p) (f64x2.mul (v128.load (local.get $p)) (f64x2.promote_low_f32x4 (local.get $v))))
        (v128.store offset=16 (local.get $p) (f64x2.mul (v128.load offset=16 (local.get $p))
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (local.set $p (i32.add (local.get $p) (i32.const 32)))
        (br $l)))
      (local.set $row (i32.add (local.get $row) (local.get $bytes)))
      (br $rowLoop))))

  ;; acc[i] = max(acc[i], src[r][i]) (acc holds f32s); NaN wins, as torch.max
  (func (export "maxLanes") (param $src i32) (param $acc i32) (param $lanes i32) (param $rows i32)
    (local $row i32) (local $i i32) (local $bytes i32) (local $stop i32)
    (local.set $bytes (i32.shl (local.get $lanes) (i32.const 2)))
    (local.set $stop (i32.add (local.get $src) (i32.mul (local.get $bytes) (local.get $rows))))
    (local.set $row (local.get $src))
    (block $rowsDone (loop $rowLoop
      (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $stop)))
      (local.set $i (i32.const 0))
      (block $done (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (v128.store (i32.add (local.get $acc) (local.get $i))
          (f32x4.max (v128.load (i32.add (local.get $acc) (local.get $i))) (v128.load (i32.add (local.get $row) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $l)))
      (local.set $row (i32.add (local.get $row) (local.get $bytes)))
      (br $rowLoop))))

  ;; acc[i] = min(acc[i], src[r][i]) (acc holds f32s); NaN wins, as torch.min
  (func (export "minLanes") (param $src i32) (param $acc i32) (param $lanes i32) (param $rows i32)
    (local $row i32) (local $i i32) (local $bytes i32) (local $stop i32)
    (local.set $bytes (i32.shl (local.get $lanes) (i32.const 2)))
    (local.set $stop (i32.add (local.get $src) (i32.mul (local.get $bytes) (local.get $rows))))
    (local.set $row (local.get $src))
    (block $rowsDone (loop $rowLoop
      (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $stop)))
      (local.set $i (i32.const 0))
      (block $done (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (v128.store (i32.add (local.get $acc) (local.get $i))
          (f32x4.min (v128.load (i32.add (local.get $acc) (local.get $i))) (v128.load (i32.add (local.get $row) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $l)))
      (local.set $row (i32.add (local.get $row) (local.get $bytes)))
      (br $rowLoop))))

  ;; dst[r][i] = exp(src[r][i] - max[i]) and sum[i] += it (max holds f32s, sum f64s, as a long
  ;; column or row summed in floats loses digits): softmax's middle pass
  (func (export "expSumLanes") (param $src i32) (param $dst i32) (param $max i32) (param $sum i32) (param $lanes i32) (param $rows i32)
    (local $i i32) (local $end i32) (local $x v128) (local $y v128) (local $t v128) (local $k v128) (local $r v128) (local $h v128) (local $e v128) (local $z v128)
    (local $cLo v128) (local $cHi v128) (local $cLog2e v128) (local $cMagic v128) (local $cLn2Hi v128) (local $cLn2Lo v128) (local $cP0 v128) (local $cP1 v128) (local $cP2 v128) (local $cP3 v128) (local $cP4 v128) (local $cP5 v128) (local $cOne v128) (local $c127 v128)
    (local $row i32) (local $out i32) (local $bytes i32) (local $stop i32) (local $p i32)
    ;; @use expConstants
    (local.set $bytes (i32.shl (local.get $lanes) (i32.const 2)))
    (local.set $stop (i32.add (local.get $src) (i32.mul (local.get $bytes) (local.get $rows))))
    (local.set $row (local.get $src))
    (local.set $out (local.get $dst))
    (block $rowsDone (loop $rowLoop
      (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $stop)))
      (local.set $i (i32.const 0))
      (local.set $p (local.get $sum))
      (block $done (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $x (f32x4.sub (v128.load (i32.add (local.get $row) (local.get $i))) (v128.load (i32.add (local.get $max) (local.get $i)))))
        ;; @use exp
        (v128.store (local.get $p) (f64x2.add (v128.load (local.get $p)) (f64x2.promote_low_f32x4 (local.get $y))))
        (v128.store offset=16 (local.get $p) (f64x2.add (v128.load offset=16 (local.get $p))
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $y) (local.get $y)))))
        (v128.store (i32.add (local.get $out) (local.get $i)) (local.get $y))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (local.set $p (i32.add (local.get $p) (i32.const 32)))
        (br $l)))
      (local.set $row (i32.add (local.get $row) (local.get $bytes)))
      (local.set $out (i32.add (local.get $out) (local.get $bytes)))
      (br $rowLoop))))

  ;; dst[r][i] = src[r][i] * scale[i]: softmax's last pass (scale = 1 / sum)
  (func (export "scaleLanes") (param $src i32) (param $dst i32) (param $scale i32) (param $lanes i32) (param $rows i32)
    (local $row i32) (local $out i32) (local $i i32) (local $bytes i32) (local $stop i32)
    (local.set $bytes (i32.shl (local.get $lanes) (i32.const 2)))
    (local.set $stop (i32.add (local.get $src) (i32.mul (local.get $bytes) (local.get $rows))))
    (local.set $row (local.get $src))
    (local.set $out (local.get $dst))
    (block $rowsDone (loop $rowLoop
      (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $stop)))
      (local.set $i (i32.const 0))
      (block $done (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (v128.store (i32.add (local.get $out) (local.get $i))
          (f32x4.mul (v128.load (i32.add (local.get $row) (local.get $i))) (v128.load (i32.add (local.get $scale) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $l)))
      (local.set $row (i32.add (local.get $row) (local.get $bytes)))
      (local.set $out (i32.add (local.get $out) (local.get $bytes)))
      (br $rowLoop))))

  ;; dst[r][i] = (src[r][i] - max[i]) - shift[i]: logSoftmax's last pass (shift = log(sum)), in
  ;; that order so that differences between logits stay exact
  (func (export "shiftLanes") (param $src i32) (param $dst i32) (param $max i32) (param $shift i32) (param $lanes i32) (param $rows i32)
    (local $row i32) (local $out i32) (local $i i32) (local $bytes i32) (local $stop i32)
    (local.set $bytes (i32.shl (local.get $lanes) (i32.const 2)))
    (local.set $stop (i32.add (local.get $src) (i32.mul (local.get $bytes) (local.get $rows))))
    (local.set $row (local.get $src))
    (local.set $out (local.get $dst))
    (block $rowsDone (loop $rowLoop
      (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $stop)))
      (local.set $i (i32.const 0))
      (block $done (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (v128.store (i32.add (local.get $out) (local.get $i))
          (f32x4.sub (f32x4.sub (v128.load (i32.add (local.get $row) (local.get $i))) (v128.load (i32.add (local.get $max) (local.get $i))))
            (v128.load (i32.add (local.get $shift) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $l)))
      (local.set $row (i32.add (local.get $row) (local.get $bytes)))
      (local.set $out (i32.add (local.get $out) (local.get $bytes)))
      (br $rowLoop))))
)

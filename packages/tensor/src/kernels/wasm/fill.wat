;; Fills of storage resident in linear memory (fill.ts). JS's TypedArray fill and set on arrays
;; over a SharedArrayBuffer go element by element (8x slower than on an ArrayBuffer, measured:
;; 57 µs against 7 µs for 800 KB), so resident storage is filled here. Pointers are byte offsets.
(module
  (import "env" "memory" (memory 1))

  ;; n bytes at dst set to the low byte of $value (bool storage, and zeros of any dtype).
  (func (export "fillBytes") (param $dst i32) (param $value i32) (param $n i32)
    (memory.fill (local.get $dst) (local.get $value) (local.get $n)))

  ;; n float32s at dst set to $value: whole v128s, then the rest one by one.
  (func (export "fillF32") (param $dst i32) (param $value f32) (param $n i32)
    (local $v v128) (local $end i32) (local $vectorEnd i32)
    (local.set $v (f32x4.splat (local.get $value)))
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $vectorEnd (i32.add (local.get $dst) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $vectors
        (br_if $done (i32.ge_u (local.get $dst) (local.get $vectorEnd)))
        (v128.store (local.get $dst) (local.get $v))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $vectors)))
    (block $done
      (loop $rest
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst) (local.get $value))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br $rest))))

  ;; n int32s at dst set to $value: whole v128s, then the rest one by one.
  (func (export "fillI32") (param $dst i32) (param $value i32) (param $n i32)
    (local $v v128) (local $end i32) (local $vectorEnd i32)
    (local.set $v (i32x4.splat (local.get $value)))
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $vectorEnd (i32.add (local.get $dst) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $vectors
        (br_if $done (i32.ge_u (local.get $dst) (local.get $vectorEnd)))
        (v128.store (local.get $dst) (local.get $v))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $vectors)))
    (block $done
      (loop $rest
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (i32.store (local.get $dst) (local.get $value))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br $rest))))

  ;; n float64s at dst set to $value: whole v128s (two lanes), then the last one if n is odd.
  (func (export "fillF64") (param $dst i32) (param $value f64) (param $n i32)
    (local $v v128) (local $end i32) (local $vectorEnd i32)
    (local.set $v (f64x2.splat (local.get $value)))
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $vectorEnd (i32.add (local.get $dst) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (block $done
      (loop $vectors
        (br_if $done (i32.ge_u (local.get $dst) (local.get $vectorEnd)))
        (v128.store (local.get $dst) (local.get $v))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $vectors)))
    (if (i32.lt_u (local.get $dst) (local.get $end))
      (then (f64.store (local.get $dst) (local.get $value))))))

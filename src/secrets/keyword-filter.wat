;; The secret engine's keyword pre-filter (src/secrets/keywords.ts): for each byte, its class, the rolling trigram
;; of the last three classes, and one bit test; the addresses where the bit is set go to the output.
;; Built into src/secrets/keyword-filter-wasm.ts by `node scripts/keyword-filter-wasm.mjs` (wabt); a test checks
;; that the embedded bytes are this file's.
(module
  (memory (export "memory") 1)
  ;; Memory: classes at [0, 256), the trigram bits from 256 (bit h & 7 of byte h >> 3), input and output (i32
  ;; addresses, each of the third byte of a trigram whose bit is set) where the caller says.
  (func (export "filter") (param $in i32) (param $n i32) (param $out i32) (param $shift i32) (param $mask i32) (param $tail i32) (result i32)
    (local $i i32) (local $end i32) (local $h i32) (local $o i32)
    (local.set $o (local.get $out))
    (local.set $i (local.get $in))
    (local.set $end (i32.add (local.get $in) (local.get $n)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $h (i32.and (i32.or (i32.shl (local.get $h) (local.get $shift))
                                       (i32.load8_u (i32.load8_u (local.get $i))))
                               (local.get $mask)))
        (if (i32.and (i32.load8_u offset=256 (i32.shr_u (local.get $h) (i32.const 3)))
                     (i32.shl (i32.const 1) (i32.and (local.get $h) (i32.const 7))))
          (then (i32.store (local.get $o) (local.get $i))
                (local.set $o (i32.add (local.get $o) (i32.const 4)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    ;; at the input's end, two virtual class-0 bytes, so a keyword shorter than three bytes is found there too
    (if (i32.eqz (local.get $tail)) (then (return (i32.shr_u (i32.sub (local.get $o) (local.get $out)) (i32.const 2)))))
    (local.set $end (i32.add (local.get $end) (i32.const 2)))
    (block $done2
      (loop $next2
        (br_if $done2 (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $h (i32.and (i32.shl (local.get $h) (local.get $shift)) (local.get $mask)))
        (if (i32.and (i32.load8_u offset=256 (i32.shr_u (local.get $h) (i32.const 3)))
                     (i32.shl (i32.const 1) (i32.and (local.get $h) (i32.const 7))))
          (then (i32.store (local.get $o) (local.get $i))
                (local.set $o (i32.add (local.get $o) (i32.const 4)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next2)))
    (i32.shr_u (i32.sub (local.get $o) (local.get $out)) (i32.const 2))))

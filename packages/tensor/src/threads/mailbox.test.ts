import { describe, expect, it } from 'vitest';
import { ASLEEP, HANDED, handOff, handOffWord, LISTENING, mailboxBuffer, openMailbox, readMail, writeMail } from './mailbox.js';
import { jsonSafe, decodeArguments, type KernelCall } from './tasks.js';

describe('the mailbox', () => {
  it('hands an op only to a listening worker, once', () => {
    const box = openMailbox(mailboxBuffer(2));
    expect(writeMail(box, '{"op":1}')).toBe(true);
    // Worker 0 is asleep (in its event loop): the op must be posted to it.
    expect(handOff(box, 0)).toBe(false);
    Atomics.store(box.words, handOffWord(1), LISTENING);
    expect(handOff(box, 1)).toBe(true);
    expect(Atomics.load(box.words, handOffWord(1))).toBe(HANDED);
    // Handed and not yet taken: a second op must be posted.
    expect(handOff(box, 1)).toBe(false);
    expect(readMail(box)).toBe('{"op":1}');
    expect(Atomics.load(box.words, handOffWord(0))).toBe(ASLEEP);
  });

  it('reads the latest text whole, and refuses a text that does not fit', () => {
    const box = openMailbox(mailboxBuffer(1));
    writeMail(box, 'x'.repeat(1000));
    writeMail(box, 'é short');
    expect(readMail(box)).toBe('é short');
    expect(writeMail(box, 'y'.repeat(box.text.length + 1))).toBe(false);
    expect(readMail(box)).toBe('é short');
  });
});

describe('tasks as JSON text', () => {
  const resident = { kind: 'Float32Array', address: 64, length: 8 } as const;
  const call: KernelCall = { kernel: 'matmul', args: [{ storage: resident, shape: [1, 2, 4], strides: [0, 4, 1], offset: 0 }, resident, 2, undefined, 8] };

  it('go only when every array is posted by address', () => {
    expect(jsonSafe({ chunks: [[call]] })).toBe(true);
    const buffer = new SharedArrayBuffer(32);
    const posted: KernelCall = { kernel: 'unary', args: ['exp', { kind: 'Float32Array', buffer, start: 0, length: 8 }] };
    expect(jsonSafe({ chunks: [[call], [posted]] })).toBe(false);
  });

  it('go only when JSON keeps every number (not Infinity, NaN or -0)', () => {
    for (const bound of [Infinity, -Infinity, NaN, -0]) {
      const clamp: KernelCall = { kernel: 'unaryParam', args: ['clamp', resident, resident, -1, bound] };
      expect(jsonSafe({ chunks: [[clamp]] })).toBe(false);
    }
    expect(jsonSafe({ chunks: [[{ kernel: 'unaryParam', args: ['clamp', resident, resident, -1, 0] }]] })).toBe(true);
  });

  it('bring an absent argument back as undefined', () => {
    const parsed = JSON.parse(JSON.stringify(call)) as KernelCall;
    expect(parsed.args[3]).toBeNull();
    // Decoding a resident array needs the linear memory: check the plain arguments only.
    const plain: KernelCall = { kernel: 'matmul', args: parsed.args.slice(2) };
    expect(decodeArguments(plain)).toEqual([2, undefined, 8]);
  });
});

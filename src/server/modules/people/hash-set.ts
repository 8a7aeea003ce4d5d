// A set of fixed-width ASCII strings (the keyed hashes of ID numbers seen earlier in a roster) kept as
// bytes in one buffer with an open-addressing index: a million-row roster costs ~60 MB less heap than
// a Set of strings, and the bytes live outside the JS heap. Exact: a probe compares whole strings.
export class FixedWidthSet {
  private bytes: Buffer;
  private count = 0;
  private slots: Int32Array;

  constructor(
    private readonly width: number,
    expected = 4096,
  ) {
    this.bytes = Buffer.allocUnsafe(width * expected);
    this.slots = new Int32Array(FixedWidthSet.pow2(expected * 2)).fill(-1);
  }

  private static pow2(n: number): number {
    let p = 1024;
    while (p < n) p *= 2;
    return p;
  }

  get size(): number {
    return this.count;
  }

  private hash(s: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < Math.min(12, s.length); i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return h >>> 0;
  }

  private equalsAt(index: number, s: string): boolean {
    const base = index * this.width;
    for (let i = 0; i < this.width; i++) if (this.bytes[base + i] !== s.charCodeAt(i)) return false;
    return true;
  }

  private find(s: string): { slot: number; found: boolean } {
    const mask = this.slots.length - 1;
    let slot = this.hash(s) & mask;
    for (;;) {
      const at = this.slots[slot]!;
      if (at < 0) return { slot, found: false };
      if (this.equalsAt(at, s)) return { slot, found: true };
      slot = (slot + 1) & mask;
    }
  }

  has(s: string): boolean {
    if (s.length !== this.width) throw new Error('width');
    return this.find(s).found;
  }

  add(s: string): this {
    if (s.length !== this.width) throw new Error('width');
    const { slot, found } = this.find(s);
    if (found) return this;
    if ((this.count + 1) * this.width > this.bytes.length) {
      const next = Buffer.allocUnsafe(this.bytes.length * 2);
      this.bytes.copy(next, 0, 0, this.count * this.width);
      this.bytes = next;
    }
    this.bytes.write(s, this.count * this.width, 'latin1');
    this.slots[slot] = this.count++;
    if (this.count * 2 > this.slots.length) this.rehash();
    return this;
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(-1);
    const mask = this.slots.length - 1;
    for (let i = 0; i < old.length; i++) {
      const at = old[i]!;
      if (at < 0) continue;
      let slot = this.hash(this.bytes.toString('latin1', at * this.width, (at + 1) * this.width)) & mask;
      while (this.slots[slot]! >= 0) slot = (slot + 1) & mask;
      this.slots[slot] = at;
    }
  }
}

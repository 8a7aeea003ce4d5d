// Sort keys: names in pinyin order (阿明, 李四, 单雄信 Shàn, 王五, 曾国藩 Zēng, 张三, 赵六), computed
// here with pinyin-pro and stored beside each name (people.name_key, organisations.name_key,
// users.display_name_key, all COLLATE "C"), so that PGlite and PostgreSQL, whatever their default
// collation, order lists the same way: by the bytes of the key.
//
// A key is the name's toneless pinyin syllables in lowercase ASCII, one space between them, then
// U+0001 and the name itself:  "li si\u0001李四". Byte order then reads the syllables first (a name
// that is a prefix of another comes first, as U+0001 sorts below the space), and names with the same
// pinyin by their characters. Latin letters are lowercased and stripped of accents, so "Zhang San"
// sorts with 张三; runs of digits are zero-padded to 10 places, so "2号" comes before "10号", and
// before any letter; characters with no reading (symbols, rare ideographs) are kept as they are,
// after every letter.
import { pinyin } from 'pinyin-pro';

/** People's names read the surname by its surname reading (单 Shàn, 曾 Zēng, 解 Xiè, 尉迟 Yùchí). */
export type NameKind = 'person' | 'organisation';

/** Sorts below the space that separates syllables: "li" + SEP < "li si". */
export const KEY_SEPARATOR = '\u0001';
/** The reading part is cut here, so a key always fits a B-tree entry (names are at most 100 characters). */
const MAX_READING = 600;
const DIGITS = 10;

/** Tokens of the name's reading: pinyin syllables, lowercased latin words, padded numbers. */
function readingOf(name: string, kind: NameKind): string[] {
  const parts = pinyin(name, {
    toneType: 'none',
    type: 'array',
    v: true,
    nonZh: 'consecutive',
    surname: kind === 'person' ? 'head' : 'off',
  });
  const out: string[] = [];
  for (const part of parts) {
    const words = part
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u);
    for (const w of words) if (w) out.push(w.replace(/\d+/g, (d) => d.padStart(DIGITS, '0')));
  }
  return out;
}

/** The stored sort key of a name (a person's, an organisation's, a user's display name). */
export function sortKey(name: string, kind: NameKind): string {
  const clean = name.normalize('NFKC').replace(/\p{Cc}/gu, '');
  return readingOf(clean, kind).join(' ').slice(0, MAX_READING) + KEY_SEPARATOR + clean;
}

export const personNameKey = (name: string): string => sortKey(name, 'person');
export const orgNameKey = (name: string): string => sortKey(name, 'organisation');
/** Users' display names are usually people's names. */
export const userNameKey = (displayName: string): string => sortKey(displayName, 'person');
